#include "mail/FileOutbox.h"

#include "crypto/Random.h"
#include "mail/MailComposer.h"
#include "mail/MailError.h"

#include <QDir>
#include <QFile>
#include <QMutexLocker>
#include <QTimer>

namespace gatehouse::mail {
namespace {

constexpr auto directoryPermissions = QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner;
constexpr auto filePermissions = QFile::ReadOwner | QFile::WriteOwner;

QString fileStem(const QDateTime& time) {
    return time.toUTC().toString(QStringLiteral("yyyyMMdd'T'hhmmss.zzz'Z-'")) +
           QString::fromLatin1(crypto::randomBytes(6).toHex());
}

} // namespace

FileOutbox::FileOutbox(QString directory, QString defaultFrom, Clock clock)
    : m_directory(std::move(directory))
    , m_defaultFrom(std::move(defaultFrom))
    , m_clock(clock ? std::move(clock) : Clock([] { return QDateTime::currentDateTimeUtc(); })) {}

void FileOutbox::send(MailMessage message, std::function<void(Result<void>)> done) {
    Result<void> result;
    if (auto written = write(message); !written)
        result = written.error();
    // Never call back from inside send(): callers may hold locks or not be ready for re-entry.
    QTimer::singleShot(0, [done = std::move(done), result = std::move(result)] { done(result); });
}

Result<QString> FileOutbox::write(const MailMessage& message) {
    MailMessage filled = message;
    if (filled.from.isEmpty())
        filled.from = m_defaultFrom;
    const QDateTime timestamp = nextTimestamp();
    auto composed = composeMail(filled, timestamp);
    if (!composed)
        return composed.error();
    if (auto ready = ensureDirectory(); !ready)
        return ready.error();

    const QString stem = fileStem(timestamp);
    const QDir dir(m_directory);
    const QString temporary = dir.filePath(QLatin1Char('.') + stem + QStringLiteral(".tmp"));
    const QString final = dir.filePath(stem + QStringLiteral(".eml"));
    QFile file(temporary);
    if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly, filePermissions))
        return mailUnavailable(
            QStringLiteral("cannot write to the outbox %1: %2").arg(temporary, file.errorString()));
    const bool written = file.write(composed->data) == composed->data.size() && file.flush();
    file.close();
    // rename(2) replaces nothing here (the name is new) and is atomic within the directory.
    if (!written || !QFile::rename(temporary, final)) {
        const QString why = file.errorString();
        QFile::remove(temporary);
        return mailUnavailable(QStringLiteral("cannot write to the outbox %1: %2").arg(final, why));
    }
    return final;
}

Result<void> FileOutbox::ensureDirectory() const {
    const QFileInfo info(m_directory);
    if (info.isDir())
        return {};
    if (info.exists())
        return mailUnavailable(
            QStringLiteral("the outbox %1 exists and is not a directory").arg(m_directory));
    const QString parent = info.absolutePath();
    if (!QDir().mkpath(parent) || !QDir().mkdir(info.absoluteFilePath(), directoryPermissions)) {
        if (QFileInfo(m_directory).isDir()) // another thread made it first
            return {};
        return mailUnavailable(QStringLiteral("cannot create the outbox %1").arg(m_directory));
    }
    return {};
}

// Names must sort in the order messages were written, even within one millisecond or when the
// clock steps back.
QDateTime FileOutbox::nextTimestamp() {
    const QMutexLocker lock(&m_mutex);
    QDateTime now = m_clock().toUTC();
    if (m_lastTimestamp.isValid() && now <= m_lastTimestamp)
        now = m_lastTimestamp.addMSecs(1);
    m_lastTimestamp = now;
    return now;
}

QStringList FileOutbox::messageFiles(const QString& directory) {
    const QDir dir(directory);
    QStringList files;
    for (const QString& name :
         dir.entryList({QStringLiteral("*.eml")}, QDir::Files | QDir::NoDotAndDotDot, QDir::Name))
        files.append(dir.filePath(name));
    return files;
}

Result<ParsedMail> FileOutbox::readNewest(const QString& directory) {
    const QStringList files = messageFiles(directory);
    if (files.isEmpty())
        return Error::notFound(QStringLiteral("no message in the outbox %1").arg(directory));
    QFile file(files.last());
    if (!file.open(QIODevice::ReadOnly))
        return mailUnavailable(
            QStringLiteral("cannot read %1: %2").arg(files.last(), file.errorString()));
    return parseMail(file.readAll());
}

} // namespace gatehouse::mail
