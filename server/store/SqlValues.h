#pragma once

#include "core/Result.h"
#include "store/Database.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QSqlQuery>
#include <QStringList>
#include <QVariant>
#include <optional>

// How record fields map to column values, the same on both engines: timestamps as epoch
// milliseconds (integers sort and compare alike everywhere, with no time-zone conversion),
// JSON as compact text, booleans as the engine's own type, empty optional fields as NULL.
namespace gatehouse::store::sql {

// Never NULL: the driver binds a null QString as NULL, which a NOT NULL column refuses.
[[nodiscard]] QVariant text(const QString& value);
// Empty means absent, stored as NULL (so that UNIQUE ignores it).
[[nodiscard]] QVariant optionalText(const QString& value);
[[nodiscard]] QVariant optionalBlob(const QByteArray& value);
[[nodiscard]] QVariant timestamp(const QDateTime& value); // invalid: NULL
[[nodiscard]] QVariant json(const QJsonObject& value);
[[nodiscard]] QVariant json(const QJsonArray& value);
[[nodiscard]] QVariant json(const QStringList& value);

[[nodiscard]] QDateTime toTimestamp(const QVariant& value);
[[nodiscard]] QJsonObject toObject(const QVariant& value);
[[nodiscard]] QJsonArray toArray(const QVariant& value);
[[nodiscard]] QStringList toStringList(const QVariant& value);

// A random identifier: `prefix` followed by `length` characters from [A-Za-z0-9].
[[nodiscard]] QString randomId(const QString& prefix, int length);

// Whether `sql` (a SELECT) returns at least one row.
[[nodiscard]] Result<bool> exists(Database& db, const QString& sql, const QVariantList& params);

// Runs a SELECT and maps every row with `fromRow(const QSqlQuery&)`.
template <typename T, typename FromRow>
Result<QList<T>> selectAll(Database& db, const QString& sql, const QVariantList& params,
                           FromRow fromRow) {
    QList<T> rows;
    Result<void> read = db.select(sql, params, [&](const QSqlQuery& row) {
        rows.append(fromRow(row));
        return true;
    });
    if (!read)
        return read.error();
    return rows;
}

// Runs a SELECT expected to return at most one row.
template <typename T, typename FromRow>
Result<std::optional<T>> selectOne(Database& db, const QString& sql, const QVariantList& params,
                                   FromRow fromRow) {
    std::optional<T> found;
    Result<void> read = db.select(sql, params, [&](const QSqlQuery& row) {
        found = fromRow(row);
        return false;
    });
    if (!read)
        return read.error();
    return found;
}

} // namespace gatehouse::store::sql
