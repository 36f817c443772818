#pragma once

#include "models/items/PagedListModel.h"

namespace gatehouse::client {

// A tenant's signing keys (GET t/T/api/v2/keys/signing): next, current, previous and revoked,
// with their kid and dates, and the rotation that moves them one step along.
class SigningKeysModel final : public PagedListModel {
    Q_OBJECT

public:
    explicit SigningKeysModel(Session& session, QObject* parent = nullptr);

    // The kid of the key with `status` ("current", "next", "previous"); empty when none.
    [[nodiscard]] QString kidWithStatus(const QString& status) const;

    // POST keys/signing/rotate: next becomes current, current becomes previous, a new next is
    // made. The list reloads when it succeeds.
    ApiCall* rotate();
    // The kid of the key a finished rotate() made current.
    [[nodiscard]] static QString kidOf(const ApiCall& call);

protected:
    [[nodiscard]] QList<Column> columns() const override;
    [[nodiscard]] QString path() const override { return QStringLiteral("keys/signing"); }
    [[nodiscard]] QString listKey() const override { return QStringLiteral("keys"); }
    [[nodiscard]] QString idField() const override { return QStringLiteral("kid"); }
    [[nodiscard]] QVariant display(const QJsonObject& item, int column) const override;
};

} // namespace gatehouse::client
