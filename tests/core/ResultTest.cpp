#include "core/Result.h"

#include <gtest/gtest.h>

using gatehouse::Error;
using gatehouse::Result;

namespace {
Result<int> half(int n) {
    if (n % 2 != 0)
        return Error::badRequest("odd", QStringLiteral("%1 is odd").arg(n));
    return n / 2;
}
} // namespace

TEST(Result, CarriesValueOrError) {
    const auto good = half(4);
    ASSERT_TRUE(good.ok());
    EXPECT_EQ(*good, 2);

    const auto bad = half(3);
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().code, "odd");
    EXPECT_EQ(bad.error().httpStatus, 400);
    EXPECT_EQ(bad.error().toString(), QStringLiteral("odd: 3 is odd"));
}

TEST(Result, VoidResult) {
    const Result<void> fine;
    EXPECT_TRUE(fine.ok());
    const Result<void> failed = Error::conflict(QStringLiteral("name taken"));
    ASSERT_FALSE(failed.ok());
    EXPECT_EQ(failed.error().httpStatus, 409);
}
