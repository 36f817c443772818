#include "store/ClientGrantRepository.h"

#include "store/Database.h"
#include "store/SqlValues.h"
#include "store/Validation.h"

namespace gatehouse::store {
namespace {

const QString kColumns =
    QStringLiteral("tenant, id, client_id, audience, scope, created_at, updated_at");

ClientGrantRecord fromRow(const QSqlQuery& row) {
    ClientGrantRecord grant;
    grant.tenant = row.value(0).toString();
    grant.id = row.value(1).toString();
    grant.clientId = row.value(2).toString();
    grant.audience = row.value(3).toString();
    grant.scope = sql::toStringList(row.value(4));
    grant.createdAt = sql::toTimestamp(row.value(5));
    grant.updatedAt = sql::toTimestamp(row.value(6));
    return grant;
}

Result<void> validate(const ClientGrantRecord& grant) {
    if (Result<void> tenant = validation::tenantId(grant.tenant); !tenant)
        return tenant;
    if (Result<void> client = validation::required(QStringLiteral("clientId"), grant.clientId);
        !client)
        return client;
    return validation::required(QStringLiteral("audience"), grant.audience);
}

Constraints constraintsFor(const ClientGrantRecord& grant) {
    const QString table = QStringLiteral("client_grants");
    return {{{table,
              QStringLiteral("client_grants_pkey"),
              {QStringLiteral("tenant"), QStringLiteral("id")},
              Error::conflict(
                  QStringLiteral("a client grant with id '%1' already exists in tenant '%2'")
                      .arg(grant.id, grant.tenant))},
             {table,
              QStringLiteral("client_grants_client_audience_key"),
              {QStringLiteral("tenant"), QStringLiteral("client_id"), QStringLiteral("audience")},
              Error::conflict(QStringLiteral("client '%1' already has a grant for audience '%2' in "
                                             "tenant '%3'")
                                  .arg(grant.clientId, grant.audience, grant.tenant))}},
            Error::notFound(QStringLiteral("the client or the audience of the grant no longer "
                                           "exists in tenant '%1'")
                                .arg(grant.tenant))};
}

// Checked before inserting so that the error says which reference is missing; SQLite's foreign
// key errors do not.
Result<void> referencesExist(Database& db, const ClientGrantRecord& grant) {
    if (Result<void> tenant = validation::tenantExists(db, grant.tenant); !tenant)
        return tenant;
    const Result<bool> client =
        sql::exists(db, QStringLiteral("SELECT 1 FROM clients WHERE tenant = ? AND client_id = ?"),
                    {grant.tenant, grant.clientId});
    if (!client)
        return client.error();
    if (!*client)
        return Error::notFound(QStringLiteral("client '%1' does not exist in tenant '%2'")
                                   .arg(grant.clientId, grant.tenant));
    const Result<bool> audience = sql::exists(
        db, QStringLiteral("SELECT 1 FROM resource_servers WHERE tenant = ? AND identifier = ?"),
        {grant.tenant, grant.audience});
    if (!audience)
        return audience.error();
    if (!*audience)
        return Error::notFound(
            QStringLiteral("no resource server with identifier '%1' exists in tenant '%2'")
                .arg(grant.audience, grant.tenant));
    return {};
}

Error notFound(const QString& tenant, const QString& id) {
    return Error::notFound(
        QStringLiteral("client grant '%1' does not exist in tenant '%2'").arg(id, tenant));
}

} // namespace

ClientGrantRepository::ClientGrantRepository(std::shared_ptr<Database> db)
    : m_db(db)
    , m_changes(std::move(db)) {}

Result<ClientGrantRecord> ClientGrantRepository::create(ClientGrantRecord grant) {
    if (grant.id.isEmpty())
        grant.id = sql::randomId(QStringLiteral("cgr_"), 16);
    if (Result<void> valid = validate(grant); !valid)
        return valid.error();
    grant.createdAt = grant.updatedAt = m_db->now();
    return m_db->transaction<ClientGrantRecord>([&] { return insert(grant); });
}

Result<ClientGrantRecord> ClientGrantRepository::insert(const ClientGrantRecord& grant) {
    if (Result<void> references = referencesExist(*m_db, grant); !references)
        return references.error();
    Result<QSqlQuery> inserted = m_db->exec(
        QStringLiteral("INSERT INTO client_grants (%1) VALUES (?, ?, ?, ?, ?, ?, ?)").arg(kColumns),
        {grant.tenant, grant.id, grant.clientId, grant.audience, sql::json(grant.scope),
         sql::timestamp(grant.createdAt), sql::timestamp(grant.updatedAt)},
        constraintsFor(grant));
    if (!inserted)
        return inserted.error();
    if (Result<qint64> logged = m_changes.append(grant.tenant, entity::clientGrant, grant.id,
                                                 ChangeOperation::Create, grant.toJson());
        !logged)
        return logged.error();
    return grant;
}

Result<std::optional<ClientGrantRecord>> ClientGrantRepository::find(const QString& tenant,
                                                                     const QString& id) const {
    return sql::selectOne<ClientGrantRecord>(
        *m_db,
        QStringLiteral("SELECT %1 FROM client_grants WHERE tenant = ? AND id = ?").arg(kColumns),
        {tenant, id}, fromRow);
}

Result<QList<ClientGrantRecord>> ClientGrantRepository::list(const QString& tenant,
                                                             const Filter& filter) const {
    QString where = QStringLiteral("tenant = ?");
    QVariantList params{tenant};
    if (!filter.clientId.isEmpty()) {
        where += QStringLiteral(" AND client_id = ?");
        params << filter.clientId;
    }
    if (!filter.audience.isEmpty()) {
        where += QStringLiteral(" AND audience = ?");
        params << filter.audience;
    }
    return sql::selectAll<ClientGrantRecord>(
        *m_db,
        QStringLiteral("SELECT %1 FROM client_grants WHERE %2 ORDER BY client_id, audience, id")
            .arg(kColumns, where),
        params, fromRow);
}

Result<ClientGrantRecord> ClientGrantRepository::update(ClientGrantRecord grant) {
    if (Result<void> valid = validate(grant); !valid)
        return valid.error();
    return m_db->transaction<ClientGrantRecord>([&]() -> Result<ClientGrantRecord> {
        const Result<std::optional<ClientGrantRecord>> existing = find(grant.tenant, grant.id);
        if (!existing)
            return existing.error();
        if (!*existing)
            return notFound(grant.tenant, grant.id);
        return replace(std::move(grant), **existing);
    });
}

Result<ClientGrantRecord> ClientGrantRepository::replace(ClientGrantRecord grant,
                                                         const ClientGrantRecord& existing) {
    if (grant.clientId != existing.clientId || grant.audience != existing.audience)
        return validation::invalid(
            QStringLiteral("the client and audience of client grant '%1' cannot be changed")
                .arg(grant.id));
    grant.createdAt = existing.createdAt;
    grant.updatedAt = m_db->now();
    Result<QSqlQuery> updated = m_db->exec(
        QStringLiteral("UPDATE client_grants SET scope = ?, updated_at = ? "
                       "WHERE tenant = ? AND id = ?"),
        {sql::json(grant.scope), sql::timestamp(grant.updatedAt), grant.tenant, grant.id});
    if (!updated)
        return updated.error();
    if (Result<qint64> logged = m_changes.append(grant.tenant, entity::clientGrant, grant.id,
                                                 ChangeOperation::Update, grant.toJson());
        !logged)
        return logged.error();
    return grant;
}

Result<void> ClientGrantRepository::remove(const QString& tenant, const QString& id) {
    return m_db->transaction([&]() -> Result<void> {
        const Result<std::optional<ClientGrantRecord>> existing = find(tenant, id);
        if (!existing)
            return existing.error();
        if (!*existing)
            return notFound(tenant, id);
        Result<QSqlQuery> removed = m_db->exec(
            QStringLiteral("DELETE FROM client_grants WHERE tenant = ? AND id = ?"), {tenant, id});
        if (!removed)
            return removed.error();
        if (Result<qint64> logged = m_changes.append(
                tenant, entity::clientGrant, id, ChangeOperation::Delete, (*existing)->toJson());
            !logged)
            return logged.error();
        return {};
    });
}

} // namespace gatehouse::store
