// /api/v2/resource-servers and /api/v2/client-grants over HTTP.

#include "ManagementTestServer.h"

#include "crypto/Jwt.h"
#include "tenancy/ManagementApi.h"

#include <gtest/gtest.h>

using namespace gatehouse;
using namespace gatehouse::management::test;

namespace {

const QString kAcme = QStringLiteral("acme");
const QString kGlobex = QStringLiteral("globex");
const QString kServers = QStringLiteral("/api/v2/resource-servers");
const QString kGrants = QStringLiteral("/api/v2/client-grants");
const QString kOrders = QStringLiteral("https://orders.example");

QJsonArray scopes(const QStringList& values) {
    QJsonArray array;
    for (const QString& value : values)
        array.append(
            QJsonObject{{QStringLiteral("value"), value},
                        {QStringLiteral("description"), QString(value + QStringLiteral(" it"))}});
    return array;
}

class ResourceServersApi : public ::testing::Test {
protected:
    QJsonObject createOrders() {
        const Reply reply = server.call(
            "POST", kAcme, kServers, admin,
            QJsonObject{{QStringLiteral("name"), QStringLiteral("Orders")},
                        {QStringLiteral("identifier"), kOrders},
                        {QStringLiteral("scopes"),
                         scopes({QStringLiteral("read:orders"), QStringLiteral("write:orders")})},
                        {QStringLiteral("token_lifetime"), 600}});
        EXPECT_EQ(reply.status, 201) << reply;
        return reply.object();
    }

    Reply createGrant(const QString& clientId, const QString& audience, const QJsonArray& scope) {
        return server.call("POST", kAcme, kGrants, admin,
                           QJsonObject{{QStringLiteral("client_id"), clientId},
                                       {QStringLiteral("audience"), audience},
                                       {QStringLiteral("scope"), scope}});
    }

    QJsonObject systemApi() {
        const Reply list = server.call("GET", kAcme, kServers, admin);
        for (const QJsonValue& api : list.array()) {
            if (api.toObject().value(QLatin1String("is_system")).toBool())
                return api.toObject();
        }
        ADD_FAILURE() << "no system API in " << list;
        return {};
    }

    ManagementServer server;
    QByteArray admin = server.adminToken(kAcme);
};

QString idOf(const QJsonObject& object) {
    return object.value(QLatin1String("id")).toString();
}

} // namespace

TEST_F(ResourceServersApi, CreateGetUpdateDelete) {
    const QJsonObject created = createOrders();
    EXPECT_EQ(created.value(QLatin1String("identifier")).toString(), kOrders);
    EXPECT_EQ(created.value(QLatin1String("token_lifetime")).toInt(), 600);
    EXPECT_EQ(created.value(QLatin1String("signing_alg")).toString(), QStringLiteral("RS256"));
    EXPECT_FALSE(created.value(QLatin1String("is_system")).toBool());
    EXPECT_EQ(created.value(QLatin1String("scopes")).toArray().size(), 2);
    const QString path = kServers + u'/' + idOf(created);

    EXPECT_EQ(server.call("GET", kAcme, path, admin).object().value(QLatin1String("name")),
              QStringLiteral("Orders"));
    const Reply patched =
        server.call("PATCH", kAcme, path, admin,
                    QJsonObject{{QStringLiteral("name"), QStringLiteral("Orders v2")},
                                {QStringLiteral("token_lifetime"), 1200}});
    ASSERT_EQ(patched.status, 200) << patched;
    EXPECT_EQ(patched.object().value(QLatin1String("name")).toString(),
              QStringLiteral("Orders v2"));
    EXPECT_EQ(patched.object().value(QLatin1String("scopes")).toArray().size(), 2);

    const Reply identifier =
        server.call("PATCH", kAcme, path, admin,
                    QJsonObject{{QStringLiteral("identifier"), QStringLiteral("https://x")}});
    EXPECT_EQ(identifier.status, 400);
    EXPECT_TRUE(identifier.description().contains(QLatin1String("'identifier'")));

    EXPECT_EQ(server.call("DELETE", kAcme, path, admin).status, 204);
    EXPECT_EQ(server.call("GET", kAcme, path, admin).status, 404);
}

TEST_F(ResourceServersApi, TheManagementApiIsShownWithItsAudienceAndIsProtected) {
    const QJsonObject api = systemApi();
    EXPECT_EQ(api.value(QLatin1String("identifier")).toString(), server.audience(kAcme));
    EXPECT_FALSE(QJsonDocument(api).toJson().contains(tenancy::ManagementApi::kIdentifier.data()));
    const QString path = kServers + u'/' + idOf(api);
    const qint64 before = server.latestChange();

    const Reply deleted = server.call("DELETE", kAcme, path, admin);
    EXPECT_EQ(deleted.status, 403) << deleted;
    EXPECT_EQ(deleted.error(), QStringLiteral("operation_not_allowed"));
    const Reply renamed = server.call(
        "PATCH", kAcme, path, admin, QJsonObject{{QStringLiteral("name"), QStringLiteral("Mine")}});
    EXPECT_EQ(renamed.status, 403) << renamed;
    const Reply rescoped = server.call("PATCH", kAcme, path, admin,
                                       QJsonObject{{QStringLiteral("scopes"), scopes({})}});
    EXPECT_EQ(rescoped.status, 403) << rescoped;
    EXPECT_EQ(server.latestChange(), before);

    // Its audience cannot be registered again, in any spelling.
    for (const QString& identifier :
         {server.audience(kAcme), QString(tenancy::ManagementApi::kIdentifier)}) {
        const Reply duplicate =
            server.call("POST", kAcme, kServers, admin,
                        QJsonObject{{QStringLiteral("name"), QStringLiteral("Fake")},
                                    {QStringLiteral("identifier"), identifier}});
        EXPECT_EQ(duplicate.status, 409) << duplicate;
    }
    const Reply lifetime = server.call("PATCH", kAcme, path, admin,
                                       QJsonObject{{QStringLiteral("token_lifetime"), 3600}});
    EXPECT_EQ(lifetime.status, 200) << lifetime;
}

TEST_F(ResourceServersApi, DuplicateIdentifierIsAConflictNamingIt) {
    createOrders();
    const qint64 before = server.latestChange();
    const Reply duplicate = server.call("POST", kAcme, kServers, admin,
                                        QJsonObject{{QStringLiteral("name"), QStringLiteral("Two")},
                                                    {QStringLiteral("identifier"), kOrders}});
    EXPECT_EQ(duplicate.status, 409) << duplicate;
    EXPECT_TRUE(duplicate.description().contains(QLatin1String("'identifier'"))) << duplicate;
    EXPECT_EQ(server.latestChange(), before);
    // Another tenant may use the same identifier.
    const Reply other = server.call("POST", kGlobex, kServers, server.adminToken(kGlobex),
                                    QJsonObject{{QStringLiteral("name"), QStringLiteral("Orders")},
                                                {QStringLiteral("identifier"), kOrders}});
    EXPECT_EQ(other.status, 201) << other;
}

TEST_F(ResourceServersApi, ScopesAreValidated) {
    const Reply spaces =
        server.call("POST", kAcme, kServers, admin,
                    QJsonObject{{QStringLiteral("name"), QStringLiteral("S")},
                                {QStringLiteral("identifier"), kOrders},
                                {QStringLiteral("scopes"), scopes({QStringLiteral("a b")})}});
    EXPECT_EQ(spaces.status, 400);
    EXPECT_TRUE(spaces.description().contains(QLatin1String("'scopes[0].value'"))) << spaces;
    const Reply twice =
        server.call("POST", kAcme, kServers, admin,
                    QJsonObject{{QStringLiteral("name"), QStringLiteral("S")},
                                {QStringLiteral("identifier"), kOrders},
                                {QStringLiteral("scopes"),
                                 scopes({QStringLiteral("a"), QStringLiteral("a")})}});
    EXPECT_EQ(twice.status, 400) << twice;
    const Reply alg =
        server.call("POST", kAcme, kServers, admin,
                    QJsonObject{{QStringLiteral("name"), QStringLiteral("S")},
                                {QStringLiteral("identifier"), kOrders},
                                {QStringLiteral("signing_alg"), QStringLiteral("ES256")}});
    EXPECT_EQ(alg.status, 400) << alg;
    EXPECT_TRUE(alg.description().contains(QLatin1String("'signing_alg'")));
}

TEST_F(ResourceServersApi, ClientGrantsCrudAndTokens) {
    createOrders();
    const Reply created =
        createGrant(QStringLiteral("reader"), kOrders, QJsonArray{QStringLiteral("read:orders")});
    ASSERT_EQ(created.status, 201) << created;
    const QString path = kGrants + u'/' + idOf(created.object());
    EXPECT_EQ(created.object().value(QLatin1String("client_id")).toString(),
              QStringLiteral("reader"));
    EXPECT_EQ(created.object().value(QLatin1String("audience")).toString(), kOrders);

    const QByteArray token =
        server.token(kAcme, QStringLiteral("reader"), QString::fromLatin1(kSecret), kOrders);
    EXPECT_EQ(crypto::decodeJwt(token)->claims.value(QLatin1String("scope")).toString(),
              QStringLiteral("read:orders"));

    const Reply filtered = server.call("GET", kAcme,
                                       kGrants + QStringLiteral("?audience=") +
                                           QString::fromLatin1(QUrl::toPercentEncoding(kOrders)),
                                       admin);
    ASSERT_EQ(filtered.status, 200) << filtered;
    ASSERT_EQ(filtered.array().size(), 1);

    const Reply patched = server.call(
        "PATCH", kAcme, path, admin,
        QJsonObject{{QStringLiteral("scope"),
                     QJsonArray{QStringLiteral("read:orders"), QStringLiteral("write:orders")}}});
    ASSERT_EQ(patched.status, 200) << patched;
    EXPECT_EQ(patched.object().value(QLatin1String("scope")).toArray().size(), 2);
    const QByteArray wider =
        server.token(kAcme, QStringLiteral("reader"), QString::fromLatin1(kSecret), kOrders);
    EXPECT_EQ(crypto::decodeJwt(wider)->claims.value(QLatin1String("scope")).toString(),
              QStringLiteral("read:orders write:orders"));

    EXPECT_EQ(server.call("DELETE", kAcme, path, admin).status, 204);
    EXPECT_EQ(
        server.requestToken(kAcme, QStringLiteral("reader"), QString::fromLatin1(kSecret), kOrders)
            .status,
        403);
}

TEST_F(ResourceServersApi, GrantsOnTheManagementApiUseItsAudience) {
    const Reply listed =
        server.call("GET", kAcme, kGrants + QStringLiteral("?client_id=admin"), admin);
    ASSERT_EQ(listed.status, 200) << listed;
    ASSERT_EQ(listed.array().size(), 1);
    EXPECT_EQ(listed.array().first().toObject().value(QLatin1String("audience")).toString(),
              server.audience(kAcme));
}

TEST_F(ResourceServersApi, GrantChecksNameTheField) {
    createOrders();
    server.addClient(kGlobex, QStringLiteral("globex-only"), {});
    const qint64 before = server.latestChange();
    const Reply unknownScope =
        createGrant(QStringLiteral("reader"), kOrders, QJsonArray{QStringLiteral("delete:orders")});
    EXPECT_EQ(unknownScope.status, 400) << unknownScope;
    EXPECT_TRUE(unknownScope.description().contains(QLatin1String("delete:orders")));

    const Reply unknownClient =
        createGrant(QStringLiteral("nobody"), kOrders, QJsonArray{QStringLiteral("read:orders")});
    EXPECT_EQ(unknownClient.status, 404) << unknownClient;
    EXPECT_TRUE(unknownClient.description().contains(QLatin1String("'client_id'")));

    const Reply unknownAudience =
        createGrant(QStringLiteral("reader"), QStringLiteral("https://nowhere.example"), {});
    EXPECT_EQ(unknownAudience.status, 404) << unknownAudience;
    EXPECT_TRUE(unknownAudience.description().contains(QLatin1String("'audience'")));

    // A client of another tenant is unknown here.
    EXPECT_EQ(createGrant(QStringLiteral("globex-only"), kOrders, {}).status, 404);
    EXPECT_EQ(server.latestChange(), before);

    ASSERT_EQ(createGrant(QStringLiteral("reader"), kOrders, {}).status, 201);
    const Reply duplicate = createGrant(QStringLiteral("reader"), kOrders, {});
    EXPECT_EQ(duplicate.status, 409) << duplicate;
    EXPECT_TRUE(duplicate.description().contains(QLatin1String("'audience'")));
}

TEST_F(ResourceServersApi, RemovingAScopeRemovesItFromGrants) {
    const QString id = idOf(createOrders());
    ASSERT_EQ(createGrant(QStringLiteral("reader"), kOrders,
                          QJsonArray{QStringLiteral("read:orders"), QStringLiteral("write:orders")})
                  .status,
              201);
    const Reply patched = server.call(
        "PATCH", kAcme, kServers + u'/' + id, admin,
        QJsonObject{{QStringLiteral("scopes"), scopes({QStringLiteral("read:orders")})}});
    ASSERT_EQ(patched.status, 200) << patched;
    const auto grants =
        server.store().clientGrants().list(kAcme, {QStringLiteral("reader"), kOrders});
    ASSERT_TRUE(grants.ok());
    ASSERT_EQ(grants->size(), 1);
    EXPECT_EQ(grants->first().scope, QStringList{QStringLiteral("read:orders")});
}

TEST_F(ResourceServersApi, AnotherTenantsObjectsAreNotFound) {
    const QByteArray globexAdmin = server.adminToken(kGlobex);
    const Reply api =
        server.call("POST", kGlobex, kServers, globexAdmin,
                    QJsonObject{{QStringLiteral("name"), QStringLiteral("G")},
                                {QStringLiteral("identifier"), kOrders},
                                {QStringLiteral("scopes"), scopes({QStringLiteral("r")})}});
    ASSERT_EQ(api.status, 201);
    const Reply grant =
        server.call("POST", kGlobex, kGrants, globexAdmin,
                    QJsonObject{{QStringLiteral("client_id"), QStringLiteral("admin")},
                                {QStringLiteral("audience"), kOrders},
                                {QStringLiteral("scope"), QJsonArray{QStringLiteral("r")}}});
    ASSERT_EQ(grant.status, 201) << grant;
    const QString apiPath = kServers + u'/' + idOf(api.object());
    const QString grantPath = kGrants + u'/' + idOf(grant.object());
    const qint64 before = server.latestChange();
    for (const QString& path : {apiPath, grantPath}) {
        EXPECT_EQ(server.call("GET", kAcme, path, admin).status, 404);
        EXPECT_EQ(server.call("DELETE", kAcme, path, admin).status, 404);
    }
    EXPECT_EQ(server
                  .call("PATCH", kAcme, grantPath, admin,
                        QJsonObject{{QStringLiteral("scope"), QJsonArray()}})
                  .status,
              404);
    EXPECT_EQ(server
                  .call("PATCH", kAcme, apiPath, admin,
                        QJsonObject{{QStringLiteral("name"), QStringLiteral("x")}})
                  .status,
              404);
    EXPECT_EQ(server.latestChange(), before);
}
