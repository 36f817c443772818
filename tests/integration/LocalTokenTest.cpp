// `gatehoused token` (the dashboard's sign-in to the local server it started): what it prints,
// that its token manages every tenant of its own instance and no other, and what it refuses.
#include "GatehousedProcess.h"
#include "TokenTools.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>

#include <gtest/gtest.h>

namespace gatehouse::integration {
namespace {

using namespace Qt::StringLiterals;

class LocalToken : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_TRUE(m_server.init());
        m_server.setEnvironment(u"GATEHOUSE_LOG_ACCESS_LOG"_s, u"off"_s);
        ASSERT_TRUE(m_server.start());
    }

    void TearDown() override {
        if (m_server.isRunning()) {
            EXPECT_EQ(m_server.stop(), 0) << str(m_server.standardError());
        }
    }

    // `gatehoused token` for `dataDir`, with the listen address the test server really uses:
    // init asked for port 0, so the issuer is known only with the port `run` bound.
    [[nodiscard]] CommandResult token(const QString& dataDir) const {
        return runGatehoused({u"token"_s, u"--data-dir"_s, dataDir, u"--listen"_s,
                              u"127.0.0.1:%1"_s.arg(m_server.port())});
    }

    // The access token of a successful run, after checking that stdout is exactly the JSON.
    [[nodiscard]] static QString accessTokenOf(const CommandResult& result) {
        EXPECT_EQ(result.exitCode, 0) << result.describe();
        QJsonParseError error{};
        const QJsonObject json = QJsonDocument::fromJson(result.out, &error).object();
        EXPECT_EQ(error.error, QJsonParseError::NoError) << result.describe();
        EXPECT_EQ(json.keys(), (QStringList{u"access_token"_s, u"expires_in"_s, u"token_type"_s}))
            << result.describe();
        EXPECT_EQ(json.value("token_type"_L1).toString(), u"Bearer"_s);
        return json.value("access_token"_L1).toString();
    }

    GatehousedProcess m_server;
};

TEST_F(LocalToken, PrintsOnlyAShortLivedSystemClientTokenOfTheServedIssuer) {
    const CommandResult result = token(m_server.dataDir());
    const QString accessToken = accessTokenOf(result);
    ASSERT_FALSE(accessToken.isEmpty());
    EXPECT_TRUE(result.err.isEmpty()) << result.describe();
    const QJsonObject printed = QJsonDocument::fromJson(result.out).object();
    const int expiresIn = printed.value("expires_in"_L1).toInt();
    EXPECT_GT(expiresIn, 0);
    EXPECT_LE(expiresIn, 15 * 60);

    // The claims of the client credentials grant for the system management client.
    const std::optional<JwtParts> jwt = decodeJwt(accessToken);
    ASSERT_TRUE(jwt.has_value());
    const QJsonObject& claims = jwt->claims;
    const QString clientId = m_server.systemClient().clientId;
    EXPECT_EQ(jwt->header.value("typ"_L1).toString(), u"at+jwt"_s);
    EXPECT_EQ(claims.value("iss"_L1).toString(), m_server.issuer(u"system"_s));
    EXPECT_EQ(claims.value("aud"_L1).toString(), m_server.managementAudience(u"system"_s));
    EXPECT_EQ(claims.value("sub"_L1).toString(), clientId + u"@clients"_s);
    EXPECT_EQ(claims.value("client_id"_L1).toString(), clientId);
    EXPECT_EQ(claims.value("gty"_L1).toString(), u"client-credentials"_s);
    EXPECT_EQ(claims.value("exp"_L1).toInteger() - claims.value("iat"_L1).toInteger(), expiresIn);
    const QStringList scopes = claims.value("scope"_L1).toString().split(u' ');
    EXPECT_TRUE(scopes.contains(u"create:tenants"_s)) << str(claims);

    // A second run is another token (its own jti), not a stored one.
    const QString again = accessTokenOf(token(m_server.dataDir()));
    EXPECT_NE(again, accessToken);
}

TEST_F(LocalToken, ManagesEveryTenantOfItsInstance) {
    const QString accessToken = accessTokenOf(token(m_server.dataDir()));
    ASSERT_FALSE(accessToken.isEmpty());
    const Reply created =
        m_server.management("POST", u"system"_s, u"tenants"_s, accessToken, {{u"id"_s, u"acme"_s}});
    ASSERT_EQ(created.status, 201) << created.describe();

    const Reply tenants = m_server.management("GET", u"system"_s, u"tenants"_s, accessToken);
    ASSERT_EQ(tenants.status, 200) << tenants.describe();
    QStringList ids;
    for (const QJsonValue& tenant : tenants.jsonArray())
        ids.append(tenant.toObject().value("id"_L1).toString());
    EXPECT_TRUE(ids.contains(u"system"_s) && ids.contains(m_server.tenant()) &&
                ids.contains(u"acme"_s))
        << str(ids.join(u' '));
    for (const QString& tenant : std::as_const(ids)) {
        const Reply clients = m_server.management("GET", tenant, u"clients"_s, accessToken);
        EXPECT_EQ(clients.status, 200) << str(tenant) << ": " << clients.describe();
    }
    const Reply me = m_server.management("GET", u"system"_s, u"me"_s, accessToken);
    ASSERT_EQ(me.status, 200) << me.describe();
    EXPECT_EQ(me.json().value("kind"_L1).toString(), u"client"_s);
}

TEST_F(LocalToken, ATokenOfAnotherDataDirectoryIsRefused) {
    // Another instance whose issuer is even the same URL: only its keys differ.
    GatehousedProcess other;
    ASSERT_TRUE(other.init());
    const QString foreign = accessTokenOf(token(other.dataDir()));
    ASSERT_FALSE(foreign.isEmpty());
    EXPECT_EQ(decodeJwt(foreign)->claims.value("iss"_L1).toString(), m_server.issuer(u"system"_s));
    for (const QString& tenant : {u"system"_s, m_server.tenant()}) {
        const Reply refused = m_server.management("GET", tenant, u"clients"_s, foreign);
        EXPECT_EQ(refused.status, 401) << str(tenant) << ": " << refused.describe();
    }
    // Its own still works, so the refusal is about the key.
    const QString own = accessTokenOf(token(m_server.dataDir()));
    EXPECT_EQ(m_server.management("GET", u"system"_s, u"clients"_s, own).status, 200);
}

TEST_F(LocalToken, RefusesWhatIsNotAnInitialisedInstanceAndPrintsNothing) {
    const QString empty = m_server.temporaryPath(u"empty"_s);
    ASSERT_TRUE(QDir().mkpath(empty));
    for (const QString& dir : {empty, m_server.temporaryPath(u"missing"_s)}) {
        const CommandResult refused = token(dir);
        EXPECT_EQ(refused.exitCode, 1) << refused.describe();
        EXPECT_TRUE(refused.out.isEmpty()) << refused.describe();
        EXPECT_TRUE(refused.err.contains("is not a gatehoused data directory"))
            << refused.describe();
    }
    EXPECT_FALSE(QDir(m_server.temporaryPath(u"missing"_s)).exists());

    // init was given port 0: without the port run bound, the issuer is unknown.
    const CommandResult unknown = runGatehoused({u"token"_s, u"--data-dir"_s, m_server.dataDir()});
    EXPECT_EQ(unknown.exitCode, 1) << unknown.describe();
    EXPECT_TRUE(unknown.out.isEmpty()) << unknown.describe();
    EXPECT_TRUE(unknown.err.contains("--listen")) << unknown.describe();

    const CommandResult usage = runGatehoused({u"token"_s});
    EXPECT_EQ(usage.exitCode, 2) << usage.describe();
    EXPECT_TRUE(usage.out.isEmpty()) << usage.describe();
}

} // namespace
} // namespace gatehouse::integration
