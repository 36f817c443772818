#include "ScriptedSmtpServer.h"

#include <QSslSocket>

namespace gatehouse::mail::test {
namespace {

QByteArray word(const QByteArray& line, int index) {
    return line.split(' ').value(index);
}

} // namespace

struct ScriptedSmtpServer::Connection {
    enum class Mode { Command, Data, AuthLoginUser, AuthLoginPassword };
    QSslSocket* socket = nullptr;
    qsizetype transaction = 0; // index into m_transactions
    Mode mode = Mode::Command;
    QByteArray buffer;
    QByteArray loginUser;
    bool stalled = false;
};

ScriptedSmtpServer::ScriptedSmtpServer(SmtpScript script, QObject* parent)
    : QTcpServer(parent)
    , m_script(std::move(script)) {}

ScriptedSmtpServer::~ScriptedSmtpServer() {
    const QList<Connection*> connections = std::exchange(m_connections, {});
    for (Connection* connection : connections) {
        connection->socket->disconnect(this);
        delete connection->socket;
        delete connection;
    }
}

bool ScriptedSmtpServer::start() {
    return listen(QHostAddress::LocalHost, 0);
}

void ScriptedSmtpServer::incomingConnection(qintptr descriptor) {
    auto* socket = new QSslSocket(this);
    if (!socket->setSocketDescriptor(descriptor)) {
        delete socket;
        return;
    }
    auto* connection = new Connection;
    connection->socket = socket;
    connection->transaction = m_transactions.size();
    m_transactions.append(SmtpTransaction{});
    m_connections.append(connection);
    if (m_script.tls)
        socket->setSslConfiguration(*m_script.tls);
    connect(socket, &QSslSocket::readyRead, this, [this, connection] { onReadyRead(*connection); });
    connect(socket, &QSslSocket::disconnected, socket, &QObject::deleteLater);
    connect(socket, &QObject::destroyed, this, [this, connection] {
        m_connections.removeOne(connection);
        delete connection;
    });
    if (m_script.stallOn == "greeting") {
        connection->stalled = true;
        return;
    }
    if (m_script.implicitTls) {
        connect(socket, &QSslSocket::encrypted, this,
                [this, connection] { reply(*connection, "220 scripted ESMTP ready"); });
        socket->startServerEncryption();
        return;
    }
    reply(*connection, "220 scripted ESMTP ready");
}

void ScriptedSmtpServer::onReadyRead(Connection& connection) {
    connection.buffer += connection.socket->readAll();
    qsizetype end = 0;
    while (!connection.stalled && (end = connection.buffer.indexOf("\r\n")) >= 0) {
        const QByteArray line = connection.buffer.left(end);
        connection.buffer.remove(0, end + 2);
        switch (connection.mode) {
        case Connection::Mode::Command:
            handleCommand(connection, line);
            break;
        case Connection::Mode::Data:
            handleDataLine(connection, line);
            break;
        case Connection::Mode::AuthLoginUser:
        case Connection::Mode::AuthLoginPassword:
            handleAuthLine(connection, line);
            break;
        }
    }
}

void ScriptedSmtpServer::handleCommand(Connection& connection, const QByteArray& line) {
    SmtpTransaction& transaction = m_transactions[connection.transaction];
    transaction.commands.append(line);
    const QByteArray verb = word(line, 0).toUpper();
    if (!m_script.stallOn.isEmpty() && verb == m_script.stallOn) {
        connection.stalled = true;
        return;
    }
    const bool encrypted = connection.socket->isEncrypted();
    if (verb == "EHLO") {
        transaction.ehloName = line.mid(5);
        QList<QByteArray> lines{"scripted greets " + transaction.ehloName, "8BITMIME",
                                "SIZE 10240000"};
        if (m_script.offerStartTls && !encrypted)
            lines.append("STARTTLS");
        if (!m_script.authMechanisms.isEmpty() && (encrypted || m_script.authWithoutTls))
            lines.append("AUTH " + m_script.authMechanisms.join(' '));
        QByteArray text;
        for (qsizetype i = 0; i < lines.size(); ++i)
            text += "250" + QByteArray(i + 1 == lines.size() ? " " : "-") + lines[i] +
                    (i + 1 == lines.size() ? "" : "\r\n");
        reply(connection, text);
    } else if (verb == "STARTTLS" && m_script.offerStartTls && !encrypted) {
        reply(connection, m_script.injectAfterStartTls
                              ? QByteArray("220 2.0.0 Ready to start TLS\r\n250 injected")
                              : QByteArray("220 2.0.0 Ready to start TLS"));
        connection.buffer.clear();
        connection.socket->startServerEncryption();
    } else if (verb == "AUTH") {
        const QByteArray mechanism = word(line, 1).toUpper();
        if (mechanism == "PLAIN") {
            const QList<QByteArray> fields = QByteArray::fromBase64(word(line, 2)).split('\0');
            checkCredentials(connection, fields.value(1), fields.value(2));
        } else if (mechanism == "LOGIN") {
            connection.mode = Connection::Mode::AuthLoginUser;
            reply(connection, "334 VXNlcm5hbWU6");
        } else {
            reply(connection, "504 5.5.4 Unrecognized authentication type");
        }
    } else if (verb == "MAIL") {
        transaction.mailFrom = line.mid(line.indexOf('<') + 1).chopped(1);
        transaction.tlsBeforeMailFrom = encrypted;
        reply(connection, "250 2.1.0 Ok");
    } else if (verb == "RCPT") {
        transaction.rcptTo.append(line.mid(line.indexOf('<') + 1).chopped(1));
        reply(connection, m_script.rcptReply);
    } else if (verb == "DATA") {
        connection.mode = Connection::Mode::Data;
        reply(connection, "354 End data with <CR><LF>.<CR><LF>");
    } else if (verb == "QUIT") {
        transaction.quit = true;
        reply(connection, "221 2.0.0 Bye");
        connection.socket->disconnectFromHost();
    } else if (verb == "RSET" || verb == "NOOP") {
        reply(connection, "250 2.0.0 Ok");
    } else {
        reply(connection, "502 5.5.2 Error: command not recognized");
    }
}

void ScriptedSmtpServer::handleAuthLine(Connection& connection, const QByteArray& line) {
    m_transactions[connection.transaction].commands.append(line);
    if (connection.mode == Connection::Mode::AuthLoginUser) {
        connection.loginUser = QByteArray::fromBase64(line);
        connection.mode = Connection::Mode::AuthLoginPassword;
        reply(connection, "334 UGFzc3dvcmQ6");
        return;
    }
    connection.mode = Connection::Mode::Command;
    checkCredentials(connection, connection.loginUser, QByteArray::fromBase64(line));
}

void ScriptedSmtpServer::checkCredentials(Connection& connection, const QByteArray& user,
                                          const QByteArray& password) {
    SmtpTransaction& transaction = m_transactions[connection.transaction];
    transaction.authUser = user;
    transaction.authPassword = password;
    if (user == m_script.user && password == m_script.password)
        reply(connection, "235 2.7.0 Authentication successful");
    else // careless relays echo what they got; the client must not pass it on
        reply(connection, "535 5.7.8 Authentication failed for " + user + " with " + password);
}

void ScriptedSmtpServer::handleDataLine(Connection& connection, const QByteArray& line) {
    SmtpTransaction& transaction = m_transactions[connection.transaction];
    transaction.rawData += line + "\r\n";
    if (line == ".") {
        connection.mode = Connection::Mode::Command;
        transaction.completed = true;
        if (m_script.stallOn == "message") {
            connection.stalled = true;
            return;
        }
        reply(connection, "250 2.0.0 Ok: queued as SCRIPTED1");
        return;
    }
    transaction.data += (line.startsWith('.') ? line.mid(1) : line) + "\r\n"; // RFC 5321 §4.5.2
}

void ScriptedSmtpServer::reply(Connection& connection, const QByteArray& text) {
    connection.socket->write(text + "\r\n");
}

} // namespace gatehouse::mail::test
