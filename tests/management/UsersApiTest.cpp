// /api/v2/users, /api/v2/users-by-email and /api/v2/user-blocks over HTTP: Auth0's shapes, the
// connection's password policy, argon2id hashes never shown, search with q, other tenants' users
// invisible, scopes enforced, refused writes leave nothing behind.

#include "ManagementTestServer.h"

#include "crypto/PasswordHasher.h"
#include "identity/PasswordPolicy.h"

#include <QUrl>
#include <gtest/gtest.h>

using namespace gatehouse;
using namespace gatehouse::management::test;
using namespace Qt::StringLiterals;

namespace {

const QString kAcme = u"acme"_s;
const QString kGlobex = u"globex"_s;
const QString kUsers = u"/api/v2/users"_s;
const QString kPassword = u"correct horse battery staple"_s;

class UsersApi : public ::testing::Test {
protected:
    Reply post(const QJsonObject& body, const QString& tenant = kAcme) {
        return server.call("POST", tenant, kUsers,
                           tenant == kAcme ? admin : server.adminToken(tenant), body);
    }

    QJsonObject create(const QString& email, QJsonObject extra = {}) {
        extra.insert(u"connection"_s, u"Username-Password-Authentication"_s);
        extra.insert(u"email"_s, email);
        if (!extra.contains(u"password"_s))
            extra.insert(u"password"_s, kPassword);
        const Reply reply = post(extra);
        EXPECT_EQ(reply.status, 201) << reply;
        return reply.object();
    }

    Reply get(const QString& pathAndQuery) {
        return server.call("GET", kAcme, pathAndQuery, admin);
    }

    QStringList emails(const QJsonArray& users) {
        QStringList result;
        for (const QJsonValue& user : users)
            result << user.toObject().value("email"_L1).toString();
        return result;
    }

    ManagementServer server;
    QByteArray admin = server.adminToken(kAcme);
};

QString idOf(const QJsonObject& user) {
    return user.value("user_id"_L1).toString();
}

} // namespace

TEST_F(UsersApi, CreateGetUpdateDeleteInAuth0sShape) {
    const QJsonObject created =
        create(u"Alice@Example.com"_s, {{u"given_name"_s, u"Alice"_s},
                                        {u"user_metadata"_s, QJsonObject{{u"theme"_s, u"dark"_s}}},
                                        {u"app_metadata"_s, QJsonObject{{u"plan"_s, u"pro"_s}}}});
    const QString id = idOf(created);
    EXPECT_TRUE(id.startsWith("auth0|"_L1)) << id.toStdString();
    EXPECT_EQ(created.value("email"_L1).toString(), u"alice@example.com"_s);
    EXPECT_FALSE(created.value("email_verified"_L1).toBool());
    EXPECT_FALSE(created.value("blocked"_L1).toBool());
    // Auth0's defaults for name and nickname.
    EXPECT_EQ(created.value("name"_L1).toString(), u"alice@example.com"_s);
    EXPECT_EQ(created.value("nickname"_L1).toString(), u"alice"_s);
    EXPECT_EQ(created.value("logins_count"_L1).toInt(), 0);
    EXPECT_FALSE(created.contains("last_login"_L1));
    const QJsonObject identity = created.value("identities"_L1).toArray().at(0).toObject();
    EXPECT_EQ(identity.value("connection"_L1).toString(), u"Username-Password-Authentication"_s);
    EXPECT_EQ(identity.value("provider"_L1).toString(), u"auth0"_s);
    EXPECT_EQ(u"auth0|"_s + identity.value("user_id"_L1).toString(), id);
    EXPECT_FALSE(identity.value("isSocial"_L1).toBool());
    EXPECT_EQ(created.value("user_metadata"_L1).toObject().value("theme"_L1), u"dark"_s);

    const Reply got = get(kUsers + u'/' + id);
    ASSERT_EQ(got.status, 200) << got;
    EXPECT_EQ(got.object(), created);
    EXPECT_FALSE(got.body.contains("password")) << got;
    EXPECT_FALSE(got.body.contains("argon2")) << got;

    const Reply patched =
        server.call("PATCH", kAcme, kUsers + u'/' + id, admin,
                    QJsonObject{{u"family_name"_s, u"Liddell"_s}, {u"email_verified"_s, true}});
    ASSERT_EQ(patched.status, 200) << patched;
    EXPECT_EQ(patched.object().value("family_name"_L1).toString(), u"Liddell"_s);
    EXPECT_TRUE(patched.object().value("email_verified"_L1).toBool());
    EXPECT_EQ(patched.object().value("given_name"_L1).toString(), u"Alice"_s); // untouched

    const Reply deleted = server.call("DELETE", kAcme, kUsers + u'/' + id, admin);
    EXPECT_EQ(deleted.status, 204) << deleted;
    EXPECT_EQ(get(kUsers + u'/' + id).status, 404);
    EXPECT_EQ(server.call("DELETE", kAcme, kUsers + u'/' + id, admin).status, 404);
}

TEST_F(UsersApi, PasswordsFollowTheConnectionsPolicyAndAreHashedNormalized) {
    expectApiError(post({{u"connection"_s, u"Username-Password-Authentication"_s},
                         {u"email"_s, u"weak@example.com"_s},
                         {u"password"_s, u"password"_s}}),
                   400, "password_too_common", "");
    expectApiError(post({{u"connection"_s, u"Username-Password-Authentication"_s},
                         {u"email"_s, u"short@example.com"_s},
                         {u"password"_s, u"x7#q"_s}}),
                   400, "password_too_short", "");
    expectApiError(post({{u"connection"_s, u"Username-Password-Authentication"_s},
                         {u"email"_s, u"nopassword@example.com"_s}}),
                   400, "invalid_body", "'password'");

    // NFKC: the full-width form is stored as its ASCII form's hash.
    const QString fullWidth = u"\uFF54\uFF52\uFF4F\uFF55\uFF42\uFF41\uFF44\uFF4F\uFF52 42 ok"_s;
    const QString id = idOf(create(u"carol@example.com"_s, {{u"password"_s, fullWidth}}));
    const auto stored = server.store().users().find(kAcme, id);
    ASSERT_TRUE(stored.ok() && stored->has_value());
    const crypto::PasswordHasher hasher;
    EXPECT_TRUE((*stored)->passwordHash.startsWith("$argon2id$"));
    EXPECT_TRUE(hasher.verify(u"troubador 42 ok"_s.toUtf8(), (*stored)->passwordHash));
    EXPECT_TRUE(hasher.verify(identity::PasswordPolicy::normalize(fullWidth).toUtf8(),
                              (*stored)->passwordHash));

    // A change re-hashes; a refused one leaves the old hash.
    expectApiError(server.call("PATCH", kAcme, kUsers + u'/' + id, admin,
                               QJsonObject{{u"password"_s, u"12345678"_s}}),
                   400, "password_too_common", "");
    const Reply changed = server.call("PATCH", kAcme, kUsers + u'/' + id, admin,
                                      QJsonObject{{u"password"_s, kPassword}});
    ASSERT_EQ(changed.status, 200) << changed;
    EXPECT_FALSE(changed.body.contains("password")) << changed;
    const auto rehashed = server.store().users().find(kAcme, id);
    EXPECT_TRUE(hasher.verify(kPassword.toUtf8(), (*rehashed)->passwordHash));
    EXPECT_FALSE(hasher.verify(u"troubador 42 ok"_s.toUtf8(), (*rehashed)->passwordHash));
}

TEST_F(UsersApi, BodiesAreCheckedFieldByField) {
    const qint64 before = server.latestChange();
    const QJsonObject base{{u"connection"_s, u"Username-Password-Authentication"_s},
                           {u"email"_s, u"x@example.com"_s},
                           {u"password"_s, kPassword}};
    QJsonObject typo = base;
    typo.insert(u"emial"_s, u"y@example.com"_s);
    expectApiError(post(typo), 400, "invalid_body", "unknown field 'emial'");
    QJsonObject wrongType = base;
    wrongType.insert(u"email_verified"_s, u"yes"_s);
    expectApiError(post(wrongType), 400, "invalid_body", "'email_verified' must be a boolean");
    QJsonObject metadata = base;
    metadata.insert(u"app_metadata"_s, u"plan=pro"_s);
    expectApiError(post(metadata), 400, "invalid_body", "'app_metadata' must be an object");
    QJsonObject noConnection = base;
    noConnection.remove(u"connection"_s);
    expectApiError(post(noConnection), 400, "invalid_body", "'connection' is required");
    QJsonObject unknownConnection = base;
    unknownConnection.insert(u"connection"_s, u"nope"_s);
    expectApiError(post(unknownConnection), 400, "invalid_body", "'connection'");
    QJsonObject noEmail = base;
    noEmail.remove(u"email"_s);
    expectApiError(post(noEmail), 400, "invalid_body", "'email'");
    QJsonObject username = base;
    username.insert(u"username"_s, u"xavier"_s);
    expectApiError(post(username), 400, "invalid_body", "'username'");
    QJsonObject picture = base;
    picture.insert(u"picture"_s, u"javascript:alert(1)"_s);
    expectApiError(post(picture), 400, "invalid_body", "'picture'");
    EXPECT_EQ(server.latestChange(), before); // nothing was written

    const QString id = idOf(create(u"x@example.com"_s));
    expectApiError(server.call("PATCH", kAcme, kUsers + u'/' + id, admin,
                               QJsonObject{{u"connection"_s, u"other"_s}}),
                   400, "invalid_body", "'connection' cannot be changed");
    expectApiError(
        server.call("PATCH", kAcme, kUsers + u'/' + id, admin, QJsonObject{{u"blocked"_s, 1}}), 400,
        "invalid_body", "'blocked'");
}

TEST_F(UsersApi, UsernamesWhereTheConnectionRequiresThem) {
    store::ConnectionRecord named;
    named.tenant = kAcme;
    named.name = u"named"_s;
    named.options = {{u"requires_username"_s, true}};
    ASSERT_TRUE(server.store().connections().create(named).ok());
    QJsonObject body{{u"connection"_s, u"named"_s},
                     {u"email"_s, u"dora@example.com"_s},
                     {u"password"_s, kPassword}};
    expectApiError(post(body), 400, "invalid_body", "'username' is required");
    body.insert(u"username"_s, u"Dora"_s);
    const Reply created = post(body);
    ASSERT_EQ(created.status, 201) << created;
    EXPECT_EQ(created.object().value("username"_L1).toString(), u"dora"_s);
    // The same address in another connection is another user.
    EXPECT_EQ(create(u"dora@example.com"_s).value("email"_L1).toString(), u"dora@example.com"_s);

    // Upstream connections get no users from here.
    store::ConnectionRecord upstream;
    upstream.tenant = kAcme;
    upstream.name = u"corporate"_s;
    upstream.strategy = u"oidc"_s;
    ASSERT_TRUE(server.store().connections().create(upstream).ok());
    body.insert(u"connection"_s, u"corporate"_s);
    expectApiError(post(body), 400, "invalid_body", "no database connection named 'corporate'");
}

TEST_F(UsersApi, DuplicatesInAConnectionConflict) {
    create(u"erin@example.com"_s);
    const qint64 before = server.latestChange();
    const Reply duplicate = post({{u"connection"_s, u"Username-Password-Authentication"_s},
                                  {u"email"_s, u"ERIN@example.com"_s},
                                  {u"password"_s, kPassword}});
    expectApiError(duplicate, 409, "conflict", "duplicate 'email'");
    EXPECT_EQ(server.latestChange(), before);

    const QString other = idOf(create(u"frank@example.com"_s));
    expectApiError(server.call("PATCH", kAcme, kUsers + u'/' + other, admin,
                               QJsonObject{{u"email"_s, u"erin@example.com"_s}}),
                   409, "conflict", "duplicate 'email'");
}

TEST_F(UsersApi, AnotherTenantsUserIsNotFound) {
    const Reply globexUser = post({{u"connection"_s, u"Username-Password-Authentication"_s},
                                   {u"email"_s, u"gina@example.com"_s},
                                   {u"password"_s, kPassword}},
                                  kGlobex);
    ASSERT_EQ(globexUser.status, 201) << globexUser;
    const QString id = idOf(globexUser.object());
    const QString path = kUsers + u'/' + QString::fromLatin1(QUrl::toPercentEncoding(id));
    const qint64 before = server.latestChange();
    EXPECT_EQ(get(path).status, 404);
    EXPECT_EQ(server.call("PATCH", kAcme, path, admin, QJsonObject{{u"name"_s, u"x"_s}}).status,
              404);
    EXPECT_EQ(server.call("DELETE", kAcme, path, admin).status, 404);
    EXPECT_EQ(
        get(u"/api/v2/user-blocks/"_s + QString::fromLatin1(QUrl::toPercentEncoding(id))).status,
        404);
    EXPECT_EQ(
        server
            .call("DELETE", kAcme,
                  u"/api/v2/user-blocks/"_s + QString::fromLatin1(QUrl::toPercentEncoding(id)),
                  admin)
            .status,
        404);
    EXPECT_EQ(server.latestChange(), before);
    // Not in searches or by e-mail either.
    EXPECT_TRUE(get(kUsers + u"?q=gina"_s).array().isEmpty());
    EXPECT_TRUE(get(u"/api/v2/users-by-email?email=gina@example.com"_s).array().isEmpty());
    EXPECT_EQ(server.call("GET", kGlobex, path, server.adminToken(kGlobex)).status, 200);
}

TEST_F(UsersApi, ScopesAreEnforced) {
    const QByteArray reader = server.token(kAcme, u"reader"_s); // read:clients only
    for (const auto& [method, path] : std::initializer_list<std::pair<QByteArray, QString>>{
             {"GET", kUsers},
             {"POST", kUsers},
             {"GET", kUsers + u"/auth0%7Cx"_s},
             {"PATCH", kUsers + u"/auth0%7Cx"_s},
             {"DELETE", kUsers + u"/auth0%7Cx"_s},
             {"GET", u"/api/v2/users-by-email?email=a@b.c"_s},
             {"GET", u"/api/v2/user-blocks/auth0%7Cx"_s},
             {"DELETE", u"/api/v2/user-blocks/auth0%7Cx"_s}}) {
        const Reply reply = server.call(method, kAcme, path, reader, QJsonObject{});
        EXPECT_EQ(reply.status, 403) << method.toStdString() << ' ' << path.toStdString();
        EXPECT_EQ(reply.error(), u"insufficient_scope"_s);
    }
    // read:users reads and cannot write.
    server.addClient(kAcme, u"support"_s, {u"read:users"_s});
    const QByteArray support = server.token(kAcme, u"support"_s);
    EXPECT_EQ(server.call("GET", kAcme, kUsers, support).status, 200);
    const Reply write = server.call("POST", kAcme, kUsers, support, QJsonObject{});
    EXPECT_EQ(write.status, 403) << write;
    EXPECT_TRUE(write.header("WWW-Authenticate").contains("scope=\"create:users\""));
}

TEST_F(UsersApi, SearchWithQSortPagesAndFields) {
    create(u"alice@example.com"_s,
           {{u"name"_s, u"Alice"_s}, {u"app_metadata"_s, QJsonObject{{u"plan"_s, u"pro"_s}}}});
    create(u"bob@example.com"_s, {{u"name"_s, u"Bob"_s}, {u"blocked"_s, true}});
    create(u"albert@example.org"_s, {{u"name"_s, u"Albert"_s}});
    post({{u"connection"_s, u"Username-Password-Authentication"_s},
          {u"email"_s, u"alice@example.com"_s},
          {u"password"_s, kPassword}},
         kGlobex);

    EXPECT_EQ(emails(get(kUsers).array()),
              (QStringList{u"albert@example.org"_s, u"alice@example.com"_s, u"bob@example.com"_s}));
    EXPECT_EQ(emails(get(kUsers + u"?q=email:%22Alice@Example.com%22&search_engine=v3"_s).array()),
              QStringList{u"alice@example.com"_s});
    EXPECT_EQ(emails(get(kUsers + u"?q=name:Al*&sort=name:-1"_s).array()),
              (QStringList{u"alice@example.com"_s, u"albert@example.org"_s}));
    EXPECT_EQ(emails(get(kUsers + u"?q=app_metadata.plan:pro"_s).array()),
              QStringList{u"alice@example.com"_s});
    EXPECT_EQ(emails(get(kUsers + u"?q=blocked:true+OR+email:albert*"_s).array()),
              (QStringList{u"albert@example.org"_s, u"bob@example.com"_s}));
    EXPECT_EQ(emails(get(kUsers + u"?q=NOT+blocked:true&sort=email:-1"_s).array()),
              (QStringList{u"alice@example.com"_s, u"albert@example.org"_s}));
    EXPECT_EQ(emails(get(kUsers + u"?q="_s).array()).size(), 3); // empty q: everyone

    const Reply page = get(kUsers + u"?page=1&per_page=2&include_totals=true&sort=email:1"_s);
    ASSERT_EQ(page.status, 200) << page;
    EXPECT_EQ(page.object().value("total"_L1).toInt(), 3);
    EXPECT_EQ(page.object().value("start"_L1).toInt(), 2);
    EXPECT_EQ(page.object().value("limit"_L1).toInt(), 2);
    EXPECT_EQ(page.object().value("length"_L1).toInt(), 1);
    EXPECT_EQ(emails(page.object().value("users"_L1).toArray()), QStringList{u"bob@example.com"_s});

    const QJsonObject only =
        get(kUsers + u"?q=bob&fields=user_id,email"_s).array().at(0).toObject();
    EXPECT_EQ(only.keys(), (QStringList{u"email"_s, u"user_id"_s}));
    const QJsonObject without =
        get(kUsers + u"?q=bob&fields=identities&include_fields=false"_s).array().at(0).toObject();
    EXPECT_FALSE(without.contains("identities"_L1));
    EXPECT_TRUE(without.contains("email"_L1));

    expectApiError(get(kUsers + u"?q=email:(alice"_s), 400, "invalid_query", "");
    expectApiError(get(kUsers + u"?q=password_hash:x"_s), 400, "invalid_query", "password_hash");
    expectApiError(get(kUsers + u"?sort=password_hash:1"_s), 400, "invalid_query_string", "'sort'");
    expectApiError(get(kUsers + u"?sort=email"_s), 400, "invalid_query_string", "'sort'");
    expectApiError(get(kUsers + u"?per_page=101"_s), 400, "invalid_query_string", "'per_page'");
    expectApiError(get(kUsers + u"?fields=password"_s), 400, "invalid_query_string", "'fields'");
    expectApiError(get(kUsers + u"?connection=x"_s), 400, "invalid_query_string", "'connection'");
    expectApiError(get(kUsers + u"?search_engine=v2"_s), 400, "invalid_query_string",
                   "'search_engine'");
}

TEST_F(UsersApi, UsersByEmailAcrossConnections) {
    store::ConnectionRecord second;
    second.tenant = kAcme;
    second.name = u"partners"_s;
    ASSERT_TRUE(server.store().connections().create(second).ok());
    create(u"hank@example.com"_s);
    ASSERT_EQ(post({{u"connection"_s, u"partners"_s},
                    {u"email"_s, u"Hank@example.com"_s},
                    {u"password"_s, kPassword}})
                  .status,
              201);
    const Reply found = get(u"/api/v2/users-by-email?email=HANK%40EXAMPLE.COM"_s);
    ASSERT_EQ(found.status, 200) << found;
    ASSERT_EQ(found.array().size(), 2);
    EXPECT_EQ(found.array()
                  .at(0)
                  .toObject()
                  .value("identities"_L1)
                  .toArray()
                  .at(0)
                  .toObject()
                  .value("connection"_L1)
                  .toString(),
              u"Username-Password-Authentication"_s);
    EXPECT_TRUE(get(u"/api/v2/users-by-email?email=nobody@example.com"_s).array().isEmpty());
    expectApiError(get(u"/api/v2/users-by-email"_s), 400, "invalid_query_string", "'email'");
    expectApiError(get(u"/api/v2/users-by-email?email=a@b.c&page=1"_s), 400, "invalid_query_string",
                   "'page'");
}

TEST_F(UsersApi, DeletingAUserEndsItsSessionsAndGrants) {
    const QString id = idOf(create(u"ivy@example.com"_s));
    store::LoginSessionRecord session;
    session.idHash = QByteArray(32, 'S');
    session.tenant = kAcme;
    session.userId = id;
    session.connection = u"Username-Password-Authentication"_s;
    const auto created = server.store().loginSessions().create(session, std::chrono::hours(1),
                                                               std::chrono::hours(8));
    ASSERT_TRUE(created.ok()) << created.error().toString().toStdString();
    ASSERT_EQ(server.call("DELETE", kAcme, kUsers + u'/' + id, admin).status, 204);
    const auto gone = server.store().loginSessions().findActive(kAcme, session.idHash);
    ASSERT_TRUE(gone.ok());
    EXPECT_FALSE(gone->has_value());
}

TEST_F(UsersApi, UserBlocksListAndLift) {
    const QString id = idOf(create(u"jack@example.com"_s));
    const QString path =
        u"/api/v2/user-blocks/"_s + QString::fromLatin1(QUrl::toPercentEncoding(id));
    const Reply none = get(path);
    ASSERT_EQ(none.status, 200) << none;
    EXPECT_TRUE(none.object().value("blocked_for"_L1).toArray().isEmpty());

    for (const QString& ip : {u"203.0.113.7"_s, u"2001:db8::1"_s}) {
        const auto failed = server.store().attackCounters().recordFailure(
            kAcme, store::AttackCounterKind::UserIp,
            store::AttackCounterRepository::userIpSubject(id, ip), std::chrono::hours(1), 1,
            std::chrono::hours(1));
        ASSERT_TRUE(failed.ok()) << failed.error().toString().toStdString();
    }
    const Reply blocked = get(path);
    ASSERT_EQ(blocked.status, 200) << blocked;
    const QJsonArray blocks = blocked.object().value("blocked_for"_L1).toArray();
    ASSERT_EQ(blocks.size(), 2) << blocked;
    QStringList ips;
    for (const QJsonValue& block : blocks) {
        EXPECT_EQ(block.toObject().value("identifier"_L1).toString(), u"jack@example.com"_s);
        ips << block.toObject().value("ip"_L1).toString();
    }
    ips.sort();
    EXPECT_EQ(ips, (QStringList{u"2001:db8::1"_s, u"203.0.113.7"_s}));

    EXPECT_EQ(server.call("DELETE", kAcme, path, admin).status, 204);
    EXPECT_TRUE(get(path).object().value("blocked_for"_L1).toArray().isEmpty());
}

namespace {

class ReadOnlyGate final : public management::WriteGate {
public:
    [[nodiscard]] Result<void> allowWrite(QStringView) const override {
        return Error{QByteArrayLiteral("read_only"), u"this datacenter is read-only"_s, 503};
    }
};

} // namespace

TEST(UsersAndConnectionsOnASecondary, WritesAreRefusedAndReadsAnswer) {
    const ReadOnlyGate gate;
    ManagementServer server(&gate);
    const QByteArray admin = server.adminToken(kAcme);
    const qint64 before = server.latestChange();
    for (const auto& [method, path] : std::initializer_list<std::pair<QByteArray, QString>>{
             {"POST", kUsers},
             {"PATCH", kUsers + u"/auth0%7Cx"_s},
             {"DELETE", kUsers + u"/auth0%7Cx"_s},
             {"DELETE", u"/api/v2/user-blocks/auth0%7Cx"_s},
             {"POST", u"/api/v2/connections"_s},
             {"PATCH", u"/api/v2/connections/con_x"_s},
             {"DELETE", u"/api/v2/connections/con_x"_s}}) {
        const Reply reply = server.call(method, kAcme, path, admin, QJsonObject{});
        EXPECT_EQ(reply.status, 503) << method.toStdString() << ' ' << path.toStdString();
        EXPECT_EQ(reply.error(), u"read_only"_s);
    }
    EXPECT_EQ(server.latestChange(), before);
    EXPECT_EQ(server.call("GET", kAcme, kUsers, admin).status, 200);
    EXPECT_EQ(server.call("GET", kAcme, u"/api/v2/connections"_s, admin).status, 200);
}
