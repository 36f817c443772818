#include "management/RequestBody.h"

#include <gtest/gtest.h>

#include <array>

using gatehouse::management::Field;
using gatehouse::management::FieldType;
using gatehouse::management::Presence;
using gatehouse::management::RequestBody;

namespace {

const std::array<Field, 2> kScopeFields{
    Field{.name = QLatin1String("value"), .presence = Presence::Required, .maxLength = 10},
    Field{.name = QLatin1String("description")},
};

const std::array<Field, 7> kFields{
    Field{.name = QLatin1String("name"),
          .presence = Presence::Required,
          .maxLength = 8,
          .nonEmpty = true},
    Field{.name = QLatin1String("app_type"), .allowed = {QStringLiteral("spa")}},
    Field{.name = QLatin1String("grant_types"), .type = FieldType::StringArray, .maxItems = 2},
    Field{.name = QLatin1String("is_first_party"), .type = FieldType::Boolean},
    Field{.name = QLatin1String("lifetime"),
          .type = FieldType::Integer,
          .minimum = 1,
          .maximum = 100},
    Field{.name = QLatin1String("client_metadata"), .type = FieldType::StringMap, .maxLength = 5},
    Field{.name = QLatin1String("scopes"), .type = FieldType::ObjectArray, .items = kScopeFields},
};

QString failure(QByteArrayView body, QByteArrayView contentType = "application/json") {
    const auto parsed = RequestBody::parse(contentType, body, kFields);
    if (parsed.ok())
        return QStringLiteral("<ok>");
    EXPECT_EQ(parsed.error().code, "invalid_body");
    EXPECT_EQ(parsed.error().httpStatus, 400);
    return parsed.error().message;
}

} // namespace

TEST(RequestBody, AcceptsAValidBodyAndReadsTypedValues) {
    const auto body = RequestBody::parse(
        "application/json; charset=utf-8",
        R"({"name":"app","grant_types":["a","b"],"is_first_party":true,"lifetime":7,)"
        R"("client_metadata":{"k":"v"},"scopes":[{"value":"read"}]})",
        kFields);
    ASSERT_TRUE(body.ok()) << body.error().message.toStdString();
    EXPECT_EQ(body->string(QLatin1String("name")), QStringLiteral("app"));
    EXPECT_EQ(body->strings(QLatin1String("grant_types")),
              QStringList({QStringLiteral("a"), QStringLiteral("b")}));
    EXPECT_TRUE(body->boolean(QLatin1String("is_first_party")));
    EXPECT_EQ(body->integer(QLatin1String("lifetime")), 7);
    EXPECT_FALSE(body->has(QLatin1String("app_type")));
}

TEST(RequestBody, NamesTheFieldOfEveryFailure) {
    EXPECT_EQ(failure(R"({"nmae":"x"})"), QStringLiteral("unknown field 'nmae'"));
    EXPECT_EQ(failure(R"({})"), QStringLiteral("'name' is required"));
    EXPECT_EQ(failure(R"({"name":"x","grant_types":5})"),
              QStringLiteral("'grant_types' must be an array of strings, got a number"));
    EXPECT_EQ(failure(R"({"name":"x","grant_types":["a",1]})"),
              QStringLiteral("'grant_types[1]' must be a string, got a number"));
    EXPECT_EQ(failure(R"({"name":"x","grant_types":["a","b","c"]})"),
              QStringLiteral("'grant_types' must have at most 2 items"));
    EXPECT_EQ(failure(R"({"name":"123456789"})"),
              QStringLiteral("'name' must be at most 8 characters"));
    EXPECT_EQ(failure(R"({"name":""})"), QStringLiteral("'name' must not be empty"));
    EXPECT_EQ(failure(R"({"name":null})"), QStringLiteral("'name' must be a string, got null"));
    EXPECT_EQ(failure(R"({"name":"x","app_type":"web"})"),
              QStringLiteral("'app_type' must be one of spa, got 'web'"));
    EXPECT_EQ(failure(R"({"name":"x","lifetime":1.5})"),
              QStringLiteral("'lifetime' must be an integer, got a number"));
    EXPECT_EQ(failure(R"({"name":"x","lifetime":0})"),
              QStringLiteral("'lifetime' must be an integer from 1 to 100"));
    EXPECT_EQ(failure(R"({"name":"x","client_metadata":{"k":1}})"),
              QStringLiteral("'client_metadata.k' must be a string, got a number"));
    EXPECT_EQ(failure(R"({"name":"x","scopes":[{"value":"r","descr":""}]})"),
              QStringLiteral("unknown field 'scopes[0].descr'"));
    EXPECT_EQ(failure(R"({"name":"x","scopes":[{}]})"),
              QStringLiteral("'scopes[0].value' is required"));
    EXPECT_EQ(failure(R"({"name":"x","scopes":["read"]})"),
              QStringLiteral("'scopes[0]' must be an object, got a string"));
}

TEST(RequestBody, RefusesWhatIsNotAJsonObject) {
    EXPECT_EQ(failure(R"(["name"])"), QStringLiteral("the request body must be a JSON object"));
    EXPECT_TRUE(failure(R"({"name":)").startsWith(QStringLiteral("the request body is not valid")));
    EXPECT_EQ(failure(R"({"name":"x"})", "text/plain"),
              QStringLiteral("the Content-Type must be application/json"));
    EXPECT_EQ(failure(""), QStringLiteral("the request body must be a JSON object"));
    EXPECT_TRUE(RequestBody::parse("", "", {}, true).ok());
}
