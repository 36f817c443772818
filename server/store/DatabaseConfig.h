#pragma once

#include "core/Result.h"

#include <QMap>
#include <QString>

namespace gatehouse::store {

enum class Engine { Sqlite, Postgres };

[[nodiscard]] QString engineName(Engine engine);

// Where the store lives, parsed from the `--database` URL:
//   sqlite:///var/lib/gatehouse/gatehouse.db   (or a plain file path, made absolute)
//   postgres://user:password@host:5432/dbname?sslmode=verify-full   (also postgresql://)
// User and password are percent-decoded. A Unix socket directory is given as
// `?host=/run/postgresql`.
struct DatabaseConfig {
    Engine engine = Engine::Sqlite;
    QString path; // SQLite: absolute file path
    QString host; // PostgreSQL: host name, address or socket directory
    int port = 5432;
    QString database;
    QString user;
    QString password;
    // libpq parameters taken from the query string (sslmode, connect_timeout, ...).
    QMap<QString, QString> options;

    // Errors have the code `invalid_database_url` and say what is wrong, never echoing a password.
    [[nodiscard]] static Result<DatabaseConfig> fromUrl(const QString& url);
    [[nodiscard]] static DatabaseConfig sqlite(const QString& path);

    // The URL again, password included: for handing to another process, never for logs.
    [[nodiscard]] QString url() const;
    // The URL with the password replaced by `***`, for logs and error messages.
    [[nodiscard]] QString redactedUrl() const;
};

} // namespace gatehouse::store
