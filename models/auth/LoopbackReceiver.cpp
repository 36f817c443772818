#include "models/auth/LoopbackReceiver.h"

#include <QPointer>
#include <QTcpSocket>
#include <QTimer>
#include <QUrlQuery>

namespace gatehouse::client {

using namespace Qt::StringLiterals;

namespace {

constexpr qsizetype kMaxRequestLine = 8192;

QByteArray page(int status, const QByteArray& reason, const QString& title, const QString& text) {
    const QByteArray html =
        QString(u"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>"_s +
                title.toHtmlEscaped() +
                u"</title></head><body style=\"font-family:sans-serif;"
                "margin:3em\"><h1>"_s +
                title.toHtmlEscaped() + u"</h1><p>"_s + text.toHtmlEscaped() +
                u"</p></body></html>"_s)
            .toUtf8();
    return QByteArray("HTTP/1.1 " + QByteArray::number(status) + ' ' + reason +
                      "\r\nContent-Type: text/html; charset=utf-8\r\nCache-Control: no-store"
                      "\r\nConnection: close\r\nContent-Length: " +
                      QByteArray::number(html.size()) + "\r\n\r\n" + html);
}

} // namespace

LoopbackReceiver::LoopbackReceiver(QObject* parent)
    : QObject(parent) {
    connect(&m_server, &QTcpServer::newConnection, this, &LoopbackReceiver::onConnection);
}

bool LoopbackReceiver::listen(QByteArray expectedState) {
    m_state = std::move(expectedState);
    m_done = false;
    // 127.0.0.1 only, never every interface: another machine must not be able to answer.
    return m_server.listen(QHostAddress::LocalHost, 0);
}

void LoopbackReceiver::close() {
    m_server.close();
}

QUrl LoopbackReceiver::redirectUri() const {
    return QUrl(u"http://127.0.0.1:%1/callback"_s.arg(m_server.serverPort()));
}

void LoopbackReceiver::onConnection() {
    while (QTcpSocket* socket = m_server.nextPendingConnection()) {
        QPointer<QTcpSocket> guard(socket);
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        // A connection that never sends its request line is dropped, not kept forever.
        QTimer::singleShot(10000, socket, [guard] {
            if (guard)
                guard->abort();
        });
        connect(socket, &QTcpSocket::readyRead, this, [this, guard] {
            if (!guard)
                return;
            if (!guard->canReadLine()) {
                if (guard->bytesAvailable() > kMaxRequestLine)
                    guard->abort();
                return;
            }
            const QByteArray line = guard->readLine(kMaxRequestLine).trimmed();
            handle(guard, line);
        });
    }
}

void LoopbackReceiver::handle(QTcpSocket* socket, const QByteArray& requestLine) {
    const QList<QByteArray> parts = requestLine.split(' ');
    const QUrl target = parts.size() == 3 ? QUrl::fromEncoded(parts.at(1)) : QUrl();
    const auto reply = [socket](const QByteArray& response) {
        socket->write(response);
        socket->disconnectFromHost();
    };
    if (parts.size() != 3 || parts.at(0) != "GET" || target.path() != "/callback"_L1) {
        reply(
            page(404, "Not Found", u"Not found"_s, u"This address only takes sign-in answers."_s));
        return;
    }
    if (m_done) {
        reply(page(409, "Conflict", u"Already signed in"_s,
                   u"This sign-in attempt is over; return to the Gatehouse dashboard."_s));
        return;
    }
    const QUrlQuery query(target);
    const QByteArray state = query.queryItemValue(u"state"_s, QUrl::FullyDecoded).toUtf8();
    // Compared in full; a wrong state is refused and the attempt goes on (RFC 6749 §10.12).
    if (state.isEmpty() || state != m_state) {
        reply(page(400, "Bad Request", u"Sign-in refused"_s,
                   u"This answer does not belong to the sign-in the dashboard started "
                   "(its state does not match). Start the sign-in again from the dashboard."_s));
        Q_EMIT failed(u"state_mismatch"_s, u"A sign-in answer with a wrong state was refused."_s);
        return;
    }
    const QString error = query.queryItemValue(u"error"_s, QUrl::FullyDecoded);
    if (!error.isEmpty()) {
        m_done = true;
        const QString description =
            query.queryItemValue(u"error_description"_s, QUrl::FullyDecoded);
        reply(page(200, "OK", u"Sign-in did not complete"_s,
                   description.isEmpty() ? error : description));
        Q_EMIT failed(error, description.isEmpty() ? error : description);
        return;
    }
    const QByteArray code = query.queryItemValue(u"code"_s, QUrl::FullyDecoded).toUtf8();
    if (code.isEmpty()) {
        reply(page(400, "Bad Request", u"Sign-in refused"_s, u"The answer has no code."_s));
        return;
    }
    m_done = true;
    reply(page(200, "OK", u"Signed in"_s,
               u"You are signed in to the Gatehouse dashboard. You can close this tab."_s));
    Q_EMIT codeReceived(code);
}

} // namespace gatehouse::client
