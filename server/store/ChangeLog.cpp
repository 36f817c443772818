#include "store/ChangeLog.h"

#include "store/Database.h"
#include "store/SqlValues.h"

namespace gatehouse::store {

QString toString(ChangeOperation operation) {
    switch (operation) {
    case ChangeOperation::Create:
        return QStringLiteral("create");
    case ChangeOperation::Update:
        return QStringLiteral("update");
    case ChangeOperation::Delete:
        return QStringLiteral("delete");
    }
    return {};
}

ChangeLog::ChangeLog(std::shared_ptr<Database> db)
    : m_db(std::move(db)) {}

Result<qint64> ChangeLog::append(const QString& tenant, QLatin1String entity,
                                 const QString& entityId, ChangeOperation operation,
                                 const QJsonObject& payload) {
    return m_db->transaction<qint64>([&]() -> Result<qint64> {
        Result<QSqlQuery> inserted = m_db->exec(
            QStringLiteral("INSERT INTO change_log (tenant, entity, entity_id, operation, payload, "
                           "changed_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING sequence"),
            {sql::optionalText(tenant), QString(entity), sql::text(entityId), toString(operation),
             sql::json(payload), sql::timestamp(m_db->now())});
        if (!inserted)
            return inserted.error();
        if (!inserted->next())
            return Error::internal(QStringLiteral("the change log returned no sequence number"));
        const qint64 sequence = inserted->value(0).toLongLong();
        inserted->finish();
        return sequence;
    });
}

Result<QList<ChangeRecord>> ChangeLog::since(qint64 sequence, int limit) const {
    return sql::selectAll<ChangeRecord>(
        *m_db,
        QStringLiteral("SELECT sequence, tenant, entity, entity_id, operation, payload, changed_at "
                       "FROM change_log WHERE sequence > ? ORDER BY sequence LIMIT ?"),
        {sequence, qMax(limit, 0)}, [](const QSqlQuery& row) {
            ChangeRecord change;
            change.sequence = row.value(0).toLongLong();
            change.tenant = row.value(1).toString();
            change.entity = row.value(2).toString();
            change.entityId = row.value(3).toString();
            change.operation = row.value(4).toString();
            change.payload = sql::toObject(row.value(5));
            change.at = sql::toTimestamp(row.value(6));
            return change;
        });
}

Result<qint64> ChangeLog::latestSequence() const {
    Result<QSqlQuery> query =
        m_db->exec(QStringLiteral("SELECT COALESCE(MAX(sequence), 0) FROM change_log"));
    if (!query)
        return query.error();
    return query->next() ? query->value(0).toLongLong() : qint64(0);
}

} // namespace gatehouse::store
