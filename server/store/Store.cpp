#include "store/Store.h"

namespace gatehouse::store {

Store::Store(std::shared_ptr<Database> db)
    : m_db(std::move(db))
    , m_tenants(m_db)
    , m_clients(m_db)
    , m_resourceServers(m_db)
    , m_clientGrants(m_db)
    , m_signingKeys(m_db)
    , m_users(m_db)
    , m_connections(m_db)
    , m_identities(m_db)
    , m_loginSessions(m_db)
    , m_authorizationCodes(m_db)
    , m_grants(m_db)
    , m_refreshTokens(m_db)
    , m_attackCounters(m_db)
    , m_passwordResets(m_db)
    , m_changeLog(m_db)
    , m_settings(m_db)
    , m_administrators(m_db) {}

Result<Store> Store::open(const DatabaseConfig& config, Database::Clock clock) {
    Result<std::shared_ptr<Database>> db = Database::open(config, std::move(clock));
    if (!db)
        return db.error();
    return Store(std::move(db).value());
}

} // namespace gatehouse::store
