#include "store/SqlError.h"

#include <QRegularExpression>

namespace gatehouse::store {
namespace {

enum class Kind { Unique, ForeignKey, Busy, Other };

struct Classified {
    Kind kind = Kind::Other;
    QString detail; // PostgreSQL: constraint name; SQLite: "table.column, table.column"
};

// SQLite primary and extended result codes (https://sqlite.org/rescode.html); Qt 6 turns the
// extended codes on, older drivers report the primary code 19 for every constraint.
Classified classifySqlite(const QSqlError& error) {
    const int code = error.nativeErrorCode().toInt();
    const QString text = error.databaseText();
    static const QLatin1String uniquePrefix("UNIQUE constraint failed: ");
    if (code == 2067 || code == 1555 || text.startsWith(uniquePrefix))
        return {Kind::Unique, text.mid(uniquePrefix.size()).trimmed()};
    if (code == 787 || text.startsWith(QLatin1String("FOREIGN KEY constraint failed")))
        return {Kind::ForeignKey, {}};
    if ((code & 0xff) == 5 || (code & 0xff) == 6)
        return {Kind::Busy, {}};
    return {};
}

// SQLSTATEs: 23505 unique_violation, 23503 foreign_key_violation, 40001 serialization_failure,
// 40P01 deadlock_detected, 55P03 lock_not_available.
Classified classifyPostgres(const QSqlError& error) {
    const QString state = error.nativeErrorCode();
    static const QRegularExpression name(QStringLiteral("constraint \"([^\"]+)\""));
    const QString constraint = name.match(error.databaseText()).captured(1);
    if (state == QLatin1String("23505"))
        return {Kind::Unique, constraint};
    if (state == QLatin1String("23503"))
        return {Kind::ForeignKey, constraint};
    if (state == QLatin1String("40001") || state == QLatin1String("40P01") ||
        state == QLatin1String("55P03"))
        return {Kind::Busy, {}};
    return {};
}

bool matches(Engine engine, const UniqueKey& key, const QString& detail) {
    if (engine == Engine::Postgres)
        return key.constraint == detail;
    QStringList qualified;
    for (const QString& column : key.columns)
        qualified << key.table + QLatin1Char('.') + column;
    return qualified.join(QStringLiteral(", ")) == detail;
}

QString shortened(const QString& statement) {
    const QString flat = statement.simplified();
    return flat.size() <= 80 ? flat : flat.left(77) + QStringLiteral("...");
}

} // namespace

Error translateSqlError(Engine engine, const QSqlError& error, const Constraints& constraints,
                        const QString& statement) {
    const Classified classified =
        engine == Engine::Sqlite ? classifySqlite(error) : classifyPostgres(error);
    const QString reason = error.databaseText().isEmpty() ? error.text() : error.databaseText();
    switch (classified.kind) {
    case Kind::Unique:
        for (const UniqueKey& key : constraints.unique) {
            if (matches(engine, key, classified.detail))
                return key.error;
        }
        return Error::conflict(QStringLiteral("a record with the same key already exists (%1)")
                                   .arg(classified.detail));
    case Kind::ForeignKey:
        if (constraints.foreignKey)
            return *constraints.foreignKey;
        return Error{QByteArrayLiteral("invalid_reference"),
                     QStringLiteral("the record refers to a record that does not exist"), 409};
    case Kind::Busy:
        return Error{QByteArrayLiteral("database_busy"),
                     QStringLiteral("the database is busy, try again: %1").arg(reason.trimmed()),
                     503};
    case Kind::Other:
        break;
    }
    return Error{QByteArrayLiteral("database_error"),
                 QStringLiteral("%1 error: %2 (in: %3)")
                     .arg(engineName(engine), reason.trimmed(), shortened(statement)),
                 500};
}

} // namespace gatehouse::store
