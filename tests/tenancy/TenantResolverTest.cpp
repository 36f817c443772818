#include "tenancy/TenancyTestSupport.h"

#include "http/HttpRequest.h"
#include "tenancy/TenantResolver.h"

namespace gatehouse::tenancy {
namespace {

class TenantResolverTest : public ::testing::Test, public test::TenancyEnvironment {
protected:
    void SetUp() override {
        createTenant(QStringLiteral("acme"), QStringLiteral("ES256"),
                     QStringLiteral("login.acme.io"));
        createTenant(QStringLiteral("globex"));
        ASSERT_OK(catalog->loadAll());
    }

    std::optional<TenantRoute> resolve(const char* host, const char* target) const {
        http::HttpRequest request(http::Method::Get, QByteArray(target));
        if (host != nullptr)
            request.addHeader("Host", QByteArray(host));
        return TenantResolver(*catalog).resolve(request);
    }
};

TEST_F(TenantResolverTest, ByPathStripsThePrefix) {
    const auto route = resolve("localhost:8443", "/t/acme/oauth/token?x=1");
    ASSERT_TRUE(route);
    EXPECT_EQ(route->tenant->id(), QStringLiteral("acme"));
    EXPECT_EQ(route->issuer, QStringLiteral("https://localhost:8443/t/acme/"));
    EXPECT_EQ(route->tenantPath, QByteArray("/oauth/token"));

    const auto bare = resolve("localhost", "/t/globex");
    ASSERT_TRUE(bare);
    EXPECT_EQ(bare->tenant->id(), QStringLiteral("globex"));
    EXPECT_EQ(bare->tenantPath, QByteArray("/"));
    EXPECT_EQ(resolve(nullptr, "/t/globex/")->tenantPath, QByteArray("/"));
}

TEST_F(TenantResolverTest, UnknownOrMalformedPathsResolveToNothing) {
    for (const char* target : {"/t/nobody/oauth/token", "/t/", "/t//oauth/token", "/tx/acme",
                               "/acme/oauth/token", "/", "/t/ACME/oauth/token", "/t/acme%2F/x"})
        EXPECT_FALSE(resolve("localhost:8443", target)) << target;
}

TEST_F(TenantResolverTest, ByTenantSubdomainCaseInsensitiveAndPortIgnored) {
    for (const char* host : {"acme.example.com", "ACME.Example.Com:8443", "acme.example.com.:1"}) {
        const auto route = resolve(host, "/oauth/token");
        ASSERT_TRUE(route) << host;
        EXPECT_EQ(route->tenant->id(), QStringLiteral("acme"));
        EXPECT_EQ(route->issuer, QStringLiteral("https://acme.example.com:8443/"));
        EXPECT_EQ(route->tenantPath, QByteArray("/oauth/token"));
    }
}

TEST_F(TenantResolverTest, ByCustomDomain) {
    const auto route = resolve("Login.Acme.io", "/.well-known/jwks.json");
    ASSERT_TRUE(route);
    EXPECT_EQ(route->tenant->id(), QStringLiteral("acme"));
    EXPECT_EQ(route->issuer, QStringLiteral("https://login.acme.io:8443/"));
    EXPECT_EQ(route->tenantPath, QByteArray("/.well-known/jwks.json"));
}

TEST_F(TenantResolverTest, ATenantHostServesOnlyThatTenant) {
    // The path is not interpreted on a tenant's host: another tenant's prefix is a plain path.
    const auto route = resolve("acme.example.com", "/t/globex/oauth/token");
    ASSERT_TRUE(route);
    EXPECT_EQ(route->tenant->id(), QStringLiteral("acme"));
    EXPECT_EQ(route->tenantPath, QByteArray("/t/globex/oauth/token"));
}

TEST_F(TenantResolverTest, UnknownHostFallsBackToThePath) {
    EXPECT_FALSE(resolve("nobody.example.com", "/oauth/token"));
    const auto route = resolve("nobody.example.com", "/t/globex/oauth/token");
    ASSERT_TRUE(route);
    EXPECT_EQ(route->tenant->id(), QStringLiteral("globex"));
    EXPECT_EQ(route->issuer, QStringLiteral("https://localhost:8443/t/globex/"));
}

} // namespace
} // namespace gatehouse::tenancy
