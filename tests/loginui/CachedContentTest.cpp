#include "loginui/CachedContent.h"

#include "Gunzip.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <gtest/gtest.h>

namespace gatehouse::loginui {
namespace {

using http::HttpRequest;
using http::Method;

TEST(CachedContentTest, ServesAnyContentAndItsGzipVariant) {
    // The shape per-client public login configuration will be served in.
    QJsonObject config;
    for (int i = 0; i < 50; ++i)
        config.insert(QStringLiteral("connection_%1").arg(i), QStringLiteral("database"));
    const QByteArray json = QJsonDocument(config).toJson(QJsonDocument::Compact);
    const CachedContent content(json, "application/json", CachedContent::revalidate);

    EXPECT_FALSE(content.gzipBody().isEmpty());
    const auto response =
        content.respond(HttpRequest(Method::Get, "/x").addHeader("Accept-Encoding", "gzip"));
    EXPECT_EQ(response.status(), 200);
    EXPECT_EQ(response.header("Content-Type"), "application/json");
    EXPECT_EQ(response.header("Cache-Control"), "no-cache");
    EXPECT_EQ(response.header("Content-Encoding"), "gzip");
    EXPECT_EQ(test::gunzip(response.body()), json);
}

TEST(CachedContentTest, KeepsNoGzipVariantThatIsNotSmaller) {
    const CachedContent content("{}", "application/json", CachedContent::revalidate);
    EXPECT_TRUE(content.gzipBody().isEmpty());
    const auto response =
        content.respond(HttpRequest(Method::Get, "/x").addHeader("Accept-Encoding", "gzip"));
    EXPECT_EQ(response.status(), 200);
    EXPECT_EQ(response.body(), "{}");
    EXPECT_TRUE(response.header("Content-Encoding").isEmpty());
    EXPECT_TRUE(response.header("Vary").isEmpty()); // nothing varies
    EXPECT_EQ(response.header("ETag"), content.etag());
}

TEST(CachedContentTest, EtagsAreStrongAndFollowTheContent) {
    const CachedContent a("one", "text/plain", CachedContent::revalidate);
    const CachedContent b("two", "text/plain", CachedContent::revalidate);
    EXPECT_NE(a.etag(), b.etag());
    EXPECT_EQ(a.etag(), CachedContent("one", "text/css", CachedContent::immutable).etag());
    EXPECT_FALSE(a.etag().startsWith("W/"));
    EXPECT_EQ(a.etag().size(), 34); // 32 hex digits in quotes
}

} // namespace
} // namespace gatehouse::loginui
