#include "identity/UserQuery.h"

#include <gtest/gtest.h>
#include <string>

using gatehouse::Result;
using gatehouse::identity::UserQuery;
using namespace Qt::StringLiterals;

namespace {

// The tree as an S-expression, or "error: <message>".
std::string parsed(const QString& text) {
    const Result<UserQuery> query = UserQuery::parse(text);
    if (query)
        return query->toString().toStdString();
    EXPECT_EQ(query.error().code, "invalid_query");
    EXPECT_EQ(query.error().httpStatus, 400);
    return "error: " + query.error().message.toStdString();
}

std::string parsed(const char* text) {
    return parsed(QString::fromUtf8(text));
}

} // namespace

TEST(UserQueryParseTest, FieldTerms) {
    EXPECT_EQ(parsed("email:jane@example.com"), R"((eq email "jane@example.com"))");
    EXPECT_EQ(parsed(R"(name:"Jane Doe")"), R"((eq name "Jane Doe"))");
    EXPECT_EQ(parsed(R"(name:Jane\ Doe)"), R"((eq name "Jane Doe"))");
    EXPECT_EQ(parsed("email:jo*"), R"((prefix email "jo"))");
    EXPECT_EQ(parsed(R"(name:"jo*")"), R"((eq name "jo*"))");
    EXPECT_EQ(parsed(R"(name:jo\*)"), R"((eq name "jo*"))");
    EXPECT_EQ(parsed("picture:https://example.com/a.png"),
              R"((eq picture "https://example.com/a.png"))");
    EXPECT_EQ(parsed("identities.connection:google"), R"((eq connection "google"))");
    EXPECT_EQ(parsed(R"(user_id:"auth0|abc")"), R"((eq user_id "auth0|abc"))");
    EXPECT_EQ(parsed(R"(name:"say \"hi\" \\o/")"), R"((eq name "say \"hi\" \\o/"))");
}

TEST(UserQueryParseTest, TypedFields) {
    EXPECT_EQ(parsed("email_verified:true"), "(eq email_verified true)");
    EXPECT_EQ(parsed("blocked:false"), "(eq blocked false)");
    EXPECT_EQ(parsed("logins_count:42"), "(eq logins_count 42)");
    EXPECT_EQ(parsed("last_login:1700000000000"), "(eq last_login 1700000000000)");
}

TEST(UserQueryParseTest, MetadataPaths) {
    EXPECT_EQ(parsed("app_metadata.plan:pro"), R"((eq app_metadata.plan "pro"))");
    EXPECT_EQ(parsed("user_metadata.x.y:1"), R"((eq user_metadata.x.y "1"))");
    EXPECT_EQ(parsed("user_metadata.prefs.theme:da*"),
              R"((prefix user_metadata.prefs.theme "da"))");
    EXPECT_EQ(parsed("_exists_:app_metadata.plan"), "(exists app_metadata.plan)");
    EXPECT_EQ(parsed("_exists_:app_metadata"), "(exists app_metadata)");
}

TEST(UserQueryParseTest, BareTermsAndExistence) {
    EXPECT_EQ(parsed("jane"), R"((eq * "jane"))");
    EXPECT_EQ(parsed("ja*"), R"((prefix * "ja"))");
    EXPECT_EQ(parsed(R"("Jane Doe")"), R"((eq * "Jane Doe"))");
    EXPECT_EQ(parsed("_exists_:last_login"), "(exists last_login)");
    EXPECT_EQ(parsed("nickname:*"), "(exists nickname)");
    EXPECT_EQ(parsed("and"), R"((eq * "and"))"); // keywords are upper case only
}

TEST(UserQueryParseTest, BooleanOperatorsAndPrecedence) {
    EXPECT_EQ(parsed("a b c"), R"((and (eq * "a") (eq * "b") (eq * "c")))");
    EXPECT_EQ(parsed("a AND b c"), R"((and (eq * "a") (eq * "b") (eq * "c")))");
    EXPECT_EQ(parsed("a OR b AND c"), R"((or (eq * "a") (and (eq * "b") (eq * "c"))))");
    EXPECT_EQ(parsed("(a OR b) AND c"), R"((and (or (eq * "a") (eq * "b")) (eq * "c")))");
    EXPECT_EQ(parsed("NOT a OR b"), R"((or (not (eq * "a")) (eq * "b")))");
    EXPECT_EQ(parsed("NOT (a OR b)"), R"((not (or (eq * "a") (eq * "b"))))");
    EXPECT_EQ(parsed("a NOT b"), R"((and (eq * "a") (not (eq * "b"))))");
    EXPECT_EQ(parsed("  ((a))  "), R"((eq * "a"))");
    EXPECT_EQ(parsed("(a)(b)"), R"((and (eq * "a") (eq * "b")))");
}

TEST(UserQueryParseTest, NestingUpToTheLimit) {
    const QString ten = u"("_s.repeated(10) + u"a"_s + u")"_s.repeated(10);
    EXPECT_EQ(parsed(ten), R"((eq * "a"))");
    EXPECT_EQ(parsed(u"("_s + ten + u")"_s),
              "error: the query nests deeper than 10 levels at column 11");
    EXPECT_EQ(parsed(u"NOT "_s.repeated(11) + u"a"_s),
              "error: the query nests deeper than 10 levels at column 41");
}

TEST(UserQueryParseTest, LengthLimit) {
    const QString longest = u"name:"_s + u"x"_s.repeated(UserQuery::kMaxLength - 5);
    EXPECT_EQ(parsed(longest).substr(0, 9), "(eq name ");
    EXPECT_EQ(parsed(longest + u'x'), "error: the query is longer than 1000 characters");
}

TEST(UserQueryParseTest, RefusesUnknownFields) {
    EXPECT_EQ(parsed("email:a AND foo:bar"), "error: unknown field 'foo' at column 13");
    EXPECT_EQ(parsed("tenant:other"), "error: unknown field 'tenant' at column 1");
    EXPECT_EQ(parsed("password_hash:x"), "error: unknown field 'password_hash' at column 1");
    EXPECT_EQ(parsed("email.x:a"), "error: unknown field 'email.x' at column 1");
    EXPECT_EQ(parsed("identities.provider:x"),
              "error: unknown field 'identities.provider' at column 1");
    EXPECT_EQ(parsed("_exists_:nope"), "error: unknown field 'nope' at column 1");
    EXPECT_EQ(parsed("app_metadata:x"),
              "error: 'app_metadata' at column 1 needs a path, e.g. app_metadata.plan");
    EXPECT_EQ(parsed("app_metadata.pl-an:x"),
              "error: invalid metadata path 'app_metadata.pl-an' at column 1: keys are "
              "letters, digits and _");
    EXPECT_EQ(parsed("app_metadata..plan:x"),
              "error: invalid metadata path 'app_metadata..plan' at column 1: keys are "
              "letters, digits and _");
    EXPECT_EQ(parsed("user_metadata.a.b.c.d.e.f.g.h.i.j.k:x"),
              "error: the path of 'user_metadata.a.b.c.d.e.f.g.h.i.j.k' at column 1 is deeper "
              "than 10 keys");
}

TEST(UserQueryParseTest, RefusesBadValues) {
    EXPECT_EQ(parsed("email_verified:yes"),
              "error: 'email_verified' at column 1 takes true or false");
    EXPECT_EQ(parsed("blocked:tr*"),
              "error: 'blocked' at column 1 takes true or false, not a wildcard");
    EXPECT_EQ(parsed("logins_count:many"), "error: 'logins_count' at column 1 takes an integer "
                                           "(timestamps in milliseconds since 1970)");
    EXPECT_EQ(parsed("logins_count:4*"),
              "error: 'logins_count' at column 1 takes an integer, not a wildcard");
    EXPECT_EQ(parsed("email:"), "error: no value for field 'email' at column 7");
    EXPECT_EQ(parsed(R"(email:"")"), "error: empty value for 'email' at column 1");
    EXPECT_EQ(parsed("*"), "error: empty term at column 1");
    EXPECT_EQ(parsed("_exists_:*"), "error: _exists_ at column 1 takes a field name");
}

TEST(UserQueryParseTest, RefusesBadSyntax) {
    EXPECT_EQ(parsed(""), "error: the query is empty");
    EXPECT_EQ(parsed("   "), "error: the query is empty");
    EXPECT_EQ(parsed("(email:a"), "error: unbalanced parentheses: '(' at column 1 is not closed");
    EXPECT_EQ(parsed("email:a)"), "error: unbalanced or empty parentheses: ')' at column 8");
    EXPECT_EQ(parsed("a AND ()"), "error: empty parentheses at column 7");
    EXPECT_EQ(parsed("email:a AND"), "error: the query ends where a term was expected");
    EXPECT_EQ(parsed("OR email:a"), "error: OR at column 1 has no term on one side");
    EXPECT_EQ(parsed("a AND OR b"), "error: OR at column 7 has no term on one side");
    EXPECT_EQ(parsed("NOT"), "error: the query ends where a term was expected");
    EXPECT_EQ(parsed("em*il:x"), "error: only a trailing * wildcard is supported at column 3");
    EXPECT_EQ(parsed("*son"), "error: only a trailing * wildcard is supported at column 1");
    EXPECT_EQ(
        parsed("name:a?c"),
        R"(error: the ? wildcard is not supported (write \? for a literal question mark) at column 7)");
    EXPECT_EQ(parsed(R"(name:"open)"), "error: unterminated quoted value starting at column 6");
    EXPECT_EQ(parsed(R"(name:"a"b)"), "error: unexpected character after a value at column 9");
    EXPECT_EQ(parsed(R"(name:"a"*)"), "error: unexpected character after a value at column 9");
    EXPECT_EQ(parsed(R"(name:a\)"), "error: a backslash escapes nothing at column 7");
    EXPECT_EQ(parsed(R"(na"me:x)"), "error: unexpected quote at column 3");
    EXPECT_EQ(parsed(":x"), "error: invalid field name at column 1");
}
