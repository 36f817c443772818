#include "store/ConnectionRepository.h"

#include "store/Database.h"
#include "store/SqlValues.h"
#include "store/Validation.h"

namespace gatehouse::store {
namespace {

const QString kColumns =
    QStringLiteral("tenant, id, name, strategy, options, sealed_secret, enabled_clients, "
                   "created_at, updated_at");

ConnectionRecord fromRow(const QSqlQuery& row) {
    ConnectionRecord connection;
    connection.tenant = row.value(0).toString();
    connection.id = row.value(1).toString();
    connection.name = row.value(2).toString();
    connection.strategy = row.value(3).toString();
    connection.options = sql::toObject(row.value(4));
    connection.sealedSecret = row.value(5).toByteArray();
    connection.enabledClients = sql::toStringList(row.value(6));
    connection.createdAt = sql::toTimestamp(row.value(7));
    connection.updatedAt = sql::toTimestamp(row.value(8));
    return connection;
}

Result<void> validate(const ConnectionRecord& connection) {
    if (Result<void> tenant = validation::tenantId(connection.tenant); !tenant)
        return tenant;
    if (Result<void> id = validation::required(QStringLiteral("id"), connection.id); !id)
        return id;
    if (Result<void> name = validation::connectionName(connection.name); !name)
        return name;
    if (Result<void> strategy = validation::oneOf(QStringLiteral("strategy"), connection.strategy,
                                                  ConnectionRepository::strategies());
        !strategy)
        return strategy;
    for (const QString& client : connection.enabledClients) {
        if (client.trimmed().isEmpty())
            return validation::invalid(QStringLiteral("enabledClients must not hold empty ids"));
    }
    return {};
}

Constraints constraintsFor(const ConnectionRecord& connection) {
    const QString table = QStringLiteral("connections");
    return {
        {{table,
          QStringLiteral("connections_pkey"),
          {QStringLiteral("tenant"), QStringLiteral("id")},
          Error::conflict(QStringLiteral("a connection with id '%1' already exists in tenant '%2'")
                              .arg(connection.id, connection.tenant))},
         {table,
          QStringLiteral("connections_name_key"),
          {QStringLiteral("tenant"), QStringLiteral("name")},
          Error::conflict(QStringLiteral("a connection named '%1' already exists in tenant '%2'")
                              .arg(connection.name, connection.tenant))}},
        Error::notFound(QStringLiteral("tenant '%1' does not exist").arg(connection.tenant))};
}

QVariantList bindValues(const ConnectionRecord& connection) {
    return {sql::json(connection.options),
            sql::optionalBlob(connection.sealedSecret),
            sql::json(connection.enabledClients),
            sql::timestamp(connection.updatedAt),
            connection.tenant,
            connection.id};
}

Error notFound(const QString& tenant, const QString& id) {
    return Error::notFound(
        QStringLiteral("connection '%1' does not exist in tenant '%2'").arg(id, tenant));
}

} // namespace

ConnectionRepository::ConnectionRepository(std::shared_ptr<Database> db)
    : m_db(db)
    , m_changes(std::move(db)) {}

const QStringList& ConnectionRepository::strategies() {
    static const QStringList strategies{QStringLiteral("auth0"), QStringLiteral("oidc")};
    return strategies;
}

ConnectionRecord ConnectionRepository::defaultDatabase(const QString& tenant,
                                                       const QStringList& clients) {
    ConnectionRecord connection;
    connection.tenant = tenant;
    connection.name = kDefaultDatabaseConnection;
    connection.strategy = QStringLiteral("auth0");
    connection.enabledClients = clients;
    return connection;
}

Result<ConnectionRecord> ConnectionRepository::create(ConnectionRecord connection) {
    if (connection.id.isEmpty())
        connection.id = sql::randomId(QStringLiteral("con_"), 16);
    connection.enabledClients.removeDuplicates();
    if (Result<void> valid = validate(connection); !valid)
        return valid.error();
    connection.createdAt = connection.updatedAt = m_db->now();
    return m_db->transaction<ConnectionRecord>([&] { return insert(connection); });
}

Result<ConnectionRecord> ConnectionRepository::insert(const ConnectionRecord& connection) {
    if (Result<void> tenant = validation::tenantExists(*m_db, connection.tenant); !tenant)
        return tenant.error();
    Result<QSqlQuery> inserted =
        m_db->exec(QStringLiteral("INSERT INTO connections (options, sealed_secret, "
                                  "enabled_clients, updated_at, tenant, id, name, strategy, "
                                  "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"),
                   bindValues(connection) << connection.name << connection.strategy
                                          << sql::timestamp(connection.createdAt),
                   constraintsFor(connection));
    if (!inserted)
        return inserted.error();
    if (Result<qint64> logged =
            m_changes.append(connection.tenant, entity::connection, connection.id,
                             ChangeOperation::Create, connection.toJson());
        !logged)
        return logged.error();
    return connection;
}

Result<std::optional<ConnectionRecord>> ConnectionRepository::find(const QString& tenant,
                                                                   const QString& id) const {
    return sql::selectOne<ConnectionRecord>(
        *m_db,
        QStringLiteral("SELECT %1 FROM connections WHERE tenant = ? AND id = ?").arg(kColumns),
        {tenant, id}, fromRow);
}

Result<std::optional<ConnectionRecord>>
ConnectionRepository::findByName(const QString& tenant, const QString& name) const {
    return sql::selectOne<ConnectionRecord>(
        *m_db,
        QStringLiteral("SELECT %1 FROM connections WHERE tenant = ? AND name = ?").arg(kColumns),
        {tenant, name}, fromRow);
}

Result<QList<ConnectionRecord>> ConnectionRepository::list(const QString& tenant) const {
    return sql::selectAll<ConnectionRecord>(
        *m_db,
        QStringLiteral("SELECT %1 FROM connections WHERE tenant = ? ORDER BY name").arg(kColumns),
        {tenant}, fromRow);
}

// A tenant has a handful of connections: filtering here keeps JSON functions, which differ
// between the engines, out of the SQL.
Result<QList<ConnectionRecord>> ConnectionRepository::enabledFor(const QString& tenant,
                                                                 const QString& clientId) const {
    Result<QList<ConnectionRecord>> all = list(tenant);
    if (!all)
        return all;
    QList<ConnectionRecord> enabled;
    for (ConnectionRecord& connection : *all) {
        if (connection.enabledClients.contains(clientId))
            enabled.append(std::move(connection));
    }
    return enabled;
}

Result<ConnectionRecord> ConnectionRepository::update(ConnectionRecord connection) {
    connection.enabledClients.removeDuplicates();
    if (Result<void> valid = validate(connection); !valid)
        return valid.error();
    return m_db->transaction<ConnectionRecord>([&]() -> Result<ConnectionRecord> {
        const Result<std::optional<ConnectionRecord>> existing =
            find(connection.tenant, connection.id);
        if (!existing)
            return existing.error();
        if (!*existing)
            return notFound(connection.tenant, connection.id);
        return replace(std::move(connection), **existing);
    });
}

Result<ConnectionRecord> ConnectionRepository::replace(ConnectionRecord connection,
                                                       const ConnectionRecord& existing) {
    if (connection.name != existing.name)
        return validation::invalid(
            QStringLiteral("the name of connection '%1' cannot be changed (from '%2')")
                .arg(connection.id, existing.name));
    if (connection.strategy != existing.strategy)
        return validation::invalid(
            QStringLiteral("the strategy of connection '%1' cannot be changed (from '%2')")
                .arg(connection.id, existing.strategy));
    connection.createdAt = existing.createdAt;
    connection.updatedAt = m_db->now();
    Result<QSqlQuery> updated = m_db->exec(
        QStringLiteral("UPDATE connections SET options = ?, sealed_secret = ?, "
                       "enabled_clients = ?, updated_at = ? WHERE tenant = ? AND id = ?"),
        bindValues(connection), constraintsFor(connection));
    if (!updated)
        return updated.error();
    if (Result<qint64> logged =
            m_changes.append(connection.tenant, entity::connection, connection.id,
                             ChangeOperation::Update, connection.toJson());
        !logged)
        return logged.error();
    return connection;
}

Result<void> ConnectionRepository::remove(const QString& tenant, const QString& id) {
    return m_db->transaction([&]() -> Result<void> {
        const Result<std::optional<ConnectionRecord>> existing = find(tenant, id);
        if (!existing)
            return existing.error();
        if (!*existing)
            return notFound(tenant, id);
        // Users first (their identities go with them), then identities of other users linked
        // through this connection: a connection created later under the same name must not
        // inherit anyone.
        const QString name = (*existing)->name;
        for (const QString& statement :
             {QStringLiteral("DELETE FROM users WHERE tenant = ? AND connection = ?"),
              QStringLiteral("DELETE FROM identities WHERE tenant = ? AND connection = ?")}) {
            if (Result<QSqlQuery> removed = m_db->exec(statement, {tenant, name}); !removed)
                return removed.error();
        }
        Result<QSqlQuery> removed = m_db->exec(
            QStringLiteral("DELETE FROM connections WHERE tenant = ? AND id = ?"), {tenant, id});
        if (!removed)
            return removed.error();
        if (Result<qint64> logged = m_changes.append(
                tenant, entity::connection, id, ChangeOperation::Delete, (*existing)->toJson());
            !logged)
            return logged.error();
        return {};
    });
}

Result<void> ConnectionRepository::enableOnDatabaseConnections(const QString& tenant,
                                                               const QString& clientId) {
    if (Result<void> client = validation::required(QStringLiteral("clientId"), clientId); !client)
        return client;
    return m_db->transaction([&]() -> Result<void> {
        Result<QList<ConnectionRecord>> connections = list(tenant);
        if (!connections)
            return connections.error();
        for (const ConnectionRecord& connection : *connections) {
            if (connection.strategy != QLatin1String("auth0") ||
                connection.enabledClients.contains(clientId))
                continue;
            ConnectionRecord enabled = connection;
            enabled.enabledClients.append(clientId);
            if (Result<ConnectionRecord> updated = replace(std::move(enabled), connection);
                !updated)
                return updated.error();
        }
        return {};
    });
}

} // namespace gatehouse::store
