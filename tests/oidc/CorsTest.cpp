// oidc::Cors around a handler that always answers 200: which origins are shared with, for the
// tenant's clients (/userinfo) and for the requesting client (token, revoke), and preflights.
#include "OidcTestSupport.h"

#include "oidc/Cors.h"

namespace gatehouse::oidc {
namespace {

using namespace Qt::StringLiterals;
using test::call;

const QByteArray kSpaOrigin = "https://spa.example";

class CorsTest : public ::testing::Test, public test::OidcEnvironment {
protected:
    void SetUp() override {
        addStandardTenant(u"acme"_s);
        addStandardTenant(u"globex"_s);
        addLoginClient(u"acme"_s, u"spa"_s, u"spa"_s, {u"https://spa.example/cb"_s});
        Result<std::optional<store::ClientRecord>> spa =
            store().clients().find(u"acme"_s, u"spa"_s);
        ASSERT_TRUE(spa.ok() && spa->has_value());
        (*spa)->webOrigins = {QString::fromLatin1(kSpaOrigin), u"http://localhost:3000"_s};
        ASSERT_TRUE(store().clients().update(**spa).ok());
        refresh();
    }

    static http::HttpRequest request(http::Method method, const QByteArray& target,
                                     const QList<QByteArray>& origins) {
        http::HttpRequest request(method, target);
        request.addHeader("Host", "localhost:8443");
        for (const QByteArray& origin : origins)
            request.addHeader("Origin", origin);
        return request;
    }

    http::HttpResponse userinfo(const QList<QByteArray>& origins) const {
        return call(cors.wrap(ok, Cors::Scope::AnyClientOfTenant),
                    request(http::Method::Get, "/t/acme/userinfo", origins));
    }

    http::HttpResponse token(const QByteArray& origin, const QByteArray& body,
                             const QByteArray& authorization = {},
                             const QByteArray& contentType = test::kForm) const {
        http::HttpRequest post = request(http::Method::Post, "/t/acme/oauth/token", {origin});
        post.addHeader("Content-Type", contentType).setBody(body);
        if (!authorization.isEmpty())
            post.addHeader("Authorization", authorization);
        return call(cors.wrap(ok, Cors::Scope::RequestingClient), post);
    }

    static bool hasCorsHeader(const http::HttpResponse& response) {
        for (const auto& [name, value] : response.headers()) {
            if (name.toLower().startsWith("access-control-"))
                return true;
        }
        return false;
    }

    Cors cors{resolver};
    http::RequestHandler ok = [](const http::HttpRequest&, const http::Responder& responder) {
        responder.send(http::HttpResponse::json(200, QJsonObject{{u"ok"_s, true}}));
    };
};

TEST_F(CorsTest, UserinfoIsSharedWithOriginsOfTheTenantsClientsOnly) {
    for (const QByteArray& origin : {kSpaOrigin, QByteArray("http://localhost:3000")}) {
        const http::HttpResponse response = userinfo({origin});
        EXPECT_EQ(response.status(), 200);
        EXPECT_EQ(response.header("Access-Control-Allow-Origin"), origin);
        EXPECT_EQ(response.header("Vary"), "Origin");
        EXPECT_TRUE(response.header("Access-Control-Allow-Credentials").isEmpty());
    }
    // Near misses, "null", two Origin headers, none at all: the answer is not shared.
    const QList<QList<QByteArray>> refused{{"https://evil.example"},
                                           {"null"},
                                           {"https://spa.example/"},
                                           {"https://spa.example/cb"},
                                           {"https://SPA.example"},
                                           {"HTTPS://spa.example"},
                                           {"https://spa.example:443"},
                                           {"http://spa.example"},
                                           {"https://spa.example.evil.io"},
                                           {"http://localhost:3001"},
                                           {"https://spa.example, https://x"},
                                           {kSpaOrigin, kSpaOrigin},
                                           {""},
                                           {}};
    for (const QList<QByteArray>& origins : refused) {
        const http::HttpResponse response = userinfo(origins);
        EXPECT_EQ(response.status(), 200);
        EXPECT_FALSE(hasCorsHeader(response)) << (origins.isEmpty() ? "" : origins[0].data());
        EXPECT_EQ(response.header("Vary"), "Origin");
    }
    // Another tenant's client does not make an origin one of globex's.
    http::HttpResponse globex =
        call(cors.wrap(ok, Cors::Scope::AnyClientOfTenant),
             request(http::Method::Get, "/t/globex/userinfo", {kSpaOrigin}));
    EXPECT_FALSE(hasCorsHeader(globex));
}

TEST_F(CorsTest, TokenAnswersAreSharedOnlyWithTheRequestingClientsOrigins) {
    EXPECT_EQ(token(kSpaOrigin, "grant_type=refresh_token&client_id=spa&refresh_token=x")
                  .header("Access-Control-Allow-Origin"),
              kSpaOrigin);
    EXPECT_EQ(
        token(kSpaOrigin, R"({"grant_type":"refresh_token","client_id":"spa"})", {}, test::kJson)
            .header("Access-Control-Allow-Origin"),
        kSpaOrigin);
    EXPECT_EQ(token(kSpaOrigin, "grant_type=client_credentials", test::basic("spa", "x"))
                  .header("Access-Control-Allow-Origin"),
              kSpaOrigin);
    // Another client of the tenant, no client, an unknown one, or contradicting ones.
    for (const auto& [body, authorization] : QList<std::pair<QByteArray, QByteArray>>{
             {"grant_type=client_credentials&client_id=app", {}},
             {"grant_type=client_credentials", {}},
             {"grant_type=client_credentials&client_id=nobody", {}},
             {"grant_type=client_credentials&client_id=spa", test::basic("app", "x")}}) {
        const http::HttpResponse response = token(kSpaOrigin, body, authorization);
        EXPECT_EQ(response.status(), 200);
        EXPECT_FALSE(hasCorsHeader(response)) << body.toStdString();
        EXPECT_EQ(response.header("Vary"), "Origin");
    }
    EXPECT_FALSE(hasCorsHeader(token("https://SPA.example", "client_id=spa")));
    EXPECT_FALSE(hasCorsHeader(token("null", "client_id=spa")));
}

TEST_F(CorsTest, PreflightsNameMethodsHeadersAndMaxAgeForListedOriginsOnly) {
    http::HttpRequest preflight =
        request(http::Method::Options, "/t/acme/oauth/token", {kSpaOrigin});
    preflight.addHeader("Access-Control-Request-Method", "POST");
    preflight.addHeader("Access-Control-Request-Headers", "content-type");
    http::HttpResponse response = call(cors.preflight("POST"), preflight);
    EXPECT_EQ(response.status(), 204);
    EXPECT_EQ(response.header("Access-Control-Allow-Origin"), kSpaOrigin);
    EXPECT_EQ(response.header("Access-Control-Allow-Methods"), "POST");
    EXPECT_EQ(response.header("Access-Control-Allow-Headers"), "Authorization, Content-Type");
    EXPECT_EQ(response.header("Access-Control-Max-Age"), "7200");
    EXPECT_EQ(response.header("Vary"), "Origin");
    EXPECT_TRUE(response.body().isEmpty());

    for (const QByteArray& origin :
         {QByteArray("https://evil.example"), QByteArray("null"),
          QByteArray("https://spa.example/"), QByteArray("https://Spa.example")}) {
        response = call(cors.preflight("POST"),
                        request(http::Method::Options, "/t/acme/oauth/token", {origin}));
        EXPECT_EQ(response.status(), 204);
        EXPECT_FALSE(hasCorsHeader(response)) << origin.toStdString();
        EXPECT_EQ(response.header("Allow"), "OPTIONS, POST");
    }
    response = call(cors.preflight("GET, POST"),
                    request(http::Method::Options, "/t/globex/userinfo", {kSpaOrigin}));
    EXPECT_FALSE(hasCorsHeader(response));
}

} // namespace
} // namespace gatehouse::oidc
