#pragma once

#include "http/HttpRequest.h"
#include "http/Limits.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>
#include <memory>
#include <variant>

namespace gatehouse::http {

// Turns a byte stream into HttpRequests, one at a time, enforcing Limits. Socket-free, so that the
// connection and the fuzzer drive the same code. Parsing is Boost.Beast's (RFC 9112); this class
// adds the limits Beast does not keep across partial reads (cumulative header size, field count,
// target length) and the checks a server owes (Host, Transfer-Encoding, Expect).
class RequestParser final {
public:
    // Every byte given was taken; a partial header is kept inside until more arrives.
    struct NeedMore {};
    // The first `consumed` bytes of the last feed() completed `request`. The rest belongs to the
    // next (pipelined) request: reset() and feed it again.
    struct Complete {
        HttpRequest request;
        qsizetype consumed = 0;
        bool keepAlive = true; // RFC 9112 §9.3: HTTP/1.1 unless "close", HTTP/1.0 only if asked
    };
    // The stream cannot go on: answer `status` with {"error": code, "error_description": ...}
    // and close the connection. Further feed() calls return the same failure until reset().
    struct Failed {
        int status = 400;
        QByteArray code;
        QString description;
    };
    using Outcome = std::variant<NeedMore, Complete, Failed>;

    explicit RequestParser(const Limits& limits);
    ~RequestParser();
    RequestParser(const RequestParser&) = delete;
    RequestParser& operator=(const RequestParser&) = delete;

    [[nodiscard]] Outcome feed(QByteArrayView bytes);
    // Forgets the current request (complete, failed or partial); ready for the next one.
    void reset();

    // Whether any byte of the current request has arrived (distinguishes a stalled request from an
    // idle keep-alive connection).
    [[nodiscard]] bool hasStarted() const;
    // The header is complete, asked for "Expect: 100-continue" and the body is still outstanding:
    // the caller should send "100 Continue" once (RFC 9110 §10.1.1).
    [[nodiscard]] bool expectsContinue() const;
    // Of the request in progress, for logging a refused request; empty before the request line.
    [[nodiscard]] QByteArray methodName() const;
    [[nodiscard]] QByteArray target() const;

    class Impl;

private:
    std::unique_ptr<Impl> m_impl;
};

} // namespace gatehouse::http
