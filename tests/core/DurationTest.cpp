#include "core/Duration.h"

#include <gtest/gtest.h>

using namespace std::chrono_literals;
using gatehouse::formatDuration;
using gatehouse::parseDuration;

TEST(Duration, ParsesEveryUnit) {
    EXPECT_EQ(parseDuration(QStringLiteral("250ms")).value(), 250ms);
    EXPECT_EQ(parseDuration(QStringLiteral("10s")).value(), 10s);
    EXPECT_EQ(parseDuration(QStringLiteral("5m")).value(), 5min);
    EXPECT_EQ(parseDuration(QStringLiteral("2h")).value(), 2h);
    EXPECT_EQ(parseDuration(QStringLiteral("7d")).value(), 168h);
}

TEST(Duration, BareNumberMeansSeconds) {
    EXPECT_EQ(parseDuration(QStringLiteral("30")).value(), 30s);
}

TEST(Duration, RejectsMalformedText) {
    for (const char* bad :
         {"", "s", "10 s", "-1s", "1.5h", "10x", "10sec", "ms10", "99999999999999s"}) {
        const auto parsed = parseDuration(QString::fromLatin1(bad));
        ASSERT_FALSE(parsed.ok()) << bad;
        EXPECT_EQ(parsed.error().code, "invalid_duration") << bad;
        EXPECT_TRUE(parsed.error().message.contains(QString::fromLatin1(bad))) << bad;
    }
}

TEST(Duration, FormatsWithTheLargestExactUnit) {
    EXPECT_EQ(formatDuration(90s), QStringLiteral("90s"));
    EXPECT_EQ(formatDuration(2min), QStringLiteral("2m"));
    EXPECT_EQ(formatDuration(250ms), QStringLiteral("250ms"));
    EXPECT_EQ(formatDuration(24h), QStringLiteral("1d"));
    EXPECT_EQ(formatDuration(0ms), QStringLiteral("0ms"));
}
