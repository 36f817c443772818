#include "store/InstanceSettings.h"

#include "store/Database.h"
#include "store/SqlValues.h"
#include "store/Validation.h"

namespace gatehouse::store {
namespace {

QJsonObject payload(const QString& name, const QString& value, const QDateTime& at) {
    return {{QStringLiteral("name"), name},
            {QStringLiteral("value"), value},
            {QStringLiteral("updatedAt"), at.toString(Qt::ISODateWithMs)}};
}

} // namespace

InstanceSettings::InstanceSettings(std::shared_ptr<Database> db)
    : m_db(db)
    , m_changes(std::move(db)) {}

Result<std::optional<QString>> InstanceSettings::get(const QString& name) const {
    return sql::selectOne<QString>(
        *m_db, QStringLiteral("SELECT value FROM settings WHERE name = ?"), {name},
        [](const QSqlQuery& row) { return row.value(0).toString(); });
}

Result<QMap<QString, QString>> InstanceSettings::all() const {
    Result<QSqlQuery> query = m_db->exec(QStringLiteral("SELECT name, value FROM settings"));
    if (!query)
        return query.error();
    QMap<QString, QString> settings;
    while (query->next())
        settings.insert(query->value(0).toString(), query->value(1).toString());
    return settings;
}

Result<void> InstanceSettings::set(const QString& name, const QString& value) {
    if (Result<void> valid = validation::required(QStringLiteral("the setting name"), name); !valid)
        return valid;
    return m_db->transaction([&]() -> Result<void> {
        const Result<std::optional<QString>> existing = get(name);
        if (!existing)
            return existing.error();
        if (*existing == value)
            return {};
        const QDateTime now = m_db->now();
        Result<QSqlQuery> written = m_db->exec(
            QStringLiteral("INSERT INTO settings (name, value, updated_at) VALUES (?, ?, ?) "
                           "ON CONFLICT (name) DO UPDATE SET value = excluded.value, "
                           "updated_at = excluded.updated_at"),
            {name, sql::text(value), sql::timestamp(now)});
        if (!written)
            return written.error();
        const ChangeOperation operation =
            existing->has_value() ? ChangeOperation::Update : ChangeOperation::Create;
        if (Result<qint64> logged =
                m_changes.append({}, entity::setting, name, operation, payload(name, value, now));
            !logged)
            return logged.error();
        return {};
    });
}

Result<QString> InstanceSettings::getOrCreate(const QString& name,
                                              const std::function<QString()>& make) {
    return m_db->transaction<QString>([&]() -> Result<QString> {
        const Result<std::optional<QString>> existing = get(name);
        if (!existing)
            return existing.error();
        if (*existing)
            return **existing;
        const QString value = make();
        if (Result<void> stored = set(name, value); !stored)
            return stored.error();
        return value;
    });
}

Result<void> InstanceSettings::remove(const QString& name) {
    return m_db->transaction([&]() -> Result<void> {
        const Result<std::optional<QString>> existing = get(name);
        if (!existing)
            return existing.error();
        if (!*existing)
            return Error::notFound(QStringLiteral("setting '%1' does not exist").arg(name));
        Result<QSqlQuery> removed =
            m_db->exec(QStringLiteral("DELETE FROM settings WHERE name = ?"), {name});
        if (!removed)
            return removed.error();
        if (Result<qint64> logged =
                m_changes.append({}, entity::setting, name, ChangeOperation::Delete,
                                 payload(name, **existing, m_db->now()));
            !logged)
            return logged.error();
        return {};
    });
}

} // namespace gatehouse::store
