#include "identity/PasswordPolicy.h"

#include "crypto/PasswordHasher.h"
#include "support/ResultAssertions.h"

#include <QJsonDocument>
#include <gtest/gtest.h>

using gatehouse::Result;
using gatehouse::identity::CommonPasswords;
using gatehouse::identity::PasswordContext;
using gatehouse::identity::PasswordPolicy;
using namespace Qt::StringLiterals;

namespace {

constexpr qsizetype kMaxBytes = gatehouse::crypto::PasswordHasher::kMaxPasswordBytes;

QJsonObject json(const char* text) {
    return QJsonDocument::fromJson(QByteArray(text)).object();
}

// The error code of a refused password, or "ok"; the message must never contain the password.
std::string verdict(const PasswordPolicy& policy, const QString& password,
                    const PasswordContext& context = {}) {
    const Result<void> result = policy.check(password, context);
    if (result)
        return "ok";
    EXPECT_EQ(result.error().httpStatus, 400);
    EXPECT_FALSE(result.error().message.isEmpty());
    if (!password.isEmpty()) {
        EXPECT_FALSE(result.error().message.contains(password, Qt::CaseInsensitive))
            << result.error().message.toStdString();
    }
    return result.error().code.toStdString();
}

int minLengthOf(const char* options) {
    const Result<PasswordPolicy> policy = PasswordPolicy::fromConnectionOptions(json(options));
    EXPECT_TRUE(policy.ok()) << options << ": " << policy.error().toString().toStdString();
    return policy ? policy->minLength() : -1;
}

std::string optionsError(const char* options) {
    const Result<PasswordPolicy> policy = PasswordPolicy::fromConnectionOptions(json(options));
    if (policy)
        return "ok";
    EXPECT_EQ(policy.error().httpStatus, 400);
    return policy.error().code.toStdString() + ": " + policy.error().message.toStdString();
}

} // namespace

TEST(PasswordPolicyTest, DefaultMinimumIsEightCodePoints) {
    const PasswordPolicy policy;
    EXPECT_EQ(policy.minLength(), 8);
    EXPECT_EQ(verdict(policy, u"kq3xz9p"_s), "password_too_short");
    EXPECT_EQ(verdict(policy, u"kq3xz9pw"_s), "ok");
    EXPECT_EQ(verdict(policy, QString()), "password_too_short");
}

TEST(PasswordPolicyTest, CountsCodePointsNotUtf16UnitsOrBytes) {
    const PasswordPolicy policy;
    const QString emoji = u"🦊"_s; // one code point, two UTF-16 units, four UTF-8 bytes
    EXPECT_EQ(verdict(policy, emoji.repeated(7)), "password_too_short");
    EXPECT_EQ(verdict(policy, emoji.repeated(8)), "ok");
    EXPECT_EQ(verdict(policy, u"ĉĝĥĵŝŭçñ"_s), "ok");
}

TEST(PasswordPolicyTest, NormalizesWithNfkcBeforeCounting) {
    const PasswordPolicy policy(2);
    // e + combining acute is one code point (é) after normalization.
    EXPECT_EQ(verdict(policy, u"e\u0301"_s), "password_too_short");
    // The ligature ﬁ is "fi" after NFKC.
    EXPECT_EQ(verdict(policy, u"ﬁ"_s), "ok");
    EXPECT_EQ(PasswordPolicy::normalize(u"ﬁ Ｘ e\u0301"_s), u"fi X é"_s);
}

TEST(PasswordPolicyTest, RefusesOverlongPasswordsWithoutTruncating) {
    const PasswordPolicy policy;
    const QString atLimit = u"qz"_s.repeated(kMaxBytes / 2);
    EXPECT_EQ(verdict(policy, atLimit), "ok");
    EXPECT_EQ(verdict(policy, atLimit + u'q'), "password_too_long");
    // Under the limit in UTF-16 units, over it in UTF-8 bytes.
    EXPECT_EQ(verdict(policy, u"€"_s.repeated(kMaxBytes / 2)), "password_too_long");
    // Short before NFKC, over the limit after: U+FDFA expands to 18 code points.
    EXPECT_EQ(verdict(policy, QString(QChar(0xFDFA)).repeated(200)), "password_too_long");
    EXPECT_EQ(verdict(policy, u"x"_s.repeated(1 << 20)), "password_too_long");
}

TEST(PasswordPolicyTest, RefusesCommonPasswordsIgnoringCaseAndWidth) {
    const PasswordPolicy policy;
    EXPECT_EQ(verdict(policy, u"iloveyou"_s), "password_too_common");
    EXPECT_EQ(verdict(policy, u"Password1"_s), "password_too_common");
    EXPECT_EQ(verdict(policy, u"ｐａｓｓｗｏｒｄ１"_s), "password_too_common");
    EXPECT_EQ(verdict(policy, u"12345678"_s), "password_too_common");
    EXPECT_EQ(verdict(policy, u"michael1"_s), "password_too_common");
}

TEST(PasswordPolicyTest, UsesTheListItIsGiven) {
    const CommonPasswords list = CommonPasswords::fromText("tr0ub4dor&3\n");
    const PasswordPolicy policy(8, list);
    EXPECT_EQ(verdict(policy, u"Tr0ub4dor&3"_s), "password_too_common");
    EXPECT_EQ(verdict(policy, u"password"_s), "ok");
}

TEST(PasswordPolicyTest, RefusesTheUsersOwnIdentifiers) {
    const PasswordPolicy policy;
    const PasswordContext context{u"Alice.Smith@Example.com"_s, u"alicesmith99"_s};
    EXPECT_EQ(verdict(policy, u"alice.smith@example.COM"_s, context),
              "password_same_as_identifier");
    EXPECT_EQ(verdict(policy, u"ALICE.SMITH"_s, context), "password_same_as_identifier");
    EXPECT_EQ(verdict(policy, u"AliceSmith99"_s, context), "password_same_as_identifier");
    EXPECT_EQ(verdict(policy, u"alice.smith@example.org"_s, context), "ok");
    EXPECT_EQ(verdict(policy, u"alicesmith100"_s, context), "ok");
    // Without identifiers nothing is compared.
    EXPECT_EQ(verdict(policy, u"alicesmith99"_s), "ok");
}

TEST(PasswordPolicyTest, ReadsGatehouseOptions) {
    EXPECT_EQ(minLengthOf("{}"), 8);
    EXPECT_EQ(minLengthOf(R"({"password_policy": {}})"), 8);
    EXPECT_EQ(minLengthOf(R"({"password_policy": {"min_length": 12}})"), 12);
    EXPECT_EQ(minLengthOf(R"({"password_policy": {"min_length": 1}})"), 1);
    EXPECT_EQ(minLengthOf(R"({"password_policy": {"min_length": 128}})"), 128);
    // Gatehouse's own key wins over Auth0's.
    EXPECT_EQ(minLengthOf(R"({"password_policy": {"min_length": 9}, "passwordPolicy": "low"})"), 9);
}

TEST(PasswordPolicyTest, ReadsAuth0Options) {
    EXPECT_EQ(minLengthOf(R"({"passwordPolicy": "none"})"), 1);
    EXPECT_EQ(minLengthOf(R"({"passwordPolicy": "low"})"), 6);
    EXPECT_EQ(minLengthOf(R"({"passwordPolicy": "fair"})"), 8);
    EXPECT_EQ(minLengthOf(R"({"passwordPolicy": "good"})"), 8);
    EXPECT_EQ(minLengthOf(R"({"passwordPolicy": "excellent"})"), 10);
    EXPECT_EQ(minLengthOf(R"({"passwordPolicy": null})"), 8);
    EXPECT_EQ(minLengthOf(R"({"password_complexity_options": {"min_length": 14},
                             "passwordPolicy": "low"})"),
              14);
}

TEST(PasswordPolicyTest, RefusesInvalidOptionsNamingThem) {
    EXPECT_EQ(optionsError(R"({"password_policy": {"min_length": 0}})"),
              "invalid_password_policy: password_policy.min_length must be an integer from 1 "
              "to 128");
    EXPECT_EQ(optionsError(R"({"password_policy": {"min_length": 129}})"),
              optionsError(R"({"password_policy": {"min_length": 0}})"));
    EXPECT_EQ(optionsError(R"({"password_policy": {"min_length": "12"}})"),
              optionsError(R"({"password_policy": {"min_length": 0}})"));
    EXPECT_EQ(optionsError(R"({"password_policy": {"min_length": 12.5}})"),
              optionsError(R"({"password_policy": {"min_length": 0}})"));
    EXPECT_EQ(optionsError(R"({"password_policy": {"minLength": 12}})"),
              "invalid_password_policy: password_policy has no option 'minLength'");
    EXPECT_EQ(optionsError(R"({"password_policy": 12})"),
              "invalid_password_policy: password_policy must be an object");
    EXPECT_EQ(optionsError(R"({"passwordPolicy": "strong"})"),
              "invalid_password_policy: passwordPolicy must be one of none, low, fair, good, "
              "excellent");
    EXPECT_EQ(optionsError(R"({"password_complexity_options": {"min_length": -3}})"),
              "invalid_password_policy: password_complexity_options.min_length must be an "
              "integer from 1 to 128");
}

TEST(PasswordPolicyTest, AppliesTheConfiguredMinimum) {
    const Result<PasswordPolicy> policy =
        PasswordPolicy::fromConnectionOptions(json(R"({"password_policy": {"min_length": 12}})"));
    ASSERT_OK(policy);
    EXPECT_EQ(verdict(*policy, u"kq3xz9pw-ab"_s), "password_too_short");
    EXPECT_EQ(verdict(*policy, u"kq3xz9pw-abc"_s), "ok");
    EXPECT_EQ(policy->toJson(), json(R"({"min_length": 12})"));
}
