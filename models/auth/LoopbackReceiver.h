#pragma once

#include <QByteArray>
#include <QObject>
#include <QTcpServer>
#include <QUrl>

namespace gatehouse::client {

// The redirect target of a native app's sign-in (RFC 8252 §7.3): a listener on 127.0.0.1 only,
// on a port the system picks, that takes one `GET /callback?code=…&state=…`.
//
// The answer must carry the `state` this attempt sent; any other callback (wrong or missing
// state, an `error` from the server) is answered with a page that says so and reported through
// failed(); a wrong state does not end the attempt, so a stray or forged request cannot cancel a
// person's sign-in. Requests for other paths get 404. The browser tab shows a page telling the
// person to return to the dashboard.
class LoopbackReceiver final : public QObject {
    Q_OBJECT

public:
    explicit LoopbackReceiver(QObject* parent = nullptr);

    // Starts listening; false when no port could be bound (errorString()).
    [[nodiscard]] bool listen(QByteArray expectedState);
    void close();
    [[nodiscard]] QString errorString() const { return m_server.errorString(); }
    // http://127.0.0.1:PORT/callback
    [[nodiscard]] QUrl redirectUri() const;

Q_SIGNALS:
    void codeReceived(const QByteArray& code);
    // code: `state_mismatch`, or the server's `error` (access_denied, login_required, …).
    void failed(const QString& code, const QString& message);

private:
    void onConnection();
    void handle(class QTcpSocket* socket, const QByteArray& requestLine);

    QTcpServer m_server;
    QByteArray m_state;
    bool m_done = false;
};

} // namespace gatehouse::client
