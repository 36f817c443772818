#pragma once

#include "support/ResultAssertions.h"

// Shared by the tenancy and oidc tests: a real SQLite store in a temporary directory, the real
// sealer, key service, provisioner and catalog, and a clock the test moves.

#include "crypto/Sealer.h"
#include "crypto/SecretHash.h"
#include "store/Store.h"
#include "tenancy/Clock.h"
#include "tenancy/IssuerPolicy.h"
#include "tenancy/SigningKeyService.h"
#include "tenancy/TenantCatalog.h"
#include "tenancy/TenantProvisioner.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QMutex>
#include <QMutexLocker>
#include <QTemporaryDir>
#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <ostream>

inline void PrintTo(const QString& value, std::ostream* os) {
    *os << '"' << value.toStdString() << '"';
}
inline void PrintTo(const QByteArray& value, std::ostream* os) {
    *os << '"' << value.toStdString() << '"';
}

namespace gatehouse::tenancy::test {

// A clock that stands still until the test moves it; callable from any thread.
class FakeClock final {
public:
    FakeClock()
        : m_state(std::make_shared<State>()) {
        m_state->now = QDateTime::currentDateTimeUtc();
    }

    [[nodiscard]] Clock clock() const {
        return [state = m_state] {
            QMutexLocker lock(&state->mutex);
            return state->now;
        };
    }
    [[nodiscard]] QDateTime now() const { return clock()(); }
    void advance(qint64 seconds) {
        QMutexLocker lock(&m_state->mutex);
        m_state->now = m_state->now.addSecs(seconds);
    }

private:
    struct State {
        QMutex mutex;
        QDateTime now;
    };
    std::shared_ptr<State> m_state;
};

inline const QString kPublicBaseUrl = QStringLiteral("https://localhost:8443");
inline const QString kDomain = QStringLiteral("example.com");

class TenancyEnvironment {
    // First, so that it is removed after everything that holds the database open.
    QTemporaryDir m_directory;

public:
    TenancyEnvironment()
        : m_sealer(crypto::Sealer::generateKey()) {
        policy = IssuerPolicy{kPublicBaseUrl, kDomain};
        Result<store::Store> opened = store::Store::open(
            store::DatabaseConfig::sqlite(m_directory.filePath(QStringLiteral("gatehouse.db"))),
            clock.clock());
        if (!opened) {
            ADD_FAILURE() << opened.error().toString().toStdString();
            return;
        }
        m_store.emplace(std::move(opened).value());
        keys = std::make_unique<SigningKeyService>(*m_store, m_sealer, clock.clock());
        provisioner = std::make_unique<TenantProvisioner>(*m_store, *keys);
        catalog = std::make_unique<TenantCatalog>(*m_store, m_sealer, policy);
    }
    virtual ~TenancyEnvironment() = default;

    [[nodiscard]] store::Store& store() { return *m_store; }
    [[nodiscard]] const crypto::Sealer& sealer() const { return m_sealer; }

    store::TenantRecord createTenant(const QString& id,
                                     const QString& algorithm = QStringLiteral("ES256"),
                                     const QString& customDomain = {}) {
        store::TenantRecord tenant;
        tenant.id = id;
        tenant.displayName = id;
        tenant.domain = customDomain;
        tenant.signingAlgorithm = algorithm;
        Result<store::TenantRecord> created = provisioner->create(
            tenant, id == kSystemTenantId ? SystemTenantId::Allow : SystemTenantId::Refuse);
        EXPECT_TRUE(created.ok()) << created.error().toString().toStdString();
        return created ? *created : tenant;
    }

    void addClient(const QString& tenant, const QString& clientId, const QByteArray& secret,
                   const QStringList& grantTypes = {QStringLiteral("client_credentials")}) {
        store::ClientRecord client;
        client.tenant = tenant;
        client.clientId = clientId;
        client.name = clientId;
        client.appType = QStringLiteral("non_interactive");
        client.secretHash = crypto::SecretHash::hash(secret);
        client.grantTypes = grantTypes;
        auto created = m_store->clients().create(client);
        EXPECT_TRUE(created.ok()) << created.error().toString().toStdString();
    }

    // A client that logs users in: `appType` regular_web (confidential, with `secret`), spa or
    // native (public: no secret), allowed the code and refresh grants.
    void addLoginClient(const QString& tenant, const QString& clientId, const QString& appType,
                        const QStringList& callbacks, const QByteArray& secret = {},
                        const QStringList& grantTypes = {QStringLiteral("authorization_code"),
                                                         QStringLiteral("refresh_token")}) {
        store::ClientRecord client;
        client.tenant = tenant;
        client.clientId = clientId;
        client.name = clientId;
        client.appType = appType;
        if (!secret.isEmpty())
            client.secretHash = crypto::SecretHash::hash(secret);
        client.grantTypes = grantTypes;
        client.callbacks = callbacks;
        auto created = m_store->clients().create(client);
        EXPECT_TRUE(created.ok()) << created.error().toString().toStdString();
    }

    void addApi(const QString& tenant, const QString& identifier, const QStringList& scopes,
                int lifetimeSeconds = 3600) {
        store::ResourceServerRecord api;
        api.tenant = tenant;
        api.name = identifier;
        api.identifier = identifier;
        api.tokenLifetimeSeconds = lifetimeSeconds;
        for (const QString& scope : scopes)
            api.scopes.append(QJsonObject{{QStringLiteral("value"), scope}});
        auto created = m_store->resourceServers().create(api);
        EXPECT_TRUE(created.ok()) << created.error().toString().toStdString();
    }

    void addGrant(const QString& tenant, const QString& clientId, const QString& audience,
                  const QStringList& scopes) {
        store::ClientGrantRecord grant;
        grant.tenant = tenant;
        grant.clientId = clientId;
        grant.audience = audience;
        grant.scope = scopes;
        auto created = m_store->clientGrants().create(grant);
        EXPECT_TRUE(created.ok()) << created.error().toString().toStdString();
    }

    void refresh() {
        Result<void> refreshed = catalog->refresh();
        EXPECT_TRUE(refreshed.ok()) << refreshed.error().toString().toStdString();
    }

    [[nodiscard]] std::shared_ptr<const TenantSnapshot> snapshot(const QString& tenant) const {
        return catalog->find(tenant);
    }

    FakeClock clock;
    IssuerPolicy policy;
    std::unique_ptr<SigningKeyService> keys;
    std::unique_ptr<TenantProvisioner> provisioner;
    std::unique_ptr<TenantCatalog> catalog;

private:
    crypto::Sealer m_sealer;
    std::optional<store::Store> m_store;
};

} // namespace gatehouse::tenancy::test
