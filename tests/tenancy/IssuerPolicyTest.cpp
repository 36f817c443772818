#include "tenancy/IssuerPolicy.h"
#include "tenancy/ManagementApi.h"
#include "tenancy/TenantId.h"

#include <gtest/gtest.h>

namespace gatehouse::tenancy {
namespace {

QString s(const char* text) {
    return QString::fromUtf8(text);
}

TEST(IssuerPolicyTest, PathIssuerEndsWithSlash) {
    const IssuerPolicy policy{s("https://localhost:8443"), {}};
    EXPECT_EQ(policy.pathIssuer(u"acme"), s("https://localhost:8443/t/acme/"));
    const IssuerPolicy trailing{s("https://auth.example.com/"), {}};
    EXPECT_EQ(trailing.pathIssuer(u"acme"), s("https://auth.example.com/t/acme/"));
}

TEST(IssuerPolicyTest, HostIssuerKeepsOnlyANonDefaultPort) {
    EXPECT_EQ((IssuerPolicy{s("https://localhost:8443"), s("example.com")})
                  .hostIssuer(u"acme.example.com"),
              s("https://acme.example.com:8443/"));
    EXPECT_EQ((IssuerPolicy{s("https://auth.example.com"), s("example.com")})
                  .hostIssuer(u"acme.example.com"),
              s("https://acme.example.com/"));
    EXPECT_EQ((IssuerPolicy{s("https://auth.example.com:443"), {}}).hostIssuer(u"Login.Acme.IO"),
              s("https://login.acme.io/"));
    EXPECT_EQ((IssuerPolicy{s("http://127.0.0.1:80"), {}}).hostIssuer(u"x.test"),
              s("http://x.test/"));
    EXPECT_EQ((IssuerPolicy{s("http://127.0.0.1:8080"), {}}).hostIssuer(u"x.test"),
              s("http://x.test:8080/"));
}

TEST(IssuerPolicyTest, IssuersListPathThenDomainThenCustomDomain) {
    const IssuerPolicy policy{s("https://localhost:8443"), s("Example.com")};
    EXPECT_EQ(policy.issuers(u"acme", u"login.acme.io"),
              (QStringList{s("https://localhost:8443/t/acme/"), s("https://acme.example.com:8443/"),
                           s("https://login.acme.io:8443/")}));
    const IssuerPolicy noDomain{s("https://localhost:8443"), {}};
    EXPECT_EQ(noDomain.issuers(u"acme", {}), QStringList{s("https://localhost:8443/t/acme/")});
    EXPECT_TRUE(policy.tenantHost(u"acme") == s("acme.example.com"));
    EXPECT_TRUE(noDomain.tenantHost(u"acme").isEmpty());
}

TEST(IssuerPolicyTest, ManagementAudienceIsIssuerPlusApiV2) {
    EXPECT_EQ(IssuerPolicy::managementAudience(u"https://localhost:8443/t/acme/"),
              s("https://localhost:8443/t/acme/api/v2/"));
    EXPECT_EQ(IssuerPolicy::managementAudience(u"https://acme.example.com/"),
              s("https://acme.example.com/api/v2/"));
}

TEST(IssuerPolicyTest, NormalizeHostDropsPortCaseAndTrailingDot) {
    EXPECT_EQ(IssuerPolicy::normalizeHost(u"ACME.Example.COM:8443"), s("acme.example.com"));
    EXPECT_EQ(IssuerPolicy::normalizeHost(u"acme.example.com."), s("acme.example.com"));
    EXPECT_EQ(IssuerPolicy::normalizeHost(u"[::1]:8443"), s("[::1]"));
    EXPECT_EQ(IssuerPolicy::normalizeHost(u""), QString());
}

TEST(TenantIdTest, AcceptsSlugs) {
    for (const char* id : {"acme", "a", "0", "acme-corp", "a1-b2-c3"})
        EXPECT_TRUE(validateTenantId(QString::fromUtf8(id)).ok()) << id;
    EXPECT_TRUE(validateTenantId(QString(63, u'a')).ok());
}

TEST(TenantIdTest, RejectsEverythingElseWithAClearError) {
    for (const char* id :
         {"", "-acme", "acme-", "Acme", "ac_me", "ac.me", "ac me", "acmé", "a/b"}) {
        const Result<void> checked = validateTenantId(QString::fromUtf8(id));
        ASSERT_FALSE(checked.ok()) << id;
        EXPECT_EQ(checked.error().code, "invalid_tenant_id");
        EXPECT_EQ(checked.error().httpStatus, 400);
    }
    EXPECT_FALSE(validateTenantId(QString(64, u'a')).ok());
}

TEST(TenantIdTest, ReservedNamesAndSystemOnlyByFlag) {
    for (const char* id : {"api", "t", "health", "metrics", "well-known", "settings", "system"}) {
        const Result<void> checked = validateTenantId(QString::fromUtf8(id));
        ASSERT_FALSE(checked.ok()) << id;
        EXPECT_TRUE(checked.error().message.contains(u"reserved")) << id;
    }
    EXPECT_TRUE(validateTenantId(u"system", SystemTenantId::Allow).ok());
    EXPECT_FALSE(validateTenantId(u"api", SystemTenantId::Allow).ok());
}

TEST(ManagementApiTest, TenantScopesOnlyInTheSystemTenant) {
    const QStringList tenant = ManagementApi::scopes(false);
    const QStringList system = ManagementApi::scopes(true);
    EXPECT_TRUE(tenant.contains(s("read:clients")));
    EXPECT_TRUE(tenant.contains(s("update:signing_keys")));
    EXPECT_FALSE(tenant.contains(s("create:tenants")));
    EXPECT_TRUE(system.contains(s("create:tenants")));
    EXPECT_EQ(system.size(), tenant.size() + 4);
}

} // namespace
} // namespace gatehouse::tenancy
