// SECURITY.md "Management API" on the live server: secrets shown once, scopes enforced, other
// tenants' objects invisible, bodies checked field by field, failed writes leave nothing behind.
#include "GatehousedProcess.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <gtest/gtest.h>

namespace gatehouse::integration {
namespace {

constexpr char kApi[] = "https://inventory.example/";

class ManagementApi : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_TRUE(m_server.init());
        m_server.setEnvironment(QStringLiteral("GATEHOUSE_LOG_ACCESS_LOG"), QStringLiteral("off"));
        ASSERT_TRUE(m_server.start());
        m_tenant = m_server.tenant();
        m_token = m_server.managementToken();
        ASSERT_FALSE(m_token.isEmpty());
    }

    void TearDown() override {
        if (m_server.isRunning()) {
            EXPECT_EQ(m_server.stop(), 0) << str(m_server.standardError());
        }
    }

    Reply api(const QByteArray& method, const QString& path, const QJsonObject& body = {}) {
        return m_server.management(method, m_tenant, path, m_token, body);
    }

    QJsonArray list(const QString& path, const QString& tenant = {}, const QString& token = {}) {
        const Reply reply = m_server.management("GET", tenant.isEmpty() ? m_tenant : tenant, path,
                                                token.isEmpty() ? m_token : token);
        EXPECT_EQ(reply.status, 200) << reply.describe();
        return reply.jsonArray();
    }

    QJsonObject createClient(const QString& name, const QString& tenant = {},
                             const QString& token = {}) {
        const Reply reply =
            m_server.management("POST", tenant.isEmpty() ? m_tenant : tenant,
                                QStringLiteral("clients"), token.isEmpty() ? m_token : token,
                                {{QStringLiteral("name"), name},
                                 {QStringLiteral("app_type"), QStringLiteral("non_interactive")}});
        EXPECT_EQ(reply.status, 201) << reply.describe();
        return reply.json();
    }

    // An API with one scope and a grant of it to `clientId`, so that the client can get tokens.
    void grantApi(const QString& clientId) {
        if (!m_apiCreated) {
            const Reply server = api("POST", QStringLiteral("resource-servers"),
                                     {{QStringLiteral("name"), QStringLiteral("Inventory")},
                                      {QStringLiteral("identifier"), QLatin1String(kApi)},
                                      {QStringLiteral("scopes"),
                                       QJsonArray{QJsonObject{{QStringLiteral("value"),
                                                               QStringLiteral("read:stock")}}}}});
            ASSERT_EQ(server.status, 201) << server.describe();
            m_apiCreated = true;
        }
        const Reply grant =
            api("POST", QStringLiteral("client-grants"),
                {{QStringLiteral("client_id"), clientId},
                 {QStringLiteral("audience"), QLatin1String(kApi)},
                 {QStringLiteral("scope"), QJsonArray{QStringLiteral("read:stock")}}});
        ASSERT_EQ(grant.status, 201) << grant.describe();
    }

    static void expectError(const Reply& reply, int status, const char* code) {
        EXPECT_EQ(reply.status, status) << reply.describe();
        EXPECT_TRUE(reply.isJsonError()) << reply.describe();
        if (code != nullptr) {
            EXPECT_EQ(reply.errorCode(), QLatin1String(code)) << reply.describe();
        }
    }

    GatehousedProcess m_server;
    QString m_tenant;
    QString m_token;
    bool m_apiCreated = false;
};

TEST_F(ManagementApi, ClientSecretIsShownOnlyAtCreation) {
    const QJsonObject created = createClient(QStringLiteral("billing"));
    const QString id = created.value(QStringLiteral("client_id")).toString();
    const QString secret = created.value(QStringLiteral("client_secret")).toString();
    ASSERT_FALSE(id.isEmpty());
    EXPECT_GE(secret.size(), 43) << "256-bit secrets are 43 base64url characters";

    const Reply one = api("GET", QStringLiteral("clients/") + id);
    ASSERT_EQ(one.status, 200) << one.describe();
    EXPECT_FALSE(one.json().contains(QStringLiteral("client_secret"))) << one.describe();
    EXPECT_FALSE(one.body.contains(secret.toLatin1()));
    EXPECT_EQ(one.header("Cache-Control"), "no-store");

    const Reply all = api("GET", QStringLiteral("clients"));
    ASSERT_EQ(all.status, 200) << all.describe();
    for (const QJsonValue& client : all.jsonArray())
        EXPECT_FALSE(client.toObject().contains(QStringLiteral("client_secret"))) << all.describe();
    EXPECT_FALSE(all.body.contains(secret.toLatin1()));

    const Reply patched = api("PATCH", QStringLiteral("clients/") + id,
                              {{QStringLiteral("description"), QStringLiteral("pays")}});
    ASSERT_EQ(patched.status, 200) << patched.describe();
    EXPECT_FALSE(patched.json().contains(QStringLiteral("client_secret"))) << patched.describe();

    // The secret shown once is the one that works.
    grantApi(id);
    const ClientCredentials client{id, secret, QLatin1String(kApi)};
    EXPECT_EQ(m_server.requestToken(m_tenant, client, QLatin1String(kApi)).status, 200);
}

TEST_F(ManagementApi, RotateSecretRetiresTheOldOne) {
    const QJsonObject created = createClient(QStringLiteral("rotating"));
    const QString id = created.value(QStringLiteral("client_id")).toString();
    const ClientCredentials before{id, created.value(QStringLiteral("client_secret")).toString(),
                                   QLatin1String(kApi)};
    grantApi(id);
    ASSERT_EQ(m_server.requestToken(m_tenant, before, QLatin1String(kApi)).status, 200);

    const Reply rotated =
        api("POST", QStringLiteral("clients/") + id + QStringLiteral("/rotate-secret"));
    ASSERT_EQ(rotated.status, 200) << rotated.describe();
    const ClientCredentials after{
        id, rotated.json().value(QStringLiteral("client_secret")).toString(), QLatin1String(kApi)};
    ASSERT_FALSE(after.clientSecret.isEmpty());
    EXPECT_NE(after.clientSecret, before.clientSecret);

    const Reply old = m_server.requestToken(m_tenant, before, QLatin1String(kApi));
    expectError(old, 401, "invalid_client");
    EXPECT_EQ(m_server.requestToken(m_tenant, after, QLatin1String(kApi)).status, 200);
    EXPECT_FALSE(api("GET", QStringLiteral("clients/") + id)
                     .json()
                     .contains(QStringLiteral("client_secret")));
}

TEST_F(ManagementApi, InsufficientScopeIs403) {
    const QString audience = m_server.managementAudience(m_tenant);
    const QJsonObject reader = createClient(QStringLiteral("reader"));
    const QString readerId = reader.value(QStringLiteral("client_id")).toString();
    const Reply grant =
        api("POST", QStringLiteral("client-grants"),
            {{QStringLiteral("client_id"), readerId},
             {QStringLiteral("audience"), audience},
             {QStringLiteral("scope"), QJsonArray{QStringLiteral("read:clients")}}});
    ASSERT_EQ(grant.status, 201) << grant.describe();
    const QString readerToken = m_server.token(
        m_tenant, {readerId, reader.value(QStringLiteral("client_secret")).toString(), audience},
        audience);
    ASSERT_FALSE(readerToken.isEmpty());

    const auto as = [&](const QByteArray& method, const QString& path,
                        const QJsonObject& body = {}) {
        return m_server.management(method, m_tenant, path, readerToken, body);
    };
    EXPECT_EQ(as("GET", QStringLiteral("clients")).status, 200);
    EXPECT_EQ(as("GET", QStringLiteral("clients/") + readerId).status, 200);

    const Reply create =
        as("POST", QStringLiteral("clients"), {{QStringLiteral("name"), QStringLiteral("sneaky")}});
    expectError(create, 403, "insufficient_scope");
    EXPECT_TRUE(create.header("WWW-Authenticate").contains("scope=\"create:clients\""))
        << create.describe();
    expectError(as("PATCH", QStringLiteral("clients/") + readerId,
                   {{QStringLiteral("name"), QStringLiteral("x")}}),
                403, "insufficient_scope");
    expectError(as("DELETE", QStringLiteral("clients/") + readerId), 403, "insufficient_scope");
    expectError(
        as("POST", QStringLiteral("clients/") + readerId + QStringLiteral("/rotate-secret")), 403,
        "insufficient_scope");
    expectError(as("GET", QStringLiteral("resource-servers")), 403, "insufficient_scope");
    expectError(as("POST", QStringLiteral("keys/signing/rotate")), 403, "insufficient_scope");
    expectError(as("PATCH", QStringLiteral("tenants/settings"),
                   {{QStringLiteral("friendly_name"), QStringLiteral("x")}}),
                403, "insufficient_scope");

    // Nothing changed: still one "sneaky"-free list, the reader keeps its name.
    for (const QJsonValue& client : list(QStringLiteral("clients")))
        EXPECT_NE(client.toObject().value(QStringLiteral("name")).toString(),
                  QStringLiteral("sneaky"));
    EXPECT_EQ(api("GET", QStringLiteral("clients/") + readerId)
                  .json()
                  .value(QStringLiteral("name"))
                  .toString(),
              QStringLiteral("reader"));
    // A tenant's token, however broad, is no system token.
    EXPECT_EQ(
        m_server.management("GET", QStringLiteral("system"), QStringLiteral("tenants"), m_token)
            .status,
        401);
    EXPECT_EQ(api("GET", QStringLiteral("tenants")).status, 404)
        << "the tenants API exists only in the system tenant";
}

TEST_F(ManagementApi, OtherTenantsObjectsAre404) {
    const QString systemToken = m_server.systemToken();
    ASSERT_FALSE(systemToken.isEmpty());
    const Reply tenant =
        m_server.management("POST", QStringLiteral("system"), QStringLiteral("tenants"),
                            systemToken, {{QStringLiteral("id"), QStringLiteral("neighbour")}});
    ASSERT_EQ(tenant.status, 201) << tenant.describe();
    const QString otherId =
        createClient(QStringLiteral("their-app"), QStringLiteral("neighbour"), systemToken)
            .value(QStringLiteral("client_id"))
            .toString();
    ASSERT_FALSE(otherId.isEmpty());
    const Reply otherApi = m_server.management(
        "POST", QStringLiteral("neighbour"), QStringLiteral("resource-servers"), systemToken,
        {{QStringLiteral("name"), QStringLiteral("Theirs")},
         {QStringLiteral("identifier"), QStringLiteral("https://theirs.example/")}});
    ASSERT_EQ(otherApi.status, 201) << otherApi.describe();
    const QString otherApiId = otherApi.json().value(QStringLiteral("id")).toString();
    const Reply otherGrant = m_server.management(
        "POST", QStringLiteral("neighbour"), QStringLiteral("client-grants"), systemToken,
        {{QStringLiteral("client_id"), otherId},
         {QStringLiteral("audience"), QStringLiteral("https://theirs.example/")},
         {QStringLiteral("scope"), QJsonArray{}}});
    ASSERT_EQ(otherGrant.status, 201) << otherGrant.describe();
    const QString otherGrantId = otherGrant.json().value(QStringLiteral("id")).toString();

    const Reply missing = api("GET", QStringLiteral("clients/does-not-exist"));
    expectError(missing, 404, nullptr);
    const Reply foreign = api("GET", QStringLiteral("clients/") + otherId);
    expectError(foreign, 404, nullptr);
    EXPECT_EQ(foreign.errorCode(), missing.errorCode());
    expectError(api("PATCH", QStringLiteral("clients/") + otherId,
                    {{QStringLiteral("name"), QStringLiteral("mine now")}}),
                404, nullptr);
    expectError(
        api("POST", QStringLiteral("clients/") + otherId + QStringLiteral("/rotate-secret")), 404,
        nullptr);
    expectError(api("DELETE", QStringLiteral("clients/") + otherId), 404, nullptr);
    expectError(api("GET", QStringLiteral("resource-servers/") + otherApiId), 404, nullptr);
    expectError(api("DELETE", QStringLiteral("resource-servers/") + otherApiId), 404, nullptr);
    expectError(api("GET", QStringLiteral("client-grants/") + otherGrantId), 404, nullptr);
    expectError(api("DELETE", QStringLiteral("client-grants/") + otherGrantId), 404, nullptr);
    // A grant in this tenant for that client: the client is unknown here.
    expectError(api("POST", QStringLiteral("client-grants"),
                    {{QStringLiteral("client_id"), otherId},
                     {QStringLiteral("audience"), m_server.managementAudience(m_tenant)},
                     {QStringLiteral("scope"), QJsonArray{QStringLiteral("read:clients")}}}),
                404, nullptr);
    // Lists show only this tenant's objects.
    for (const QJsonValue& client : list(QStringLiteral("clients")))
        EXPECT_NE(client.toObject().value(QStringLiteral("client_id")).toString(), otherId);

    // All of it is still there, untouched, for its own tenant.
    const Reply theirs = m_server.management("GET", QStringLiteral("neighbour"),
                                             QStringLiteral("clients/") + otherId, systemToken);
    ASSERT_EQ(theirs.status, 200) << theirs.describe();
    EXPECT_EQ(theirs.json().value(QStringLiteral("name")).toString(), QStringLiteral("their-app"));
    EXPECT_EQ(m_server
                  .management("GET", QStringLiteral("neighbour"),
                              QStringLiteral("client-grants/") + otherGrantId, systemToken)
                  .status,
              200);
}

TEST_F(ManagementApi, UnknownFieldIs400NamingIt) {
    const Reply create = api("POST", QStringLiteral("clients"),
                             {{QStringLiteral("name"), QStringLiteral("typo")},
                              {QStringLiteral("nmae"), QStringLiteral("x")}});
    expectError(create, 400, "invalid_body");
    EXPECT_TRUE(create.errorDescription().contains(QLatin1String("nmae"))) << create.describe();

    const QString id =
        createClient(QStringLiteral("patched")).value(QStringLiteral("client_id")).toString();
    const Reply patch = api("PATCH", QStringLiteral("clients/") + id,
                            {{QStringLiteral("client_secret"), QStringLiteral("chosen")}});
    expectError(patch, 400, "invalid_body");
    EXPECT_TRUE(patch.errorDescription().contains(QLatin1String("client_secret")))
        << patch.describe();

    const Reply nested =
        api("POST", QStringLiteral("resource-servers"),
            {{QStringLiteral("name"), QStringLiteral("N")},
             {QStringLiteral("identifier"), QStringLiteral("https://nested.example/")},
             {QStringLiteral("scopes"),
              QJsonArray{QJsonObject{{QStringLiteral("value"), QStringLiteral("a")},
                                     {QStringLiteral("colour"), QStringLiteral("red")}}}}});
    expectError(nested, 400, "invalid_body");
    EXPECT_TRUE(nested.errorDescription().contains(QLatin1String("colour"))) << nested.describe();

    const Reply wrongType = api("POST", QStringLiteral("clients"), {{QStringLiteral("name"), 42}});
    expectError(wrongType, 400, "invalid_body");
    EXPECT_TRUE(wrongType.errorDescription().contains(QLatin1String("name")))
        << wrongType.describe();

    const Reply notJson = m_server.call(
        "POST", "/t/" + m_tenant.toUtf8() + "/api/v2/clients",
        {{"Authorization", bearer(m_token)}, {"Content-Type", "application/json"}}, "{\"name\": ");
    expectError(notJson, 400, "invalid_body");
    EXPECT_EQ(
        api("GET", QStringLiteral("clients/") + id).json().value(QStringLiteral("name")).toString(),
        QStringLiteral("patched"));
}

TEST_F(ManagementApi, FailedWritesLeaveNothingBehind) {
    const QJsonArray clientsBefore = list(QStringLiteral("clients"));
    const QJsonArray serversBefore = list(QStringLiteral("resource-servers"));
    const QJsonArray grantsBefore = list(QStringLiteral("client-grants"));

    expectError(
        api("POST", QStringLiteral("clients"),
            {{QStringLiteral("name"), QStringLiteral("bad-callback")},
             {QStringLiteral("callbacks"), QJsonArray{QStringLiteral("https://ok.example/cb"),
                                                      QStringLiteral("https://*.example/cb")}}}),
        400, nullptr);
    expectError(
        api("POST", QStringLiteral("clients"),
            {{QStringLiteral("name"), QStringLiteral("public-with-cc")},
             {QStringLiteral("app_type"), QStringLiteral("spa")},
             {QStringLiteral("grant_types"), QJsonArray{QStringLiteral("client_credentials")}}}),
        400, nullptr);
    expectError(api("POST", QStringLiteral("resource-servers"),
                    {{QStringLiteral("name"), QStringLiteral("Twice")},
                     {QStringLiteral("identifier"), QStringLiteral("https://twice.example/")},
                     {QStringLiteral("scopes"),
                      QJsonArray{QJsonObject{{QStringLiteral("value"), QStringLiteral("a")}},
                                 QJsonObject{{QStringLiteral("value"), QStringLiteral("a")}}}}}),
                400, nullptr);
    const QString id =
        createClient(QStringLiteral("granted")).value(QStringLiteral("client_id")).toString();
    expectError(api("POST", QStringLiteral("client-grants"),
                    {{QStringLiteral("client_id"), id},
                     {QStringLiteral("audience"), m_server.managementAudience(m_tenant)},
                     {QStringLiteral("scope"), QJsonArray{QStringLiteral("read:clients"),
                                                          QStringLiteral("launch:rockets")}}}),
                400, nullptr);

    QJsonArray clientsAfter = list(QStringLiteral("clients"));
    EXPECT_EQ(clientsAfter.size(), clientsBefore.size() + 1) << "only the good client was added";
    EXPECT_EQ(list(QStringLiteral("resource-servers")), serversBefore);
    EXPECT_EQ(list(QStringLiteral("client-grants")), grantsBefore);

    // A tenant whose creation fails on a conflict half way (its domain is taken) leaves no trace:
    // not listed, not reachable, and its id is free for a correct attempt.
    const QString systemToken = m_server.systemToken();
    ASSERT_FALSE(systemToken.isEmpty());
    const auto system = [&](const QByteArray& method, const QString& path,
                            const QJsonObject& body = {}) {
        return m_server.management(method, QStringLiteral("system"), path, systemToken, body);
    };
    ASSERT_EQ(system("POST", QStringLiteral("tenants"),
                     {{QStringLiteral("id"), QStringLiteral("first")},
                      {QStringLiteral("domain"), QStringLiteral("shared.example")}})
                  .status,
              201);
    const QJsonArray tenantsBefore = system("GET", QStringLiteral("tenants")).jsonArray();
    const Reply conflict = system("POST", QStringLiteral("tenants"),
                                  {{QStringLiteral("id"), QStringLiteral("second")},
                                   {QStringLiteral("domain"), QStringLiteral("shared.example")},
                                   {QStringLiteral("signing_alg"), QStringLiteral("EdDSA")}});
    expectError(conflict, 409, nullptr);
    EXPECT_TRUE(conflict.errorDescription().contains(QLatin1String("domain")))
        << conflict.describe();
    EXPECT_EQ(system("GET", QStringLiteral("tenants")).jsonArray(), tenantsBefore);
    EXPECT_EQ(system("GET", QStringLiteral("tenants/second")).status, 404);
    EXPECT_EQ(m_server.get("/t/second/.well-known/jwks.json").status, 404);
    const Reply retry = system("POST", QStringLiteral("tenants"),
                               {{QStringLiteral("id"), QStringLiteral("second")}});
    EXPECT_EQ(retry.status, 201) << retry.describe();
    EXPECT_EQ(m_server.get("/t/second/.well-known/jwks.json").status, 200);

    expectError(system("POST", QStringLiteral("tenants"),
                       {{QStringLiteral("id"), QStringLiteral("second")}}),
                409, nullptr);
    expectError(system("DELETE", QStringLiteral("tenants/system")), 403, nullptr);
}

TEST_F(ManagementApi, RevokedKeyStopsItsTokens) {
    const auto kidOf = [](const QString& token) {
        const QList<QByteArray> parts = token.toLatin1().split('.');
        const QJsonObject header =
            QJsonDocument::fromJson(
                QByteArray::fromBase64(parts.value(0), QByteArray::Base64UrlEncoding))
                .object();
        return header.value(QStringLiteral("kid")).toString();
    };
    const QString oldToken = m_token;
    const QString oldKid = kidOf(oldToken);
    ASSERT_FALSE(oldKid.isEmpty());
    const Reply rotated = api("POST", QStringLiteral("keys/signing/rotate"));
    ASSERT_EQ(rotated.status, 201) << rotated.describe();
    const QString newToken = m_server.managementToken();
    ASSERT_FALSE(newToken.isEmpty());
    ASSERT_NE(kidOf(newToken), oldKid);
    // Rotation alone keeps the old key trusted...
    EXPECT_EQ(m_server.management("GET", m_tenant, QStringLiteral("clients"), oldToken).status,
              200);
    // ...the current key cannot be revoked...
    expectError(m_server.management("PUT", m_tenant,
                                    QStringLiteral("keys/signing/") + kidOf(newToken) +
                                        QStringLiteral("/revoke"),
                                    newToken),
                400, nullptr);
    // ...and a revoked one is trusted nowhere at once.
    const Reply revoked = m_server.management(
        "PUT", m_tenant, QStringLiteral("keys/signing/") + oldKid + QStringLiteral("/revoke"),
        newToken);
    ASSERT_EQ(revoked.status, 200) << revoked.describe();
    const Reply refused = m_server.management("GET", m_tenant, QStringLiteral("clients"), oldToken);
    expectError(refused, 401, nullptr);
    EXPECT_FALSE(m_server.get("/t/" + m_tenant.toUtf8() + "/.well-known/jwks.json")
                     .body.contains(oldKid.toLatin1()))
        << "a revoked key is still published";
    EXPECT_EQ(m_server.management("GET", m_tenant, QStringLiteral("clients"), newToken).status,
              200);
}

TEST_F(ManagementApi, GrantAndClientChangesApplyToTheNextTokenRequest) {
    const QJsonObject created = createClient(QStringLiteral("changing"));
    const ClientCredentials client{created.value(QStringLiteral("client_id")).toString(),
                                   created.value(QStringLiteral("client_secret")).toString(),
                                   QLatin1String(kApi)};
    const Reply server =
        api("POST", QStringLiteral("resource-servers"),
            {{QStringLiteral("name"), QStringLiteral("Inventory")},
             {QStringLiteral("identifier"), QLatin1String(kApi)},
             {QStringLiteral("scopes"),
              QJsonArray{QJsonObject{{QStringLiteral("value"), QStringLiteral("read:stock")}},
                         QJsonObject{{QStringLiteral("value"), QStringLiteral("write:stock")}}}}});
    ASSERT_EQ(server.status, 201) << server.describe();
    const Reply grant = api("POST", QStringLiteral("client-grants"),
                            {{QStringLiteral("client_id"), client.clientId},
                             {QStringLiteral("audience"), QLatin1String(kApi)},
                             {QStringLiteral("scope"), QJsonArray{QStringLiteral("read:stock")}}});
    ASSERT_EQ(grant.status, 201) << grant.describe();
    const QString grantId = grant.json().value(QStringLiteral("id")).toString();
    const auto scopeOfNextToken = [&] {
        const Reply reply = m_server.requestToken(m_tenant, client, QLatin1String(kApi));
        return reply.status == 200 ? reply.json().value(QStringLiteral("scope")).toString()
                                   : QStringLiteral("status %1").arg(reply.status);
    };
    EXPECT_EQ(scopeOfNextToken(), QStringLiteral("read:stock"));

    ASSERT_EQ(api("PATCH", QStringLiteral("client-grants/") + grantId,
                  {{QStringLiteral("scope"),
                    QJsonArray{QStringLiteral("read:stock"), QStringLiteral("write:stock")}}})
                  .status,
              200);
    EXPECT_EQ(scopeOfNextToken(), QStringLiteral("read:stock write:stock"));

    ASSERT_EQ(api("DELETE", QStringLiteral("client-grants/") + grantId).status, 204);
    expectError(m_server.requestToken(m_tenant, client, QLatin1String(kApi)), 403, "access_denied");

    ASSERT_EQ(api("DELETE", QStringLiteral("clients/") + client.clientId).status, 204);
    expectError(m_server.requestToken(m_tenant, client, QLatin1String(kApi)), 401,
                "invalid_client");
}

TEST_F(ManagementApi, TokenForAnotherApiIsNoManagementToken) {
    const QJsonObject created = createClient(QStringLiteral("api-user"));
    const QString id = created.value(QStringLiteral("client_id")).toString();
    grantApi(id);
    const QString apiToken = m_server.token(
        m_tenant,
        {id, created.value(QStringLiteral("client_secret")).toString(), QLatin1String(kApi)},
        QLatin1String(kApi));
    ASSERT_FALSE(apiToken.isEmpty());
    const Reply reply = m_server.management("GET", m_tenant, QStringLiteral("clients"), apiToken);
    expectError(reply, 401, nullptr);
    EXPECT_TRUE(reply.header("WWW-Authenticate").startsWith("Bearer")) << reply.describe();
}

TEST_F(ManagementApi, RecreatedTenantDoesNotAcceptTheOldTenantsTokens) {
    const QString systemToken = m_server.systemToken();
    ASSERT_FALSE(systemToken.isEmpty());
    const auto system = [&](const QByteArray& method, const QString& path,
                            const QJsonObject& body = {}) {
        return m_server.management(method, QStringLiteral("system"), path, systemToken, body);
    };
    const QString phoenix = QStringLiteral("phoenix");
    ASSERT_EQ(system("POST", QStringLiteral("tenants"), {{QStringLiteral("id"), phoenix}}).status,
              201);
    const QString audience = m_server.managementAudience(phoenix);
    // A client of the tenant with a grant of the tenant's own Management API.
    const QJsonObject created = createClient(QStringLiteral("admin-bot"), phoenix, systemToken);
    const ClientCredentials client{created.value(QStringLiteral("client_id")).toString(),
                                   created.value(QStringLiteral("client_secret")).toString(),
                                   audience};
    const Reply grant = m_server.management(
        "POST", phoenix, QStringLiteral("client-grants"), systemToken,
        {{QStringLiteral("client_id"), client.clientId},
         {QStringLiteral("audience"), audience},
         {QStringLiteral("scope"), QJsonArray{QStringLiteral("read:clients")}}});
    ASSERT_EQ(grant.status, 201) << grant.describe();
    const QString oldToken = m_server.token(phoenix, client, audience);
    ASSERT_FALSE(oldToken.isEmpty());
    ASSERT_EQ(m_server.management("GET", phoenix, QStringLiteral("clients"), oldToken).status, 200);

    ASSERT_EQ(system("DELETE", QStringLiteral("tenants/") + phoenix).status, 204);
    EXPECT_EQ(m_server.management("GET", phoenix, QStringLiteral("clients"), oldToken).status, 404);
    EXPECT_EQ(m_server.requestToken(phoenix, client, audience).status, 404);
    EXPECT_EQ(m_server.get("/t/phoenix/.well-known/jwks.json").status, 404);

    // Same name, new tenant: nothing of the old one is valid in it.
    ASSERT_EQ(system("POST", QStringLiteral("tenants"), {{QStringLiteral("id"), phoenix}}).status,
              201);
    const Reply reborn = m_server.management("GET", phoenix, QStringLiteral("clients"), oldToken);
    expectError(reborn, 401, nullptr);
    EXPECT_EQ(m_server.requestToken(phoenix, client, audience).status, 401);
}

} // namespace
} // namespace gatehouse::integration
