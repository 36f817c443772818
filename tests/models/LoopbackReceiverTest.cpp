#include "models/auth/LoopbackReceiver.h"

#include <QNetworkAccessManager>
#include <QNetworkInterface>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>
#include <gtest/gtest.h>

using gatehouse::client::LoopbackReceiver;

namespace {

struct Answer {
    int status = 0;
    QByteArray body;
};

Answer get(const QUrl& url) {
    QNetworkAccessManager network;
    QNetworkReply* reply = network.get(QNetworkRequest(url));
    EXPECT_TRUE(QTest::qWaitFor([&] { return reply->isFinished(); }, 5000));
    Answer answer{reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(),
                  reply->readAll()};
    delete reply;
    return answer;
}

QUrl withQuery(QUrl url, const QString& query) {
    url.setQuery(query);
    return url;
}

} // namespace

TEST(LoopbackReceiver, ListensOn127001OnAPortTheSystemPicks) {
    LoopbackReceiver receiver;
    ASSERT_TRUE(receiver.listen("s"));
    const QUrl redirect = receiver.redirectUri();
    EXPECT_EQ(redirect.scheme(), QStringLiteral("http"));
    EXPECT_EQ(redirect.host(), QStringLiteral("127.0.0.1"));
    EXPECT_EQ(redirect.path(), QStringLiteral("/callback"));
    EXPECT_GT(redirect.port(), 1023);
    // Not on any other address of this machine.
    for (const QHostAddress& address : QNetworkInterface::allAddresses()) {
        if (address.isLoopback() || address.protocol() != QAbstractSocket::IPv4Protocol)
            continue;
        QTcpSocket socket;
        socket.connectToHost(address, quint16(redirect.port()));
        EXPECT_FALSE(socket.waitForConnected(500)) << address.toString().toStdString();
    }
}

TEST(LoopbackReceiver, TakesTheCodeOnlyWithItsState) {
    LoopbackReceiver receiver;
    QSignalSpy codes(&receiver, &LoopbackReceiver::codeReceived);
    QSignalSpy failures(&receiver, &LoopbackReceiver::failed);
    ASSERT_TRUE(receiver.listen("the-state"));
    const QUrl redirect = receiver.redirectUri();

    EXPECT_EQ(get(withQuery(redirect, QStringLiteral("code=c1&state=other"))).status, 400);
    EXPECT_EQ(get(withQuery(redirect, QStringLiteral("code=c1"))).status, 400);
    ASSERT_EQ(failures.size(), 2);
    EXPECT_EQ(failures.at(0).at(0).toString(), QStringLiteral("state_mismatch"));
    EXPECT_TRUE(codes.isEmpty());

    QUrl other = redirect;
    other.setPath(QStringLiteral("/elsewhere"));
    EXPECT_EQ(get(withQuery(other, QStringLiteral("code=c1&state=the-state"))).status, 404);

    const Answer ok = get(withQuery(redirect, QStringLiteral("code=c%2B1&state=the-state")));
    EXPECT_EQ(ok.status, 200);
    EXPECT_TRUE(ok.body.contains("You can close this tab"));
    ASSERT_EQ(codes.size(), 1);
    EXPECT_EQ(codes.first().first().toByteArray(), "c+1");
    // One answer per attempt.
    EXPECT_EQ(get(withQuery(redirect, QStringLiteral("code=c2&state=the-state"))).status, 409);
    EXPECT_EQ(codes.size(), 1);
}

TEST(LoopbackReceiver, ReportsTheServersError) {
    LoopbackReceiver receiver;
    QSignalSpy failures(&receiver, &LoopbackReceiver::failed);
    ASSERT_TRUE(receiver.listen("st"));
    const Answer answer = get(
        withQuery(receiver.redirectUri(),
                  QStringLiteral("error=access_denied&error_description=nope%20%3Cb%3E&state=st")));
    EXPECT_EQ(answer.status, 200);
    EXPECT_TRUE(answer.body.contains("nope &lt;b&gt;")) << answer.body.constData();
    ASSERT_EQ(failures.size(), 1);
    EXPECT_EQ(failures.first().at(0).toString(), QStringLiteral("access_denied"));
}
