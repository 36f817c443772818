// The token endpoint's part of the password grants: which requests reach the password-grant
// handler (login::PasswordGrant in the server, a recorder here). The password check itself is
// tested against the real server in tests/integration/PasswordGrantTest.cpp.
#include "oidc/OidcTestSupport.h"

#include "oidc/RequestParameters.h"

namespace gatehouse::oidc {
namespace {

using namespace test;
using namespace Qt::StringLiterals;

const QString kRealm = u"http://auth0.com/oauth/grant-type/password-realm"_s;

class PasswordGrantDispatchTest : public ::testing::Test, public OidcEnvironment {
protected:
    PasswordGrantDispatchTest()
        : withPassword(resolver, pool, metrics, clock.clock(), nullptr,
                       [this](const tenancy::TenantRoute&, const tenancy::ClientEntry& client,
                              const RequestParameters& parameters, const http::HttpRequest&,
                              const http::Responder& responder) {
                           calls.append(
                               std::pair(client.clientId, parameters.value("username"_L1)));
                           responder.send(http::HttpResponse::json(200, QByteArray("{}")));
                       }) {}

    void SetUp() override {
        addStandardTenant(u"acme"_s);
        addClient(u"acme"_s, u"opted"_s, "opted-secret-0123456789", {u"password"_s});
        addClient(u"acme"_s, u"realm"_s, "realm-secret-0123456789", {kRealm});
        store::ClientRecord native;
        native.tenant = u"acme"_s;
        native.clientId = u"cli"_s;
        native.name = u"cli"_s;
        native.appType = u"native"_s;
        native.grantTypes = {u"password"_s};
        ASSERT_TRUE(store().clients().create(native).ok());
        ASSERT_OK(catalog->loadAll());
    }

    http::HttpResponse post(const QByteArray& body) {
        return call([this](const http::HttpRequest& r,
                           const http::Responder& s) { withPassword.handle(r, s); },
                    tokenRequest(body));
    }

    static QString errorOf(const http::HttpResponse& response) {
        return jsonOf(response).value("error"_L1).toString();
    }

    TokenEndpoint withPassword;
    QList<std::pair<QString, QString>> calls; // client id, username
};

TEST_F(PasswordGrantDispatchTest, AClientThatDoesNotListTheGrantIsUnauthorized) {
    // "app" lists only client_credentials: the password grant is off unless a client opts in.
    const http::HttpResponse response =
        post("grant_type=password&username=a%40b.c&password=x&client_id=app&client_secret=" +
             QByteArray(kSecret));
    EXPECT_EQ(response.status(), 400);
    EXPECT_EQ(errorOf(response), u"unauthorized_client"_s);
    // Opting in to one of the two password grants does not open the other.
    const http::HttpResponse realm = post(
        "grant_type=" + QUrl::toPercentEncoding(kRealm) +
        "&realm=x&username=u&password=x&client_id=opted&client_secret=opted-secret-0123456789");
    EXPECT_EQ(errorOf(realm), u"unauthorized_client"_s);
    const http::HttpResponse plain =
        post("grant_type=password&username=u&password=x&client_id=realm&client_secret="
             "realm-secret-0123456789");
    EXPECT_EQ(errorOf(plain), u"unauthorized_client"_s);
    EXPECT_TRUE(calls.isEmpty());
}

TEST_F(PasswordGrantDispatchTest, ClientsThatOptInReachTheHandler) {
    EXPECT_EQ(post("grant_type=password&username=alice&password=x&client_id=opted&"
                   "client_secret=opted-secret-0123456789")
                  .status(),
              200);
    EXPECT_EQ(post("grant_type=" + QUrl::toPercentEncoding(kRealm) +
                   "&realm=db&username=bob&password=x&client_id=realm&"
                   "client_secret=realm-secret-0123456789")
                  .status(),
              200);
    // A public client identifies itself with client_id alone.
    EXPECT_EQ(post("grant_type=password&username=carol&password=x&client_id=cli").status(), 200);
    const QList<std::pair<QString, QString>> expected{
        {u"opted"_s, u"alice"_s}, {u"realm"_s, u"bob"_s}, {u"cli"_s, u"carol"_s}};
    EXPECT_EQ(calls, expected);
}

TEST_F(PasswordGrantDispatchTest, ConfidentialClientsMustAuthenticate) {
    const http::HttpResponse wrong = post(
        "grant_type=password&username=u&password=x&client_id=opted&client_secret=wrong-secret");
    EXPECT_EQ(wrong.status(), 401);
    EXPECT_EQ(errorOf(wrong), u"invalid_client"_s);
    const http::HttpResponse none = post("grant_type=password&username=u&password=x&"
                                         "client_id=opted");
    EXPECT_EQ(none.status(), 401);
    EXPECT_EQ(errorOf(none), u"invalid_client"_s);
    const http::HttpResponse unknown =
        post("grant_type=password&username=u&password=x&client_id=ghost");
    EXPECT_EQ(errorOf(unknown), u"invalid_client"_s);
    EXPECT_TRUE(calls.isEmpty());
}

TEST_F(PasswordGrantDispatchTest, WithoutAHandlerThePasswordGrantsAreUnsupported) {
    // `token` is built without a PasswordGrantHandler, as a server without the login flow.
    const http::HttpResponse response = requestToken(
        tokenRequest("grant_type=password&username=u&password=x&client_id=opted&client_secret="
                     "opted-secret-0123456789"));
    EXPECT_EQ(response.status(), 400);
    EXPECT_EQ(errorOf(response), u"unsupported_grant_type"_s);
}

} // namespace
} // namespace gatehouse::oidc
