#include "store/Migrations.h"

#include "store/Database.h"

#include <QLoggingCategory>

namespace gatehouse::store {
namespace {

Q_LOGGING_CATEGORY(lcMigrations, "gatehouse.store.migrations")

// Key of the PostgreSQL advisory lock held while a migration step runs.
constexpr qint64 kMigrationLock = 0x474154454853434d; // "GATEHSCM"

// Version 1: instance settings and the change log.

const char* const kSettings = R"(
CREATE TABLE settings (
    name TEXT NOT NULL,
    value TEXT NOT NULL,
    updated_at {{INT64}} NOT NULL,
    CONSTRAINT settings_pkey PRIMARY KEY (name)))";

// Replication and cache invalidation read this in `sequence` order.
const char* const kChangeLog = R"(
CREATE TABLE change_log (
    sequence {{ID}},
    tenant TEXT,
    entity TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    operation TEXT NOT NULL CHECK (operation IN ('create', 'update', 'delete')),
    payload TEXT NOT NULL,
    changed_at {{INT64}} NOT NULL))";

// Version 2: tenants and their applications. Every tenant-owned row goes with its tenant
// (ON DELETE CASCADE); a grant goes with its client and with its API.

const char* const kTenants = R"(
CREATE TABLE tenants (
    id TEXT NOT NULL,
    display_name TEXT NOT NULL,
    domain TEXT,
    signing_algorithm TEXT NOT NULL,
    settings TEXT NOT NULL,
    created_at {{INT64}} NOT NULL,
    updated_at {{INT64}} NOT NULL,
    CONSTRAINT tenants_pkey PRIMARY KEY (id),
    CONSTRAINT tenants_domain_key UNIQUE (domain)))";

const char* const kClients = R"(
CREATE TABLE clients (
    tenant TEXT NOT NULL,
    client_id TEXT NOT NULL,
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    app_type TEXT NOT NULL,
    secret_hash {{BLOB}},
    grant_types TEXT NOT NULL,
    callbacks TEXT NOT NULL,
    is_first_party {{BOOL}} NOT NULL,
    metadata TEXT NOT NULL,
    created_at {{INT64}} NOT NULL,
    updated_at {{INT64}} NOT NULL,
    CONSTRAINT clients_pkey PRIMARY KEY (tenant, client_id),
    CONSTRAINT clients_name_key UNIQUE (tenant, name),
    CONSTRAINT clients_tenant_fkey FOREIGN KEY (tenant)
        REFERENCES tenants (id) ON DELETE CASCADE))";

const char* const kResourceServers = R"(
CREATE TABLE resource_servers (
    tenant TEXT NOT NULL,
    id TEXT NOT NULL,
    name TEXT NOT NULL,
    identifier TEXT NOT NULL,
    scopes TEXT NOT NULL,
    token_lifetime {{INT64}} NOT NULL,
    signing_algorithm TEXT NOT NULL,
    is_system {{BOOL}} NOT NULL,
    created_at {{INT64}} NOT NULL,
    updated_at {{INT64}} NOT NULL,
    CONSTRAINT resource_servers_pkey PRIMARY KEY (tenant, id),
    CONSTRAINT resource_servers_identifier_key UNIQUE (tenant, identifier),
    CONSTRAINT resource_servers_tenant_fkey FOREIGN KEY (tenant)
        REFERENCES tenants (id) ON DELETE CASCADE))";

const char* const kClientGrants = R"(
CREATE TABLE client_grants (
    tenant TEXT NOT NULL,
    id TEXT NOT NULL,
    client_id TEXT NOT NULL,
    audience TEXT NOT NULL,
    scope TEXT NOT NULL,
    created_at {{INT64}} NOT NULL,
    updated_at {{INT64}} NOT NULL,
    CONSTRAINT client_grants_pkey PRIMARY KEY (tenant, id),
    CONSTRAINT client_grants_client_audience_key UNIQUE (tenant, client_id, audience),
    CONSTRAINT client_grants_tenant_fkey FOREIGN KEY (tenant)
        REFERENCES tenants (id) ON DELETE CASCADE,
    CONSTRAINT client_grants_client_fkey FOREIGN KEY (tenant, client_id)
        REFERENCES clients (tenant, client_id) ON DELETE CASCADE,
    CONSTRAINT client_grants_audience_fkey FOREIGN KEY (tenant, audience)
        REFERENCES resource_servers (tenant, identifier) ON DELETE CASCADE))";

// Deleting a resource server looks its grants up by audience.
const char* const kClientGrantsByAudience =
    "CREATE INDEX client_grants_audience_idx ON client_grants (tenant, audience)";

// Version 3: signing keys and users.

const char* const kSigningKeys = R"(
CREATE TABLE signing_keys (
    tenant TEXT NOT NULL,
    kid TEXT NOT NULL,
    algorithm TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('next', 'current', 'previous', 'revoked')),
    sealed_private_key {{BLOB}} NOT NULL,
    public_jwk TEXT NOT NULL,
    created_at {{INT64}} NOT NULL,
    activated_at {{INT64}},
    retired_at {{INT64}},
    CONSTRAINT signing_keys_pkey PRIMARY KEY (tenant, kid),
    CONSTRAINT signing_keys_tenant_fkey FOREIGN KEY (tenant)
        REFERENCES tenants (id) ON DELETE CASCADE))";

// Exactly one key signs a tenant's tokens; rotation demotes the old one first.
const char* const kOneCurrentKey = "CREATE UNIQUE INDEX signing_keys_current_key "
                                   "ON signing_keys (tenant) WHERE status = 'current'";

const char* const kUsers = R"(
CREATE TABLE users (
    tenant TEXT NOT NULL,
    user_id TEXT NOT NULL,
    email TEXT,
    password_hash {{BLOB}},
    email_verified {{BOOL}} NOT NULL,
    app_metadata TEXT NOT NULL,
    user_metadata TEXT NOT NULL,
    created_at {{INT64}} NOT NULL,
    updated_at {{INT64}} NOT NULL,
    CONSTRAINT users_pkey PRIMARY KEY (tenant, user_id),
    CONSTRAINT users_email_key UNIQUE (tenant, email),
    CONSTRAINT users_tenant_fkey FOREIGN KEY (tenant)
        REFERENCES tenants (id) ON DELETE CASCADE))";

const char* const kSchemaMigrations = R"(
CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER NOT NULL,
    name TEXT NOT NULL,
    applied_at {{INT64}} NOT NULL,
    CONSTRAINT schema_migrations_pkey PRIMARY KEY (version)))";

QStringList statements(std::initializer_list<const char*> sql) {
    QStringList list;
    for (const char* statement : sql)
        list << QString::fromUtf8(statement);
    return list;
}

std::vector<Migrations::Step> makeSteps() {
    return {
        {1, QStringLiteral("instance settings and change log"),
         statements({kSettings, kChangeLog})},
        {2, QStringLiteral("tenants, clients, resource servers, client grants"),
         statements(
             {kTenants, kClients, kResourceServers, kClientGrants, kClientGrantsByAudience})},
        {3, QStringLiteral("signing keys and users"),
         statements({kSigningKeys, kOneCurrentKey, kUsers})},
    };
}

} // namespace

Migrations::Migrations(Database& db)
    : m_db(db) {}

const std::vector<Migrations::Step>& Migrations::steps() {
    static const std::vector<Step> steps = makeSteps();
    return steps;
}

int Migrations::latestVersion() {
    return steps().back().version;
}

Result<void> Migrations::apply() {
    if (Result<void> table = createTable(); !table)
        return table;
    for (const Step& step : steps()) {
        if (Result<void> applied = m_db.transaction([&] { return applyStep(step); }); !applied)
            return applied;
    }
    return {};
}

Result<int> Migrations::appliedVersion() {
    Result<QSqlQuery> query =
        m_db.exec(QStringLiteral("SELECT COALESCE(MAX(version), 0) FROM schema_migrations"));
    if (!query)
        return query.error();
    return query->next() ? query->value(0).toInt() : 0;
}

Result<void> Migrations::createTable() {
    return m_db.transaction([&]() -> Result<void> {
        if (Result<void> locked = lock(); !locked)
            return locked;
        Result<QSqlQuery> created = m_db.exec(forEngine(QString::fromUtf8(kSchemaMigrations)));
        if (!created)
            return created.error();
        return {};
    });
}

Result<void> Migrations::applyStep(const Step& step) {
    if (Result<void> locked = lock(); !locked)
        return locked;
    const Result<int> applied = appliedVersion();
    if (!applied)
        return applied.error();
    if (*applied > latestVersion())
        return Error{QByteArrayLiteral("schema_too_new"),
                     QStringLiteral("the database schema is at version %1, but this Gatehouse "
                                    "only knows versions up to %2: upgrade Gatehouse, or restore "
                                    "a backup taken before the upgrade")
                         .arg(*applied)
                         .arg(latestVersion()),
                     500};
    if (*applied >= step.version)
        return {};
    for (const QString& statement : step.statements) {
        if (Result<QSqlQuery> done = m_db.exec(forEngine(statement)); !done)
            return Error{QByteArrayLiteral("migration_failed"),
                         QStringLiteral("schema migration %1 (%2) failed: %3")
                             .arg(step.version)
                             .arg(step.name, done.error().message),
                         500};
    }
    Result<QSqlQuery> recorded =
        m_db.exec(QStringLiteral(
                      "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)"),
                  {step.version, step.name, m_db.now().toMSecsSinceEpoch()});
    if (!recorded)
        return recorded.error();
    qCInfo(lcMigrations, "applied schema migration %d (%s) to %s", step.version,
           qUtf8Printable(step.name), qUtf8Printable(m_db.config().redactedUrl()));
    return {};
}

// SQLite needs nothing more: BEGIN IMMEDIATE already excludes every other writer.
Result<void> Migrations::lock() {
    if (m_db.engine() != Engine::Postgres)
        return {};
    Result<QSqlQuery> locked =
        m_db.exec(QStringLiteral("SELECT pg_advisory_xact_lock(%1)").arg(kMigrationLock));
    if (!locked)
        return locked.error();
    return {};
}

QString Migrations::forEngine(QString statement) const {
    const bool sqlite = m_db.engine() == Engine::Sqlite;
    statement.replace(QLatin1String("{{ID}}"),
                      sqlite
                          ? QLatin1String("INTEGER PRIMARY KEY AUTOINCREMENT")
                          : QLatin1String("BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"));
    statement.replace(QLatin1String("{{INT64}}"),
                      sqlite ? QLatin1String("INTEGER") : QLatin1String("BIGINT"));
    statement.replace(QLatin1String("{{BOOL}}"),
                      sqlite ? QLatin1String("INTEGER") : QLatin1String("BOOLEAN"));
    statement.replace(QLatin1String("{{BLOB}}"),
                      sqlite ? QLatin1String("BLOB") : QLatin1String("BYTEA"));
    return statement;
}

} // namespace gatehouse::store
