// SECURITY.md "Codes and tokens": JWT verification in the server (here: the Management API)
// rejects alg none, HS256 MACed with the public key, a kid of another tenant, expired and
// not-yet-valid tokens. The forgeries start from a real token; the time and key tests sign with
// the tenant's real key (read from the data directory), and a control token signed the same way
// with valid claims is accepted, so each refusal is due to the one thing that was changed.
#include "GatehousedProcess.h"
#include "TokenTools.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>

#include <gtest/gtest.h>

namespace gatehouse::integration {
namespace {

class ForgedTokens : public ::testing::Test {
protected:
    void SetUp() override {
        // RS256: the algorithm whose public key an HS256 forgery would abuse.
        ASSERT_TRUE(m_server.init({.signingAlgorithm = QStringLiteral("RS256")}));
        m_server.setEnvironment(QStringLiteral("GATEHOUSE_LOG_ACCESS_LOG"), QStringLiteral("off"));
        ASSERT_TRUE(m_server.start());
        m_tenant = m_server.tenant();
        m_token = m_server.managementToken();
        ASSERT_FALSE(m_token.isEmpty());
        const auto jwt = decodeJwt(m_token);
        ASSERT_TRUE(jwt.has_value());
        m_header = jwt->header;
        m_claims = jwt->claims;
        ASSERT_EQ(m_header.value(QStringLiteral("alg")).toString(), QStringLiteral("RS256"));
    }

    void TearDown() override {
        if (m_server.isRunning()) {
            EXPECT_EQ(m_server.stop(), 0) << str(m_server.standardError());
        }
    }

    int statusWith(const QString& token) {
        const Reply reply = m_server.management("GET", m_tenant, QStringLiteral("clients"), token);
        if (reply.status == 401) {
            EXPECT_TRUE(reply.header("WWW-Authenticate").startsWith("Bearer")) << reply.describe();
            EXPECT_TRUE(reply.isJsonError()) << reply.describe();
        }
        return reply.status;
    }

    QJsonObject claimsWith(std::initializer_list<std::pair<QString, QJsonValue>> changes) const {
        QJsonObject claims = m_claims;
        for (const auto& [name, value] : changes) {
            if (value.isUndefined())
                claims.remove(name);
            else
                claims.insert(name, value);
        }
        return claims;
    }

    static qint64 now() { return QDateTime::currentSecsSinceEpoch(); }

    GatehousedProcess m_server;
    QString m_tenant;
    QString m_token;
    QJsonObject m_header;
    QJsonObject m_claims;
};

TEST_F(ForgedTokens, AlgNoneIsRejected) {
    ASSERT_EQ(statusWith(m_token), 200);
    const QByteArray signature = m_token.toLatin1().split('.').value(2);
    for (const QString& alg :
         {QStringLiteral("none"), QStringLiteral("None"), QStringLiteral("NONE")}) {
        QJsonObject header = m_header;
        header.insert(QStringLiteral("alg"), alg);
        const QString unsignedToken = unsignedJwt(header, m_claims);
        EXPECT_EQ(statusWith(unsignedToken), 401) << str(alg);
        // The original signature kept after a header that says none.
        EXPECT_EQ(statusWith(unsignedToken + QString::fromLatin1(signature)), 401) << str(alg);
        header.remove(QStringLiteral("kid"));
        EXPECT_EQ(statusWith(unsignedJwt(header, m_claims)), 401) << str(alg);
    }
}

TEST_F(ForgedTokens, Hs256WithThePublicKeyIsRejected) {
    const auto key = tenantKey(m_server.dataDir(), m_tenant);
    ASSERT_TRUE(key.has_value());
    const QJsonArray jwks = m_server.get("/t/" + m_tenant.toUtf8() + "/.well-known/jwks.json")
                                .json()
                                .value(QStringLiteral("keys"))
                                .toArray();
    QJsonObject jwk;
    for (const QJsonValue& value : jwks) {
        if (value.toObject().value(QStringLiteral("kid")).toString() == key->kid)
            jwk = value.toObject();
    }
    ASSERT_FALSE(jwk.isEmpty()) << "the current key is not published";
    // Everything a confused verifier might use as the HMAC secret.
    const QByteArray secrets[] = {
        key->key.publicPem(),
        key->key.publicPem().trimmed(),
        QJsonDocument(jwk).toJson(QJsonDocument::Compact),
        jwk.value(QStringLiteral("n")).toString().toLatin1(),
        QByteArray::fromBase64(jwk.value(QStringLiteral("n")).toString().toLatin1(),
                               QByteArray::Base64UrlEncoding),
    };
    for (const QString& alg :
         {QStringLiteral("HS256"), QStringLiteral("HS384"), QStringLiteral("HS512")}) {
        QJsonObject header = m_header;
        header.insert(QStringLiteral("alg"), alg);
        for (const QByteArray& secret : secrets)
            EXPECT_EQ(statusWith(hmacJwt(header, m_claims, secret)), 401)
                << str(alg) << " keyed with " << str(secret.left(40));
    }
    EXPECT_EQ(statusWith(m_token), 200);
}

TEST_F(ForgedTokens, TamperedClaimsAreRejected) {
    const QList<QByteArray> parts = m_token.toLatin1().split('.');
    const QJsonObject changes[] = {
        claimsWith({{QStringLiteral("scope"), QStringLiteral("read:clients create:tenants")}}),
        claimsWith({{QStringLiteral("exp"), now() + 10 * 365 * 86400}}),
        claimsWith({{QStringLiteral("sub"), QStringLiteral("someone-else@clients")}}),
    };
    for (const QJsonObject& claims : changes) {
        const QString token =
            QString::fromLatin1(parts[0] + '.' + jwtSegment(claims) + '.' + parts[2]);
        EXPECT_EQ(statusWith(token), 401) << str(claims);
    }
    // A flipped bit in the signature.
    QByteArray signature = QByteArray::fromBase64(parts[2], QByteArray::Base64UrlEncoding);
    signature[10] = char(signature[10] ^ 0x01);
    EXPECT_EQ(
        statusWith(QString::fromLatin1(parts[0] + '.' + parts[1] + '.' + base64Url(signature))),
        401);
}

TEST_F(ForgedTokens, ExpiredAndNotYetValidTokensAreRejected) {
    const auto key = tenantKey(m_server.dataDir(), m_tenant);
    ASSERT_TRUE(key.has_value());
    ASSERT_EQ(key->kid, m_header.value(QStringLiteral("kid")).toString());
    // Control: the same key and claims with fresh times are accepted.
    const QString control = signedJwt(
        *key, claimsWith({{QStringLiteral("iat"), now()}, {QStringLiteral("exp"), now() + 600}}));
    ASSERT_EQ(statusWith(control), 200)
        << "a token signed with the tenant's key was refused: the tests below prove nothing";

    EXPECT_EQ(statusWith(signedJwt(*key, claimsWith({{QStringLiteral("iat"), now() - 7200},
                                                     {QStringLiteral("exp"), now() - 3600}}))),
              401)
        << "expired an hour ago";
    EXPECT_EQ(statusWith(signedJwt(*key, claimsWith({{QStringLiteral("iat"), now() - 7200},
                                                     {QStringLiteral("exp"), now() - 120}}))),
              401)
        << "expired beyond any leeway";
    EXPECT_EQ(
        statusWith(signedJwt(*key, claimsWith({{QStringLiteral("exp"), QJsonValue::Undefined}}))),
        401)
        << "no exp";
    EXPECT_EQ(statusWith(signedJwt(
                  *key, claimsWith({{QStringLiteral("exp"), QStringLiteral("tomorrow")}}))),
              401)
        << "non-numeric exp";
    EXPECT_EQ(statusWith(signedJwt(*key, claimsWith({{QStringLiteral("nbf"), now() + 3600},
                                                     {QStringLiteral("exp"), now() + 7200}}))),
              401)
        << "not valid for an hour";
    EXPECT_EQ(statusWith(signedJwt(*key, claimsWith({{QStringLiteral("iat"), now() + 3600},
                                                     {QStringLiteral("exp"), now() + 7200}}))),
              401)
        << "issued in the future";
}

TEST_F(ForgedTokens, WrongIssuerOrAudienceIsRejected) {
    const auto key = tenantKey(m_server.dataDir(), m_tenant);
    ASSERT_TRUE(key.has_value());
    const QString issuer = m_claims.value(QStringLiteral("iss")).toString();
    ASSERT_EQ(statusWith(signedJwt(*key, m_claims)), 200);
    EXPECT_EQ(
        statusWith(signedJwt(*key, claimsWith({{QStringLiteral("aud"),
                                                QString(issuer + QStringLiteral("api/v3/"))}}))),
        401);
    EXPECT_EQ(
        statusWith(signedJwt(*key, claimsWith({{QStringLiteral("aud"),
                                                QStringLiteral("https://api.example.com/")}}))),
        401);
    EXPECT_EQ(statusWith(signedJwt(
                  *key, claimsWith({{QStringLiteral("iss"),
                                     QStringLiteral("https://evil.example/t/default/")}}))),
              401);
    EXPECT_EQ(
        statusWith(signedJwt(*key, claimsWith({{QStringLiteral("iss"), QJsonValue::Undefined}}))),
        401);
}

TEST_F(ForgedTokens, KeyOfAnotherTenantIsRejected) {
    const QString systemToken = m_server.systemToken();
    ASSERT_FALSE(systemToken.isEmpty());
    const Reply created = m_server.management(
        "POST", QStringLiteral("system"), QStringLiteral("tenants"), systemToken,
        {{QStringLiteral("id"), QStringLiteral("other")},
         {QStringLiteral("signing_alg"), QStringLiteral("RS256")}});
    ASSERT_EQ(created.status, 201) << created.describe();
    const auto otherKey = tenantKey(m_server.dataDir(), QStringLiteral("other"));
    ASSERT_TRUE(otherKey.has_value());
    // Valid claims for this tenant, signed by the other tenant's real key (its kid in the header).
    EXPECT_EQ(statusWith(signedJwt(*otherKey, m_claims)), 401);
    // ...and with this tenant's kid in the header but the other key's signature.
    const auto ownKey = tenantKey(m_server.dataDir(), m_tenant);
    ASSERT_TRUE(ownKey.has_value());
    EXPECT_EQ(statusWith(signedJwt(TenantKey{ownKey->kid, otherKey->key}, m_claims)), 401);
    // The system tenant's key makes system tokens; with this tenant's issuer it makes nothing.
    const auto systemKey = tenantKey(m_server.dataDir(), QStringLiteral("system"));
    ASSERT_TRUE(systemKey.has_value());
    EXPECT_EQ(statusWith(signedJwt(*systemKey, m_claims)), 401);
    // Control: the own key with the same claims works.
    EXPECT_EQ(statusWith(signedJwt(*ownKey, m_claims)), 200);
}

} // namespace
} // namespace gatehouse::integration
