#include "HoldingProxy.h"

namespace gatehouse::gui {

HoldingProxy::HoldingProxy(quint16 targetPort, QObject* parent)
    : QObject(parent)
    , m_targetPort(targetPort) {
    connect(&m_listener, &QTcpServer::newConnection, this, &HoldingProxy::accept);
}

HoldingProxy::~HoldingProxy() {
    qDeleteAll(m_links); // the sockets are children
}

bool HoldingProxy::listen() {
    return m_listener.listen(QHostAddress::LocalHost, 0);
}

void HoldingProxy::hold() {
    m_holding = true;
}

void HoldingProxy::release() {
    m_holding = false;
    for (Link* link : std::as_const(m_links))
        pass(*link);
}

qsizetype HoldingProxy::heldBytes() const {
    qsizetype total = 0;
    for (const Link* link : m_links)
        total += link->pending.size();
    return total;
}

void HoldingProxy::accept() {
    while (QTcpSocket* client = m_listener.nextPendingConnection()) {
        auto* link = new Link;
        m_links.append(link);
        link->client = client;
        link->server = new QTcpSocket(this);
        client->setParent(this);
        connect(client, &QTcpSocket::readyRead, this, [this, link] {
            link->pending.append(link->client->readAll());
            pass(*link);
        });
        connect(link->server, &QTcpSocket::connected, this, [this, link] { pass(*link); });
        connect(link->server, &QTcpSocket::readyRead, this, [link] {
            if (link->client)
                link->client->write(link->server->readAll());
        });
        // Either side closing closes the other once what it wrote has gone out.
        connect(client, &QTcpSocket::disconnected, this, [link] {
            if (link->server)
                link->server->disconnectFromHost();
        });
        connect(link->server, &QTcpSocket::disconnected, this, [link] {
            if (link->client)
                link->client->disconnectFromHost();
        });
        link->server->connectToHost(QHostAddress::LocalHost, m_targetPort);
    }
}

void HoldingProxy::pass(Link& link) {
    if (m_holding || link.pending.isEmpty() || !link.server ||
        link.server->state() != QAbstractSocket::ConnectedState)
        return;
    link.server->write(link.pending);
    link.pending.clear();
}

} // namespace gatehouse::gui
