#pragma once

#include "http/HttpResponse.h"
#include "http/RequestParser.h"
#include "http/internal/ConnectionLink.h"
#include "http/internal/ResponseSerializer.h"
#include "http/internal/TimeoutQueue.h"

#include <QByteArray>
#include <QHostAddress>
#include <QObject>
#include <QTcpSocket>
#include <memory>

namespace gatehouse::http::internal {

class HttpWorker;

// One client connection: reads requests, one at a time, hands each to the handler and writes the
// answer. Pipelined requests wait, unparsed, until the previous one is answered, which keeps
// responses in order and bounds what one connection holds (RFC 9112 §9.3.2).
//
// States: Reading (between requests or receiving one) -> Dispatched (a handler owns the request)
// -> Reading again (keep-alive) or Closing (our FIN is out; we wait briefly for the client's) ->
// Closed (deleteLater pending). Lives on its worker's thread.
class HttpConnection final : public QObject {
    Q_OBJECT

public:
    explicit HttpConnection(QTcpSocket* socket, HttpWorker& worker, QObject* parent);
    ~HttpConnection() override;

    void start();
    // The response to request `sequence`; stale or duplicate deliveries are ignored.
    void deliver(quint64 sequence, HttpResponse response, const QByteArray& route);
    // Called by the worker when this connection's deadline passed.
    void onTimeout();
    void beginDrain();
    void abort();

private:
    enum class State { Reading, Dispatched, Closing, Closed };

    // What the connection remembers of the request a handler is working on.
    struct InFlight {
        QByteArray method;
        QByteArray path;
        qint64 requestBytes = 0;
        qint64 startMicros = 0;
        bool head = false;
        bool keepAlive = true;
        bool http10 = false;
    };

    void onReadyRead();
    void onBytesWritten();
    void processInput();
    [[nodiscard]] bool readSocket();
    void onPartialRequest();
    void dispatch(RequestParser::Complete complete);
    void invokeHandler(HttpRequest request, quint64 sequence);
    void refuse(const RequestParser::Failed& failed);
    qint64 writeResponse(const HttpResponse& response, bool head,
                         ResponseSerializer::Connection connection, int& status);
    void send(QByteArrayView bytes);
    void recordRequest(const InFlight& request, int status, qint64 responseBytes,
                       const QByteArray& route) const;
    void closeGracefully();
    void closeQuietly();
    void shutdownWriteIfFlushed();
    void finish();
    [[nodiscard]] qint64 pendingOutput() const;

    HttpWorker& m_worker;
    QTcpSocket* m_socket;
    std::shared_ptr<ConnectionLink> m_link;
    RequestParser m_parser;
    QByteArray m_input; // bytes read from the socket and not yet parsed, from m_inputOffset
    qsizetype m_inputOffset = 0;
    TimeoutQueue::Node m_timeout;
    QHostAddress m_peer;
    InFlight m_inFlight;
    quint64 m_sequence = 0;
    qint64 m_requestBytes = 0;
    qint64 m_requestStartMicros = 0;
    State m_state = State::Reading;
    bool m_secure = false;
    bool m_readTimerArmed = false; // the current request's read deadline is running
    bool m_continueSent = false;
    bool m_processing = false; // processInput() is on the stack
    bool m_pausedForOutput = false;
    bool m_writeShutDown = false;
    bool m_draining = false;
};

} // namespace gatehouse::http::internal
