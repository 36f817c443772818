// HTTPS by default with the certificate init made; plain HTTP only when asked.
#include "GatehousedProcess.h"

#include <QElapsedTimer>
#include <QFile>
#include <QSslKey>
#include <QSslServer>
#include <QSslSocket>
#include <QTest>

#include <gtest/gtest.h>

namespace gatehouse::integration {
namespace {

// TLS 1.0 and 1.1 are deprecated in Qt (and need OpenSSL security level 0), which is exactly why
// a test needs a client that still speaks them.
QT_WARNING_PUSH
QT_WARNING_DISABLE_DEPRECATED
QSslConfiguration legacyOnly(QSslConfiguration tls, QSsl::SslProtocol protocol) {
    tls.setProtocol(protocol);
    tls.setBackendConfigurationOption("CipherString", QStringLiteral("DEFAULT:@SECLEVEL=0"));
    tls.setBackendConfigurationOption("MinProtocol", QStringLiteral("TLSv1"));
    return tls;
}
constexpr QSsl::SslProtocol kTls10 = QSsl::TlsV1_0;
constexpr QSsl::SslProtocol kTls11 = QSsl::TlsV1_1;
QT_WARNING_POP

struct Handshake {
    bool encrypted = false;
    QSsl::SslProtocol protocol = QSsl::UnknownProtocol;
    QString error;
};

Handshake handshake(quint16 port, const QSslConfiguration& tls, const QString& peerName) {
    QSslSocket socket;
    socket.setSslConfiguration(tls);
    socket.setPeerVerifyName(peerName);
    QString error;
    QObject::connect(&socket, &QSslSocket::sslErrors, &socket, [&](const QList<QSslError>& errors) {
        for (const QSslError& e : errors)
            error += e.errorString() + QLatin1Char(';');
    });
    QObject::connect(
        &socket, &QAbstractSocket::errorOccurred, &socket,
        [&](QAbstractSocket::SocketError) { error += socket.errorString() + QLatin1Char(';'); });
    socket.connectToHostEncrypted(QStringLiteral("127.0.0.1"), port, peerName);
    (void)QTest::qWaitFor(
        [&] { return socket.isEncrypted() || socket.state() == QAbstractSocket::UnconnectedState; },
        kAnswerTimeoutMs);
    Handshake result{socket.isEncrypted(), socket.sessionProtocol(), error};
    socket.abort();
    return result;
}

TEST(Tls, HttpsByDefaultWithTls12AndTls13TrustingTheDataDirCertificate) {
    GatehousedProcess server;
    ASSERT_TRUE(server.init());
    ASSERT_TRUE(server.start());
    EXPECT_TRUE(server.servingUrl().startsWith(QLatin1String("https://")))
        << str(server.servingUrl());

    for (const QSsl::SslProtocol protocol : {QSsl::TlsV1_2, QSsl::TlsV1_3}) {
        QSslConfiguration tls = server.tlsConfiguration();
        tls.setProtocol(protocol);
        const Handshake result = handshake(server.port(), tls, QStringLiteral("localhost"));
        EXPECT_TRUE(result.encrypted) << int(protocol) << ": " << str(result.error);
        EXPECT_EQ(result.protocol, protocol);

        ServerAddress address = server.address();
        address.tls = tls;
        const Reply reply = httpRequest(address, "GET", "/health");
        EXPECT_EQ(reply.status, 200) << reply.describe();
    }
    // The certificate also names 127.0.0.1, for clients that connect by address.
    EXPECT_TRUE(
        handshake(server.port(), server.tlsConfiguration(), QStringLiteral("127.0.0.1")).encrypted);
    EXPECT_EQ(server.stop(), 0);
}

TEST(Tls, CertificateIsVerifiedNotJustAccepted) {
    // The control for the test above: without the data directory's certificate as CA, or for
    // another name, the same handshake fails.
    GatehousedProcess server;
    ASSERT_TRUE(server.init());
    ASSERT_TRUE(server.start());

    QSslConfiguration systemCas = QSslConfiguration::defaultConfiguration();
    systemCas.setPeerVerifyMode(QSslSocket::VerifyPeer);
    const Handshake untrusted = handshake(server.port(), systemCas, QStringLiteral("localhost"));
    EXPECT_FALSE(untrusted.encrypted);

    const Handshake wrongName =
        handshake(server.port(), server.tlsConfiguration(), QStringLiteral("example.com"));
    EXPECT_FALSE(wrongName.encrypted);
    EXPECT_EQ(server.get("/health").status, 200);
}

TEST(Tls, Tls10And11ClientsAreRefused) {
    GatehousedProcess server;
    ASSERT_TRUE(server.init());
    ASSERT_TRUE(server.start());

    // Control: a local server that allows old protocols, with the same certificate and key,
    // completes the handshake with these clients; so a failure against gatehoused is its refusal
    // and not this client's inability to speak TLS 1.0/1.1.
    QSslConfiguration permissive = QSslConfiguration::defaultConfiguration();
    permissive.setLocalCertificateChain(
        QSslCertificate::fromPath(server.dataDir() + QStringLiteral("/tls/server.crt")));
    QFile keyFile(server.dataDir() + QStringLiteral("/tls/server.key"));
    ASSERT_TRUE(keyFile.open(QIODevice::ReadOnly));
    const QByteArray pem = keyFile.readAll();
    QSslKey key(pem, QSsl::Ec);
    if (key.isNull())
        key = QSslKey(pem, QSsl::Rsa);
    ASSERT_FALSE(key.isNull());
    permissive.setPrivateKey(key);
    permissive.setPeerVerifyMode(QSslSocket::VerifyNone);
    permissive = legacyOnly(permissive, QSsl::AnyProtocol);
    QSslServer control;
    control.setSslConfiguration(permissive);
    ASSERT_TRUE(control.listen(QHostAddress::LocalHost, 0));

    for (const QSsl::SslProtocol protocol : {kTls10, kTls11}) {
        const QSslConfiguration client = legacyOnly(server.tlsConfiguration(), protocol);
        const Handshake accepted =
            handshake(control.serverPort(), client, QStringLiteral("localhost"));
        ASSERT_TRUE(accepted.encrypted) << "the control server refused TLS protocol "
                                        << int(protocol) << ": " << str(accepted.error);
        EXPECT_EQ(accepted.protocol, protocol);

        const Handshake refused = handshake(server.port(), client, QStringLiteral("localhost"));
        EXPECT_FALSE(refused.encrypted) << "gatehoused accepted TLS protocol " << int(protocol);
        EXPECT_EQ(server.get("/health").status, 200);
    }
    EXPECT_EQ(server.stop(), 0);
}

TEST(Tls, PlainHttpOnlyWithHttpFlag) {
    GatehousedProcess server;
    ASSERT_TRUE(server.init({.http = true}));
    ASSERT_TRUE(server.start());
    EXPECT_TRUE(server.servingUrl().startsWith(QLatin1String("http://")))
        << str(server.servingUrl());
    const Reply reply = httpRequest(ServerAddress{server.port(), std::nullopt}, "GET", "/health");
    EXPECT_EQ(reply.status, 200) << reply.describe();
    EXPECT_TRUE(server.issuer(server.tenant()).startsWith(QLatin1String("http://")));
    EXPECT_EQ(server.stop(), 0);
}

TEST(Tls, HttpsPortDoesNotAnswerPlainHttp) {
    GatehousedProcess server;
    ASSERT_TRUE(server.init());
    ASSERT_TRUE(server.start());
    ClientConnection plain(ServerAddress{server.port(), std::nullopt});
    ASSERT_TRUE(plain.open()) << str(plain.errorString());
    ASSERT_TRUE(plain.send("GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n"));
    EXPECT_TRUE(plain.waitForClosed()) << "a plain request on the TLS port was not closed";
    EXPECT_FALSE(plain.pending().startsWith("HTTP/1.1 200")) << str(plain.pending());
    EXPECT_EQ(server.get("/health").status, 200);
}

TEST(Tls, ClientThatNeverHandshakesIsCutAfterReadTimeout) {
    GatehousedProcess server;
    ASSERT_TRUE(server.init());
    server.setEnvironment(QStringLiteral("GATEHOUSE_TIMEOUTS_READ"), QStringLiteral("1s"));
    ASSERT_TRUE(server.start());
    ClientConnection silent(ServerAddress{server.port(), std::nullopt});
    ASSERT_TRUE(silent.open());
    QElapsedTimer timer;
    timer.start();
    EXPECT_TRUE(silent.waitForClosed(8000)) << "a silent TLS client was never disconnected";
    EXPECT_GE(timer.elapsed(), 800);
    EXPECT_EQ(server.get("/health").status, 200);
}

TEST(Tls, HandshakeWithoutRequestIsCutAfterReadTimeout) {
    GatehousedProcess server;
    ASSERT_TRUE(server.init());
    server.setEnvironment(QStringLiteral("GATEHOUSE_TIMEOUTS_READ"), QStringLiteral("1s"));
    ASSERT_TRUE(server.start());
    ClientConnection quiet(server.address());
    ASSERT_TRUE(quiet.open()) << str(quiet.errorString());
    QElapsedTimer timer;
    timer.start();
    EXPECT_TRUE(quiet.waitForClosed(8000))
        << "a TLS client that sends no request was never disconnected";
    EXPECT_GE(timer.elapsed(), 500);
    EXPECT_TRUE(quiet.pending().isEmpty()) << str(quiet.pending());
    EXPECT_EQ(server.get("/health").status, 200);
}

TEST(Tls, ConnectionOverTheLimitIsClosedWhileOthersAreServed) {
    // Over TLS the refusal cannot be a readable 503 without paying for a handshake, which is
    // what the limit protects: the extra connection is closed, the others keep working.
    GatehousedProcess server;
    ASSERT_TRUE(server.init());
    server.setEnvironment(QStringLiteral("GATEHOUSE_LIMITS_CONNECTIONS"), QStringLiteral("2"));
    ASSERT_TRUE(server.start());
    ClientConnection first(server.address());
    ClientConnection second(server.address());
    ASSERT_TRUE(first.open());
    ASSERT_TRUE(second.open());
    ASSERT_EQ(first.request("GET", "/health").status, 200);
    ASSERT_EQ(second.request("GET", "/health").status, 200);
    ClientConnection third(server.address());
    EXPECT_FALSE(third.open()) << "a third TLS connection was accepted with a limit of 2";
    EXPECT_EQ(first.request("GET", "/health").status, 200);
    EXPECT_EQ(second.request("GET", "/health").status, 200);
}

} // namespace
} // namespace gatehouse::integration
