// The password grants of POST /oauth/token (docs/login.md, "Password grant") against the real
// gatehoused: off unless the client lists them, the login page's checks (same answer for a wrong
// password and an unknown account, blocked users, brute-force blocks and IP throttling that
// survive a restart), realm → connection, client authentication, and the tokens issued.
#include "GatehousedProcess.h"
#include "IntegrationSupport.h"
#include "TokenTools.h"

#include "crypto/PasswordHasher.h"

#include <QDateTime>
#include <QDir>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>
#include <QUrl>
#include <QUuid>
#include <gtest/gtest.h>

namespace gatehouse::integration {
namespace {

using namespace Qt::StringLiterals;

const QString kRealmGrant = u"http://auth0.com/oauth/grant-type/password-realm"_s;
const QString kDatabase = u"Username-Password-Authentication"_s;
const QString kEmail = u"pia@example.com"_s;
const QString kPassword = u"amber orchard signal 42"_s;

using Fields = QList<std::pair<QString, QString>>;

class PasswordGrantTest : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_TRUE(m_server.init());
        m_server.setEnvironment(u"GATEHOUSE_LOG_ACCESS_LOG"_s, u"off"_s);
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

    // A client with these grant types; its id and secret (empty for public clients). Waits until
    // the server's catalog knows it (the token endpoint stops saying invalid_client).
    std::pair<QString, QString> client(const QJsonArray& grantTypes,
                                       const QString& appType = u"regular_web"_s) {
        const Reply created = api("POST", u"clients"_s,
                                  {{u"name"_s, QString(u"app "_s + QString::number(++m_clients))},
                                   {u"app_type"_s, appType},
                                   {u"grant_types"_s, grantTypes}});
        EXPECT_EQ(created.status, 201) << created.describe();
        const QString id = created.json().value("client_id"_L1).toString();
        const QString secret = created.json().value("client_secret"_L1).toString();
        // No username: invalid_client while the client is unknown, invalid_request (or
        // unauthorized_client) once it is known; no password is checked either way.
        EXPECT_TRUE(QTest::qWaitFor(
            [&] {
                return token(id, secret, {{u"grant_type"_s, u"password"_s}}).errorCode() !=
                       "invalid_client"_L1;
            },
            kAnswerTimeoutMs));
        return {id, secret};
    }

    QString user(const QString& email, const QString& password,
                 const QString& connection = kDatabase) {
        const Reply created =
            api("POST", u"users"_s,
                {{u"connection"_s, connection}, {u"email"_s, email}, {u"password"_s, password}});
        EXPECT_EQ(created.status, 201) << created.describe();
        return created.json().value("user_id"_L1).toString();
    }

    // POST /oauth/token with client_secret_post (or client_id alone without a secret).
    Reply token(const QString& clientId, const QString& secret, Fields fields) {
        fields.append({u"client_id"_s, clientId});
        if (!secret.isEmpty())
            fields.append({u"client_secret"_s, secret});
        return m_server.call("POST", "/t/" + m_tenant.toUtf8() + "/oauth/token",
                             {{"Content-Type", "application/x-www-form-urlencoded"}},
                             formBody(fields));
    }

    Reply password(const std::pair<QString, QString>& app, const QString& username,
                   const QString& secret, Fields extra = {}) {
        extra.append(
            {{u"grant_type"_s, u"password"_s}, {u"username"_s, username}, {u"password"_s, secret}});
        return token(app.first, app.second, extra);
    }

    // One statement on the server's SQLite database, for what the API cannot do (a hash of
    // another cost); the first column of the first row, if any.
    QVariant sql(const QString& statement, const QVariantList& values) {
        const QString name = QUuid::createUuid().toString();
        QVariant first;
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
            db.setDatabaseName(QDir(m_server.dataDir()).filePath(u"gatehouse.db"_s));
            db.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=10000"_s);
            EXPECT_TRUE(db.open()) << db.lastError().text().toStdString();
            QSqlQuery query(db);
            EXPECT_TRUE(query.prepare(statement)) << query.lastError().text().toStdString();
            for (const QVariant& value : values)
                query.addBindValue(value);
            EXPECT_TRUE(query.exec()) << query.lastError().text().toStdString();
            if (query.next())
                first = query.value(0);
        }
        QSqlDatabase::removeDatabase(name);
        return first;
    }

    Reply userRecord(const QString& userId) {
        return api("GET", u"users/"_s + QString::fromLatin1(QUrl::toPercentEncoding(userId)));
    }

    GatehousedProcess m_server;
    QString m_tenant;
    QString m_token;
    int m_clients = 0; // client names are unique in a tenant
};

TEST_F(PasswordGrantTest, OffUnlessTheClientListsIt) {
    user(kEmail, kPassword);
    // A regular web application's default grant types do not include the password grants.
    const auto app = client({u"authorization_code"_s, u"refresh_token"_s, u"client_credentials"_s});
    const Reply refused = password(app, kEmail, kPassword);
    EXPECT_EQ(refused.status, 400) << refused.describe();
    EXPECT_EQ(refused.errorCode(), u"unauthorized_client"_s);

    const Reply defaults =
        api("POST", u"clients"_s, {{u"name"_s, u"defaults"_s}, {u"app_type"_s, u"regular_web"_s}});
    ASSERT_EQ(defaults.status, 201) << defaults.describe();
    const QJsonArray grantTypes = defaults.json().value("grant_types"_L1).toArray();
    EXPECT_FALSE(grantTypes.contains(u"password"_s)) << str(defaults.json());
    EXPECT_FALSE(grantTypes.contains(kRealmGrant)) << str(defaults.json());
}

TEST_F(PasswordGrantTest, ALoginIssuesTokensWithoutASession) {
    const QString userId = user(kEmail, kPassword);
    const auto app = client({u"password"_s, u"refresh_token"_s});
    const qint64 before = QDateTime::currentSecsSinceEpoch();
    const Reply done = password(app, u"PIA@example.com"_s, kPassword,
                                {{u"scope"_s, u"openid email offline_access"_s}});
    ASSERT_EQ(done.status, 200) << done.describe();
    EXPECT_EQ(done.header("Cache-Control"), "no-store");
    EXPECT_FALSE(done.hasHeader("Set-Cookie")) << done.describe(); // no SSO session
    const QJsonObject body = done.json();
    EXPECT_EQ(body.value("scope"_L1).toString(), u"openid email offline_access"_s);
    EXPECT_FALSE(body.value("refresh_token"_L1).toString().isEmpty());
    const std::optional<JwtParts> idToken = decodeJwt(body.value("id_token"_L1).toString());
    ASSERT_TRUE(idToken.has_value()) << done.describe();
    EXPECT_EQ(idToken->claims.value("sub"_L1).toString(), userId);
    EXPECT_EQ(idToken->claims.value("aud"_L1).toString(), app.first);
    EXPECT_EQ(idToken->claims.value("email"_L1).toString(), kEmail);
    EXPECT_FALSE(idToken->claims.contains("nonce"_L1));
    const qint64 authTime = qint64(idToken->claims.value("auth_time"_L1).toDouble());
    EXPECT_GE(authTime, before);
    EXPECT_LE(authTime, QDateTime::currentSecsSinceEpoch());
    const std::optional<JwtParts> access = decodeJwt(body.value("access_token"_L1).toString());
    ASSERT_TRUE(access.has_value());
    EXPECT_EQ(access->claims.value("sub"_L1).toString(), userId);

    // The grant behaves like a code's: the refresh token rotates, /userinfo answers.
    const Reply refreshed =
        token(app.first, app.second,
              {{u"grant_type"_s, u"refresh_token"_s},
               {u"refresh_token"_s, body.value("refresh_token"_L1).toString()}});
    EXPECT_EQ(refreshed.status, 200) << refreshed.describe();
    const Reply info =
        m_server.get("/t/" + m_tenant.toUtf8() + "/userinfo",
                     {{"Authorization", bearer(body.value("access_token"_L1).toString())}});
    EXPECT_EQ(info.status, 200) << info.describe();
    EXPECT_EQ(info.json().value("sub"_L1).toString(), userId);

    // Login statistics, as for the login page.
    const Reply record = userRecord(userId);
    ASSERT_EQ(record.status, 200) << record.describe();
    EXPECT_EQ(record.json().value("logins_count"_L1).toInt(), 1);
    EXPECT_TRUE(record.json().contains("last_login"_L1));

    // Without offline_access, or for a client that may not refresh: no refresh token.
    const Reply plain = password(app, kEmail, kPassword, {{u"scope"_s, u"openid"_s}});
    ASSERT_EQ(plain.status, 200) << plain.describe();
    EXPECT_FALSE(plain.json().contains("refresh_token"_L1)) << plain.describe();
    const auto noRefresh = client({u"password"_s});
    const Reply narrowed =
        password(noRefresh, kEmail, kPassword, {{u"scope"_s, u"openid offline_access"_s}});
    ASSERT_EQ(narrowed.status, 200) << narrowed.describe();
    EXPECT_FALSE(narrowed.json().contains("refresh_token"_L1)) << narrowed.describe();
    EXPECT_EQ(narrowed.json().value("scope"_L1).toString(), u"openid"_s);
}

TEST_F(PasswordGrantTest, AHashOfAnotherCostIsRenewedAtLogin) {
    const QString userId = user(kEmail, kPassword);
    const auto app = client({u"password"_s});
    const crypto::PasswordHasher older(crypto::PasswordCost{1, 8u * 1024 * 1024});
    const Result<QByteArray> oldHash = older.hash(kPassword.toUtf8());
    ASSERT_TRUE(oldHash.ok());
    sql(u"UPDATE users SET password_hash = ? WHERE user_id = ?"_s, {*oldHash, userId});
    const Reply done = password(app, kEmail, kPassword);
    ASSERT_EQ(done.status, 200) << done.describe();
    const QByteArray renewed =
        sql(u"SELECT password_hash FROM users WHERE user_id = ?"_s, {userId}).toByteArray();
    EXPECT_NE(renewed, *oldHash);
    EXPECT_FALSE(crypto::PasswordHasher().needsRehash(renewed)) << renewed.toStdString();
    EXPECT_EQ(password(app, kEmail, kPassword).status, 200);
}

// [crypto] password_iterations and password_memory_kib: the configured cost is what new hashes
// get, through the API and by renewal at login.
TEST_F(PasswordGrantTest, TheConfiguredCostIsWhatHashesGet) {
    const QString userId = user(kEmail, kPassword);
    const auto app = client({u"password"_s});
    const auto storedHash = [&](const QString& id) {
        return sql(u"SELECT password_hash FROM users WHERE user_id = ?"_s, {id}).toByteArray();
    };
    EXPECT_TRUE(storedHash(userId).contains("$m=19456,t=2,p=1$")) << storedHash(userId).data();

    ASSERT_EQ(m_server.stop(), 0) << str(m_server.standardError());
    m_server.setEnvironment(u"GATEHOUSE_CRYPTO_PASSWORD_ITERATIONS"_s, u"3"_s);
    m_server.setEnvironment(u"GATEHOUSE_CRYPTO_PASSWORD_MEMORY_KIB"_s, u"8192"_s);
    ASSERT_TRUE(m_server.start());
    m_token = m_server.managementToken();
    const Reply login = password(app, kEmail, kPassword);
    ASSERT_EQ(login.status, 200) << login.describe();
    EXPECT_TRUE(storedHash(userId).contains("$m=8192,t=3,p=1$")) << storedHash(userId).data();
    const QString second = user(u"second@example.com"_s, kPassword);
    EXPECT_TRUE(storedHash(second).contains("$m=8192,t=3,p=1$")) << storedHash(second).data();
    EXPECT_EQ(password(app, u"second@example.com"_s, kPassword).status, 200);

    // Out of bounds: the server refuses to start and names the key.
    QProcessEnvironment tooSmall = gatehousedEnvironment();
    tooSmall.insert(u"GATEHOUSE_CRYPTO_PASSWORD_MEMORY_KIB"_s, u"4"_s);
    const CommandResult refused = runGatehoused(
        {u"run"_s, u"--data-dir"_s, m_server.dataDir(), u"--listen"_s, u"127.0.0.1:0"_s}, tooSmall);
    EXPECT_EQ(refused.exitCode, 2) << refused.describe();
    EXPECT_TRUE(refused.err.contains("GATEHOUSE_CRYPTO_PASSWORD_MEMORY_KIB: '4' is not a whole "
                                     "number between 8 and 4194304"))
        << refused.describe();
}

TEST_F(PasswordGrantTest, WrongPasswordAndUnknownAccountAreTheSameAnswer) {
    user(kEmail, kPassword);
    const auto app = client({u"password"_s});
    const Reply wrong = password(app, kEmail, u"not the password 1"_s);
    const Reply unknown = password(app, u"nobody@example.com"_s, u"not the password 1"_s);
    EXPECT_EQ(wrong.status, 400) << wrong.describe();
    EXPECT_EQ(wrong.errorCode(), u"invalid_grant"_s);
    EXPECT_EQ(wrong.errorDescription(), u"Wrong email or password."_s);
    EXPECT_EQ(unknown.status, wrong.status);
    EXPECT_EQ(unknown.body, wrong.body);
    // Every header too, but the clock's.
    auto undated = [](Headers headers) {
        headers.removeIf([](const auto& header) { return header.first.toLower() == "date"; });
        return headers;
    };
    EXPECT_EQ(undated(unknown.headers), undated(wrong.headers));
}

TEST_F(PasswordGrantTest, ABlockedUserIsRefusedOnlyWithTheRightPassword) {
    const QString userId = user(kEmail, kPassword);
    const auto app = client({u"password"_s});
    const Reply blocked =
        api("PATCH", u"users/"_s + QString::fromLatin1(QUrl::toPercentEncoding(userId)),
            {{u"blocked"_s, true}});
    ASSERT_EQ(blocked.status, 200) << blocked.describe();
    const Reply right = password(app, kEmail, kPassword);
    EXPECT_EQ(right.status, 401) << right.describe();
    EXPECT_EQ(right.errorCode(), u"unauthorized"_s);
    const Reply wrong = password(app, kEmail, u"not the password 1"_s);
    EXPECT_EQ(wrong.errorCode(), u"invalid_grant"_s) << wrong.describe();
}

TEST_F(PasswordGrantTest, TenFailuresBlockTheUserFromThatAddressAcrossARestart) {
    user(kEmail, kPassword);
    const auto app = client({u"password"_s});
    for (int attempt = 1; attempt < 10; ++attempt) {
        const Reply wrong = password(app, kEmail, u"guess number "_s + QString::number(attempt));
        ASSERT_EQ(wrong.errorCode(), u"invalid_grant"_s) << attempt << wrong.describe();
    }
    const Reply tenth = password(app, kEmail, u"guess number 10"_s);
    EXPECT_EQ(tenth.status, 429) << tenth.describe();
    EXPECT_EQ(tenth.errorCode(), u"too_many_attempts"_s);
    const Reply right = password(app, kEmail, kPassword);
    EXPECT_EQ(right.status, 429) << right.describe();
    EXPECT_EQ(right.errorCode(), u"too_many_attempts"_s);
    // An unknown account is blocked the same way, so a block says nothing about existence.
    for (int attempt = 1; attempt <= 10; ++attempt)
        (void)password(app, u"ghost@example.com"_s, u"guess number "_s + QString::number(attempt));
    const Reply ghost = password(app, u"ghost@example.com"_s, u"guess number 11"_s);
    EXPECT_EQ(ghost.status, 429) << ghost.describe();
    EXPECT_EQ(ghost.body, right.body);

    // The counters are in the store: a restarted server still refuses.
    ASSERT_EQ(m_server.stop(), 0) << str(m_server.standardError());
    ASSERT_TRUE(m_server.start());
    const Reply afterRestart = password(app, kEmail, kPassword);
    EXPECT_EQ(afterRestart.status, 429) << afterRestart.describe();
    EXPECT_EQ(afterRestart.errorCode(), u"too_many_attempts"_s);
}

TEST_F(PasswordGrantTest, AnAddressThatFailsAcrossAccountsIsThrottled) {
    user(kEmail, kPassword);
    const Reply settings =
        api("PATCH", u"tenants/settings"_s,
            {{u"suspicious_ip_throttling"_s, QJsonObject{{u"max_attempts"_s, 3}}}});
    ASSERT_EQ(settings.status, 200) << settings.describe();
    // Made after the settings change: once the catalog knows the client it knows the settings.
    const auto app = client({u"password"_s});
    for (int i = 1; i <= 3; ++i)
        (void)password(app, u"someone"_s + QString::number(i) + u"@example.com"_s, u"guess 1"_s);
    const Reply throttled = password(app, kEmail, kPassword);
    EXPECT_EQ(throttled.status, 429) << throttled.describe();
    EXPECT_EQ(throttled.errorCode(), u"too_many_requests"_s);
    EXPECT_GT(throttled.header("Retry-After").toInt(), 0) << throttled.describe();
}

TEST_F(PasswordGrantTest, TheRealmPicksTheConnection) {
    const auto app = client({kRealmGrant, u"password"_s});
    const Reply partners = api("POST", u"connections"_s,
                               {{u"name"_s, u"partners"_s},
                                {u"strategy"_s, u"auth0"_s},
                                {u"enabled_clients"_s, QJsonArray{app.first}}});
    ASSERT_EQ(partners.status, 201) << partners.describe();
    const Reply closed = api("POST", u"connections"_s,
                             {{u"name"_s, u"closed"_s},
                              {u"strategy"_s, u"auth0"_s},
                              {u"enabled_clients"_s, QJsonArray{}}});
    ASSERT_EQ(closed.status, 201) << closed.describe();
    const QString mainUser = user(kEmail, kPassword);
    const QString partnerPassword = u"velvet canyon rocket 58"_s;
    const QString partnerUser = user(kEmail, partnerPassword, u"partners"_s);
    user(u"closed@example.com"_s, kPassword, u"closed"_s);

    auto realm = [&](const QString& name, const QString& username, const QString& secret) {
        return token(app.first, app.second,
                     {{u"grant_type"_s, kRealmGrant},
                      {u"realm"_s, name},
                      {u"username"_s, username},
                      {u"password"_s, secret},
                      {u"scope"_s, u"openid"_s}});
    };
    auto subject = [](const Reply& reply) {
        const std::optional<JwtParts> id = decodeJwt(reply.json().value("id_token"_L1).toString());
        return id ? id->claims.value("sub"_L1).toString() : QString();
    };
    const Reply inPartners = realm(u"partners"_s, kEmail, partnerPassword);
    ASSERT_EQ(inPartners.status, 200) << inPartners.describe();
    EXPECT_EQ(subject(inPartners), partnerUser);
    EXPECT_EQ(realm(u"partners"_s, kEmail, kPassword).errorCode(), u"invalid_grant"_s);
    const Reply inDatabase = realm(kDatabase, kEmail, kPassword);
    ASSERT_EQ(inDatabase.status, 200) << inDatabase.describe();
    EXPECT_EQ(subject(inDatabase), mainUser);
    // Plain `password` logs in to the default database connection only.
    EXPECT_EQ(password(app, kEmail, partnerPassword).errorCode(), u"invalid_grant"_s);

    const Reply notEnabled = realm(u"closed"_s, u"closed@example.com"_s, kPassword);
    EXPECT_EQ(notEnabled.status, 400) << notEnabled.describe();
    EXPECT_EQ(notEnabled.errorCode(), u"invalid_request"_s);
    const Reply missing = realm({}, kEmail, kPassword);
    EXPECT_EQ(missing.errorCode(), u"invalid_request"_s) << missing.describe();
    const Reply unknown = realm(u"nowhere"_s, kEmail, kPassword);
    EXPECT_EQ(unknown.errorCode(), u"invalid_request"_s) << unknown.describe();
    // An upstream connection has no passwords here, even when enabled for the client.
    const Reply upstream =
        api("POST", u"connections"_s,
            {{u"name"_s, u"upstream"_s},
             {u"strategy"_s, u"oidc"_s},
             {u"options"_s, QJsonObject{{u"issuer"_s, u"https://idp.example.com/"_s},
                                        {u"client_id"_s, u"rp"_s},
                                        {u"client_secret"_s, u"rp-secret"_s}}},
             {u"enabled_clients"_s, QJsonArray{app.first}}});
    ASSERT_EQ(upstream.status, 201) << upstream.describe();
    const Reply notDatabase = realm(u"upstream"_s, kEmail, kPassword);
    EXPECT_EQ(notDatabase.errorCode(), u"invalid_request"_s) << notDatabase.describe();
}

TEST_F(PasswordGrantTest, ClientsAuthenticateAsForOtherGrants) {
    user(kEmail, kPassword);
    const auto app = client({u"password"_s});
    const Reply wrongSecret = password({app.first, u"not-the-secret"_s}, kEmail, kPassword);
    EXPECT_EQ(wrongSecret.status, 401) << wrongSecret.describe();
    EXPECT_EQ(wrongSecret.errorCode(), u"invalid_client"_s);
    const Reply noSecret = password({app.first, QString()}, kEmail, kPassword);
    EXPECT_EQ(noSecret.status, 401) << noSecret.describe();
    // A native application is a public client: its client_id is enough (as in Auth0).
    const auto native = client({u"password"_s}, u"native"_s);
    EXPECT_TRUE(native.second.isEmpty());
    const Reply publicLogin = password(native, kEmail, kPassword);
    EXPECT_EQ(publicLogin.status, 200) << publicLogin.describe();
}

TEST_F(PasswordGrantTest, DiscoveryListsTheGrantsAsSupported) {
    const Reply discovery =
        m_server.get("/t/" + m_tenant.toUtf8() + "/.well-known/openid-configuration");
    ASSERT_EQ(discovery.status, 200) << discovery.describe();
    const QJsonArray supported = discovery.json().value("grant_types_supported"_L1).toArray();
    EXPECT_TRUE(supported.contains(u"password"_s)) << str(discovery.json());
    EXPECT_TRUE(supported.contains(kRealmGrant)) << str(discovery.json());
}

} // namespace
} // namespace gatehouse::integration
