#include "daemon/DataDirectory.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace gatehouse::daemon {
namespace {

Error fileError(const QString& path, const QString& what) {
    return Error{QByteArrayLiteral("data_dir_error"), QStringLiteral("%1: %2").arg(path, what),
                 500};
}

QString errnoText() {
    return QString::fromLocal8Bit(std::strerror(errno));
}

Result<void> writeExclusive(const QString& path, const QByteArray& content, mode_t mode) {
    QDir().mkpath(QFileInfo(path).absolutePath());
    const QByteArray native = QFile::encodeName(path);
    const int fd = ::open(native.constData(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
    if (fd < 0)
        return fileError(path, errnoText());
    qsizetype written = 0;
    while (written < content.size()) {
        const ssize_t n = ::write(fd, content.constData() + written,
                                  static_cast<size_t>(content.size() - written));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            const QString reason = errnoText();
            ::close(fd);
            return fileError(path, reason);
        }
        written += n;
    }
    const bool synced = ::fsync(fd) == 0;
    ::close(fd);
    if (!synced)
        return fileError(path, errnoText());
    return {};
}

} // namespace

DataDirectory::DataDirectory(QString path)
    : m_path(QDir(path).absolutePath()) {}

QString DataDirectory::filePath(const QString& relative) const {
    return QDir(m_path).absoluteFilePath(relative);
}

bool DataDirectory::isInitialized() const {
    return QFileInfo::exists(configFile()) && QFileInfo::exists(masterKeyFile());
}

Result<void> DataDirectory::createEmpty() const {
    const QDir dir(m_path);
    if (dir.exists()) {
        if (!dir.entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System)
                 .isEmpty()) {
            return Error{
                QByteArrayLiteral("data_dir_exists"),
                QStringLiteral("%1 already exists and is not empty; init changes nothing in it "
                               "(use gatehoused run --data-dir %1, or choose a new directory)")
                    .arg(m_path),
                409};
        }
    } else if (!QDir().mkpath(m_path)) {
        return fileError(m_path, QStringLiteral("cannot create the directory"));
    }
    if (::chmod(QFile::encodeName(m_path).constData(), 0700) != 0)
        return fileError(m_path, errnoText());
    return {};
}

Result<void> DataDirectory::writeSecretFile(const QString& relative,
                                            const QByteArray& content) const {
    return writeExclusive(filePath(relative), content, 0600);
}

Result<void> DataDirectory::writeFile(const QString& relative, const QByteArray& content) const {
    return writeExclusive(filePath(relative), content, 0644);
}

Result<QByteArray> DataDirectory::readMasterKey() const {
    const QString path = masterKeyFile();
    struct stat info {};
    if (::stat(QFile::encodeName(path).constData(), &info) != 0)
        return fileError(path, errnoText() +
                                   QStringLiteral(" (was the directory made by gatehoused init?)"));
    if ((info.st_mode & 077) != 0) {
        return fileError(
            path, QStringLiteral("is readable by group or others (mode %1); run chmod 600 on it")
                      .arg(info.st_mode & 0777, 4, 8, QLatin1Char('0')));
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fileError(path, file.errorString());
    const QByteArray key =
        QByteArray::fromBase64(file.readAll().trimmed(), QByteArray::AbortOnBase64DecodingErrors);
    if (key.size() != 32)
        return fileError(path, QStringLiteral("does not hold a base64 32-byte key"));
    return key;
}

void DataDirectory::removeAll() const {
    QDir(m_path).removeRecursively();
}

} // namespace gatehouse::daemon
