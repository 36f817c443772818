#pragma once

#include "core/Result.h"
#include "store/AdministratorRepository.h"
#include "store/AttackCounterRepository.h"
#include "store/AuthorizationCodeRepository.h"
#include "store/ChangeLog.h"
#include "store/ClientGrantRepository.h"
#include "store/ClientRepository.h"
#include "store/ConnectionRepository.h"
#include "store/Database.h"
#include "store/GrantRepository.h"
#include "store/IdentityRepository.h"
#include "store/InstanceSettings.h"
#include "store/LoginSessionRepository.h"
#include "store/PasswordResetRepository.h"
#include "store/RefreshTokenRepository.h"
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
    [[nodiscard]] ConnectionRepository& connections() { return m_connections; }
    [[nodiscard]] IdentityRepository& identities() { return m_identities; }
    [[nodiscard]] LoginSessionRepository& loginSessions() { return m_loginSessions; }
    [[nodiscard]] AuthorizationCodeRepository& authorizationCodes() { return m_authorizationCodes; }
    [[nodiscard]] GrantRepository& grants() { return m_grants; }
    [[nodiscard]] RefreshTokenRepository& refreshTokens() { return m_refreshTokens; }
    [[nodiscard]] AttackCounterRepository& attackCounters() { return m_attackCounters; }
    [[nodiscard]] PasswordResetRepository& passwordResets() { return m_passwordResets; }
    [[nodiscard]] ChangeLog& changeLog() { return m_changeLog; }
    [[nodiscard]] InstanceSettings& settings() { return m_settings; }
    [[nodiscard]] AdministratorRepository& administrators() { return m_administrators; }

    [[nodiscard]] const TenantRepository& tenants() const { return m_tenants; }
    [[nodiscard]] const ClientRepository& clients() const { return m_clients; }
    [[nodiscard]] const ResourceServerRepository& resourceServers() const {
        return m_resourceServers;
    }
    [[nodiscard]] const ClientGrantRepository& clientGrants() const { return m_clientGrants; }
    [[nodiscard]] const SigningKeyRepository& signingKeys() const { return m_signingKeys; }
    [[nodiscard]] const UserRepository& users() const { return m_users; }
    [[nodiscard]] const ConnectionRepository& connections() const { return m_connections; }
    [[nodiscard]] const IdentityRepository& identities() const { return m_identities; }
    [[nodiscard]] const LoginSessionRepository& loginSessions() const { return m_loginSessions; }
    [[nodiscard]] const AuthorizationCodeRepository& authorizationCodes() const {
        return m_authorizationCodes;
    }
    [[nodiscard]] const GrantRepository& grants() const { return m_grants; }
    [[nodiscard]] const RefreshTokenRepository& refreshTokens() const { return m_refreshTokens; }
    [[nodiscard]] const AttackCounterRepository& attackCounters() const { return m_attackCounters; }
    [[nodiscard]] const PasswordResetRepository& passwordResets() const { return m_passwordResets; }
    [[nodiscard]] const ChangeLog& changeLog() const { return m_changeLog; }
    [[nodiscard]] const InstanceSettings& settings() const { return m_settings; }
    [[nodiscard]] const AdministratorRepository& administrators() const { return m_administrators; }

private:
    std::shared_ptr<Database> m_db;
    TenantRepository m_tenants;
    ClientRepository m_clients;
    ResourceServerRepository m_resourceServers;
    ClientGrantRepository m_clientGrants;
    SigningKeyRepository m_signingKeys;
    UserRepository m_users;
    ConnectionRepository m_connections;
    IdentityRepository m_identities;
    LoginSessionRepository m_loginSessions;
    AuthorizationCodeRepository m_authorizationCodes;
    GrantRepository m_grants;
    RefreshTokenRepository m_refreshTokens;
    AttackCounterRepository m_attackCounters;
    PasswordResetRepository m_passwordResets;
    ChangeLog m_changeLog;
    InstanceSettings m_settings;
    AdministratorRepository m_administrators;
};

} // namespace gatehouse::store
