#pragma once

#include "config/MailConfig.h"

#include <QHostAddress>
#include <QString>
#include <chrono>

namespace gatehouse::config {

// Everything `gatehoused run` can be told, with the defaults an operator gets when they say
// nothing. Paths that are relative are relative to the data directory.
struct ServerConfig {
    QString dataDir;

    // [server]
    QHostAddress listenAddress = QHostAddress(QHostAddress::LocalHost);
    quint16 listenPort = 8443;
    bool plainHttp = false; // HTTPS unless the server sits behind a TLS-terminating proxy
    QString publicUrl;      // empty: derived from listen (see publicBaseUrl())
    QString domain;         // tenants answer at {tenant}.{domain} when set
    int workers = 0;        // 0: one per core

    // [database]
    QString databaseUrl; // empty: SQLite file gatehouse.db in the data directory

    // [tls]
    QString tlsCertificate = QStringLiteral("tls/server.crt");
    QString tlsKey = QStringLiteral("tls/server.key");

    // [limits]
    qint64 headerBytes = 16 * 1024;
    int headerCount = 100;
    qint64 urlBytes = 8 * 1024;
    qint64 bodyBytes = 1024 * 1024;
    int maxConnections = 10000;

    // [timeouts]
    std::chrono::milliseconds readTimeout{10'000};
    std::chrono::milliseconds idleTimeout{60'000};
    std::chrono::milliseconds drainTimeout{10'000};

    // [tokens]
    std::chrono::milliseconds accessTokenLifetime{24 * 60 * 60 * 1000};
    QString signingAlgorithm = QStringLiteral("RS256"); // for tenants created without one

    // [crypto]
    int cryptoThreads = 0; // 0: one per core; bounds concurrent RSA signing and password hashing
    // argon2id cost of new password hashes (crypto::PasswordCost's default, OWASP's minimum);
    // stored hashes of another cost are renewed at their next successful login.
    int passwordIterations = 2;
    int passwordMemoryKib = 19 * 1024;

    // [log]
    QString accessLog = QStringLiteral("stderr"); // stderr, off, or a file path

    // [mail]
    MailConfig mail;

    // The URL clients use to reach this server, without a trailing slash.
    [[nodiscard]] QString publicBaseUrl() const;
    [[nodiscard]] QString resolvedDatabaseUrl() const;
    [[nodiscard]] QString resolvePath(const QString& path) const;
    // `mail` with its paths (outbox directory, CA file) made absolute against the data directory.
    [[nodiscard]] MailConfig resolvedMail() const;
};

} // namespace gatehouse::config
