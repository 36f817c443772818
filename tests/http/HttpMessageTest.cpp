#include "http/HttpRequest.h"
#include "http/HttpResponse.h"
#include "http/Responder.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QThreadPool>
#include <atomic>
#include <gtest/gtest.h>
#include <optional>

namespace gatehouse::http {
namespace {

TEST(HttpRequestTest, DefaultAndMovedFromRequestsAreValid) {
    HttpRequest request;
    EXPECT_EQ(request.method(), Method::Get);
    EXPECT_EQ(request.path(), "/");
    EXPECT_TRUE(request.headers().isEmpty());

    HttpRequest moved(Method::Post, "/x?y=1");
    HttpRequest target = std::move(moved);
    EXPECT_EQ(target.path(), "/x");
    EXPECT_EQ(target.query(), "y=1");
    EXPECT_EQ(moved.path(), "/"); // NOLINT(bugprone-use-after-move): documented as valid
    EXPECT_TRUE(moved.header("Host").isEmpty());
}

TEST(HttpRequestTest, CopiesAreIndependentValues) {
    HttpRequest original(Method::Get, "/a");
    original.addHeader("Host", "a");
    HttpRequest copy = original;
    copy.setTarget("/b").addHeader("X", "1");
    EXPECT_EQ(original.path(), "/a");
    EXPECT_EQ(original.headers().size(), 1);
    EXPECT_EQ(copy.path(), "/b");
    EXPECT_EQ(copy.headers().size(), 2);
}

TEST(HttpRequestTest, HostDropsPortAndCase) {
    auto hostOf = [](QByteArray value) {
        return HttpRequest().addHeader("host", std::move(value)).host();
    };
    EXPECT_EQ(hostOf("Tenant.Example.COM"), "tenant.example.com");
    EXPECT_EQ(hostOf("example.com:8443"), "example.com");
    EXPECT_EQ(hostOf("[::1]:8080"), "[::1]");
    EXPECT_EQ(hostOf("[::1]"), "[::1]");
    EXPECT_EQ(HttpRequest().host(), "");
}

TEST(HttpRequestTest, MethodNamesMapCaseSensitively) {
    EXPECT_EQ(methodFromName("DELETE"), Method::Delete);
    EXPECT_EQ(methodFromName("delete"), Method::Other);
    EXPECT_EQ(HttpRequest().setMethodName("PATCH").method(), Method::Patch);
    EXPECT_EQ(HttpRequest(Method::Options, "/").methodName(), "OPTIONS");
}

TEST(HttpResponseTest, ErrorHasTheOAuthShapeAndJsonType) {
    const HttpResponse response =
        HttpResponse::error(400, "invalid_request", QStringLiteral("Missing \"code\"."));
    EXPECT_EQ(response.status(), 400);
    EXPECT_EQ(response.header("content-type"), "application/json");
    const QJsonObject body = QJsonDocument::fromJson(response.body()).object();
    EXPECT_EQ(body.value(QStringLiteral("error")).toString(), QStringLiteral("invalid_request"));
    EXPECT_EQ(body.value(QStringLiteral("error_description")).toString(),
              QStringLiteral("Missing \"code\"."));

    const HttpResponse fromError =
        HttpResponse::fromError(Error::conflict(QStringLiteral("taken")));
    EXPECT_EQ(fromError.status(), 409);
    EXPECT_TRUE(fromError.body().contains("\"error\":\"conflict\""));
}

TEST(HttpResponseTest, SetHeaderReplacesAddHeaderAppends) {
    HttpResponse response(204);
    response.addHeader("Set-Cookie", "a=1").addHeader("Set-Cookie", "b=2");
    EXPECT_EQ(response.headers().size(), 2);
    response.setHeader("set-cookie", "c=3");
    ASSERT_EQ(response.headers().size(), 1);
    EXPECT_EQ(response.header("Set-Cookie"), "c=3");
    response.removeHeader("SET-COOKIE");
    EXPECT_TRUE(response.headers().isEmpty());
}

TEST(ResponderTest, OnlyTheFirstSendOfAnyCopyCounts) {
    int calls = 0;
    std::optional<int> status;
    {
        Responder responder([&](HttpResponse response) {
            ++calls;
            status = response.status();
        });
        const Responder copy = responder;
        EXPECT_FALSE(copy.isSent());
        copy.send(HttpResponse(201));
        responder.send(HttpResponse(500));
        EXPECT_TRUE(responder.isSent());
    }
    EXPECT_EQ(calls, 1);
    EXPECT_EQ(status, 201);
}

TEST(ResponderTest, DroppingEveryCopyWithoutAnsweringSends500) {
    std::optional<HttpResponse> answer;
    {
        Responder responder([&](HttpResponse response) { answer = std::move(response); });
        const Responder copy = responder;
    }
    ASSERT_TRUE(answer);
    EXPECT_EQ(answer->status(), 500);
    EXPECT_TRUE(answer->body().contains("server_error"));
}

TEST(ResponderTest, ConcurrentSendsFromManyThreadsDeliverOnce) {
    std::atomic<int> calls{0};
    Responder responder([&](HttpResponse) { calls.fetch_add(1); });
    QThreadPool pool;
    pool.setMaxThreadCount(4);
    for (int i = 0; i < 32; ++i)
        pool.start([responder] { responder.send(HttpResponse(200)); });
    pool.waitForDone();
    EXPECT_EQ(calls.load(), 1);
}

} // namespace
} // namespace gatehouse::http
