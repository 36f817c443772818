#pragma once

#include "core/Result.h"
#include "store/ChangeLog.h"
#include "store/ClientGrantRepository.h"
#include "store/ClientRepository.h"
#include "store/Database.h"
#include "store/InstanceSettings.h"
#include "store/ResourceServerRepository.h"
#include "store/SigningKeyRepository.h"
#include "store/TenantRepository.h"
#include "store/UserRepository.h"

#include <memory>

namespace gatehouse::store {

// The one object the rest of the server takes: the database and a repository per entity.
// Copies share the database. Combine repository calls atomically with transaction().
class Store final {
public:
    explicit Store(std::shared_ptr<Database> db);

    // Database::open() and a Store over it.
    [[nodiscard]] static Result<Store> open(const DatabaseConfig& config,
                                            Database::Clock clock = {});

    [[nodiscard]] Database& database() const { return *m_db; }
    [[nodiscard]] const std::shared_ptr<Database>& sharedDatabase() const { return m_db; }
    Result<void> transaction(const Database::Work& work) { return m_db->transaction(work); }

    [[nodiscard]] TenantRepository& tenants() { return m_tenants; }
    [[nodiscard]] ClientRepository& clients() { return m_clients; }
    [[nodiscard]] ResourceServerRepository& resourceServers() { return m_resourceServers; }
    [[nodiscard]] ClientGrantRepository& clientGrants() { return m_clientGrants; }
    [[nodiscard]] SigningKeyRepository& signingKeys() { return m_signingKeys; }
    [[nodiscard]] UserRepository& users() { return m_users; }
    [[nodiscard]] ChangeLog& changeLog() { return m_changeLog; }
    [[nodiscard]] InstanceSettings& settings() { return m_settings; }

    [[nodiscard]] const TenantRepository& tenants() const { return m_tenants; }
    [[nodiscard]] const ClientRepository& clients() const { return m_clients; }
    [[nodiscard]] const ResourceServerRepository& resourceServers() const {
        return m_resourceServers;
    }
    [[nodiscard]] const ClientGrantRepository& clientGrants() const { return m_clientGrants; }
    [[nodiscard]] const SigningKeyRepository& signingKeys() const { return m_signingKeys; }
    [[nodiscard]] const UserRepository& users() const { return m_users; }
    [[nodiscard]] const ChangeLog& changeLog() const { return m_changeLog; }
    [[nodiscard]] const InstanceSettings& settings() const { return m_settings; }

private:
    std::shared_ptr<Database> m_db;
    TenantRepository m_tenants;
    ClientRepository m_clients;
    ResourceServerRepository m_resourceServers;
    ClientGrantRepository m_clientGrants;
    SigningKeyRepository m_signingKeys;
    UserRepository m_users;
    ChangeLog m_changeLog;
    InstanceSettings m_settings;
};

} // namespace gatehouse::store
