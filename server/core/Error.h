#pragma once

#include <QByteArray>
#include <QString>

namespace gatehouse {

// An error as a value: a stable machine-readable code (the API's JSON `error`), a human message
// (the API's `error_description`) and the HTTP status it maps to when it reaches a client.
// Codes are snake_case and never change once published, because clients match on them.
struct Error {
    QByteArray code;
    QString message;
    int httpStatus = 500;

    [[nodiscard]] static Error badRequest(QByteArray code, QString message);
    [[nodiscard]] static Error notFound(QString message);
    [[nodiscard]] static Error conflict(QString message);
    [[nodiscard]] static Error internal(QString message);

    // "code: message", for logs and command-line output.
    [[nodiscard]] QString toString() const;
};

} // namespace gatehouse
