#pragma once

#include <gtest/gtest.h>

// Fail the test with the error's code and message unless a gatehouse::Result succeeded.
#define ASSERT_OK(result)                                                                          \
    do {                                                                                           \
        const auto& gh_checked = (result);                                                         \
        ASSERT_TRUE(gh_checked.ok()) << gh_checked.error().toString().toStdString();               \
    } while (false)
#define EXPECT_OK(result)                                                                          \
    do {                                                                                           \
        const auto& gh_checked = (result);                                                         \
        EXPECT_TRUE(gh_checked.ok()) << gh_checked.error().toString().toStdString();               \
    } while (false)
