// HTTPS with a self-signed certificate generated for the test.
#include "TestHttpClient.h"
#include "TestServer.h"

#include "http/HttpServer.h"

#include <QFile>
#include <QProcess>
#include <QSslCertificate>
#include <QSslKey>
#include <QSslSocket>
#include <QTemporaryDir>
#include <QTest>
#include <gtest/gtest.h>

namespace gatehouse::http::test {
namespace {

using namespace std::chrono_literals;

class HttpServerTlsTest : public ::testing::Test {
protected:
    void SetUp() override {
        if (!QSslSocket::supportsSsl())
            GTEST_SKIP() << "no TLS backend";
        ASSERT_TRUE(m_dir.isValid());
        const QString key = m_dir.filePath(QStringLiteral("key.pem"));
        const QString cert = m_dir.filePath(QStringLiteral("cert.pem"));
        QProcess openssl;
        openssl.start(QStringLiteral("openssl"),
                      {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
                       QStringLiteral("rsa:2048"), QStringLiteral("-nodes"),
                       QStringLiteral("-subj"), QStringLiteral("/CN=localhost"),
                       QStringLiteral("-days"), QStringLiteral("1"), QStringLiteral("-keyout"), key,
                       QStringLiteral("-out"), cert});
        ASSERT_TRUE(openssl.waitForFinished(30000));
        ASSERT_EQ(openssl.exitCode(), 0) << openssl.readAllStandardError().toStdString();
        QFile certFile(cert);
        QFile keyFile(key);
        ASSERT_TRUE(certFile.open(QIODevice::ReadOnly) && keyFile.open(QIODevice::ReadOnly));
        m_certificate = QSslCertificate(certFile.readAll(), QSsl::Pem);
        const QSslKey privateKey(keyFile.readAll(), QSsl::Rsa, QSsl::Pem);
        ASSERT_FALSE(m_certificate.isNull());
        ASSERT_FALSE(privateKey.isNull());

        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        tls.setLocalCertificate(m_certificate);
        tls.setPrivateKey(privateKey);
        tls.setPeerVerifyMode(QSslSocket::VerifyNone);
        HttpServerOptions options = fastOptions();
        options.tls = tls;
        m_server = startServer(options, [](HttpRequest request, Responder responder) {
            responder.send(HttpResponse::json(
                200,
                QByteArray(request.isSecure() ? R"({"secure":true})" : R"({"secure":false})")));
        });
        ASSERT_TRUE(m_server);
    }

    // A client that trusts exactly this self-signed certificate and nothing else.
    std::unique_ptr<TestHttpClient> tlsClient() {
        auto socket = std::make_unique<QSslSocket>();
        QSslSocket* raw = socket.get();
        raw->ignoreSslErrors({QSslError(QSslError::SelfSignedCertificate, m_certificate)});
        raw->connectToHostEncrypted(QStringLiteral("127.0.0.1"), m_server->port(),
                                    QStringLiteral("localhost"));
        if (!QTest::qWaitFor([raw] { return raw->isEncrypted(); }, 5000)) {
            ADD_FAILURE() << "TLS handshake failed: " << raw->errorString().toStdString();
            return nullptr;
        }
        return std::make_unique<TestHttpClient>(std::move(socket));
    }

    QTemporaryDir m_dir;
    QSslCertificate m_certificate;
    std::unique_ptr<HttpServer> m_server;
};

TEST_F(HttpServerTlsTest, ServesHttpsWithTls12OrLater) {
    auto client = tlsClient();
    ASSERT_TRUE(client);
    const auto* socket = static_cast<QSslSocket*>(&client->socket());
    EXPECT_TRUE(socket->sessionProtocol() == QSsl::TlsV1_3 ||
                socket->sessionProtocol() == QSsl::TlsV1_2);
    for (int i = 0; i < 3; ++i) { // keep-alive over TLS
        const auto response = client->get("/secure");
        ASSERT_TRUE(response);
        EXPECT_EQ(response->status, 200);
        EXPECT_EQ(response->body, R"({"secure":true})");
    }
}

TEST_F(HttpServerTlsTest, TlsConnectionsTimeOutAndCloseLikePlainOnes) {
    auto client = tlsClient();
    ASSERT_TRUE(client);
    client->send("GET /partial HTTP/1.1\r\nHost: a\r\n");
    const auto response = client->readResponse(3s);
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 408);
    EXPECT_TRUE(client->waitForClosed(2s));
}

TEST_F(HttpServerTlsTest, PlaintextOnTheTlsPortIsDroppedAndTlsStillWorks) {
    TestHttpClient plain;
    ASSERT_TRUE(plain.connectTo(m_server->port()));
    plain.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
    EXPECT_TRUE(plain.waitForClosed(2s));
    EXPECT_FALSE(plain.unread().startsWith("HTTP/1.1 200"));

    auto client = tlsClient();
    ASSERT_TRUE(client);
    EXPECT_EQ(client->get("/")->status, 200);
}

TEST_F(HttpServerTlsTest, ClientThatNeverHandshakesIsClosedAfterTheReadTimeout) {
    TestHttpClient silent;
    ASSERT_TRUE(silent.connectTo(m_server->port()));
    EXPECT_TRUE(silent.waitForClosed(3s));
    EXPECT_TRUE(QTest::qWaitFor([&] { return m_server->connectionCount() == 0; }, 2000));
}

} // namespace
} // namespace gatehouse::http::test
