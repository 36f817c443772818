#include "oidc/RequestParameters.h"

#include <gtest/gtest.h>

namespace gatehouse::oidc {
namespace {

QLatin1String name(const char* text) {
    return QLatin1String(text);
}

TEST(RequestParametersTest, FormDecodingFollowsTheUrlencodedRules) {
    Result<RequestParameters> parameters =
        RequestParameters::fromForm("a=1&b=x+y%2Bz&c=%C3%A9&empty=&flag&&d=a%3Db");
    ASSERT_TRUE(parameters.ok());
    EXPECT_EQ(parameters->value(name("a")), QStringLiteral("1"));
    EXPECT_EQ(parameters->value(name("b")), QStringLiteral("x y+z"));
    EXPECT_EQ(parameters->value(name("c")), QString::fromUtf8("é"));
    EXPECT_EQ(parameters->value(name("d")), QStringLiteral("a=b"));
    EXPECT_FALSE(parameters->has(name("empty"))); // RFC 6749 §3.1: empty means omitted
    EXPECT_FALSE(parameters->has(name("flag")));
    EXPECT_FALSE(parameters->has(name("missing")));
}

TEST(RequestParametersTest, DuplicatesAreRejectedEvenWhenEmptyOrEncodedDifferently) {
    for (const char* body : {"a=1&a=2", "a=1&a=1", "a=&a=1", "a=1&%61=2"}) {
        Result<RequestParameters> parameters = RequestParameters::fromForm(body);
        ASSERT_FALSE(parameters.ok()) << body;
        EXPECT_EQ(parameters.error().code, "invalid_request");
    }
}

TEST(RequestParametersTest, MalformedPercentEncodingIsRejected) {
    for (const char* body : {"a=%", "a=%4", "a=%zz", "%g1=x"})
        EXPECT_FALSE(RequestParameters::fromForm(body).ok()) << body;
}

TEST(RequestParametersTest, JsonObjectsOfStrings) {
    Result<RequestParameters> parameters =
        RequestParameters::fromJson(R"({"a":"1","b":"x\"y","nested_ok":"{\"a\":1,\"a\":2}"})");
    ASSERT_TRUE(parameters.ok());
    EXPECT_EQ(parameters->value(name("b")), QStringLiteral("x\"y"));
    EXPECT_EQ(parameters->size(), 3);
}

TEST(RequestParametersTest, JsonDuplicatesNonStringsAndNonObjectsAreRejected) {
    for (const char* body : {R"({"a":"1","a":"2"})", R"({"a":"1","\u0061":"2"})", R"({"a":1})",
                             R"({"a":null})", R"({"a":{"b":"c"}})", "[]", "\"a\"", "", "{"})
        EXPECT_FALSE(RequestParameters::fromJson(body).ok()) << body;
}

TEST(RequestParametersTest, TooManyParameters) {
    QByteArray body;
    for (int i = 0; i <= RequestParameters::kMaxParameters; ++i)
        body += "p" + QByteArray::number(i) + "=x&";
    EXPECT_FALSE(RequestParameters::fromForm(body).ok());
}

} // namespace
} // namespace gatehouse::oidc
