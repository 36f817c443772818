#pragma once

// A real server for the Management API tests: SQLite store in a temporary directory, the real
// key service, provisioner and catalog, the real token and JWKS endpoints and ManagementApi on a
// real http::HttpServer on 127.0.0.1, and a QNetworkAccessManager client. Tests get tokens the
// way a client does (client credentials at /t/{tenant}/oauth/token) and call the API over HTTP.
//
// Tenants made by the constructor:
//   system  ES256  system_management_client: every Management API scope, tenants included
//   acme    RS256  admin: every scope of acme's Management API; reader: read:clients only
//   globex  ES256  admin: every scope of globex's Management API

#include "crypto/KeyPair.h"
#include "crypto/Sealer.h"
#include "http/HttpServer.h"
#include "http/Router.h"
#include "management/ManagementApi.h"
#include "monitoring/Metrics.h"
#include "oidc/AccessTokenVerifier.h"
#include "oidc/JwksEndpoint.h"
#include "oidc/SigningPool.h"
#include "oidc/TokenEndpoint.h"
#include "store/Store.h"
#include "tenancy/SigningKeyService.h"
#include "tenancy/TenantCatalog.h"
#include "tenancy/TenantProvisioner.h"
#include "tenancy/TenantResolver.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QTemporaryDir>

#include <atomic>
#include <memory>
#include <optional>
#include <ostream>

inline void PrintTo(const QString& value, std::ostream* os) {
    *os << '"' << value.toStdString() << '"';
}
inline void PrintTo(const QByteArray& value, std::ostream* os) {
    *os << '"' << value.toStdString() << '"';
}

namespace gatehouse::management::test {

inline constexpr const char* kSystemClient = "system_management_client";
inline constexpr const char* kSecret = "test-secret-0123456789-abcdefghij";

struct Reply {
    int status = 0;
    QByteArray body;
    QList<std::pair<QByteArray, QByteArray>> headers;

    [[nodiscard]] QByteArray header(QByteArrayView name) const;
    [[nodiscard]] QJsonObject object() const;
    [[nodiscard]] QJsonArray array() const;
    [[nodiscard]] QString error() const;       // "error" of an error body
    [[nodiscard]] QString description() const; // "error_description"
};

// For gtest messages: status and body.
std::ostream& operator<<(std::ostream& os, const Reply& reply);

// The reply is the API error `code` with `status`, and its description mentions `mention`.
void expectApiError(const Reply& reply, int status, const char* code, const char* mention);

class ManagementServer final {
public:
    explicit ManagementServer(const WriteGate* writeGate = nullptr);
    ~ManagementServer();

    [[nodiscard]] QString base() const;
    [[nodiscard]] QString issuer(const QString& tenant) const;
    [[nodiscard]] QString audience(const QString& tenant) const; // {issuer}api/v2/

    // `path` is relative to the tenant root ("/api/v2/clients"). A body object is sent as JSON.
    Reply call(const QByteArray& method, const QString& tenant, const QString& path,
               const QByteArray& token, const std::optional<QJsonObject>& body = std::nullopt);
    Reply callRaw(const QByteArray& method, const QString& url, const QByteArray& token,
                  const QByteArray& body, const QByteArray& contentType);

    // Client credentials at the tenant's token endpoint, for `audience` (default: its
    // Management API).
    Reply requestToken(const QString& tenant, const QString& clientId, const QString& secret,
                       const QString& audience = {});
    // An access token, or a failed expectation and an empty array.
    QByteArray token(const QString& tenant, const QString& clientId,
                     const QString& secret = QString::fromLatin1(kSecret),
                     const QString& audience = {});
    QByteArray adminToken(const QString& tenant); // "admin", or system_management_client
    QByteArray systemToken();

    // A confidential client with a grant on the tenant's Management API, straight in the store.
    void addClient(const QString& tenant, const QString& clientId, const QStringList& scopes);
    void provisionTenant(const QString& id, const QString& algorithm);

    // The key that signs the tenant's tokens now, unsealed, for crafting tokens.
    [[nodiscard]] std::pair<crypto::KeyPair, QByteArray> currentKey(const QString& tenant);
    [[nodiscard]] qint64 latestChange();

    [[nodiscard]] store::Store& store() { return *m_store; }
    [[nodiscard]] tenancy::TenantCatalog& catalog() { return *m_catalog; }
    [[nodiscard]] const crypto::Sealer& sealer() const { return m_sealer; }

private:
    void handle(http::HttpRequest request, http::Responder responder) const;
    Reply wait(class QNetworkReply* reply);

    QTemporaryDir m_dir;
    crypto::Sealer m_sealer;
    std::optional<store::Store> m_store;
    std::unique_ptr<http::HttpServer> m_server;
    std::unique_ptr<tenancy::SigningKeyService> m_keys;
    std::unique_ptr<tenancy::TenantProvisioner> m_provisioner;
    std::unique_ptr<tenancy::TenantCatalog> m_catalog;
    std::unique_ptr<tenancy::TenantResolver> m_resolver;
    oidc::AccessTokenVerifier m_verifier;
    monitoring::Metrics m_metrics;
    std::unique_ptr<oidc::SigningPool> m_pool;
    std::unique_ptr<oidc::TokenEndpoint> m_tokenEndpoint;
    std::unique_ptr<oidc::JwksEndpoint> m_jwks;
    std::unique_ptr<ManagementApi> m_api;
    http::Router m_router;
    std::atomic<bool> m_ready{false};
    QNetworkAccessManager m_network;
};

} // namespace gatehouse::management::test
