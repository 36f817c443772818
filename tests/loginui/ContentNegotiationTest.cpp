#include "loginui/ContentNegotiation.h"

#include <gtest/gtest.h>

namespace gatehouse::loginui {
namespace {

bool gzip(std::initializer_list<const char*> lines) {
    QList<QByteArray> values;
    for (const char* line : lines)
        values.append(QByteArray(line));
    return acceptsGzip(values);
}

TEST(ContentNegotiationTest, GzipNeedsAPositiveQValue) {
    EXPECT_TRUE(gzip({"gzip"}));
    EXPECT_TRUE(gzip({"gzip, deflate, br"}));
    EXPECT_TRUE(gzip({"br;q=1.0, GZIP;q=0.5"}));
    EXPECT_TRUE(gzip({"x-gzip"}));
    EXPECT_TRUE(gzip({"gzip;q=0.001"}));
    EXPECT_TRUE(gzip({"gzip ; Q=1"}));
    EXPECT_TRUE(gzip({"deflate", "gzip"})); // several field lines
    EXPECT_TRUE(gzip({"*"}));
    EXPECT_TRUE(gzip({"*;q=0.5, identity"}));

    EXPECT_FALSE(gzip({}));
    EXPECT_FALSE(gzip({""}));
    EXPECT_FALSE(gzip({"identity"}));
    EXPECT_FALSE(gzip({"deflate, br"}));
    EXPECT_FALSE(gzip({"gzip;q=0"}));
    EXPECT_FALSE(gzip({"gzip;q=0.0"}));
    EXPECT_FALSE(gzip({"gzip;q=0.000"}));
    EXPECT_FALSE(gzip({"gzip;q=0, *"})); // named with 0 wins over the wildcard
    EXPECT_FALSE(gzip({"*, gzip;q=0"}));
    EXPECT_FALSE(gzip({"*;q=0"}));
    EXPECT_FALSE(gzip({"gzipped"}));
    // Malformed qvalues count as 0: no guessing at what the client meant.
    EXPECT_FALSE(gzip({"gzip;q=abc"}));
    EXPECT_FALSE(gzip({"gzip;q=2"}));
    EXPECT_FALSE(gzip({"gzip;q=1.5"}));
    EXPECT_FALSE(gzip({"gzip;q=0.0001"}));
    EXPECT_FALSE(gzip({"gzip;q=-1"}));
}

TEST(ContentNegotiationTest, IfNoneMatchUsesWeakComparison) {
    const QByteArray etag = "\"abc\"";
    EXPECT_TRUE(ifNoneMatchHits({"\"abc\""}, etag));
    EXPECT_TRUE(ifNoneMatchHits({"W/\"abc\""}, etag));
    EXPECT_TRUE(ifNoneMatchHits({"\"x\", \"abc\""}, etag));
    EXPECT_TRUE(ifNoneMatchHits({"\"x\"", " \"abc\" "}, etag));
    EXPECT_TRUE(ifNoneMatchHits({"*"}, etag));
    EXPECT_FALSE(ifNoneMatchHits({}, etag));
    EXPECT_FALSE(ifNoneMatchHits({"abc"}, etag));
    EXPECT_FALSE(ifNoneMatchHits({"\"abcd\""}, etag));
    EXPECT_FALSE(ifNoneMatchHits({"\"ABC\""}, etag));
}

} // namespace
} // namespace gatehouse::loginui
