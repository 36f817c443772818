#include "store/ClientRepository.h"

#include "store/Database.h"
#include "store/SqlValues.h"
#include "store/Validation.h"

namespace gatehouse::store {
namespace {

const QString kColumns =
    QStringLiteral("tenant, client_id, name, description, app_type, secret_hash, grant_types, "
                   "callbacks, is_first_party, metadata, created_at, updated_at, "
                   "allowed_logout_urls, web_origins");

ClientRecord fromRow(const QSqlQuery& row) {
    ClientRecord client;
    client.tenant = row.value(0).toString();
    client.clientId = row.value(1).toString();
    client.name = row.value(2).toString();
    client.description = row.value(3).toString();
    client.appType = row.value(4).toString();
    client.secretHash = row.value(5).toByteArray();
    client.grantTypes = sql::toStringList(row.value(6));
    client.callbacks = sql::toStringList(row.value(7));
    client.isFirstParty = row.value(8).toBool();
    client.metadata = sql::toObject(row.value(9));
    client.createdAt = sql::toTimestamp(row.value(10));
    client.updatedAt = sql::toTimestamp(row.value(11));
    client.allowedLogoutUrls = sql::toStringList(row.value(12));
    client.webOrigins = sql::toStringList(row.value(13));
    return client;
}

Result<void> validate(const ClientRecord& client) {
    if (Result<void> tenant = validation::tenantId(client.tenant); !tenant)
        return tenant;
    if (Result<void> id = validation::required(QStringLiteral("clientId"), client.clientId); !id)
        return id;
    if (Result<void> name = validation::required(QStringLiteral("name"), client.name); !name)
        return name;
    return validation::oneOf(QStringLiteral("appType"), client.appType,
                             ClientRepository::appTypes());
}

Constraints constraintsFor(const ClientRecord& client) {
    const QString table = QStringLiteral("clients");
    return {{{table,
              QStringLiteral("clients_pkey"),
              {QStringLiteral("tenant"), QStringLiteral("client_id")},
              Error::conflict(QStringLiteral("a client with id '%1' already exists in tenant '%2'")
                                  .arg(client.clientId, client.tenant))},
             {table,
              QStringLiteral("clients_name_key"),
              {QStringLiteral("tenant"), QStringLiteral("name")},
              Error::conflict(QStringLiteral("a client named '%1' already exists in tenant '%2'")
                                  .arg(client.name, client.tenant))}},
            Error::notFound(QStringLiteral("tenant '%1' does not exist").arg(client.tenant))};
}

Error notFound(const QString& tenant, const QString& clientId) {
    return Error::notFound(
        QStringLiteral("client '%1' does not exist in tenant '%2'").arg(clientId, tenant));
}

} // namespace

ClientRepository::ClientRepository(std::shared_ptr<Database> db)
    : m_db(db)
    , m_changes(std::move(db)) {}

const QStringList& ClientRepository::appTypes() {
    static const QStringList types{QStringLiteral("non_interactive"), QStringLiteral("spa"),
                                   QStringLiteral("native"), QStringLiteral("regular_web")};
    return types;
}

Result<ClientRecord> ClientRepository::create(ClientRecord client) {
    if (client.clientId.isEmpty())
        client.clientId = sql::randomId({}, 32);
    if (Result<void> valid = validate(client); !valid)
        return valid.error();
    client.createdAt = client.updatedAt = m_db->now();
    return m_db->transaction<ClientRecord>([&] { return insert(client); });
}

Result<ClientRecord> ClientRepository::insert(const ClientRecord& client) {
    if (Result<void> tenant = validation::tenantExists(*m_db, client.tenant); !tenant)
        return tenant.error();
    Result<QSqlQuery> inserted = m_db->exec(
        QStringLiteral("INSERT INTO clients (%1) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
            .arg(kColumns),
        {client.tenant, client.clientId, client.name, sql::text(client.description), client.appType,
         sql::optionalBlob(client.secretHash), sql::json(client.grantTypes),
         sql::json(client.callbacks), client.isFirstParty, sql::json(client.metadata),
         sql::timestamp(client.createdAt), sql::timestamp(client.updatedAt),
         sql::json(client.allowedLogoutUrls), sql::json(client.webOrigins)},
        constraintsFor(client));
    if (!inserted)
        return inserted.error();
    if (Result<qint64> logged = m_changes.append(client.tenant, entity::client, client.clientId,
                                                 ChangeOperation::Create, client.toJson());
        !logged)
        return logged.error();
    return client;
}

Result<std::optional<ClientRecord>> ClientRepository::find(const QString& tenant,
                                                           const QString& clientId) const {
    return sql::selectOne<ClientRecord>(
        *m_db,
        QStringLiteral("SELECT %1 FROM clients WHERE tenant = ? AND client_id = ?").arg(kColumns),
        {tenant, clientId}, fromRow);
}

Result<QList<ClientRecord>> ClientRepository::list(const QString& tenant) const {
    return sql::selectAll<ClientRecord>(
        *m_db,
        QStringLiteral("SELECT %1 FROM clients WHERE tenant = ? ORDER BY name").arg(kColumns),
        {tenant}, fromRow);
}

Result<ClientRecord> ClientRepository::update(ClientRecord client) {
    if (Result<void> valid = validate(client); !valid)
        return valid.error();
    return m_db->transaction<ClientRecord>([&]() -> Result<ClientRecord> {
        const Result<std::optional<ClientRecord>> existing = find(client.tenant, client.clientId);
        if (!existing)
            return existing.error();
        if (!*existing)
            return notFound(client.tenant, client.clientId);
        client.createdAt = (*existing)->createdAt;
        client.updatedAt = m_db->now();
        Result<QSqlQuery> updated = m_db->exec(
            QStringLiteral("UPDATE clients SET name = ?, description = ?, app_type = ?, "
                           "secret_hash = ?, grant_types = ?, callbacks = ?, is_first_party = ?, "
                           "metadata = ?, allowed_logout_urls = ?, web_origins = ?, updated_at = ? "
                           "WHERE tenant = ? AND client_id = ?"),
            {client.name, sql::text(client.description), client.appType,
             sql::optionalBlob(client.secretHash), sql::json(client.grantTypes),
             sql::json(client.callbacks), client.isFirstParty, sql::json(client.metadata),
             sql::json(client.allowedLogoutUrls), sql::json(client.webOrigins),
             sql::timestamp(client.updatedAt), client.tenant, client.clientId},
            constraintsFor(client));
        if (!updated)
            return updated.error();
        if (Result<qint64> logged = m_changes.append(client.tenant, entity::client, client.clientId,
                                                     ChangeOperation::Update, client.toJson());
            !logged)
            return logged.error();
        return client;
    });
}

Result<void> ClientRepository::remove(const QString& tenant, const QString& clientId) {
    return m_db->transaction([&]() -> Result<void> {
        const Result<std::optional<ClientRecord>> existing = find(tenant, clientId);
        if (!existing)
            return existing.error();
        if (!*existing)
            return notFound(tenant, clientId);
        Result<QSqlQuery> removed =
            m_db->exec(QStringLiteral("DELETE FROM clients WHERE tenant = ? AND client_id = ?"),
                       {tenant, clientId});
        if (!removed)
            return removed.error();
        if (Result<qint64> logged = m_changes.append(
                tenant, entity::client, clientId, ChangeOperation::Delete, (*existing)->toJson());
            !logged)
            return logged.error();
        return {};
    });
}

} // namespace gatehouse::store
