#include "http/RequestParser.h"

#include <gtest/gtest.h>

namespace gatehouse::http {
namespace {

using Complete = RequestParser::Complete;
using Failed = RequestParser::Failed;

Limits smallLimits() {
    Limits limits;
    limits.headerBytes = 1024;
    limits.headerCount = 10;
    limits.urlBytes = 256;
    limits.bodyBytes = 100;
    return limits;
}

// Feeds `bytes` in pieces of `step` bytes (0: all at once) until the parser decides.
RequestParser::Outcome feedInPieces(RequestParser& parser, QByteArrayView bytes,
                                    qsizetype step = 0) {
    if (step <= 0)
        step = bytes.size();
    RequestParser::Outcome outcome = RequestParser::NeedMore{};
    for (qsizetype offset = 0; offset < bytes.size(); offset += step) {
        outcome = parser.feed(bytes.sliced(offset, std::min(step, bytes.size() - offset)));
        if (!std::holds_alternative<RequestParser::NeedMore>(outcome))
            return outcome;
    }
    return outcome;
}

Complete expectComplete(const RequestParser::Outcome& outcome) {
    const auto* complete = std::get_if<Complete>(&outcome);
    EXPECT_NE(complete, nullptr) << "outcome index " << outcome.index();
    return complete ? *complete : Complete{};
}

Failed expectFailed(const RequestParser::Outcome& outcome) {
    const auto* failed = std::get_if<Failed>(&outcome);
    EXPECT_NE(failed, nullptr) << "outcome index " << outcome.index();
    return failed ? *failed : Failed{0, {}, {}};
}

int failureStatus(const QByteArray& bytes, const Limits& limits = smallLimits(),
                  qsizetype step = 0) {
    RequestParser parser(limits);
    const auto outcome = feedInPieces(parser, bytes, step);
    const auto* failed = std::get_if<Failed>(&outcome);
    return failed ? failed->status : 0;
}

TEST(RequestParserTest, ParsesGetWithQueryAndHeaders) {
    RequestParser parser(smallLimits());
    const QByteArray raw = "GET /authorize?client_id=a%20b&x=1 HTTP/1.1\r\n"
                           "Host: Example.COM:8443\r\n"
                           "X-Custom: one\r\n"
                           "x-custom: two\r\n"
                           "\r\n";
    const Complete complete = expectComplete(parser.feed(raw));
    const HttpRequest& request = complete.request;
    EXPECT_EQ(complete.consumed, raw.size());
    EXPECT_TRUE(complete.keepAlive);
    EXPECT_EQ(request.method(), Method::Get);
    EXPECT_EQ(request.methodName(), "GET");
    EXPECT_EQ(request.httpVersion(), 11);
    EXPECT_EQ(request.target(), "/authorize?client_id=a%20b&x=1");
    EXPECT_EQ(request.path(), "/authorize");
    EXPECT_EQ(request.query(), "client_id=a%20b&x=1");
    EXPECT_EQ(request.header("HOST"), "Example.COM:8443");
    EXPECT_EQ(request.host(), "example.com");
    EXPECT_EQ(request.header("X-CUSTOM"), "one");
    EXPECT_EQ(request.headerValues("x-custom"), (QList<QByteArray>{"one", "two"}));
    EXPECT_EQ(request.headers().size(), 3);
    EXPECT_TRUE(request.body().isEmpty());
}

TEST(RequestParserTest, ParsesContentLengthBodyInAnySplit) {
    const QByteArray raw = "POST /oauth/token HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n\r\n"
                           "grant=x&y=z";
    for (qsizetype step : {0, 1, 2, 7, 30}) {
        RequestParser parser(smallLimits());
        const Complete complete = expectComplete(feedInPieces(parser, raw, step));
        EXPECT_EQ(complete.request.method(), Method::Post) << "step " << step;
        EXPECT_EQ(complete.request.body(), "grant=x&y=z") << "step " << step;
    }
}

TEST(RequestParserTest, ParsesChunkedBodyAndKeepsTrailersOutOfHeaders) {
    const QByteArray raw = "POST /x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                           "5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n";
    for (qsizetype step : {0, 1, 3, 16}) {
        RequestParser parser(smallLimits());
        const Complete complete = expectComplete(feedInPieces(parser, raw, step));
        EXPECT_EQ(complete.request.body(), "hello world") << "step " << step;
        EXPECT_FALSE(complete.request.hasHeader("X-Trailer"));
    }
}

TEST(RequestParserTest, PipelinedRequestsReportWhatTheyConsumed) {
    const QByteArray first = "GET /one HTTP/1.1\r\nHost: a\r\n\r\n";
    const QByteArray second = "POST /two HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\nok";
    const QByteArray both = first + second;
    RequestParser parser(smallLimits());
    const Complete one = expectComplete(parser.feed(both));
    EXPECT_EQ(one.request.path(), "/one");
    EXPECT_EQ(one.consumed, first.size());
    parser.reset();
    const Complete two = expectComplete(parser.feed(QByteArrayView(both).sliced(one.consumed)));
    EXPECT_EQ(two.request.path(), "/two");
    EXPECT_EQ(two.request.body(), "ok");
    EXPECT_EQ(two.consumed, second.size());
}

TEST(RequestParserTest, ConsumedCountsOnlyTheLastFeedAfterAPartialHeader) {
    const QByteArray first = "GET /one HTTP/1.1\r\nHo";
    const QByteArray rest = "st: a\r\n\r\nGET /two HTTP/1.1\r\n";
    RequestParser parser(smallLimits());
    EXPECT_TRUE(std::holds_alternative<RequestParser::NeedMore>(parser.feed(first)));
    EXPECT_TRUE(parser.hasStarted());
    const Complete one = expectComplete(parser.feed(rest));
    EXPECT_EQ(one.consumed, QByteArray("st: a\r\n\r\n").size());
    parser.reset();
    EXPECT_FALSE(parser.hasStarted());
}

TEST(RequestParserTest, KeepAliveFollowsVersionAndConnectionHeader) {
    auto keepAlive = [](QByteArrayView raw) {
        RequestParser parser(smallLimits());
        return expectComplete(parser.feed(raw)).keepAlive;
    };
    EXPECT_TRUE(keepAlive("GET / HTTP/1.1\r\nHost: a\r\n\r\n"));
    EXPECT_FALSE(keepAlive("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"));
    EXPECT_FALSE(keepAlive("GET / HTTP/1.0\r\n\r\n"));
    EXPECT_TRUE(keepAlive("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"));
}

TEST(RequestParserTest, OversizedHeaderIs431WhetherSentAtOnceOrTrickled) {
    const QByteArray raw =
        "GET / HTTP/1.1\r\nHost: a\r\nX-Big: " + QByteArray(2000, 'x') + "\r\n\r\n";
    EXPECT_EQ(failureStatus(raw), 431);
    EXPECT_EQ(failureStatus(raw, smallLimits(), 1), 431);
    // Many small fields, each line below the limit, together above it: Beast alone would accept
    // this when it arrives one line per read.
    QByteArray many = "GET / HTTP/1.1\r\nHost: a\r\n";
    Limits limits = smallLimits();
    limits.headerCount = 1000;
    for (int i = 0; i < 60; ++i)
        many += "X-Field-" + QByteArray::number(i) + ": " + QByteArray(20, 'v') + "\r\n";
    many += "\r\n";
    EXPECT_EQ(failureStatus(many, limits), 431);
    EXPECT_EQ(failureStatus(many, limits, 8), 431);
    EXPECT_EQ(failureStatus(many, limits, 37), 431);
}

TEST(RequestParserTest, TooManyHeaderFieldsIs431) {
    QByteArray raw = "GET / HTTP/1.1\r\nHost: a\r\n";
    for (int i = 0; i < 10; ++i)
        raw += "X-" + QByteArray::number(i) + ": v\r\n";
    raw += "\r\n";
    RequestParser parser(smallLimits());
    const Failed failed = expectFailed(parser.feed(raw));
    EXPECT_EQ(failed.status, 431);
    EXPECT_EQ(failed.code, "headers_too_large");
}

TEST(RequestParserTest, LongTargetIs414) {
    const QByteArray target = "/" + QByteArray(300, 'a');
    EXPECT_EQ(failureStatus("GET " + target + " HTTP/1.1\r\nHost: a\r\n\r\n"), 414);
    // A request line longer than the whole header limit: still the target's fault.
    const QByteArray huge = "/" + QByteArray(5000, 'a');
    EXPECT_EQ(failureStatus("GET " + huge + " HTTP/1.1\r\nHost: a\r\n\r\n"), 414);
    EXPECT_EQ(failureStatus("GET " + huge, smallLimits(), 64), 414);
}

TEST(RequestParserTest, ContentLengthOverLimitIs413AsSoonAsTheHeaderIsKnown) {
    RequestParser parser(smallLimits());
    const Failed failed =
        expectFailed(parser.feed("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 101\r\n\r\n"));
    EXPECT_EQ(failed.status, 413);
    EXPECT_EQ(failed.code, "payload_too_large");
}

TEST(RequestParserTest, ChunkedBodyCountsAgainstTheBodyLimit) {
    const QByteArray head = "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n";
    EXPECT_EQ(failureStatus(head + "65\r\n"), 413); // one 101-byte chunk, refused at its size line
    QByteArray many = head;
    for (int i = 0; i < 11; ++i)
        many += "a\r\n" + QByteArray(10, 'z') + "\r\n";
    EXPECT_EQ(failureStatus(many + "0\r\n\r\n"), 413);
    EXPECT_EQ(failureStatus(many + "0\r\n\r\n", smallLimits(), 5), 413);
}

TEST(RequestParserTest, MalformedRequestsAre400) {
    EXPECT_EQ(failureStatus("\x16\x03\x01\x02\x00garbage\r\n\r\n"), 400);
    EXPECT_EQ(failureStatus("GET / HTTP/1.1\r\nHost: a\r\nBad Header: x\r\n\r\n"), 400);
    EXPECT_EQ(failureStatus("GET / HTTP/1.1\r\nHost: a\r\nX: a\0b\r\n\r\n"),
              0); // NUL cut by literal
    EXPECT_EQ(failureStatus(QByteArray("GET / HTTP/1.1\r\nHost: a\r\nX: a\0b\r\n\r\n", 35)), 400);
    EXPECT_EQ(failureStatus("GET / HTTP/3.0\r\nHost: a\r\n\r\n"), 400);
    EXPECT_EQ(failureStatus("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"), 400);
    EXPECT_EQ(failureStatus("GET / HTTP/1.1\r\nHost: a\r\nContent-Length: abc\r\n\r\n"), 400);
    EXPECT_EQ(failureStatus("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\n"
                            "Content-Length: 2\r\n\r\nab"),
              400);
    EXPECT_EQ(failureStatus("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                            "zz\r\nabc\r\n0\r\n\r\n"),
              400);
    EXPECT_EQ(failureStatus("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                            "3\r\nabcXY0\r\n\r\n"),
              400);
}

TEST(RequestParserTest, HostHeaderIsRequiredOnceInHttp11) {
    EXPECT_EQ(failureStatus("GET / HTTP/1.1\r\n\r\n"), 400);
    EXPECT_EQ(failureStatus("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"), 400);
    EXPECT_EQ(failureStatus("GET / HTTP/1.0\r\n\r\n"), 0);
}

TEST(RequestParserTest, TransferEncodingOtherThanChunkedIsRefused) {
    const QByteArray head = "POST / HTTP/1.1\r\nHost: a\r\n";
    // Not chunked last: no reliable framing (smuggling) -> 400.
    EXPECT_EQ(failureStatus(head + "Transfer-Encoding: gzip\r\n\r\n"), 400);
    EXPECT_EQ(failureStatus(head + "Transfer-Encoding: chunked, gzip\r\n\r\n"), 400);
    // Chunked with a content coding before it: understood framing, unsupported coding -> 501.
    EXPECT_EQ(failureStatus(head + "Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n"), 501);
    EXPECT_EQ(failureStatus(head + "Transfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n"),
              501);
    // Both framings at once, in either order -> 400.
    EXPECT_EQ(failureStatus(head + "Content-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n"), 400);
    EXPECT_EQ(failureStatus(head + "Transfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n"), 400);
    // HTTP/1.0 has no Transfer-Encoding.
    EXPECT_EQ(failureStatus("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"), 400);
}

TEST(RequestParserTest, ExpectContinueIsAnnouncedOnlyWhileTheBodyIsOutstanding) {
    RequestParser parser(smallLimits());
    const auto outcome = parser.feed(
        "PUT / HTTP/1.1\r\nHost: a\r\nExpect: 100-Continue\r\nContent-Length: 3\r\n\r\n");
    EXPECT_TRUE(std::holds_alternative<RequestParser::NeedMore>(outcome));
    EXPECT_TRUE(parser.expectsContinue());
    const Complete complete = expectComplete(parser.feed("abc"));
    EXPECT_EQ(complete.request.body(), "abc");
    EXPECT_FALSE(parser.expectsContinue());

    EXPECT_EQ(
        failureStatus("PUT / HTTP/1.1\r\nHost: a\r\nExpect: teapot\r\nContent-Length: 3\r\n\r\n"),
        417);
    // Over the body limit: 413, before any 100 Continue could invite the body.
    EXPECT_EQ(failureStatus("PUT / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\n"
                            "Content-Length: 1000\r\n\r\n"),
              413);
}

TEST(RequestParserTest, FailureIsStickyUntilReset) {
    RequestParser parser(smallLimits());
    EXPECT_EQ(expectFailed(parser.feed("garbage garbage\r\n\r\n")).status, 400);
    EXPECT_EQ(expectFailed(parser.feed("GET / HTTP/1.1\r\nHost: a\r\n\r\n")).status, 400);
    parser.reset();
    EXPECT_EQ(expectComplete(parser.feed("GET / HTTP/1.1\r\nHost: a\r\n\r\n")).request.path(), "/");
}

TEST(RequestParserTest, ExtensionMethodsAreOther) {
    RequestParser parser(smallLimits());
    const Complete complete =
        expectComplete(parser.feed("PROPFIND /x HTTP/1.1\r\nHost: a\r\n\r\n"));
    EXPECT_EQ(complete.request.method(), Method::Other);
    EXPECT_EQ(complete.request.methodName(), "PROPFIND");
}

// RFC 9112 §3.2: tenants are chosen by Host, so a Host that is not `host[:port]` never reaches a
// handler.
TEST(RequestParserTest, InvalidHostValuesAre400) {
    for (const char* host : {"a b", "a@b", "localhost:99999", "localhost:notaport", "[::1",
                             "[::1]x", "a\tb", "/path", "host:80:80", ":80"}) {
        const QByteArray raw = "GET / HTTP/1.1\r\nHost: " + QByteArray(host) + "\r\n\r\n";
        EXPECT_EQ(failureStatus(raw), 400) << host;
    }
}

TEST(RequestParserTest, ValidHostValuesAreAccepted) {
    for (const char* host : {"localhost", "localhost:8443", "127.0.0.1:1", "[::1]:443", "[::1]",
                             "acme.auth.example.com", "xn--bcher-kva.example", ""}) {
        RequestParser parser(smallLimits());
        const QByteArray raw = "GET / HTTP/1.1\r\nHost: " + QByteArray(host) + "\r\n\r\n";
        const Complete complete = expectComplete(parser.feed(raw));
        EXPECT_EQ(complete.request.header("Host"), QByteArray(host)) << host;
    }
}

// RFC 9112 §3.2.2: absolute-form is accepted and its authority replaces Host.
TEST(RequestParserTest, AbsoluteFormTargetBecomesOriginFormWithItsAuthorityAsHost) {
    RequestParser parser(smallLimits());
    const Complete complete = expectComplete(
        parser.feed("GET HTTP://Acme.Example:8443/t/x/jwks?a=1 HTTP/1.1\r\nHost: other\r\n\r\n"));
    EXPECT_EQ(complete.request.path(), QByteArray("/t/x/jwks"));
    EXPECT_EQ(complete.request.query(), QByteArray("a=1"));
    EXPECT_EQ(complete.request.host(), QByteArray("acme.example"));

    RequestParser bare(smallLimits());
    const Complete root =
        expectComplete(bare.feed("GET http://localhost HTTP/1.1\r\nHost: localhost\r\n\r\n"));
    EXPECT_EQ(root.request.path(), QByteArray("/"));

    EXPECT_EQ(failureStatus("GET http:///x HTTP/1.1\r\nHost: a\r\n\r\n"), 400);
    EXPECT_EQ(failureStatus("GET http://a b/x HTTP/1.1\r\nHost: a\r\n\r\n"), 400);
}

// Found by the fuzzer: a header exactly at the limit was refused when it arrived in pieces and
// accepted whole. The same bytes must get the same answer however they are split.
TEST(RequestParserTest, HeaderExactlyAtTheLimitWaitsInAnySplit) {
    const Limits limits = smallLimits();
    QByteArray raw = "GET / HTTP/1.1\r\nHost: a\r\nX-Pad: ";
    raw.append(QByteArray(limits.headerBytes - raw.size(), 'p'));
    ASSERT_EQ(raw.size(), limits.headerBytes);
    for (const qsizetype step : {0, 1, 3, 7}) {
        RequestParser parser(limits);
        EXPECT_TRUE(
            std::holds_alternative<RequestParser::NeedMore>(feedInPieces(parser, raw, step)))
            << "step " << step;
        EXPECT_EQ(failureStatus(raw + "p", limits, step), 431) << "step " << step;
    }
}

} // namespace
} // namespace gatehouse::http
