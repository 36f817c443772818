#pragma once

#include "core/Error.h"
#include "store/DatabaseConfig.h"

#include <QList>
#include <QSqlError>
#include <QStringList>
#include <optional>

namespace gatehouse::store {

// A UNIQUE constraint and the error its violation becomes. PostgreSQL reports the constraint's
// name and SQLite its columns ("UNIQUE constraint failed: clients.tenant, clients.name"), so a
// key carries both; the schema in Migrations.cpp names every constraint for this reason.
struct UniqueKey {
    QString table;
    QString constraint;
    QStringList columns;
    Error error;
};

// What a statement's constraint violations mean to its caller. Anything not listed becomes a
// generic conflict, so a missing entry costs a worse message, never a crash or a 500.
struct Constraints {
    QList<UniqueKey> unique;
    std::optional<Error> foreignKey;
};

// Turns a driver error into a Gatehouse error: constraint violations into `conflict` (or what
// `constraints` says), lock timeouts and deadlocks into the retryable `database_busy`, everything
// else into `database_error`. `statement` is quoted (shortened) in the message for the log.
[[nodiscard]] Error translateSqlError(Engine engine, const QSqlError& error,
                                      const Constraints& constraints, const QString& statement);

} // namespace gatehouse::store
