#include "store/ResourceServerRepository.h"

#include "store/Database.h"
#include "store/SqlValues.h"
#include "store/Validation.h"

namespace gatehouse::store {
namespace {

const QString kColumns =
    QStringLiteral("tenant, id, name, identifier, scopes, token_lifetime, signing_algorithm, "
                   "is_system, created_at, updated_at");

ResourceServerRecord fromRow(const QSqlQuery& row) {
    ResourceServerRecord server;
    server.tenant = row.value(0).toString();
    server.id = row.value(1).toString();
    server.name = row.value(2).toString();
    server.identifier = row.value(3).toString();
    server.scopes = sql::toArray(row.value(4));
    server.tokenLifetimeSeconds = row.value(5).toInt();
    server.signingAlgorithm = row.value(6).toString();
    server.isSystem = row.value(7).toBool();
    server.createdAt = sql::toTimestamp(row.value(8));
    server.updatedAt = sql::toTimestamp(row.value(9));
    return server;
}

Result<void> validateScopes(const QJsonArray& scopes) {
    for (const QJsonValue& scope : scopes) {
        const QString value = scope.toObject().value(QStringLiteral("value")).toString();
        if (value.isEmpty() || value.contains(QLatin1Char(' ')))
            return validation::invalid(QStringLiteral(
                "each scope must be an object whose \"value\" is a non-empty word without spaces"));
    }
    return {};
}

Result<void> validate(const ResourceServerRecord& server) {
    if (Result<void> tenant = validation::tenantId(server.tenant); !tenant)
        return tenant;
    if (Result<void> name = validation::required(QStringLiteral("name"), server.name); !name)
        return name;
    if (Result<void> identifier =
            validation::required(QStringLiteral("identifier"), server.identifier);
        !identifier)
        return identifier;
    if (server.tokenLifetimeSeconds <= 0)
        return validation::invalid(QStringLiteral("tokenLifetimeSeconds must be positive"));
    if (!server.signingAlgorithm.isEmpty()) {
        if (Result<void> algorithm =
                validation::oneOf(QStringLiteral("signingAlgorithm"), server.signingAlgorithm,
                                  validation::signingAlgorithms());
            !algorithm)
            return algorithm;
    }
    return validateScopes(server.scopes);
}

Constraints constraintsFor(const ResourceServerRecord& server) {
    const QString table = QStringLiteral("resource_servers");
    return {
        {{table,
          QStringLiteral("resource_servers_pkey"),
          {QStringLiteral("tenant"), QStringLiteral("id")},
          Error::conflict(
              QStringLiteral("a resource server with id '%1' already exists in tenant '%2'")
                  .arg(server.id, server.tenant))},
         {table,
          QStringLiteral("resource_servers_identifier_key"),
          {QStringLiteral("tenant"), QStringLiteral("identifier")},
          Error::conflict(QStringLiteral("a resource server with identifier '%1' already exists "
                                         "in tenant '%2'")
                              .arg(server.identifier, server.tenant))}},
        Error::notFound(QStringLiteral("tenant '%1' does not exist").arg(server.tenant))};
}

QVariantList bindValues(const ResourceServerRecord& server) {
    return {sql::text(server.name),
            sql::json(server.scopes),
            server.tokenLifetimeSeconds,
            sql::text(server.signingAlgorithm),
            server.isSystem,
            sql::timestamp(server.updatedAt),
            server.tenant,
            server.id};
}

Error notFound(const QString& tenant, const QString& id) {
    return Error::notFound(
        QStringLiteral("resource server '%1' does not exist in tenant '%2'").arg(id, tenant));
}

} // namespace

ResourceServerRepository::ResourceServerRepository(std::shared_ptr<Database> db)
    : m_db(db)
    , m_changes(std::move(db)) {}

Result<ResourceServerRecord> ResourceServerRepository::create(ResourceServerRecord server) {
    if (server.id.isEmpty())
        server.id = sql::randomId(QStringLiteral("rs_"), 24);
    if (Result<void> valid = validate(server); !valid)
        return valid.error();
    server.createdAt = server.updatedAt = m_db->now();
    return m_db->transaction<ResourceServerRecord>([&] { return insert(server); });
}

Result<ResourceServerRecord> ResourceServerRepository::insert(const ResourceServerRecord& server) {
    if (Result<void> tenant = validation::tenantExists(*m_db, server.tenant); !tenant)
        return tenant.error();
    Result<QSqlQuery> inserted =
        m_db->exec(QStringLiteral("INSERT INTO resource_servers (name, scopes, token_lifetime, "
                                  "signing_algorithm, is_system, updated_at, tenant, id, "
                                  "identifier, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
                   bindValues(server) << server.identifier << sql::timestamp(server.createdAt),
                   constraintsFor(server));
    if (!inserted)
        return inserted.error();
    if (Result<qint64> logged = m_changes.append(server.tenant, entity::resourceServer, server.id,
                                                 ChangeOperation::Create, server.toJson());
        !logged)
        return logged.error();
    return server;
}

Result<std::optional<ResourceServerRecord>>
ResourceServerRepository::find(const QString& tenant, const QString& id) const {
    return sql::selectOne<ResourceServerRecord>(
        *m_db,
        QStringLiteral("SELECT %1 FROM resource_servers WHERE tenant = ? AND id = ?").arg(kColumns),
        {tenant, id}, fromRow);
}

Result<std::optional<ResourceServerRecord>>
ResourceServerRepository::findByIdentifier(const QString& tenant, const QString& identifier) const {
    return sql::selectOne<ResourceServerRecord>(
        *m_db,
        QStringLiteral("SELECT %1 FROM resource_servers WHERE tenant = ? AND identifier = ?")
            .arg(kColumns),
        {tenant, identifier}, fromRow);
}

Result<QList<ResourceServerRecord>> ResourceServerRepository::list(const QString& tenant) const {
    return sql::selectAll<ResourceServerRecord>(
        *m_db,
        QStringLiteral("SELECT %1 FROM resource_servers WHERE tenant = ? ORDER BY name, id")
            .arg(kColumns),
        {tenant}, fromRow);
}

Result<ResourceServerRecord> ResourceServerRepository::update(ResourceServerRecord server) {
    if (Result<void> valid = validate(server); !valid)
        return valid.error();
    return m_db->transaction<ResourceServerRecord>([&]() -> Result<ResourceServerRecord> {
        const Result<std::optional<ResourceServerRecord>> existing = find(server.tenant, server.id);
        if (!existing)
            return existing.error();
        if (!*existing)
            return notFound(server.tenant, server.id);
        return replace(std::move(server), **existing);
    });
}

Result<ResourceServerRecord>
ResourceServerRepository::replace(ResourceServerRecord server,
                                  const ResourceServerRecord& existing) {
    if (server.identifier != existing.identifier)
        return validation::invalid(
            QStringLiteral("the identifier of resource server '%1' cannot be changed (from '%2')")
                .arg(server.id, existing.identifier));
    server.createdAt = existing.createdAt;
    server.updatedAt = m_db->now();
    Result<QSqlQuery> updated = m_db->exec(
        QStringLiteral("UPDATE resource_servers SET name = ?, scopes = ?, token_lifetime = ?, "
                       "signing_algorithm = ?, is_system = ?, updated_at = ? "
                       "WHERE tenant = ? AND id = ?"),
        bindValues(server), constraintsFor(server));
    if (!updated)
        return updated.error();
    if (Result<qint64> logged = m_changes.append(server.tenant, entity::resourceServer, server.id,
                                                 ChangeOperation::Update, server.toJson());
        !logged)
        return logged.error();
    return server;
}

Result<void> ResourceServerRepository::remove(const QString& tenant, const QString& id) {
    return m_db->transaction([&]() -> Result<void> {
        const Result<std::optional<ResourceServerRecord>> existing = find(tenant, id);
        if (!existing)
            return existing.error();
        if (!*existing)
            return notFound(tenant, id);
        Result<QSqlQuery> removed =
            m_db->exec(QStringLiteral("DELETE FROM resource_servers WHERE tenant = ? AND id = ?"),
                       {tenant, id});
        if (!removed)
            return removed.error();
        if (Result<qint64> logged = m_changes.append(
                tenant, entity::resourceServer, id, ChangeOperation::Delete, (*existing)->toJson());
            !logged)
            return logged.error();
        return {};
    });
}

} // namespace gatehouse::store
