// Bad requests over HTTP: each is refused naming the field, and nothing is written (no row, no
// change-log entry). Also the write gate, the one place where every write can be refused.

#include "ManagementTestServer.h"

#include <gtest/gtest.h>

using namespace gatehouse;
using namespace gatehouse::management::test;

namespace {

const QString kAcme = QStringLiteral("acme");
const QString kClients = QStringLiteral("/api/v2/clients");

class ManagementValidation : public ::testing::Test {
protected:
    qsizetype clientCount() {
        const auto clients = server.store().clients().list(kAcme);
        EXPECT_TRUE(clients.ok());
        return clients.ok() ? clients->size() : -1;
    }

    ManagementServer server;
    QByteArray admin = server.adminToken(kAcme);
};

// A gate like the secondary datacenter's: every write refused.
class ReadOnlyGate final : public management::WriteGate {
public:
    [[nodiscard]] Result<void> allowWrite(QStringView) const override {
        return Error{QByteArrayLiteral("read_only"), QStringLiteral("this datacenter is read-only"),
                     503};
    }
};

} // namespace

TEST_F(ManagementValidation, BadBodiesNameTheFieldAndWriteNothing) {
    const qsizetype clients = clientCount();
    const qint64 before = server.latestChange();
    struct Case {
        QJsonObject body;
        QString message;
    };
    const QList<Case> cases{
        {{{QStringLiteral("nmae"), QStringLiteral("x")}}, QStringLiteral("unknown field 'nmae'")},
        {{{QStringLiteral("name"), QStringLiteral("x")}, {QStringLiteral("grant_types"), 3}},
         QStringLiteral("'grant_types' must be an array of strings, got a number")},
        {{{QStringLiteral("description"), QStringLiteral("no name")}},
         QStringLiteral("'name' is required")},
        {{{QStringLiteral("name"), QString(256, u'n')}},
         QStringLiteral("'name' must be at most 255 characters")},
        {{{QStringLiteral("name"), QStringLiteral("x")},
          {QStringLiteral("is_first_party"), QStringLiteral("yes")}},
         QStringLiteral("'is_first_party' must be a boolean, got a string")},
        {{{QStringLiteral("name"), QStringLiteral("x")},
          {QStringLiteral("callbacks"), QJsonArray{QStringLiteral("https://*.example/cb")}}},
         QStringLiteral("'callbacks[0]' must be an absolute URI without a fragment or wildcard, "
                        "got 'https://*.example/cb'")},
        {{{QStringLiteral("name"), QStringLiteral("x")},
          {QStringLiteral("app_type"), QStringLiteral("web")}},
         QStringLiteral(
             "'app_type' must be one of non_interactive, spa, native, regular_web, got 'web'")},
    };
    for (const Case& c : cases) {
        const Reply reply = server.call("POST", kAcme, kClients, admin, c.body);
        EXPECT_EQ(reply.status, 400) << reply;
        EXPECT_EQ(reply.error(), QStringLiteral("invalid_body"));
        EXPECT_EQ(reply.description(), c.message);
    }
    EXPECT_EQ(clientCount(), clients);
    EXPECT_EQ(server.latestChange(), before);
}

TEST_F(ManagementValidation, DuplicateNamesAreConflictsNamingTheField) {
    const qint64 before = server.latestChange();
    const Reply duplicate =
        server.call("POST", kAcme, kClients, admin,
                    QJsonObject{{QStringLiteral("name"), QStringLiteral("reader")}});
    EXPECT_EQ(duplicate.status, 409) << duplicate;
    EXPECT_EQ(duplicate.error(), QStringLiteral("conflict"));
    EXPECT_TRUE(duplicate.description().startsWith(QLatin1String("duplicate 'name'"))) << duplicate;
    const Reply renamed =
        server.call("PATCH", kAcme, kClients + QStringLiteral("/admin"), admin,
                    QJsonObject{{QStringLiteral("name"), QStringLiteral("reader")}});
    EXPECT_EQ(renamed.status, 409) << renamed;
    EXPECT_EQ(server.latestChange(), before);
    EXPECT_EQ((*server.store().clients().find(kAcme, QStringLiteral("admin")))->name,
              QStringLiteral("admin"));
}

TEST_F(ManagementValidation, BodiesMustBeJsonObjects) {
    const QString url = server.base() + QStringLiteral("/t/acme") + kClients;
    const qint64 before = server.latestChange();
    const Reply form =
        server.callRaw("POST", url, admin, "name=x", "application/x-www-form-urlencoded");
    EXPECT_EQ(form.status, 400) << form;
    EXPECT_EQ(form.error(), QStringLiteral("invalid_body"));
    const Reply array = server.callRaw("POST", url, admin, R"(["name"])", "application/json");
    EXPECT_EQ(array.status, 400) << array;
    const Reply broken = server.callRaw("POST", url, admin, R"({"name":)", "application/json");
    EXPECT_EQ(broken.status, 400) << broken;
    const Reply empty = server.callRaw("POST", url, admin, {}, "application/json");
    EXPECT_EQ(empty.status, 400) << empty;
    EXPECT_EQ(server.latestChange(), before);
}

TEST_F(ManagementValidation, UnknownRoutesAndMethods) {
    EXPECT_EQ(server.call("GET", kAcme, QStringLiteral("/api/v2/nothing"), admin).status, 404);
    const Reply wrongMethod = server.call("PUT", kAcme, kClients, admin, QJsonObject());
    EXPECT_EQ(wrongMethod.status, 405) << wrongMethod;
    EXPECT_FALSE(wrongMethod.header("Allow").isEmpty());
}

TEST(ManagementWriteGate, RefusesEveryWriteAndAllowsReads) {
    const ReadOnlyGate gate;
    ManagementServer server(&gate);
    const QByteArray admin = server.adminToken(kAcme);
    const qint64 before = server.latestChange();
    EXPECT_EQ(server.call("GET", kAcme, kClients, admin).status, 200);
    for (const auto& [method, path] : QList<std::pair<QByteArray, QString>>{
             {"POST", kClients},
             {"PATCH", kClients + QStringLiteral("/admin")},
             {"DELETE", kClients + QStringLiteral("/reader")},
             {"POST", QStringLiteral("/api/v2/keys/signing/rotate")},
             {"PATCH", QStringLiteral("/api/v2/tenants/settings")}}) {
        const Reply reply = server.call(method, kAcme, path, admin,
                                        QJsonObject{{QStringLiteral("name"), QStringLiteral("x")}});
        EXPECT_EQ(reply.status, 503) << method.toStdString() << ' ' << path.toStdString();
        EXPECT_EQ(reply.error(), QStringLiteral("read_only"));
    }
    const Reply tenants = server.call("DELETE", QStringLiteral("system"),
                                      QStringLiteral("/api/v2/tenants/acme"), server.systemToken());
    EXPECT_EQ(tenants.error(), QStringLiteral("read_only"));
    EXPECT_EQ(server.latestChange(), before);
}
