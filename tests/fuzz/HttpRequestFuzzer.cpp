// libFuzzer harness for the request parser (and the router behind it). The bytes are parsed as a
// stream of pipelined requests under small limits, once whole and again cut into pieces at places
// derived from the input: the requests found must not depend on how the stream was split into
// reads, and nothing may crash, leak or trip a sanitizer.
#include "http/RequestParser.h"
#include "http/Router.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

using namespace gatehouse::http;

namespace {

struct ParsedStream {
    std::vector<HttpRequest> requests;
    bool failed = false;
    int failureStatus = 0;
};

Limits fuzzLimits() {
    Limits limits;
    limits.headerBytes = 512;
    limits.headerCount = 16;
    limits.urlBytes = 128;
    limits.bodyBytes = 1024;
    return limits;
}

// Feeds `input` in pieces of the given sizes (cycled; 0 = the rest at once).
ParsedStream parse(QByteArrayView input, const std::vector<qsizetype>& pieces) {
    ParsedStream stream;
    RequestParser parser(fuzzLimits());
    qsizetype offset = 0;
    std::size_t pieceIndex = 0;
    while (offset < input.size()) {
        qsizetype piece = pieces.empty() ? 0 : pieces[pieceIndex++ % pieces.size()];
        if (piece <= 0 || piece > input.size() - offset)
            piece = input.size() - offset;
        QByteArrayView chunk = input.sliced(offset, piece);
        offset += piece;
        // A chunk may finish several pipelined requests: hand the rest back after each.
        while (!chunk.isEmpty()) {
            RequestParser::Outcome outcome = parser.feed(chunk);
            if (auto* complete = std::get_if<RequestParser::Complete>(&outcome)) {
                if (complete->consumed < 0 || complete->consumed > chunk.size())
                    __builtin_trap();
                stream.requests.push_back(std::move(complete->request));
                chunk = chunk.sliced(complete->consumed);
                parser.reset();
                if (stream.requests.size() > 4096)
                    __builtin_trap(); // each request needs at least a few bytes
                continue;
            }
            if (const auto* failed = std::get_if<RequestParser::Failed>(&outcome)) {
                if (failed->status < 400 || failed->status > 599 || failed->code.isEmpty())
                    __builtin_trap();
                stream.failed = true;
                stream.failureStatus = failed->status;
                return stream;
            }
            (void)parser.expectsContinue();
            (void)parser.methodName();
            break; // NeedMore: every byte was taken
        }
    }
    return stream;
}

bool sameRequest(const HttpRequest& a, const HttpRequest& b) {
    return a.methodName() == b.methodName() && a.target() == b.target() &&
           a.httpVersion() == b.httpVersion() && a.headers() == b.headers() && a.body() == b.body();
}

// The router and the request accessors must cope with anything the parser lets through.
void exercise(const Router& router, const HttpRequest& request) {
    (void)request.host();
    (void)request.header("Content-Type");
    (void)request.headerValues("host");
    (void)request.query();
    std::optional<int> status;
    router.dispatch(request, request.path(),
                    Responder([&status](HttpResponse response) { status = response.status(); }));
    if (!status || (*status != 200 && *status != 404 && *status != 405))
        __builtin_trap();
}

const Router& router() {
    static const Router instance = [] {
        Router r;
        auto ok = [](HttpRequest request, Responder responder) {
            (void)request.pathParam(u"id");
            responder.send(HttpResponse(200));
        };
        r.add(Method::Post, "/oauth/token", ok);
        r.add(Method::Get, "/api/v2/clients/{id}", ok);
        r.add(Method::Post, "/api/v2/clients/{id}/rotate-secret", ok);
        r.add(Method::Get, "/", ok);
        return r;
    }();
    return instance;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const QByteArrayView input(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size));
    const ParsedStream whole = parse(input, {});

    std::vector<std::vector<qsizetype>> splits;
    if (size > 1) {
        const auto at = static_cast<qsizetype>((data[0] * 131u + data[size - 1]) % size) + 1;
        splits.push_back({at, 0});
        splits.push_back({static_cast<qsizetype>(data[size / 2] % 7) + 1});
    }
    if (size <= 2048)
        splits.push_back({1});
    for (const auto& pieces : splits) {
        const ParsedStream split = parse(input, pieces);
        // The requests found must not depend on read boundaries. Errors may surface later when
        // the bytes come in pieces (Beast checks a partial header only once all of it is there),
        // so a stream the whole parse rejects may still be waiting for more in pieces, and the
        // 4xx chosen may differ; but a stream parsed whole without error never fails in pieces.
        if (split.requests.size() != whole.requests.size() || (split.failed && !whole.failed))
            __builtin_trap();
        for (std::size_t i = 0; i < whole.requests.size(); ++i) {
            if (!sameRequest(whole.requests[i], split.requests[i]))
                __builtin_trap();
        }
    }
    for (const HttpRequest& request : whole.requests)
        exercise(router(), request);
    return 0;
}
