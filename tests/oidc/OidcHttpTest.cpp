// The endpoints behind a real http::HttpServer on loopback, spoken to over TCP: the RS256 path
// answers from a signing-pool thread through the Responder, across threads.

#include "oidc/OidcTestSupport.h"

#include "http/HttpServer.h"

#include <QTcpSocket>

namespace gatehouse::oidc {
namespace {

using namespace test;

struct RawResponse {
    int status = 0;
    QByteArray head;
    QByteArray body;
};

// One request on a fresh connection with `Connection: close`; reads until the server closes.
RawResponse exchange(quint16 port, const QByteArray& request) {
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    EXPECT_TRUE(
        QTest::qWaitFor([&] { return socket.state() == QAbstractSocket::ConnectedState; }, 5000));
    socket.write(request);
    QByteArray received;
    const bool closed = QTest::qWaitFor(
        [&] {
            received += socket.readAll();
            return socket.state() == QAbstractSocket::UnconnectedState;
        },
        10000);
    EXPECT_TRUE(closed) << "the server did not close the connection";
    received += socket.readAll();
    RawResponse response;
    const qsizetype split = received.indexOf("\r\n\r\n");
    response.head = received.first(split < 0 ? received.size() : split);
    response.body = split < 0 ? QByteArray() : received.sliced(split + 4);
    response.status = received.mid(9, 3).toInt();
    return response;
}

class OidcHttpTest : public ::testing::Test, public OidcEnvironment {
protected:
    void SetUp() override {
        addStandardTenant(QStringLiteral("acme"), QStringLiteral("RS256"));
        ASSERT_OK(catalog->loadAll());
        http::HttpServerOptions options;
        options.port = 0;
        options.workerThreads = 2;
        // The daemon's dispatch in miniature: resolve the tenant, route on the path inside it.
        server = std::make_unique<http::HttpServer>(
            options, [this](http::HttpRequest request, http::Responder responder) {
                const auto route = resolver.resolve(request);
                const QByteArray path = route ? route->tenantPath : QByteArray();
                if (path == "/oauth/token")
                    token.handle(std::move(request), std::move(responder));
                else if (path == "/.well-known/jwks.json")
                    jwks.handle(request, responder);
                else if (path == "/.well-known/openid-configuration")
                    discovery.handle(request, responder);
                else
                    responder.send(
                        http::HttpResponse::error(404, "not_found", QStringLiteral("no route")));
            });
        ASSERT_OK(server->start());
    }
    void TearDown() override { server.reset(); }

    std::unique_ptr<http::HttpServer> server;
};

TEST_F(OidcHttpTest, TokenOverHttpVerifiesWithTheServedJwks) {
    const QByteArray body = "grant_type=client_credentials&audience=https%3A%2F%2Fapi.example";
    const RawResponse tokenResponse = exchange(
        server->port(),
        "POST /t/acme/oauth/token HTTP/1.1\r\nHost: localhost:8443\r\nConnection: close\r\n"
        "Authorization: " +
            basic("app", kSecret) +
            "\r\n"
            "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " +
            QByteArray::number(body.size()) + "\r\n\r\n" + body);
    ASSERT_EQ(tokenResponse.status, 200)
        << tokenResponse.head.toStdString() << tokenResponse.body.toStdString();
    EXPECT_TRUE(tokenResponse.head.toLower().contains("cache-control: no-store"));
    const QByteArray accessToken = QJsonDocument::fromJson(tokenResponse.body)
                                       .object()
                                       .value(QStringLiteral("access_token"))
                                       .toString()
                                       .toLatin1();

    const RawResponse jwksResponse =
        exchange(server->port(), "GET /t/acme/.well-known/jwks.json HTTP/1.1\r\nHost: "
                                 "localhost:8443\r\nConnection: close\r\n\r\n");
    ASSERT_EQ(jwksResponse.status, 200);
    Result<crypto::DecodedJwt> verified =
        verifyWithJwks(accessToken, jwksResponse.body, clock.now());
    ASSERT_OK(verified);
    EXPECT_EQ(verified->header.value(QStringLiteral("alg")).toString(), QStringLiteral("RS256"));
    EXPECT_EQ(verified->claims.value(QStringLiteral("iss")).toString(), kAcmeIssuer);
}

TEST_F(OidcHttpTest, ErrorsAndDiscoveryOverHttp) {
    const QByteArray body = "grant_type=client_credentials&audience=x";
    const RawResponse denied =
        exchange(server->port(),
                 "POST /t/acme/oauth/token HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                 "Authorization: " +
                     basic("app", "wrong") +
                     "\r\n"
                     "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " +
                     QByteArray::number(body.size()) + "\r\n\r\n" + body);
    EXPECT_EQ(denied.status, 401);
    EXPECT_TRUE(
        denied.head.contains("WWW-Authenticate: Basic realm=\"https://localhost:8443/t/acme/\""))
        << denied.head.toStdString();

    const RawResponse document =
        exchange(server->port(),
                 "GET /.well-known/openid-configuration HTTP/1.1\r\nHost: acme.example.com\r\n"
                 "Connection: close\r\n\r\n");
    ASSERT_EQ(document.status, 200);
    EXPECT_EQ(
        QJsonDocument::fromJson(document.body).object().value(QStringLiteral("issuer")).toString(),
        QStringLiteral("https://acme.example.com:8443/"));
}

} // namespace
} // namespace gatehouse::oidc
