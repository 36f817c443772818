#include "models/session/Permissions.h"

#include <QJsonDocument>
#include <gtest/gtest.h>

using gatehouse::client::Permissions;
using Action = gatehouse::client::Permissions::Action;

namespace {

Permissions parse(const char* json) {
    return Permissions::fromJson(QJsonDocument::fromJson(json).object());
}

} // namespace

// The shapes of GET /api/v2/me (docs/administrators.md).
TEST(Permissions, ReadsASupportSnapshot) {
    const Permissions support = parse(R"({"kind":"administrator","role":"support",
        "email":"s@example.com","tenants":["acme"],
        "permissions":{"acme":{"users":{"read":true,"write":false,"actions":["read"]},
                               "connections":{"read":true,"write":false,"actions":["read"]}}}})");
    EXPECT_TRUE(support.isAdministrator());
    EXPECT_EQ(support.role(), QStringLiteral("support"));
    EXPECT_FALSE(support.coversEveryTenant());
    EXPECT_EQ(support.tenants(), QStringList{QStringLiteral("acme")});
    EXPECT_TRUE(support.allows(QStringLiteral("acme"), QStringLiteral("users"), Action::Read));
    EXPECT_FALSE(support.allows(QStringLiteral("acme"), QStringLiteral("users"), Action::Update));
    EXPECT_FALSE(support.allows(QStringLiteral("acme"), QStringLiteral("clients"), Action::Read));
    EXPECT_FALSE(support.allows(QStringLiteral("beta"), QStringLiteral("users"), Action::Read));
    EXPECT_FALSE(support.canWriteIn(QStringLiteral("acme")));
}

// An owner's "*" covers every ordinary tenant but never the system tenant, which has its own.
TEST(Permissions, AStarCoversOrdinaryTenantsOnly) {
    const Permissions owner = parse(R"({"kind":"administrator","role":"owner","tenants":"*",
        "permissions":{"*":{"clients":{"read":true,"write":true,
                                       "actions":["read","create","update","delete"]}},
                       "system":{"tenants":{"read":true,"write":true,"actions":["read","create"]}}}})");
    EXPECT_TRUE(owner.coversEveryTenant());
    EXPECT_TRUE(
        owner.allows(QStringLiteral("anything"), QStringLiteral("clients"), Action::Delete));
    EXPECT_FALSE(owner.allows(QStringLiteral("system"), QStringLiteral("clients"), Action::Read));
    EXPECT_TRUE(owner.allows(QStringLiteral("system"), QStringLiteral("tenants"), Action::Create));
    EXPECT_FALSE(owner.allows(QStringLiteral("system"), QStringLiteral("tenants"), Action::Delete));
    EXPECT_TRUE(owner.canWriteIn(QStringLiteral("anything")));
    EXPECT_TRUE(Permissions().isEmpty());
    EXPECT_FALSE(Permissions().allows(QStringLiteral("a"), QStringLiteral("users"), Action::Read));
}
