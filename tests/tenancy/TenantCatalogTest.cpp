#include "tenancy/TenancyTestSupport.h"

#include "tenancy/ManagementApi.h"

#include <QJsonDocument>

namespace gatehouse::tenancy {
namespace {

class TenantCatalogTest : public ::testing::Test, public test::TenancyEnvironment {
protected:
    void SetUp() override {
        createTenant(QStringLiteral("acme"));
        createTenant(QStringLiteral("globex"));
        ASSERT_OK(catalog->loadAll());
    }
};

TEST_F(TenantCatalogTest, LoadAllBuildsEverySnapshot) {
    EXPECT_EQ(catalog->tenantIds().size(), 2);
    const auto acme = snapshot(QStringLiteral("acme"));
    ASSERT_TRUE(acme);
    EXPECT_EQ(acme->issuers().constFirst(), QStringLiteral("https://localhost:8443/t/acme/"));
    ASSERT_TRUE(acme->signingKey());
    EXPECT_EQ(acme->verificationKids().size(), 2); // Current and Next
    EXPECT_TRUE(acme->resourceServer(ManagementApi::kIdentifier));
    EXPECT_FALSE(catalog->find(QStringLiteral("nobody")));
    EXPECT_EQ(catalog->findByHost(QStringLiteral("acme.example.com")), acme);
}

TEST_F(TenantCatalogTest, RefreshSeesANewClientOnlyAfterTheWrite) {
    EXPECT_FALSE(snapshot(QStringLiteral("acme"))->client(QStringLiteral("app")));
    addClient(QStringLiteral("acme"), QStringLiteral("app"), "secret-secret-secret");
    // Until refreshed, readers keep the consistent old snapshot.
    EXPECT_FALSE(snapshot(QStringLiteral("acme"))->client(QStringLiteral("app")));
    refresh();
    const tenancy::ClientEntry* client =
        snapshot(QStringLiteral("acme"))->client(QStringLiteral("app"));
    ASSERT_NE(client, nullptr);
    EXPECT_EQ(client->secretHash, crypto::SecretHash::hash("secret-secret-secret"));
    EXPECT_TRUE(client->grantTypes.contains(QStringLiteral("client_credentials")));
}

TEST_F(TenantCatalogTest, AnotherTenantsWriteLeavesASnapshotUntouched) {
    const auto globexBefore = snapshot(QStringLiteral("globex"));
    const auto acmeBefore = snapshot(QStringLiteral("acme"));
    addApi(QStringLiteral("acme"), QStringLiteral("https://api.acme"), {QStringLiteral("read")});
    refresh();
    EXPECT_EQ(snapshot(QStringLiteral("globex")), globexBefore); // the same object, not rebuilt
    EXPECT_NE(snapshot(QStringLiteral("acme")), acmeBefore);
    EXPECT_TRUE(
        snapshot(QStringLiteral("acme"))->resourceServer(QStringLiteral("https://api.acme")));
    EXPECT_FALSE(
        snapshot(QStringLiteral("globex"))->resourceServer(QStringLiteral("https://api.acme")));
}

TEST_F(TenantCatalogTest, RefreshWithoutChangesKeepsEverything) {
    const auto acme = snapshot(QStringLiteral("acme"));
    const qint64 sequence = catalog->lastSequence();
    refresh();
    EXPECT_EQ(snapshot(QStringLiteral("acme")), acme);
    EXPECT_EQ(catalog->lastSequence(), sequence);
}

TEST_F(TenantCatalogTest, RefreshSeesANewKeyAfterRotation) {
    const QByteArray before = snapshot(QStringLiteral("acme"))->signingKey()->kid;
    Result<store::SigningKeyRecord> rotated = keys->rotate(QStringLiteral("acme"));
    ASSERT_OK(rotated);
    refresh();
    const auto acme = snapshot(QStringLiteral("acme"));
    EXPECT_NE(acme->signingKey()->kid, before);
    EXPECT_EQ(acme->signingKey()->kid, rotated->kid.toLatin1());
    EXPECT_TRUE(acme->verificationKey(before)); // Previous is still trusted
}

TEST_F(TenantCatalogTest, NewAndDeletedTenantsAndChangedDomains) {
    createTenant(QStringLiteral("initech"));
    refresh();
    ASSERT_TRUE(catalog->find(QStringLiteral("initech")));

    store::TenantRecord acme = snapshot(QStringLiteral("acme"))->tenant();
    acme.domain = QStringLiteral("login.acme.io");
    ASSERT_OK(store().tenants().update(acme));
    ASSERT_OK(store().tenants().remove(QStringLiteral("initech")));
    refresh();
    EXPECT_FALSE(catalog->find(QStringLiteral("initech")));
    EXPECT_EQ(catalog->findByHost(QStringLiteral("login.acme.io")),
              snapshot(QStringLiteral("acme")));
    EXPECT_TRUE(
        snapshot(QStringLiteral("acme"))->hasIssuer(QStringLiteral("https://login.acme.io:8443/")));
}

TEST_F(TenantCatalogTest, ATenantKeepsItsSubdomainAgainstAnotherTenantsCustomDomain) {
    store::TenantRecord globex = snapshot(QStringLiteral("globex"))->tenant();
    globex.domain = QStringLiteral("acme.example.com");
    ASSERT_OK(store().tenants().update(globex));
    refresh();
    EXPECT_EQ(catalog->findByHost(QStringLiteral("acme.example.com")),
              snapshot(QStringLiteral("acme")));
}

TEST_F(TenantCatalogTest, ATenantWhoseKeyDoesNotUnsealIsLeftOutAndOthersStillLoad) {
    // A catalog with another master key cannot open acme's or globex's keys.
    TenantCatalog wrongKey(store(), crypto::Sealer(crypto::Sealer::generateKey()), policy);
    ASSERT_OK(wrongKey.loadAll());
    EXPECT_FALSE(wrongKey.find(QStringLiteral("acme")));
    EXPECT_FALSE(wrongKey.find(QStringLiteral("globex")));
}

// `gatehoused token` needs the system tenant's key only: the others are not unsealed at all.
TEST_F(TenantCatalogTest, LoadOnlyBuildsTheNamedTenantsAlone) {
    TenantCatalog partial(store(), sealer(), policy);
    ASSERT_OK(partial.loadOnly({QStringLiteral("globex"), QStringLiteral("nobody")}));
    EXPECT_EQ(partial.tenantIds(), QStringList{QStringLiteral("globex")});
    ASSERT_TRUE(partial.find(QStringLiteral("globex")));
    EXPECT_TRUE(partial.find(QStringLiteral("globex"))->signingKey());
    EXPECT_FALSE(partial.find(QStringLiteral("acme")));
    EXPECT_EQ(partial.lastSequence(), catalog->lastSequence());
}

TEST_F(TenantCatalogTest, ASealedKeyIsBoundToItsTenantAndKid) {
    Result<QList<store::SigningKeyRecord>> acmeKeys =
        store().signingKeys().listForTenant(QStringLiteral("acme"));
    ASSERT_OK(acmeKeys);
    store::SigningKeyRecord key = acmeKeys->constFirst();
    EXPECT_OK(SigningKeyService::unseal(sealer(), key));
    store::SigningKeyRecord moved = key;
    moved.tenant = QStringLiteral("globex");
    EXPECT_FALSE(SigningKeyService::unseal(sealer(), moved).ok());
    moved = key;
    moved.kid = acmeKeys->constLast().kid;
    EXPECT_FALSE(SigningKeyService::unseal(sealer(), moved).ok());
}

TEST_F(TenantCatalogTest, JwksIsPreSerialisedWithKidAlgAndUse) {
    const auto acme = snapshot(QStringLiteral("acme"));
    const QJsonArray jwks =
        QJsonDocument::fromJson(acme->jwks()).object().value(QStringLiteral("keys")).toArray();
    ASSERT_EQ(jwks.size(), 2);
    EXPECT_EQ(jwks.at(0).toObject().value(QStringLiteral("kid")).toString().toLatin1(),
              acme->signingKey()->kid); // the signing key comes first
    for (const QJsonValue& key : jwks) {
        EXPECT_EQ(key.toObject().value(QStringLiteral("alg")).toString(), QStringLiteral("ES256"));
        EXPECT_EQ(key.toObject().value(QStringLiteral("use")).toString(), QStringLiteral("sig"));
        EXPECT_FALSE(key.toObject().contains(QStringLiteral("d")));
    }
}

} // namespace
} // namespace gatehouse::tenancy
