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

// Version 4: connections, users per connection, identities.
//
// A connection is where users come from: 'auth0' is a database connection (Auth0's name for it),
// 'oidc' an upstream OpenID provider. Users belong to one, referred to by its name (immutable,
// as in Auth0), and their e-mail and username are unique per connection only.

const char* const kConnections = R"(
CREATE TABLE connections (
    tenant TEXT NOT NULL,
    id TEXT NOT NULL,
    name TEXT NOT NULL,
    strategy TEXT NOT NULL CHECK (strategy IN ('auth0', 'oidc')),
    options TEXT NOT NULL,
    sealed_secret {{BLOB}},
    enabled_clients TEXT NOT NULL,
    created_at {{INT64}} NOT NULL,
    updated_at {{INT64}} NOT NULL,
    CONSTRAINT connections_pkey PRIMARY KEY (tenant, id),
    CONSTRAINT connections_name_key UNIQUE (tenant, name),
    CONSTRAINT connections_tenant_fkey FOREIGN KEY (tenant)
        REFERENCES tenants (id) ON DELETE CASCADE))";

// Every existing tenant gets the database connection its users move into, enabled for all of
// its clients (new tenants get it from TenantProvisioner, with a random id). The id is fixed
// rather than random: each datacenter migrates its own database and the migration writes no
// change-log records, so the same tenant must get the same id everywhere, and the engines share
// no hash function to derive one from the tenant. Ids need only be unique per tenant (the key is
// (tenant, id)); the tenant's creation time is as deterministic. Options stay empty: whoever
// reads an option applies its default.
const char* const kDefaultConnections = R"(
INSERT INTO connections (tenant, id, name, strategy, options, sealed_secret, enabled_clients,
                         created_at, updated_at)
SELECT tenants.id, 'con_usernamepassword', 'Username-Password-Authentication', 'auth0', '{}', NULL,
       COALESCE(CAST((SELECT {{JSON_ARRAY_AGG}}(client_id) FROM
                          (SELECT client_id FROM clients WHERE clients.tenant = tenants.id
                           ORDER BY client_id) AS tenant_clients) AS TEXT), '[]'),
       tenants.created_at, tenants.created_at
FROM tenants)";

// The users table is rebuilt through a copy rather than renamed in place: PostgreSQL index names
// are schema-wide, so a new table could not be given `users_pkey` while the old one holds it,
// and SQLite cannot rename constraints. Nothing references users yet, so dropping it cascades
// nowhere.
const char* const kSaveUsersV3 = "CREATE TABLE users_v3 AS SELECT * FROM users";
const char* const kDropUsersV3 = "DROP TABLE users";

// `connection` is the connection's name. Login statistics (last_login, last_ip, logins_count)
// are runtime state written on every login, outside the change log.
const char* const kUsersV4 = R"(
CREATE TABLE users (
    tenant TEXT NOT NULL,
    user_id TEXT NOT NULL,
    connection TEXT NOT NULL,
    email TEXT,
    username TEXT,
    password_hash {{BLOB}},
    email_verified {{BOOL}} NOT NULL,
    blocked {{BOOL}} NOT NULL DEFAULT FALSE,
    name TEXT,
    given_name TEXT,
    family_name TEXT,
    nickname TEXT,
    picture TEXT,
    app_metadata TEXT NOT NULL,
    user_metadata TEXT NOT NULL,
    last_login {{INT64}},
    last_ip TEXT,
    logins_count {{INT64}} NOT NULL DEFAULT 0,
    created_at {{INT64}} NOT NULL,
    updated_at {{INT64}} NOT NULL,
    CONSTRAINT users_pkey PRIMARY KEY (tenant, user_id),
    CONSTRAINT users_connection_email_key UNIQUE (tenant, connection, email),
    CONSTRAINT users_connection_username_key UNIQUE (tenant, connection, username),
    CONSTRAINT users_tenant_fkey FOREIGN KEY (tenant)
        REFERENCES tenants (id) ON DELETE CASCADE))";

const char* const kRestoreUsersV3 = R"(
INSERT INTO users (tenant, user_id, connection, email, password_hash, email_verified,
                   app_metadata, user_metadata, created_at, updated_at)
SELECT tenant, user_id, 'Username-Password-Authentication', email, password_hash, email_verified,
       app_metadata, user_metadata, created_at, updated_at
FROM users_v3)";

const char* const kDropUsersV3Copy = "DROP TABLE users_v3";

// How an upstream provider's `sub` finds its user; goes with the user.
const char* const kIdentities = R"(
CREATE TABLE identities (
    tenant TEXT NOT NULL,
    connection TEXT NOT NULL,
    provider_user_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    profile TEXT NOT NULL,
    created_at {{INT64}} NOT NULL,
    updated_at {{INT64}} NOT NULL,
    CONSTRAINT identities_pkey PRIMARY KEY (tenant, connection, provider_user_id),
    CONSTRAINT identities_user_fkey FOREIGN KEY (tenant, user_id)
        REFERENCES users (tenant, user_id) ON DELETE CASCADE))";

// A user's identities are listed, and cascade-deleted, by user.
const char* const kIdentitiesByUser =
    "CREATE INDEX identities_user_idx ON identities (tenant, user_id)";

// Version 5: transactional login data, local to a datacenter and never in the change log.
// Secrets (session ids, codes, refresh and reset tokens) are stored only as their SHA-256, which
// is the key they are looked up by. Everything goes with its tenant and with its user.

const char* const kLoginSessions = R"(
CREATE TABLE login_sessions (
    id_hash {{BLOB}} NOT NULL,
    tenant TEXT NOT NULL,
    user_id TEXT NOT NULL,
    connection TEXT NOT NULL,
    auth_time {{INT64}} NOT NULL,
    created_at {{INT64}} NOT NULL,
    last_active_at {{INT64}} NOT NULL,
    idle_expires_at {{INT64}} NOT NULL,
    expires_at {{INT64}} NOT NULL,
    ip TEXT NOT NULL,
    user_agent TEXT NOT NULL,
    clients TEXT NOT NULL,
    CONSTRAINT login_sessions_pkey PRIMARY KEY (id_hash),
    CONSTRAINT login_sessions_tenant_fkey FOREIGN KEY (tenant)
        REFERENCES tenants (id) ON DELETE CASCADE,
    CONSTRAINT login_sessions_user_fkey FOREIGN KEY (tenant, user_id)
        REFERENCES users (tenant, user_id) ON DELETE CASCADE))";

// Logging a user out everywhere, and the users foreign key's cascade.
const char* const kLoginSessionsByUser =
    "CREATE INDEX login_sessions_user_idx ON login_sessions (tenant, user_id)";

// A code goes with its client: deleting an application ends what it was issued.
const char* const kAuthorizationCodes = R"(
CREATE TABLE authorization_codes (
    code_hash {{BLOB}} NOT NULL,
    tenant TEXT NOT NULL,
    client_id TEXT NOT NULL,
    redirect_uri TEXT NOT NULL,
    user_id TEXT NOT NULL,
    session_hash {{BLOB}},
    scope TEXT NOT NULL,
    audience TEXT,
    nonce TEXT,
    code_challenge TEXT,
    code_challenge_method TEXT,
    auth_time {{INT64}} NOT NULL,
    created_at {{INT64}} NOT NULL,
    expires_at {{INT64}} NOT NULL,
    redeemed_at {{INT64}},
    grant_id TEXT,
    CONSTRAINT authorization_codes_pkey PRIMARY KEY (code_hash),
    CONSTRAINT authorization_codes_tenant_fkey FOREIGN KEY (tenant)
        REFERENCES tenants (id) ON DELETE CASCADE,
    CONSTRAINT authorization_codes_user_fkey FOREIGN KEY (tenant, user_id)
        REFERENCES users (tenant, user_id) ON DELETE CASCADE,
    CONSTRAINT authorization_codes_client_fkey FOREIGN KEY (tenant, client_id)
        REFERENCES clients (tenant, client_id) ON DELETE CASCADE))";

const char* const kAuthorizationCodesByGrant =
    "CREATE INDEX authorization_codes_grant_idx ON authorization_codes (tenant, grant_id)";

const char* const kGrants = R"(
CREATE TABLE grants (
    tenant TEXT NOT NULL,
    id TEXT NOT NULL,
    client_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    session_hash {{BLOB}},
    code_hash {{BLOB}},
    scope TEXT NOT NULL,
    audience TEXT,
    auth_time {{INT64}} NOT NULL,
    created_at {{INT64}} NOT NULL,
    expires_at {{INT64}} NOT NULL,
    revoked_at {{INT64}},
    revoked_reason TEXT,
    CONSTRAINT grants_pkey PRIMARY KEY (tenant, id),
    CONSTRAINT grants_tenant_fkey FOREIGN KEY (tenant)
        REFERENCES tenants (id) ON DELETE CASCADE,
    CONSTRAINT grants_user_fkey FOREIGN KEY (tenant, user_id)
        REFERENCES users (tenant, user_id) ON DELETE CASCADE,
    CONSTRAINT grants_client_fkey FOREIGN KEY (tenant, client_id)
        REFERENCES clients (tenant, client_id) ON DELETE CASCADE))";

// Logout revokes a session's grants; revoking a user's consent for a client revokes its grants.
const char* const kGrantsBySession =
    "CREATE INDEX grants_session_idx ON grants (tenant, session_hash)";
const char* const kGrantsByUserAndClient =
    "CREATE INDEX grants_user_client_idx ON grants (tenant, user_id, client_id)";

// The grant holds the absolute expiry and the revocation of a whole token family.
const char* const kRefreshTokens = R"(
CREATE TABLE refresh_tokens (
    token_hash {{BLOB}} NOT NULL,
    tenant TEXT NOT NULL,
    grant_id TEXT NOT NULL,
    client_id TEXT NOT NULL,
    created_at {{INT64}} NOT NULL,
    idle_expires_at {{INT64}} NOT NULL,
    rotated_at {{INT64}},
    replaced_by_hash {{BLOB}},
    CONSTRAINT refresh_tokens_pkey PRIMARY KEY (token_hash),
    CONSTRAINT refresh_tokens_tenant_fkey FOREIGN KEY (tenant)
        REFERENCES tenants (id) ON DELETE CASCADE,
    CONSTRAINT refresh_tokens_grant_fkey FOREIGN KEY (tenant, grant_id)
        REFERENCES grants (tenant, id) ON DELETE CASCADE))";

const char* const kRefreshTokensByGrant =
    "CREATE INDEX refresh_tokens_grant_idx ON refresh_tokens (tenant, grant_id)";

// `subject` is "<user id>|<ip>" for kind user_ip and the IP for kind ip. `user_id` repeats the
// user of a user_ip row so that unblocking a user is an indexed, exact match (a prefix match on
// `subject` would need LIKE, which is case-insensitive in SQLite and cannot use a PostgreSQL
// index under a non-C collation), and so that the row goes with its user.
const char* const kAttackCounters = R"(
CREATE TABLE attack_counters (
    tenant TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('user_ip', 'ip')),
    subject TEXT NOT NULL,
    user_id TEXT,
    failures INTEGER NOT NULL,
    first_failure_at {{INT64}} NOT NULL,
    last_failure_at {{INT64}} NOT NULL,
    blocked_until {{INT64}},
    CONSTRAINT attack_counters_pkey PRIMARY KEY (tenant, kind, subject),
    CONSTRAINT attack_counters_user_kind CHECK ((kind = 'user_ip') = (user_id IS NOT NULL)),
    CONSTRAINT attack_counters_tenant_fkey FOREIGN KEY (tenant)
        REFERENCES tenants (id) ON DELETE CASCADE,
    CONSTRAINT attack_counters_user_fkey FOREIGN KEY (tenant, user_id)
        REFERENCES users (tenant, user_id) ON DELETE CASCADE))";

const char* const kAttackCountersByUser =
    "CREATE INDEX attack_counters_user_idx ON attack_counters (tenant, user_id)";

const char* const kPasswordResets = R"(
CREATE TABLE password_resets (
    token_hash {{BLOB}} NOT NULL,
    tenant TEXT NOT NULL,
    user_id TEXT NOT NULL,
    created_at {{INT64}} NOT NULL,
    expires_at {{INT64}} NOT NULL,
    used_at {{INT64}},
    CONSTRAINT password_resets_pkey PRIMARY KEY (token_hash),
    CONSTRAINT password_resets_tenant_fkey FOREIGN KEY (tenant)
        REFERENCES tenants (id) ON DELETE CASCADE,
    CONSTRAINT password_resets_user_fkey FOREIGN KEY (tenant, user_id)
        REFERENCES users (tenant, user_id) ON DELETE CASCADE))";

const char* const kPasswordResetsByUser =
    "CREATE INDEX password_resets_user_idx ON password_resets (tenant, user_id)";

// Version 6: the Management API gained connections (read/create/update/delete:connections).
// New tenants get the scopes from TenantProvisioner and `init`; a database made before has them
// neither on each tenant's Management API (which the API itself cannot change: it is a system
// resource server) nor in the grants of the management clients. The API's scope list is the
// fixed one provisioning writes, so the four are appended to it as JSON text (the same on both
// engines: the column holds compact JSON ending in ']'); grants are extended only where they
// hold every write scope the API had before (the clients `init` made and others granted
// everything), so that no narrower grant gains rights. Like version 4's data migration, no
// change-log records: every datacenter migrates its own database to the same result.
const char* const kConnectionScopesOnManagementApis = R"(
UPDATE resource_servers
SET scopes = SUBSTR(scopes, 1, LENGTH(scopes) - 1) ||
    ',{"description":"read:connections","value":"read:connections"}' ||
    ',{"description":"create:connections","value":"create:connections"}' ||
    ',{"description":"update:connections","value":"update:connections"}' ||
    ',{"description":"delete:connections","value":"delete:connections"}]'
WHERE identifier = 'urn:gatehouse:management-api' AND scopes LIKE '[{%]'
  AND scopes NOT LIKE '%"read:connections"%')";

const char* const kConnectionScopesInFullGrants = R"(
UPDATE client_grants
SET scope = SUBSTR(scope, 1, LENGTH(scope) - 1) ||
    ',"read:connections","create:connections","update:connections","delete:connections"]'
WHERE audience = 'urn:gatehouse:management-api' AND scope LIKE '["%]'
  AND scope LIKE '%"delete:clients"%' AND scope LIKE '%"delete:resource_servers"%'
  AND scope LIKE '%"delete:client_grants"%' AND scope LIKE '%"update:signing_keys"%'
  AND scope LIKE '%"update:tenant_settings"%' AND scope LIKE '%"delete:users"%'
  AND scope NOT LIKE '%"read:connections"%')";

// Version 7: the system tenant's administrators and the dashboard's client (issue 3).
//
// `administrators` gives users of the system tenant a dashboard role: owner (everything), admin
// (every operation in the tenants listed) or support (reading users and connections of the
// tenants listed). Configuration, written with change-log records by AdministratorRepository;
// a deleted user takes the role along (the foreign key), as the user's own delete record implies.
const char* const kAdministrators = R"(
CREATE TABLE administrators (
    tenant TEXT NOT NULL CHECK (tenant = 'system'),
    user_id TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('owner', 'admin', 'support')),
    tenants TEXT NOT NULL,
    created_at {{INT64}} NOT NULL,
    updated_at {{INT64}} NOT NULL,
    CONSTRAINT administrators_pkey PRIMARY KEY (tenant, user_id),
    CONSTRAINT administrators_user_fkey FOREIGN KEY (tenant, user_id)
        REFERENCES users (tenant, user_id) ON DELETE CASCADE))";

// What existing data directories get, with no change-log records (as versions 4 and 6: every
// datacenter migrates its own database to the same result, times taken from the system tenant's
// rows rather than the clock):
// - the owner `init` made, recognisable by the app_metadata init wrote ({"roles":["owner"]}),
//   becomes an owner. Nobody else gets a role: roles are given by an owner afterwards.
const char* const kInitOwners = R"(
INSERT INTO administrators (tenant, user_id, role, tenants, created_at, updated_at)
SELECT tenant, user_id, 'owner', '[]', created_at, created_at FROM users
WHERE tenant = 'system' AND app_metadata LIKE '%"roles":["owner"]%')";

// - the dashboard's native client (RFC 8252: public, PKCE, loopback redirect on any port), with
//   the fixed id `gatehouse-dashboard`, unless the system tenant already has a client of that id
//   or name (then nothing is made; see docs/administrators.md);
const char* const kDashboardClient = R"(
INSERT INTO clients (tenant, client_id, name, description, app_type, secret_hash, grant_types,
                     callbacks, is_first_party, metadata, created_at, updated_at)
SELECT id, 'gatehouse-dashboard', 'Gatehouse Dashboard',
       'The Gatehouse dashboard (native app, loopback redirect, PKCE)', 'native', NULL,
       '["authorization_code","refresh_token"]', '["http://127.0.0.1/callback"]', TRUE, '{}',
       created_at, created_at
FROM tenants
WHERE id = 'system' AND NOT EXISTS (
    SELECT 1 FROM clients WHERE tenant = 'system'
        AND (client_id = 'gatehouse-dashboard' OR name = 'Gatehouse Dashboard')))";

// - enabled on the system tenant's database connections (compact JSON arrays, as in version 6);
const char* const kDashboardOnConnections = R"(
UPDATE connections
SET enabled_clients = CASE WHEN enabled_clients = '[]' THEN '["gatehouse-dashboard"]'
    ELSE SUBSTR(enabled_clients, 1, LENGTH(enabled_clients) - 1) || ',"gatehouse-dashboard"]' END
WHERE tenant = 'system' AND strategy = 'auth0' AND enabled_clients LIKE '[%]'
  AND enabled_clients NOT LIKE '%"gatehouse-dashboard"%'
  AND EXISTS (SELECT 1 FROM clients WHERE tenant = 'system' AND client_id = 'gatehouse-dashboard'))";

// - the system management client `init` made (its name and description are init's) remembered
//   as such, so that the Management API refuses to delete it.
const char* const kSystemManagementClientSetting = R"(
INSERT INTO settings (name, value, updated_at)
SELECT 'system_management_client_id', client_id, created_at FROM clients
WHERE tenant = 'system' AND name = 'System management client'
  AND description = 'Created by gatehoused init'
  AND NOT EXISTS (SELECT 1 FROM settings WHERE name = 'system_management_client_id'))";

// Version 8: clients gain Auth0's "Allowed Logout URLs" and "Allowed Web Origins" (JSON arrays
// of strings, like callbacks). Until now logout return URLs were matched against the callbacks,
// so existing clients get their callbacks as logout URLs: an upgrade must not break the logout
// of applications that work today; the administrator narrows the list afterwards. New clients
// start empty, as in Auth0. No change-log records, as in versions 4 and 6: every datacenter
// migrates its own database to the same result.
const char* const kClientLogoutUrls =
    "ALTER TABLE clients ADD COLUMN allowed_logout_urls TEXT NOT NULL DEFAULT '[]'";
const char* const kClientLogoutUrlsFromCallbacks =
    "UPDATE clients SET allowed_logout_urls = callbacks";
const char* const kClientWebOrigins =
    "ALTER TABLE clients ADD COLUMN web_origins TEXT NOT NULL DEFAULT '[]'";

// Address-verification tickets are password_resets rows of another purpose: the same single-use,
// hashed, expiring ticket. A ticket is consumed only for the purpose it was made for, so a
// verification link can never reset a password. Existing rows are password resets. `email` is
// the address a verification ticket was sent to: it verifies that address only, not one the
// user has changed to since.
const char* const kTicketPurpose =
    "ALTER TABLE password_resets ADD COLUMN purpose TEXT NOT NULL DEFAULT 'password_reset' "
    "CHECK (purpose IN ('password_reset', 'email_verification'))";
const char* const kTicketEmail = "ALTER TABLE password_resets ADD COLUMN email TEXT";

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
        {4, QStringLiteral("connections, users per connection, identities"),
         statements({kConnections, kDefaultConnections, kSaveUsersV3, kDropUsersV3, kUsersV4,
                     kRestoreUsersV3, kDropUsersV3Copy, kIdentities, kIdentitiesByUser})},
        {5,
         QStringLiteral("sessions, authorization codes, grants, refresh tokens, attack counters, "
                        "password resets"),
         statements({kLoginSessions, kLoginSessionsByUser, kAuthorizationCodes,
                     kAuthorizationCodesByGrant, kGrants, kGrantsBySession, kGrantsByUserAndClient,
                     kRefreshTokens, kRefreshTokensByGrant, kAttackCounters, kAttackCountersByUser,
                     kPasswordResets, kPasswordResetsByUser})},
        {6, QStringLiteral("Management API scopes for connections"),
         statements({kConnectionScopesOnManagementApis, kConnectionScopesInFullGrants})},
        {7, QStringLiteral("administrators and the dashboard client"),
         statements({kAdministrators, kInitOwners, kDashboardClient, kDashboardOnConnections,
                     kSystemManagementClientSetting})},
        {8, QStringLiteral("allowed logout URLs and web origins of clients, ticket purposes"),
         statements({kClientLogoutUrls, kClientLogoutUrlsFromCallbacks, kClientWebOrigins,
                     kTicketPurpose, kTicketEmail})},
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
    return applyUpTo(latestVersion());
}

Result<void> Migrations::applyUpTo(int version) {
    if (Result<void> table = createTable(); !table)
        return table;
    for (const Step& step : steps()) {
        if (step.version > version)
            break;
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
    statement.replace(QLatin1String("{{JSON_ARRAY_AGG}}"),
                      sqlite ? QLatin1String("json_group_array") : QLatin1String("json_agg"));
    return statement;
}

} // namespace gatehouse::store
