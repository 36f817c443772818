#pragma once

#include <QByteArray>
#include <QList>
#include <QSslConfiguration>
#include <QTcpServer>
#include <optional>

class QSslSocket;

namespace gatehouse::mail::test {

// What the scripted server does; each flag is one behaviour of a real relay the client must
// handle.
struct SmtpScript {
    std::optional<QSslConfiguration> tls; // needed for STARTTLS and implicit TLS
    bool implicitTls = false;             // TLS from the first byte (port 465)
    bool offerStartTls = false;
    bool injectAfterStartTls = false; // a plaintext "250" right behind the 220 (CVE-2011-0411)
    QList<QByteArray> authMechanisms; // advertised after TLS, e.g. {"PLAIN", "LOGIN"}
    bool authWithoutTls = false;      // advertise AUTH on a plaintext connection too
    QByteArray user;                  // the credentials AUTH accepts
    QByteArray password;
    QByteArray rcptReply = "250 2.1.5 Ok";
    QByteArray stallOn; // a command ("DATA", "QUIT") or "greeting" after which it says nothing
};

// One SMTP conversation as the server saw it.
struct SmtpTransaction {
    QList<QByteArray> commands; // every line received outside DATA, AUTH payloads included
    QByteArray ehloName;
    QByteArray mailFrom; // the path inside MAIL FROM:<...>
    QList<QByteArray> rcptTo;
    QByteArray rawData; // as it arrived, dot-stuffed, up to and including the final "."
    QByteArray data;    // unstuffed, as the relay would deliver it
    QByteArray authUser;
    QByteArray authPassword;
    bool tlsBeforeMailFrom = false;
    bool completed = false; // a message was accepted
    bool quit = false;
};

// A small SMTP server on loopback that answers from a script (RFC 5321 replies 220, 250, 354,
// 221, 334/235/535, 550) and records the transaction, so tests exercise SmtpSender over real
// sockets and real TLS. Only for tests: no SMTP daemon is installed on the build machine.
class ScriptedSmtpServer final : public QTcpServer {
    Q_OBJECT

public:
    explicit ScriptedSmtpServer(SmtpScript script, QObject* parent = nullptr);
    ~ScriptedSmtpServer() override;

    [[nodiscard]] bool start(); // listens on 127.0.0.1 with an ephemeral port
    [[nodiscard]] const QList<SmtpTransaction>& transactions() const { return m_transactions; }

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    struct Connection;
    void onReadyRead(Connection& connection);
    void handleCommand(Connection& connection, const QByteArray& line);
    void handleAuthLine(Connection& connection, const QByteArray& line);
    void handleDataLine(Connection& connection, const QByteArray& line);
    void reply(Connection& connection, const QByteArray& text);
    void checkCredentials(Connection& connection, const QByteArray& user,
                          const QByteArray& password);

    SmtpScript m_script;
    QList<SmtpTransaction> m_transactions;
    QList<Connection*> m_connections;
};

} // namespace gatehouse::mail::test
