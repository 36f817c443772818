// `allowed_logout_urls` and `web_origins` of /api/v2/clients: stored, returned, patched alone,
// and refused with a 400 naming the entry when they could never match what a browser sends.

#include "ManagementTestServer.h"

#include <gtest/gtest.h>

using namespace gatehouse;
using namespace gatehouse::management::test;
using namespace Qt::StringLiterals;

namespace {

const QString kAcme = u"acme"_s;
const QString kClients = u"/api/v2/clients"_s;

class ClientUrlFields : public ::testing::Test {
protected:
    ManagementServer server;
    QByteArray admin = server.adminToken(kAcme);
};

} // namespace

TEST_F(ClientUrlFields, AreStoredReturnedAndPatchedAlone) {
    const Reply created =
        server.call("POST", kAcme, kClients, admin,
                    QJsonObject{{u"name"_s, u"spa"_s},
                                {u"app_type"_s, u"spa"_s},
                                {u"callbacks"_s, QJsonArray{u"https://spa.example/cb"_s}},
                                {u"allowed_logout_urls"_s, QJsonArray{u"https://spa.example/"_s}},
                                {u"web_origins"_s,
                                 QJsonArray{u"https://spa.example"_s, u"http://localhost:3000"_s,
                                            u"http://[::1]:8080"_s}}});
    ASSERT_EQ(created.status, 201) << created;
    const QString id = created.object().value("client_id"_L1).toString();
    EXPECT_EQ(created.object().value("allowed_logout_urls"_L1).toArray(),
              QJsonArray{u"https://spa.example/"_s});
    EXPECT_EQ(created.object().value("web_origins"_L1).toArray().size(), 3);
    const auto stored = server.store().clients().find(kAcme, id);
    ASSERT_TRUE(stored.ok() && stored->has_value());
    EXPECT_EQ((*stored)->allowedLogoutUrls, QStringList{u"https://spa.example/"_s});
    EXPECT_EQ((*stored)->webOrigins,
              (QStringList{u"https://spa.example"_s, u"http://localhost:3000"_s,
                           u"http://[::1]:8080"_s}));

    const Reply patched = server.call("PATCH", kAcme, kClients + u'/' + id, admin,
                                      QJsonObject{{u"web_origins"_s, QJsonArray{}}});
    ASSERT_EQ(patched.status, 200) << patched;
    EXPECT_TRUE(patched.object().value("web_origins"_L1).toArray().isEmpty());
    EXPECT_EQ(patched.object().value("allowed_logout_urls"_L1).toArray(),
              QJsonArray{u"https://spa.example/"_s});

    // A client made without them has empty lists, and its callbacks are not logout URLs.
    const Reply plain =
        server.call("POST", kAcme, kClients, admin,
                    QJsonObject{{u"name"_s, u"plain"_s},
                                {u"callbacks"_s, QJsonArray{u"https://a.example/cb"_s}}});
    ASSERT_EQ(plain.status, 201) << plain;
    EXPECT_EQ(plain.object().value("allowed_logout_urls"_L1).toArray(), QJsonArray());
    EXPECT_EQ(plain.object().value("web_origins"_L1).toArray(), QJsonArray());
}

TEST_F(ClientUrlFields, NearMissesAreRefusedNamingTheEntry) {
    const qint64 before = server.latestChange();
    struct Case {
        QString field;
        QString value;
        QString reason; // in the message
    };
    const QString form = u"with scheme http or https and no wildcard"_s;
    const QString bare = u"without path, query, fragment or user"_s;
    const QList<Case> cases{
        {u"allowed_logout_urls"_s, u"/relative"_s, u"absolute URI"_s},
        {u"allowed_logout_urls"_s, u"https://*.example/bye"_s, u"wildcard"_s},
        {u"allowed_logout_urls"_s, u"https://app.example/bye#top"_s, u"fragment"_s},
        {u"allowed_logout_urls"_s, u"https:///bye"_s, u"absolute URI"_s},
        {u"web_origins"_s, u"null"_s, form},
        {u"web_origins"_s, u"app.example"_s, form},
        {u"web_origins"_s, u"ftp://app.example"_s, form},
        {u"web_origins"_s, u"https://*.example"_s, form},
        {u"web_origins"_s, u"https://app.example/"_s, bare},
        {u"web_origins"_s, u"https://app.example/path"_s, bare},
        {u"web_origins"_s, u"https://app.example?x=1"_s, bare},
        {u"web_origins"_s, u"https://user@app.example"_s, bare},
        {u"web_origins"_s, u"https://APP.example"_s, u"(https://app.example)"_s},
        {u"web_origins"_s, u"HTTPS://app.example"_s, u"(https://app.example)"_s},
        {u"web_origins"_s, u"https://app.example:443"_s, u"(https://app.example)"_s},
        {u"web_origins"_s, u"http://app.example:80"_s, u"(http://app.example)"_s},
    };
    for (const Case& c : cases) {
        const Reply reply =
            server.call("POST", kAcme, kClients, admin,
                        QJsonObject{{u"name"_s, u"x"_s},
                                    {c.field, QJsonArray{u"https://ok.example"_s, c.value}}});
        EXPECT_EQ(reply.status, 400) << c.field.toStdString() << " " << c.value.toStdString();
        EXPECT_EQ(reply.error(), u"invalid_body"_s);
        EXPECT_TRUE(reply.description().startsWith(u"'"_s + c.field + u"[1]' must be"_s))
            << reply.description().toStdString();
        EXPECT_TRUE(reply.description().contains(c.reason)) << reply.description().toStdString();
        EXPECT_TRUE(reply.description().endsWith(c.value + u"'"_s))
            << reply.description().toStdString();
    }
    // PATCH validates the same way.
    const Reply patch = server.call("PATCH", kAcme, kClients + u"/admin"_s, admin,
                                    QJsonObject{{u"web_origins"_s, QJsonArray{u"null"_s}}});
    EXPECT_EQ(patch.status, 400) << patch;
    EXPECT_EQ(server.latestChange(), before);
}
