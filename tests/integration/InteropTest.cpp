// Interoperability: tokens from gatehoused verify with an independent JWT implementation (PyJWT
// on Debian's python3) against the live JWKS, for every signing algorithm, and across a key
// rotation (old tokens keep verifying, new ones carry the new kid).
#include "GatehousedProcess.h"
#include "TokenTools.h"

#include <QJsonArray>

#include <gtest/gtest.h>

namespace gatehouse::integration {
namespace {

constexpr char kApi[] = "https://orders.example/";

class Interop : public ::testing::TestWithParam<const char*> {
protected:
    void SetUp() override {
        ASSERT_TRUE(m_server.init());
        m_server.setEnvironment(QStringLiteral("GATEHOUSE_LOG_ACCESS_LOG"), QStringLiteral("off"));
        ASSERT_TRUE(m_server.start());
        m_systemToken = m_server.systemToken();
        ASSERT_FALSE(m_systemToken.isEmpty());
    }

    void TearDown() override {
        if (m_server.isRunning()) {
            EXPECT_EQ(m_server.stop(), 0) << str(m_server.standardError());
        }
    }

    // A tenant signing with `algorithm`, with an API and a machine client granted it.
    ClientCredentials makeTenant(const QString& tenant, const QString& algorithm) {
        const Reply created = m_server.management(
            "POST", QStringLiteral("system"), QStringLiteral("tenants"), m_systemToken,
            {{QStringLiteral("id"), tenant}, {QStringLiteral("signing_alg"), algorithm}});
        EXPECT_EQ(created.status, 201) << created.describe();
        const Reply api = m_server.management(
            "POST", tenant, QStringLiteral("resource-servers"), m_systemToken,
            {{QStringLiteral("name"), QStringLiteral("Orders")},
             {QStringLiteral("identifier"), QLatin1String(kApi)},
             {QStringLiteral("scopes"),
              QJsonArray{QJsonObject{{QStringLiteral("value"), QStringLiteral("read:orders")}}}}});
        EXPECT_EQ(api.status, 201) << api.describe();
        const Reply client =
            m_server.management("POST", tenant, QStringLiteral("clients"), m_systemToken,
                                {{QStringLiteral("name"), QStringLiteral("orders-worker")},
                                 {QStringLiteral("app_type"), QStringLiteral("non_interactive")}});
        EXPECT_EQ(client.status, 201) << client.describe();
        ClientCredentials credentials{
            client.json().value(QStringLiteral("client_id")).toString(),
            client.json().value(QStringLiteral("client_secret")).toString(), QLatin1String(kApi)};
        const Reply grant = m_server.management(
            "POST", tenant, QStringLiteral("client-grants"), m_systemToken,
            {{QStringLiteral("client_id"), credentials.clientId},
             {QStringLiteral("audience"), QLatin1String(kApi)},
             {QStringLiteral("scope"), QJsonArray{QStringLiteral("read:orders")}}});
        EXPECT_EQ(grant.status, 201) << grant.describe();
        return credentials;
    }

    QJsonObject jwks(const QString& tenant) {
        const Reply reply = m_server.get("/t/" + tenant.toUtf8() + "/.well-known/jwks.json");
        EXPECT_EQ(reply.status, 200) << reply.describe();
        return reply.json();
    }

    std::optional<QJsonObject> pyjwt(const QString& token, const QJsonObject& keys,
                                     const QString& algorithm, const QString& issuer,
                                     QString& error,
                                     const QString& audience = QLatin1String(kApi)) {
        return verifyWithPyJwt(token, keys, algorithm, audience, issuer,
                               m_server.temporaryPath(QString()), error);
    }

    GatehousedProcess m_server;
    QString m_systemToken;
};

TEST_P(Interop, TokensVerifyWithPyJwtAcrossKeyRotation) {
    const QString algorithm = QLatin1String(GetParam());
    const QString tenant = QStringLiteral("interop-") + algorithm.toLower();
    const ClientCredentials client = makeTenant(tenant, algorithm);
    ASSERT_FALSE(client.clientSecret.isEmpty());
    const QString issuer = m_server.issuer(tenant);

    const QString oldToken = m_server.token(tenant, client, QLatin1String(kApi));
    ASSERT_FALSE(oldToken.isEmpty());
    const auto oldJwt = decodeJwt(oldToken);
    ASSERT_TRUE(oldJwt.has_value());
    EXPECT_EQ(oldJwt->header.value(QStringLiteral("alg")).toString(), algorithm);
    const QString oldKid = oldJwt->header.value(QStringLiteral("kid")).toString();

    QString error;
    const QJsonObject before = jwks(tenant);
    const auto claims = pyjwt(oldToken, before, algorithm, issuer, error);
    ASSERT_TRUE(claims.has_value())
        << "PyJWT refused a " << str(algorithm) << " token: " << str(error);
    EXPECT_EQ(claims->value(QStringLiteral("sub")).toString(),
              QString(client.clientId + QStringLiteral("@clients")));
    EXPECT_EQ(claims->value(QStringLiteral("scope")).toString(), QStringLiteral("read:orders"));

    // Controls: PyJWT does refuse what it should, so its acceptance above means something.
    EXPECT_FALSE(
        pyjwt(oldToken, before, algorithm, issuer, error, QStringLiteral("https://other.example/"))
            .has_value());
    EXPECT_FALSE(
        pyjwt(oldToken, before, algorithm, m_server.issuer(QStringLiteral("system")), error)
            .has_value());
    QString tampered = oldToken;
    const qsizetype dot = tampered.indexOf(QLatin1Char('.'));
    tampered[dot + 5] = tampered[dot + 5] == QLatin1Char('A') ? QLatin1Char('B') : QLatin1Char('A');
    EXPECT_FALSE(pyjwt(tampered, before, algorithm, issuer, error).has_value());

    const Reply rotated =
        m_server.management("POST", tenant, QStringLiteral("keys/signing/rotate"), m_systemToken);
    ASSERT_EQ(rotated.status, 201) << rotated.describe();

    const QJsonObject after = jwks(tenant);
    QStringList kids;
    for (const QJsonValue& key : after.value(QStringLiteral("keys")).toArray())
        kids << key.toObject().value(QStringLiteral("kid")).toString();
    EXPECT_TRUE(kids.contains(oldKid))
        << "the previous key left the JWKS at rotation: " << str(kids.join(QLatin1Char(',')));

    const auto oldAfterRotation = pyjwt(oldToken, after, algorithm, issuer, error);
    EXPECT_TRUE(oldAfterRotation.has_value())
        << "a token from before the rotation no longer verifies: " << str(error);

    const QString newToken = m_server.token(tenant, client, QLatin1String(kApi));
    ASSERT_FALSE(newToken.isEmpty());
    const auto newJwt = decodeJwt(newToken);
    ASSERT_TRUE(newJwt.has_value());
    EXPECT_NE(newJwt->header.value(QStringLiteral("kid")).toString(), oldKid);
    EXPECT_EQ(newJwt->header.value(QStringLiteral("alg")).toString(), algorithm);
    const auto newClaims = pyjwt(newToken, after, algorithm, issuer, error);
    EXPECT_TRUE(newClaims.has_value())
        << "a token from after the rotation does not verify: " << str(error);
}

INSTANTIATE_TEST_SUITE_P(Algorithms, Interop, ::testing::Values("RS256", "ES256", "EdDSA"),
                         [](const ::testing::TestParamInfo<const char*>& info) {
                             return std::string(info.param);
                         });

TEST(InteropSettings, ChangingTheTenantAlgorithmKeepsOldTokensVerifiable) {
    // The first tenant signs ES256; its settings switch it to EdDSA.
    GatehousedProcess server;
    ASSERT_TRUE(server.init());
    server.setEnvironment(QStringLiteral("GATEHOUSE_LOG_ACCESS_LOG"), QStringLiteral("off"));
    ASSERT_TRUE(server.start());
    const QString tenant = server.tenant();
    const QString issuer = server.issuer(tenant);
    const QString audience = server.managementAudience(tenant);
    const QString before = server.managementToken();
    ASSERT_FALSE(before.isEmpty());
    ASSERT_EQ(decodeJwt(before)->header.value(QStringLiteral("alg")).toString(),
              QStringLiteral("ES256"));

    const Reply changed =
        server.management("PATCH", tenant, QStringLiteral("tenants/settings"), before,
                          {{QStringLiteral("signing_alg"), QStringLiteral("EdDSA")}});
    ASSERT_EQ(changed.status, 200) << changed.describe();
    EXPECT_EQ(changed.json().value(QStringLiteral("signing_alg")).toString(),
              QStringLiteral("EdDSA"));

    const QString after = server.managementToken();
    ASSERT_FALSE(after.isEmpty());
    EXPECT_EQ(decodeJwt(after)->header.value(QStringLiteral("alg")).toString(),
              QStringLiteral("EdDSA"));
    const QJsonObject keys = server.get("/t/" + tenant.toUtf8() + "/.well-known/jwks.json").json();
    QString error;
    EXPECT_TRUE(verifyWithPyJwt(after, keys, QStringLiteral("EdDSA"), audience, issuer,
                                server.temporaryPath(QString()), error)
                    .has_value())
        << str(error);
    EXPECT_TRUE(verifyWithPyJwt(before, keys, QStringLiteral("ES256"), audience, issuer,
                                server.temporaryPath(QString()), error)
                    .has_value())
        << "the ES256 token from before the change: " << str(error);
    // Both are still accepted by the server itself.
    EXPECT_EQ(server.management("GET", tenant, QStringLiteral("clients"), before).status, 200);
    EXPECT_EQ(server.management("GET", tenant, QStringLiteral("clients"), after).status, 200);
    EXPECT_EQ(server.stop(), 0);
}

} // namespace
} // namespace gatehouse::integration
