#include "models/api/ApiError.h"

#include <gtest/gtest.h>

using gatehouse::client::ApiError;

TEST(ApiError, TakesTheServersCodeAndMessage) {
    const ApiError error = ApiError::fromReply(
        QNetworkReply::ContentAccessDenied, 403,
        R"({"error":"insufficient_scope","message":"the role 'support' may only read"})",
        QStringLiteral("Forbidden"), QStringLiteral("https://h/t/a/api/v2/users/1"));
    EXPECT_EQ(error.code, QStringLiteral("insufficient_scope"));
    EXPECT_EQ(error.message, QStringLiteral("the role 'support' may only read"));
    EXPECT_EQ(error.hint(),
              QStringLiteral("Your role does not allow this; ask an owner of this server."));
    EXPECT_EQ(error.summary(),
              QStringLiteral("the role 'support' may only read (insufficient_scope, HTTP 403)"));

    const ApiError oauth =
        ApiError::fromReply(QNetworkReply::ProtocolInvalidOperationError, 400,
                            R"({"error":"invalid_grant","error_description":"expired"})", {}, {});
    EXPECT_EQ(oauth.message, QStringLiteral("expired"));

    const ApiError readOnly =
        ApiError::fromReply(QNetworkReply::ContentConflictError, 409,
                            R"({"error":"read_only","message":"secondary"})", {}, {});
    EXPECT_TRUE(readOnly.isReadOnly());
    EXPECT_TRUE(readOnly.hint().contains(QStringLiteral("read-only")));

    const ApiError html =
        ApiError::fromReply(QNetworkReply::InternalServerError, 502, "<html>bad gateway</html>",
                            QStringLiteral("Bad Gateway"), {});
    EXPECT_EQ(html.code, QStringLiteral("http_502"));
    EXPECT_EQ(html.message, QStringLiteral("Bad Gateway"));
}

TEST(ApiError, NamesWhatToCheckWhenNothingAnswered) {
    const ApiError refused = ApiError::fromReply(QNetworkReply::ConnectionRefusedError, 0, {},
                                                 QStringLiteral("Connection refused"),
                                                 QStringLiteral("https://auth.example.com/health"));
    EXPECT_EQ(refused.code, QStringLiteral("unreachable"));
    EXPECT_TRUE(refused.hint().contains(QStringLiteral("https://auth.example.com/health")));
    EXPECT_EQ(refused.summary(), QStringLiteral("Connection refused (unreachable)"));
    EXPECT_TRUE(
        ApiError::fromReply(QNetworkReply::OperationCanceledError, 0, {}, {}, {}).isCancelled());
}
