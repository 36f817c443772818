#include "loginui/StaticAssets.h"

#include "Gunzip.h"
#include "http/Router.h"
#include "support/ResultAssertions.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <gtest/gtest.h>
#include <optional>

namespace gatehouse::loginui {
namespace {

using http::HttpRequest;
using http::HttpResponse;
using http::Method;

QByteArray sourceCss() {
    QFile file(QStringLiteral(GATEHOUSE_SOURCE_DIR "/resources/login/assets/login.css"));
    EXPECT_TRUE(file.open(QIODevice::ReadOnly));
    return file.readAll();
}

class StaticAssetsTest : public ::testing::Test {
protected:
    void SetUp() override {
        Result<StaticAssets> assets = StaticAssets::load();
        ASSERT_OK(assets);
        m_assets = std::move(assets).value();
        m_css = m_assets->fingerprintedName(u"login.css");
        m_path = "/t/acme/u/assets/" + m_css.toLatin1();
    }

    [[nodiscard]] HttpResponse get(QByteArray acceptEncoding = {}, QByteArray ifNoneMatch = {},
                                   Method method = Method::Get, QString name = {}) const {
        HttpRequest request(method, m_path);
        if (!acceptEncoding.isNull())
            request.addHeader("Accept-Encoding", acceptEncoding);
        if (!ifNoneMatch.isNull())
            request.addHeader("If-None-Match", ifNoneMatch);
        return m_assets->respond(name.isNull() ? m_css : name, request);
    }

    std::optional<StaticAssets> m_assets;
    QString m_css;
    QByteArray m_path;
};

TEST_F(StaticAssetsTest, NamesAreFingerprintedWithTheirSha256) {
    const QByteArray css = sourceCss();
    const QByteArray hex = QCryptographicHash::hash(css, QCryptographicHash::Sha256).toHex();
    EXPECT_EQ(m_css, QStringLiteral("login.") + QString::fromLatin1(hex.left(10)) +
                         QStringLiteral(".css"));
    EXPECT_TRUE(QRegularExpression(QStringLiteral("^favicon\\.[0-9a-f]{10}\\.svg$"))
                    .match(m_assets->fingerprintedName(u"favicon.svg"))
                    .hasMatch());
    EXPECT_TRUE(m_assets->fingerprintedName(u"nope.css").isEmpty());
    EXPECT_EQ(m_assets->fileNames(),
              QStringList({QStringLiteral("favicon.svg"), QStringLiteral("login.css")}));
}

TEST_F(StaticAssetsTest, ServesTheIdentityBodyWithCachingHeaders) {
    const HttpResponse response = get();
    EXPECT_EQ(response.status(), 200);
    EXPECT_EQ(response.body(), sourceCss());
    EXPECT_EQ(response.header("Content-Type"), "text/css; charset=utf-8");
    EXPECT_EQ(response.header("Cache-Control"), "public, max-age=31536000, immutable");
    EXPECT_EQ(response.header("Vary"), "Accept-Encoding");
    EXPECT_EQ(response.header("X-Content-Type-Options"), "nosniff");
    EXPECT_TRUE(response.header("Content-Encoding").isEmpty());
    const QByteArray hex =
        QCryptographicHash::hash(sourceCss(), QCryptographicHash::Sha256).toHex();
    EXPECT_EQ(response.header("ETag"), QByteArray('"' + hex.left(32) + '"'));
}

TEST_F(StaticAssetsTest, PlainNamesAreRevalidated) {
    const HttpResponse response = get({}, {}, Method::Get, QStringLiteral("login.css"));
    EXPECT_EQ(response.status(), 200);
    EXPECT_EQ(response.body(), sourceCss());
    EXPECT_EQ(response.header("Cache-Control"), "no-cache");
    EXPECT_EQ(response.header("ETag"), get().header("ETag"));
}

TEST_F(StaticAssetsTest, ServesGzipThatDecompressesToTheOriginal) {
    const HttpResponse response = get("gzip, deflate, br");
    EXPECT_EQ(response.status(), 200);
    EXPECT_EQ(response.header("Content-Encoding"), "gzip");
    EXPECT_EQ(response.header("Vary"), "Accept-Encoding");
    EXPECT_EQ(response.header("Content-Type"), "text/css; charset=utf-8");
    EXPECT_LT(response.body().size(), sourceCss().size());
    // gzip framing: the magic bytes, then a stream that zlib inflates to exactly the file.
    ASSERT_GE(response.body().size(), 18);
    EXPECT_EQ(response.body().left(2), QByteArray("\x1f\x8b"));
    const std::optional<QByteArray> inflated = test::gunzip(response.body());
    ASSERT_TRUE(inflated.has_value());
    EXPECT_EQ(*inflated, sourceCss());
    // A strong validator names one representation: the gzip one has its own.
    EXPECT_NE(response.header("ETag"), get().header("ETag"));
    EXPECT_TRUE(response.header("ETag").startsWith('"') && response.header("ETag").endsWith('"'));
}

TEST_F(StaticAssetsTest, NegotiatesByQValue) {
    EXPECT_EQ(get("gzip;q=0").header("Content-Encoding"), "");
    EXPECT_EQ(get("gzip;q=0").body(), sourceCss());
    EXPECT_EQ(get("gzip;q=0, *").header("Content-Encoding"), "");
    EXPECT_EQ(get("identity").header("Content-Encoding"), "");
    EXPECT_EQ(get("*;q=0.3").header("Content-Encoding"), "gzip");
    EXPECT_EQ(get("br;q=1, gzip;q=0.2").header("Content-Encoding"), "gzip");
    EXPECT_EQ(get("gzip;q=0").header("Vary"), "Accept-Encoding");
}

TEST_F(StaticAssetsTest, IfNoneMatchGivesNotModifiedWithoutBody) {
    const QByteArray etag = get().header("ETag");
    const HttpResponse response = get({}, etag);
    EXPECT_EQ(response.status(), 304);
    EXPECT_TRUE(response.body().isEmpty());
    EXPECT_EQ(response.header("ETag"), etag);
    EXPECT_EQ(response.header("Cache-Control"), "public, max-age=31536000, immutable");
    EXPECT_EQ(response.header("Vary"), "Accept-Encoding");

    const QByteArray gzipEtag = get("gzip").header("ETag");
    const HttpResponse gzipped = get("gzip", "\"other\", " + gzipEtag);
    EXPECT_EQ(gzipped.status(), 304);
    EXPECT_TRUE(gzipped.body().isEmpty());
    EXPECT_EQ(gzipped.header("ETag"), gzipEtag);

    EXPECT_EQ(get({}, "W/" + etag).status(), 304);
    EXPECT_EQ(get({}, "*").status(), 304);
    EXPECT_EQ(get({}, "\"stale\"").status(), 200);
    // The identity ETag does not validate the gzip representation, nor the other way round.
    EXPECT_EQ(get("gzip", etag).status(), 200);
    EXPECT_EQ(get({}, gzipEtag).status(), 200);
}

TEST_F(StaticAssetsTest, HeadAnswersLikeGet) {
    for (const QByteArray& encoding : {QByteArray(), QByteArray("gzip")}) {
        const HttpResponse head = get(encoding, {}, Method::Head);
        const HttpResponse full = get(encoding);
        EXPECT_EQ(head.status(), 200);
        EXPECT_EQ(head.headers(), full.headers());
        // The connection sends Content-Length from the body and drops the body for HEAD.
        EXPECT_EQ(head.body().size(), full.body().size());
    }
    EXPECT_EQ(get({}, get().header("ETag"), Method::Head).status(), 304);
}

TEST_F(StaticAssetsTest, OtherMethodsAreNotAllowed) {
    const HttpResponse response = get({}, {}, Method::Post);
    EXPECT_EQ(response.status(), 405);
    EXPECT_EQ(response.header("Allow"), "GET, HEAD");
}

TEST_F(StaticAssetsTest, UnknownAssetsAreJson404s) {
    for (const char* name : {"login.0000000000.css", "missing.css", "", "../login.css"}) {
        const HttpResponse response = get({}, {}, Method::Get, QString::fromLatin1(name));
        EXPECT_EQ(response.status(), 404) << name;
        EXPECT_EQ(response.header("Content-Type"), "application/json");
        EXPECT_EQ(QJsonDocument::fromJson(response.body()).object().value(u"error").toString(),
                  QStringLiteral("not_found"));
    }
}

TEST_F(StaticAssetsTest, HandlerServesThroughTheRouter) {
    http::Router router;
    router.add(Method::Get, "/t/{tenant}/u/assets/{file}", m_assets->handler());
    std::optional<HttpResponse> answer;
    const http::Responder responder([&answer](HttpResponse response) { answer = response; });

    router.dispatch(HttpRequest(Method::Get, m_path), m_path, responder);
    ASSERT_TRUE(answer.has_value());
    EXPECT_EQ(answer->status(), 200);
    EXPECT_EQ(answer->body(), sourceCss());

    answer.reset();
    const QByteArray missing = "/t/acme/u/assets/nope.css";
    router.dispatch(HttpRequest(Method::Head, missing), missing,
                    http::Responder([&answer](HttpResponse response) { answer = response; }));
    ASSERT_TRUE(answer.has_value());
    EXPECT_EQ(answer->status(), 404);
}

TEST_F(StaticAssetsTest, AMissingDirectoryIsAStartupError) {
    EXPECT_FALSE(StaticAssets::load(QStringLiteral(":/no/such/assets")).ok());
}

} // namespace
} // namespace gatehouse::loginui
