#include "tenancy/TenancyTestSupport.h"

#include "crypto/Jwt.h"

#include <QJsonDocument>

namespace gatehouse::tenancy {
namespace {

using store::KeyStatus;

class SigningKeyServiceTest : public ::testing::Test, public test::TenancyEnvironment {
protected:
    QList<store::SigningKeyRecord> keysOf(const QString& tenant) {
        Result<QList<store::SigningKeyRecord>> keys = store().signingKeys().listForTenant(tenant);
        EXPECT_TRUE(keys.ok());
        return keys ? *keys : QList<store::SigningKeyRecord>{};
    }
    std::optional<store::SigningKeyRecord> keyWith(const QString& tenant, KeyStatus status) {
        for (const auto& key : keysOf(tenant)) {
            if (key.status == status)
                return key;
        }
        return std::nullopt;
    }
    QStringList jwksKids(const QString& tenant) {
        QStringList kids;
        const QJsonDocument jwks = QJsonDocument::fromJson(snapshot(tenant)->jwks());
        for (const QJsonValue& key : jwks.object().value(QStringLiteral("keys")).toArray())
            kids.append(key.toObject().value(QStringLiteral("kid")).toString());
        return kids;
    }
    QStringList jwksAlgorithms(const QString& tenant) {
        QStringList algorithms;
        const QJsonDocument jwks = QJsonDocument::fromJson(snapshot(tenant)->jwks());
        for (const QJsonValue& key : jwks.object().value(QStringLiteral("keys")).toArray())
            algorithms.append(key.toObject().value(QStringLiteral("alg")).toString());
        return algorithms;
    }
    // Signs with the snapshot's signing key and verifies with its verification keys.
    QByteArray signedKid(const QString& tenant) {
        const auto tenantSnapshot = snapshot(tenant);
        const QByteArray token = tenantSnapshot->signingKey()->signAccessToken(
            QByteArrayLiteral("{\"sub\":\"x\",\"exp\":99999999999}"));
        Result<crypto::DecodedJwt> verified = crypto::verifyJwt(
            token, [&](QByteArrayView kid) { return tenantSnapshot->verificationKey(kid); });
        EXPECT_TRUE(verified.ok()) << verified.error().toString().toStdString();
        return verified ? verified->header.value(QStringLiteral("kid")).toString().toLatin1()
                        : QByteArray();
    }
};

TEST_F(SigningKeyServiceTest, ProvisionedTenantHasCurrentAndNextWithThumbprintKids) {
    createTenant(QStringLiteral("acme"));
    const auto current = keyWith(QStringLiteral("acme"), KeyStatus::Current);
    const auto next = keyWith(QStringLiteral("acme"), KeyStatus::Next);
    ASSERT_TRUE(current && next);
    EXPECT_EQ(keysOf(QStringLiteral("acme")).size(), 2);
    Result<crypto::PublicKey> publicKey = crypto::PublicKey::fromJwk(current->publicJwk);
    ASSERT_OK(publicKey);
    EXPECT_EQ(current->kid.toLatin1(), publicKey->thumbprint()); // RFC 7638
    EXPECT_FALSE(current->sealedPrivateKey.contains("PRIVATE KEY"));
    EXPECT_EQ(keys->provision(QStringLiteral("acme"), crypto::SigningAlgorithm::ES256).error().code,
              "conflict");
}

TEST_F(SigningKeyServiceTest, RotationPromotesNextAndKeepsPreviousPublished) {
    createTenant(QStringLiteral("acme"));
    ASSERT_OK(catalog->loadAll());
    const auto oldCurrent = keyWith(QStringLiteral("acme"), KeyStatus::Current);
    const auto oldNext = keyWith(QStringLiteral("acme"), KeyStatus::Next);
    EXPECT_EQ(signedKid(QStringLiteral("acme")), oldCurrent->kid.toLatin1());

    Result<store::SigningKeyRecord> rotated = keys->rotate(QStringLiteral("acme"));
    ASSERT_OK(rotated);
    EXPECT_EQ(rotated->kid, oldNext->kid); // the key published in advance signs now
    const auto previous = keyWith(QStringLiteral("acme"), KeyStatus::Previous);
    ASSERT_TRUE(previous);
    EXPECT_EQ(previous->kid, oldCurrent->kid);
    EXPECT_EQ(previous->retiredAt, clock.now());
    const auto newNext = keyWith(QStringLiteral("acme"), KeyStatus::Next);
    ASSERT_TRUE(newNext);
    EXPECT_NE(newNext->kid, oldNext->kid);

    refresh();
    EXPECT_EQ(signedKid(QStringLiteral("acme")), oldNext->kid.toLatin1());
    EXPECT_EQ(jwksKids(QStringLiteral("acme")),
              (QStringList{oldNext->kid, newNext->kid, oldCurrent->kid}));
}

TEST_F(SigningKeyServiceTest, PreviousKeyLeavesTheJwksOnlyAfterItsTokensExpired) {
    createTenant(QStringLiteral("acme"));
    addApi(QStringLiteral("acme"), QStringLiteral("https://short.api"), {}, 600);
    addApi(QStringLiteral("acme"), QStringLiteral("https://long.api"), {}, 100000);
    const auto oldCurrent = keyWith(QStringLiteral("acme"), KeyStatus::Current);
    ASSERT_OK(keys->rotate(QStringLiteral("acme")));

    // The longest lifetime (100000 s) plus the margin must pass, not the Management API's 86400.
    clock.advance(100000 + SigningKeyService::kRetentionMarginSeconds - 1);
    Result<int> early = keys->prune(QStringLiteral("acme"));
    ASSERT_OK(early);
    EXPECT_EQ(*early, 0);
    ASSERT_OK(catalog->loadAll());
    EXPECT_TRUE(jwksKids(QStringLiteral("acme")).contains(oldCurrent->kid));
    EXPECT_TRUE(snapshot(QStringLiteral("acme"))->verificationKey(oldCurrent->kid.toLatin1()));

    clock.advance(2);
    Result<int> due = keys->pruneAll();
    ASSERT_OK(due);
    EXPECT_EQ(*due, 1);
    EXPECT_EQ(keyWith(QStringLiteral("acme"), KeyStatus::Revoked)->kid, oldCurrent->kid);
    refresh();
    EXPECT_FALSE(jwksKids(QStringLiteral("acme")).contains(oldCurrent->kid));
    EXPECT_FALSE(snapshot(QStringLiteral("acme"))->verificationKey(oldCurrent->kid.toLatin1()));
    EXPECT_EQ(jwksKids(QStringLiteral("acme")).size(), 2);
}

TEST_F(SigningKeyServiceTest, RotationPrunesExpiredPreviousKeys) {
    createTenant(QStringLiteral("acme"));
    ASSERT_OK(keys->rotate(QStringLiteral("acme")));
    const auto firstPrevious = keyWith(QStringLiteral("acme"), KeyStatus::Previous);
    clock.advance(86400 + SigningKeyService::kRetentionMarginSeconds);
    ASSERT_OK(keys->rotate(QStringLiteral("acme")));
    int previous = 0;
    for (const auto& key : keysOf(QStringLiteral("acme"))) {
        if (key.kid == firstPrevious->kid) {
            EXPECT_EQ(key.status, KeyStatus::Revoked);
        }
        previous += key.status == KeyStatus::Previous ? 1 : 0;
    }
    EXPECT_EQ(previous, 1);
}

TEST_F(SigningKeyServiceTest, Es256EdDsaAndRs256Tenants) {
    createTenant(QStringLiteral("ec"), QStringLiteral("ES256"));
    createTenant(QStringLiteral("ed"), QStringLiteral("EdDSA"));
    createTenant(QStringLiteral("rsa"), QStringLiteral("RS256"));
    ASSERT_OK(catalog->loadAll());
    EXPECT_EQ(jwksAlgorithms(QStringLiteral("ec")),
              (QStringList{QStringLiteral("ES256"), QStringLiteral("ES256")}));
    EXPECT_EQ(jwksAlgorithms(QStringLiteral("ed")),
              (QStringList{QStringLiteral("EdDSA"), QStringLiteral("EdDSA")}));
    EXPECT_EQ(jwksAlgorithms(QStringLiteral("rsa")),
              (QStringList{QStringLiteral("RS256"), QStringLiteral("RS256")}));
    for (const char* tenant : {"ec", "ed", "rsa"})
        EXPECT_EQ(signedKid(QString::fromLatin1(tenant)),
                  snapshot(QString::fromLatin1(tenant))->signingKey()->kid);
}

TEST_F(SigningKeyServiceTest, ChangingTheAlgorithmRotatesToKeysOfTheNewType) {
    createTenant(QStringLiteral("acme"), QStringLiteral("ES256"));
    const auto oldCurrent = keyWith(QStringLiteral("acme"), KeyStatus::Current);
    const auto oldNext = keyWith(QStringLiteral("acme"), KeyStatus::Next);
    Result<store::SigningKeyRecord> current =
        keys->changeAlgorithm(QStringLiteral("acme"), crypto::SigningAlgorithm::EdDSA);
    ASSERT_OK(current);
    EXPECT_EQ(current->algorithm, QStringLiteral("EdDSA"));
    EXPECT_EQ(store().tenants().find(QStringLiteral("acme")).value()->signingAlgorithm,
              QStringLiteral("EdDSA"));
    for (const auto& key : keysOf(QStringLiteral("acme"))) {
        if (key.kid == oldNext->kid) {
            EXPECT_EQ(key.status, KeyStatus::Revoked); // never signed: not kept
        }
        if (key.kid == oldCurrent->kid) {
            EXPECT_EQ(key.status, KeyStatus::Previous); // its tokens still verify
        }
    }
    ASSERT_OK(catalog->loadAll());
    EXPECT_EQ(
        jwksAlgorithms(QStringLiteral("acme")),
        (QStringList{QStringLiteral("EdDSA"), QStringLiteral("EdDSA"), QStringLiteral("ES256")}));
    EXPECT_EQ(signedKid(QStringLiteral("acme")), current->kid.toLatin1());
    const QJsonObject discovery =
        QJsonDocument::fromJson(snapshot(QStringLiteral("acme"))
                                    ->discovery(QStringLiteral("https://localhost:8443/t/acme/")))
            .object();
    EXPECT_EQ(discovery.value(QStringLiteral("id_token_signing_alg_values_supported")).toArray(),
              QJsonArray{QStringLiteral("EdDSA")});

    // A later plain rotation stays with the new algorithm.
    ASSERT_OK(keys->rotate(QStringLiteral("acme")));
    EXPECT_EQ(keyWith(QStringLiteral("acme"), KeyStatus::Current)->algorithm,
              QStringLiteral("EdDSA"));
}

TEST_F(SigningKeyServiceTest, RotatingAnUnknownTenantFails) {
    EXPECT_EQ(keys->rotate(QStringLiteral("nobody")).error().code, "not_found");
}

} // namespace
} // namespace gatehouse::tenancy
