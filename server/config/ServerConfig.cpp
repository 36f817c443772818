#include "config/ServerConfig.h"

#include <QDir>

namespace gatehouse::config {

QString ServerConfig::publicBaseUrl() const {
    if (!publicUrl.isEmpty())
        return publicUrl.endsWith(QLatin1Char('/')) ? publicUrl.chopped(1) : publicUrl;
    // A wildcard or loopback listener is reached as localhost, the name the self-signed
    // certificate carries.
    QString host = QStringLiteral("localhost");
    if (!listenAddress.isLoopback() && listenAddress != QHostAddress::AnyIPv4 &&
        listenAddress != QHostAddress::AnyIPv6 && listenAddress != QHostAddress::Any) {
        host = listenAddress.protocol() == QAbstractSocket::IPv6Protocol
                   ? QLatin1Char('[') + listenAddress.toString() + QLatin1Char(']')
                   : listenAddress.toString();
    }
    const QString scheme = plainHttp ? QStringLiteral("http") : QStringLiteral("https");
    return scheme + QStringLiteral("://") + host + QLatin1Char(':') + QString::number(listenPort);
}

QString ServerConfig::resolvedDatabaseUrl() const {
    if (!databaseUrl.isEmpty())
        return databaseUrl;
    return QStringLiteral("sqlite://") +
           QDir(dataDir).absoluteFilePath(QStringLiteral("gatehouse.db"));
}

QString ServerConfig::resolvePath(const QString& path) const {
    return QDir(dataDir).absoluteFilePath(path);
}

MailConfig ServerConfig::resolvedMail() const {
    MailConfig resolved = mail;
    resolved.outboxDir = resolvePath(mail.outboxDir);
    if (!mail.smtpCaFile.isEmpty())
        resolved.smtpCaFile = resolvePath(mail.smtpCaFile);
    return resolved;
}

} // namespace gatehouse::config
