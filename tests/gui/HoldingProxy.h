#pragma once

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>

namespace gatehouse::gui {

// A TCP relay on loopback in front of a server that can hold what clients send: while held,
// the bytes wait here and the server sees nothing; release() passes them on. TLS goes through
// untouched (the relay never reads it), so a client pinned to the server's certificate keeps
// trusting it. For tests of what the dashboard does while a request is on its way.
class HoldingProxy final : public QObject {
    Q_OBJECT

public:
    explicit HoldingProxy(quint16 targetPort, QObject* parent = nullptr);
    ~HoldingProxy() override;

    // Listens on 127.0.0.1 at a free port; false when it cannot.
    [[nodiscard]] bool listen();
    [[nodiscard]] quint16 port() const { return m_listener.serverPort(); }

    void hold();
    void release();
    // Bytes from clients waiting to be passed on.
    [[nodiscard]] qsizetype heldBytes() const;

private:
    struct Link {
        QPointer<QTcpSocket> client;
        QPointer<QTcpSocket> server;
        QByteArray pending; // from the client, not yet passed on (held, or server not connected)
    };

    void accept();
    void pass(Link& link);

    quint16 m_targetPort;
    QTcpServer m_listener;
    QList<Link*> m_links;
    bool m_holding = false;
};

} // namespace gatehouse::gui
