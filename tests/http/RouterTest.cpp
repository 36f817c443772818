#include "http/Router.h"

#include <QJsonObject>
#include <gtest/gtest.h>
#include <optional>

namespace gatehouse::http {
namespace {

// Dispatches synchronously and returns what the matched handler (or the router) answered.
struct Dispatched {
    std::optional<HttpResponse> response;
    HttpRequest seen; // the request as the handler received it
};

Dispatched dispatch(const Router& router, Method method, QByteArray path) {
    Dispatched result;
    Responder responder(
        [&result](HttpResponse response) { result.response = std::move(response); });
    router.dispatch(HttpRequest(method, path), path, responder);
    return result;
}

class RouterTest : public ::testing::Test {
protected:
    void SetUp() override {
        auto handlerNamed = [this](QByteArray name) {
            return [this, name](HttpRequest request, Responder responder) {
                m_lastHandler = name;
                m_lastRequest = request;
                responder.send(HttpResponse::json(200, name));
            };
        };
        m_router.add(Method::Post, "/oauth/token", handlerNamed("token"));
        m_router.add(Method::Get, "/api/v2/clients", handlerNamed("list"));
        m_router.add(Method::Post, "/api/v2/clients", handlerNamed("create"));
        m_router.add(Method::Get, "/api/v2/clients/{id}", handlerNamed("get"));
        m_router.add(Method::Delete, "/api/v2/clients/{id}", handlerNamed("delete"));
        m_router.add(Method::Get, "/api/v2/clients/new", handlerNamed("new"));
        m_router.add(Method::Post, "/api/v2/clients/{id}/rotate-secret", handlerNamed("rotate"));
        m_router.add(Method::Get, "/", handlerNamed("root"));
    }

    Dispatched call(Method method, QByteArray path) { return dispatch(m_router, method, path); }

    Router m_router;
    QByteArray m_lastHandler;
    HttpRequest m_lastRequest;
};

TEST_F(RouterTest, MatchesLiteralAndParameterRoutes) {
    EXPECT_EQ(call(Method::Post, "/oauth/token").response->body(), "token");
    EXPECT_EQ(call(Method::Get, "/api/v2/clients").response->body(), "list");
    EXPECT_EQ(call(Method::Post, "/api/v2/clients").response->body(), "create");
    EXPECT_EQ(call(Method::Get, "/").response->body(), "root");

    EXPECT_EQ(call(Method::Post, "/api/v2/clients/abc%2Fd%C3%A9/rotate-secret").response->body(),
              "rotate");
    EXPECT_EQ(m_lastRequest.pathParam(u"id"), QStringLiteral("abc/dé"));
    EXPECT_EQ(m_lastRequest.routePattern(), "/api/v2/clients/{id}/rotate-secret");
}

TEST_F(RouterTest, LiteralSegmentWinsOverParameter) {
    EXPECT_EQ(call(Method::Get, "/api/v2/clients/new").response->body(), "new");
    EXPECT_EQ(call(Method::Get, "/api/v2/clients/old").response->body(), "get");
    EXPECT_EQ(m_lastRequest.pathParam(u"id"), QStringLiteral("old"));
    // Paths match first, methods second: "/clients/new" is the literal route, which has no DELETE.
    EXPECT_EQ(call(Method::Delete, "/api/v2/clients/new").response->status(), 405);
}

TEST_F(RouterTest, UnknownPathIs404) {
    for (const char* path :
         {"/nope", "/oauth/token/", "/oauth%2Ftoken", "/api/v2/clients//rotate-secret",
          "/api/v2/clients/x/y", "", "*", "http://a/oauth/token"}) {
        const Dispatched result = call(Method::Post, path);
        ASSERT_TRUE(result.response) << path;
        EXPECT_EQ(result.response->status(), 404) << path;
        EXPECT_EQ(result.response->header("Content-Type"), "application/json");
    }
    EXPECT_TRUE(m_lastHandler.isEmpty());
}

TEST_F(RouterTest, WrongMethodIs405WithAllowHeader) {
    const Dispatched result = call(Method::Put, "/api/v2/clients/42");
    ASSERT_TRUE(result.response);
    EXPECT_EQ(result.response->status(), 405);
    EXPECT_EQ(result.response->header("Allow"), "GET, HEAD, DELETE");
    EXPECT_TRUE(result.response->body().contains("\"error\":\"method_not_allowed\""));
    EXPECT_EQ(call(Method::Get, "/oauth/token").response->header("Allow"), "POST");
    EXPECT_TRUE(m_lastHandler.isEmpty());
}

TEST_F(RouterTest, HeadUsesTheGetHandler) {
    EXPECT_EQ(call(Method::Head, "/api/v2/clients").response->status(), 200);
    EXPECT_EQ(m_lastHandler, "list");
    EXPECT_EQ(m_lastRequest.method(), Method::Head);
}

TEST_F(RouterTest, DispatchesOnTheGivenPathNotTheRequestPath) {
    Dispatched result;
    Responder responder(
        [&result](HttpResponse response) { result.response = std::move(response); });
    m_router.dispatch(HttpRequest(Method::Post, "/t/acme/oauth/token"), "/oauth/token", responder);
    EXPECT_EQ(result.response->body(), "token");
    EXPECT_EQ(m_lastRequest.path(), "/t/acme/oauth/token");
}

TEST_F(RouterTest, OtherRoutesUnlistedMethods) {
    m_router.add(Method::Other, "/dav", [](HttpRequest request, Responder responder) {
        responder.send(HttpResponse::json(200, request.methodName()));
    });
    Dispatched result;
    Responder responder(
        [&result](HttpResponse response) { result.response = std::move(response); });
    m_router.dispatch(HttpRequest().setMethodName("PROPFIND").setTarget("/dav"), "/dav", responder);
    EXPECT_EQ(result.response->body(), "PROPFIND");
}

TEST_F(RouterTest, HandlerFromRouterDispatchesOnRequestPath) {
    const RequestHandler handler = m_router.handler();
    std::optional<HttpResponse> answer;
    handler(HttpRequest(Method::Post, "/oauth/token?x=1"),
            Responder([&answer](HttpResponse response) { answer = std::move(response); }));
    ASSERT_TRUE(answer);
    EXPECT_EQ(answer->body(), "token");
}

} // namespace
} // namespace gatehouse::http
