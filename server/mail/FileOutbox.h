#pragma once

#include "core/Result.h"
#include "mail/MailParser.h"
#include "mail/MailSender.h"

#include <QDateTime>
#include <QMutex>
#include <QString>
#include <QStringList>
#include <functional>

namespace gatehouse::mail {

// The development and test sender: every message becomes one .eml file (RFC 5322, CRLF) in a
// directory, where a person opens it in a mail client and a test reads it back. File names sort
// by time ("20261128T140501.123Z-<random>.eml"), so the newest message is the last name; files
// appear whole (written under a dot-name, then renamed), so a reader never sees half a message.
// The directory is created 0700 and the files 0600: they hold password-reset links.
class FileOutbox final : public MailSender {
public:
    using Clock = std::function<QDateTime()>;

    // `defaultFrom` is used for messages without a From; `clock` is for tests.
    explicit FileOutbox(QString directory, QString defaultFrom = {}, Clock clock = {});

    void send(MailMessage message, std::function<void(Result<void>)> done) override;

    // What send() does, synchronously: the path of the new file, or an error.
    [[nodiscard]] Result<QString> write(const MailMessage& message);

    [[nodiscard]] const QString& directory() const { return m_directory; }

    // The .eml files of `directory`, oldest first (by name).
    [[nodiscard]] static QStringList messageFiles(const QString& directory);
    // The newest message, parsed; not_found when there is none.
    [[nodiscard]] static Result<ParsedMail> readNewest(const QString& directory);

private:
    [[nodiscard]] Result<void> ensureDirectory() const;
    [[nodiscard]] QDateTime nextTimestamp();

    QString m_directory;
    QString m_defaultFrom;
    Clock m_clock;
    QMutex m_mutex; // send() may be called from several HTTP workers at once
    QDateTime m_lastTimestamp;
};

} // namespace gatehouse::mail
