// /api/v2/keys/signing and /api/v2/tenants/settings over HTTP: rotation seen in issued tokens and
// the JWKS, and a new signing algorithm taking effect at once.

#include "ManagementTestServer.h"

#include "crypto/Jwt.h"
#include "crypto/PublicKey.h"

#include <QUrlQuery>
#include <gtest/gtest.h>

using namespace gatehouse;
using namespace gatehouse::management::test;

namespace {

const QString kAcme = QStringLiteral("acme");
const QString kKeys = QStringLiteral("/api/v2/keys/signing");
const QString kSettings = QStringLiteral("/api/v2/tenants/settings");

QString headerOf(const QByteArray& token, const char* name) {
    const auto decoded = crypto::decodeJwt(token);
    EXPECT_TRUE(decoded.ok());
    return decoded.ok() ? decoded->header.value(QLatin1String(name)).toString() : QString();
}

class KeysAndSettingsApi : public ::testing::Test {
protected:
    // Verifies the way an outside resource server does: with the keys of the tenant's JWKS.
    bool verifiesWithJwks(const QByteArray& token) {
        const Reply jwks = server.callRaw(
            "GET", server.issuer(kAcme) + QStringLiteral(".well-known/jwks.json"), {}, {}, {});
        EXPECT_EQ(jwks.status, 200) << jwks;
        QHash<QByteArray, crypto::PublicKey> keys;
        for (const QJsonValue& jwk : jwks.object().value(QLatin1String("keys")).toArray()) {
            if (auto key = crypto::PublicKey::fromJwk(jwk.toObject()); key.ok())
                keys.insert(jwk.toObject().value(QLatin1String("kid")).toString().toLatin1(), *key);
        }
        crypto::JwtVerifyOptions options;
        options.expectedTyp = "at+jwt";
        return crypto::verifyJwt(
                   token,
                   [&](QByteArrayView kid) -> std::optional<crypto::PublicKey> {
                       const auto it = keys.constFind(kid.toByteArray());
                       return it == keys.cend() ? std::nullopt : std::optional(*it);
                   },
                   options)
            .ok();
    }

    QHash<QString, QString> statuses() {
        const Reply list = server.call("GET", kAcme, kKeys, admin);
        EXPECT_EQ(list.status, 200) << list;
        QHash<QString, QString> result;
        for (const QJsonValue& key : list.array())
            result.insert(key.toObject().value(QLatin1String("kid")).toString(),
                          key.toObject().value(QLatin1String("status")).toString());
        return result;
    }

    ManagementServer server;
    QByteArray admin = server.adminToken(kAcme);
};

} // namespace

TEST_F(KeysAndSettingsApi, ListShowsPublicKeysOnly) {
    const Reply list = server.call("GET", kAcme, kKeys, admin);
    ASSERT_EQ(list.status, 200) << list;
    ASSERT_EQ(list.array().size(), 2); // current and next
    for (const QJsonValue& value : list.array()) {
        const QJsonObject key = value.toObject();
        EXPECT_EQ(key.value(QLatin1String("alg")).toString(), QStringLiteral("RS256"));
        EXPECT_TRUE(crypto::PublicKey::fromJwk(key.value(QLatin1String("jwk")).toObject()).ok());
        EXPECT_FALSE(key.value(QLatin1String("jwk")).toObject().contains(QLatin1String("d")));
    }
    EXPECT_FALSE(list.body.contains("PRIVATE"));
    const QString kid = headerOf(admin, "kid");
    const Reply one = server.call("GET", kAcme, kKeys + u'/' + kid, admin);
    ASSERT_EQ(one.status, 200) << one;
    EXPECT_EQ(one.object().value(QLatin1String("status")).toString(), QStringLiteral("current"));
    EXPECT_TRUE(one.object().value(QLatin1String("current")).toBool());
    // Another tenant's kid is unknown here.
    const QByteArray globex = server.adminToken(QStringLiteral("globex"));
    EXPECT_EQ(server.call("GET", kAcme, kKeys + u'/' + headerOf(globex, "kid"), admin).status, 404);
}

TEST_F(KeysAndSettingsApi, RotationChangesTheKidOfNewTokensAndOldOnesStillVerify) {
    const QString oldKid = headerOf(admin, "kid");
    const Reply rotated = server.call("POST", kAcme, kKeys + QStringLiteral("/rotate"), admin);
    ASSERT_EQ(rotated.status, 201) << rotated;
    const QString newKid = rotated.object().value(QLatin1String("kid")).toString();
    EXPECT_NE(newKid, oldKid);

    const QByteArray fresh = server.adminToken(kAcme);
    EXPECT_EQ(headerOf(fresh, "kid"), newKid);
    EXPECT_TRUE(verifiesWithJwks(fresh));
    EXPECT_TRUE(verifiesWithJwks(admin));
    // The old token is still good at the Management API itself.
    EXPECT_EQ(server.call("GET", kAcme, kKeys, admin).status, 200);

    const auto keys = statuses();
    EXPECT_EQ(keys.value(oldKid), QStringLiteral("previous"));
    EXPECT_EQ(keys.value(newKid), QStringLiteral("current"));
    EXPECT_EQ(keys.values().count(QStringLiteral("next")), 1);
}

TEST_F(KeysAndSettingsApi, RevokedKeysStopVerifying) {
    const QString oldKid = headerOf(admin, "kid");
    ASSERT_EQ(server.call("POST", kAcme, kKeys + QStringLiteral("/rotate"), admin).status, 201);
    const QByteArray fresh = server.adminToken(kAcme);
    const Reply current = server.call(
        "PUT", kAcme, kKeys + u'/' + headerOf(fresh, "kid") + QStringLiteral("/revoke"), fresh);
    EXPECT_EQ(current.status, 400) << current;
    const Reply revoked =
        server.call("PUT", kAcme, kKeys + u'/' + oldKid + QStringLiteral("/revoke"), fresh);
    ASSERT_EQ(revoked.status, 200) << revoked;
    EXPECT_TRUE(revoked.object().value(QLatin1String("revoked")).toBool());
    EXPECT_FALSE(verifiesWithJwks(admin));
    EXPECT_EQ(server.call("GET", kAcme, kKeys, admin).status, 401);
}

TEST_F(KeysAndSettingsApi, SettingsReadAndUpdate) {
    const Reply got = server.call("GET", kAcme, kSettings, admin);
    ASSERT_EQ(got.status, 200) << got;
    EXPECT_EQ(got.object().value(QLatin1String("friendly_name")).toString(), kAcme);
    EXPECT_EQ(got.object().value(QLatin1String("signing_alg")).toString(), QStringLiteral("RS256"));

    const Reply api = server.call(
        "POST", kAcme, QStringLiteral("/api/v2/resource-servers"), admin,
        QJsonObject{{QStringLiteral("name"), QStringLiteral("Orders")},
                    {QStringLiteral("identifier"), QStringLiteral("https://orders.example")}});
    ASSERT_EQ(api.status, 201) << api;
    ASSERT_EQ(server
                  .call("POST", kAcme, QStringLiteral("/api/v2/client-grants"), admin,
                        QJsonObject{
                            {QStringLiteral("client_id"), QStringLiteral("reader")},
                            {QStringLiteral("audience"), QStringLiteral("https://orders.example")},
                            {QStringLiteral("scope"), QJsonArray()}})
                  .status,
              201);

    const Reply patched = server.call(
        "PATCH", kAcme, kSettings, admin,
        QJsonObject{
            {QStringLiteral("friendly_name"), QStringLiteral("Acme Inc.")},
            {QStringLiteral("support_email"), QStringLiteral("help@acme.example")},
            {QStringLiteral("default_audience"), QStringLiteral("https://orders.example")}});
    ASSERT_EQ(patched.status, 200) << patched;
    EXPECT_EQ(patched.object().value(QLatin1String("friendly_name")).toString(),
              QStringLiteral("Acme Inc."));
    EXPECT_EQ(server.call("GET", kAcme, kSettings, admin).object(), patched.object());

    // The default audience is used at once by this node's token endpoint.
    QUrlQuery form;
    form.addQueryItem(QStringLiteral("grant_type"), QStringLiteral("client_credentials"));
    form.addQueryItem(QStringLiteral("client_id"), QStringLiteral("reader"));
    form.addQueryItem(QStringLiteral("client_secret"), QString::fromLatin1(kSecret));
    const Reply token = server.callRaw("POST", server.issuer(kAcme) + QStringLiteral("oauth/token"),
                                       {}, form.toString(QUrl::FullyEncoded).toLatin1(),
                                       "application/x-www-form-urlencoded");
    ASSERT_EQ(token.status, 200) << token;

    const qint64 before = server.latestChange();
    for (const QJsonObject& bad :
         {QJsonObject{{QStringLiteral("default_audience"), QStringLiteral("https://nope")}},
          QJsonObject{{QStringLiteral("default_audience"), server.audience(kAcme)}},
          QJsonObject{{QStringLiteral("support_email"), QStringLiteral("nobody")}},
          QJsonObject{{QStringLiteral("support_url"), QStringLiteral("javascript:alert(1)")}},
          QJsonObject{{QStringLiteral("signing_alg"), QStringLiteral("HS256")}},
          QJsonObject{{QStringLiteral("friendly_nmae"), QStringLiteral("x")}}}) {
        const Reply refused = server.call("PATCH", kAcme, kSettings, admin, bad);
        EXPECT_EQ(refused.status, 400) << refused;
        EXPECT_TRUE(refused.description().contains(u'\'' + bad.keys().first() + u'\'')) << refused;
    }
    EXPECT_EQ(server.latestChange(), before);
}

TEST_F(KeysAndSettingsApi, ChangingTheSigningAlgorithmIssuesTokensOfThatType) {
    ASSERT_EQ(headerOf(admin, "alg"), QStringLiteral("RS256"));
    const Reply patched =
        server.call("PATCH", kAcme, kSettings, admin,
                    QJsonObject{{QStringLiteral("signing_alg"), QStringLiteral("ES256")}});
    ASSERT_EQ(patched.status, 200) << patched;
    EXPECT_EQ(patched.object().value(QLatin1String("signing_alg")).toString(),
              QStringLiteral("ES256"));

    const QByteArray fresh = server.adminToken(kAcme);
    EXPECT_EQ(headerOf(fresh, "alg"), QStringLiteral("ES256"));
    EXPECT_TRUE(verifiesWithJwks(fresh));
    EXPECT_TRUE(verifiesWithJwks(admin)); // the RS256 key is still published as previous
    EXPECT_EQ(server.call("GET", kAcme, kKeys, admin).status, 200);
    const auto current = server.store().signingKeys().findCurrent(kAcme);
    ASSERT_TRUE(current.ok() && current->has_value());
    EXPECT_EQ((*current)->algorithm, QStringLiteral("ES256"));
}

// The login settings the identity library reads (SessionSettings, AttackProtectionSettings):
// defaults shown while unset, nested objects merged field by field, bad values refused naming the
// field, and nothing written by a refused request.
TEST_F(KeysAndSettingsApi, SessionAndAttackProtectionSettings) {
    const Reply defaults = server.call("GET", kAcme, kSettings, admin);
    ASSERT_EQ(defaults.status, 200) << defaults;
    EXPECT_EQ(defaults.object().value(QLatin1String("session_lifetime")).toInt(), 168);
    EXPECT_EQ(defaults.object().value(QLatin1String("idle_session_lifetime")).toInt(), 72);
    EXPECT_EQ(defaults.object().value(QLatin1String("brute_force_protection")).toObject(),
              (QJsonObject{{QStringLiteral("enabled"), true},
                           {QStringLiteral("max_attempts"), 10},
                           {QStringLiteral("block_minutes"), 60}}));
    EXPECT_EQ(defaults.object().value(QLatin1String("suspicious_ip_throttling")).toObject(),
              (QJsonObject{{QStringLiteral("enabled"), true},
                           {QStringLiteral("max_attempts"), 100},
                           {QStringLiteral("window_minutes"), 60}}));

    const Reply patched =
        server.call("PATCH", kAcme, kSettings, admin,
                    QJsonObject{{QStringLiteral("session_lifetime"), 24},
                                {QStringLiteral("brute_force_protection"),
                                 QJsonObject{{QStringLiteral("max_attempts"), 5}}},
                                {QStringLiteral("suspicious_ip_throttling"),
                                 QJsonObject{{QStringLiteral("enabled"), false}}}});
    ASSERT_EQ(patched.status, 200) << patched;
    // An idle lifetime never set follows a shorter absolute one.
    EXPECT_EQ(patched.object().value(QLatin1String("idle_session_lifetime")).toInt(), 24);
    EXPECT_EQ(patched.object().value(QLatin1String("brute_force_protection")).toObject(),
              (QJsonObject{{QStringLiteral("enabled"), true},
                           {QStringLiteral("max_attempts"), 5},
                           {QStringLiteral("block_minutes"), 60}}));
    EXPECT_FALSE(patched.object()
                     .value(QLatin1String("suspicious_ip_throttling"))
                     .toObject()
                     .value(QLatin1String("enabled"))
                     .toBool(true));
    EXPECT_EQ(server.call("GET", kAcme, kSettings, admin).object(), patched.object());
    const auto stored = server.store().tenants().find(kAcme);
    ASSERT_TRUE(stored.ok() && stored->has_value());
    EXPECT_EQ((*stored)->settings.value(QLatin1String("session_lifetime")).toInt(), 24);
    EXPECT_EQ((*stored)->settings.value(QLatin1String("brute_force_protection")).toObject(),
              (QJsonObject{{QStringLiteral("max_attempts"), 5}}));

    ASSERT_EQ(server
                  .call("PATCH", kAcme, kSettings, admin,
                        QJsonObject{{QStringLiteral("idle_session_lifetime"), 12}})
                  .status,
              200);

    const qint64 before = server.latestChange();
    struct Case {
        QJsonObject body;
        QString field; // the path the message must name
    };
    const QList<Case> cases{
        {{{QStringLiteral("session_lifetime"), 0}}, QStringLiteral("session_lifetime")},
        {{{QStringLiteral("session_lifetime"), -5}}, QStringLiteral("session_lifetime")},
        {{{QStringLiteral("session_lifetime"), 8761}}, QStringLiteral("session_lifetime")},
        {{{QStringLiteral("session_lifetime"), QStringLiteral("168")}},
         QStringLiteral("session_lifetime")},
        {{{QStringLiteral("idle_session_lifetime"), 0.5}}, QStringLiteral("idle_session_lifetime")},
        // Idle longer than absolute, from the body alone or against the stored value.
        {{{QStringLiteral("session_lifetime"), 10}, {QStringLiteral("idle_session_lifetime"), 11}},
         QStringLiteral("idle_session_lifetime")},
        {{{QStringLiteral("idle_session_lifetime"), 25}}, QStringLiteral("idle_session_lifetime")},
        {{{QStringLiteral("session_lifetime"), 11}}, QStringLiteral("session_lifetime")},
        {{{QStringLiteral("brute_force_protection"), true}},
         QStringLiteral("brute_force_protection")},
        {{{QStringLiteral("brute_force_protection"),
           QJsonObject{{QStringLiteral("max_attempts"), 0}}}},
         QStringLiteral("brute_force_protection.max_attempts")},
        {{{QStringLiteral("brute_force_protection"),
           QJsonObject{{QStringLiteral("max_attempts"), 101}}}},
         QStringLiteral("brute_force_protection.max_attempts")},
        {{{QStringLiteral("brute_force_protection"),
           QJsonObject{{QStringLiteral("enabled"), QStringLiteral("yes")}}}},
         QStringLiteral("brute_force_protection.enabled")},
        {{{QStringLiteral("brute_force_protection"),
           QJsonObject{{QStringLiteral("block_minutes"), 1.5}}}},
         QStringLiteral("brute_force_protection.block_minutes")},
        {{{QStringLiteral("brute_force_protection"),
           QJsonObject{{QStringLiteral("window_minutes"), 5}}}},
         QStringLiteral("brute_force_protection.window_minutes")},
        {{{QStringLiteral("suspicious_ip_throttling"),
           QJsonObject{{QStringLiteral("max_attempts"), -1}}}},
         QStringLiteral("suspicious_ip_throttling.max_attempts")},
        {{{QStringLiteral("suspicious_ip_throttling"),
           QJsonObject{{QStringLiteral("window_minutes"), 0}}}},
         QStringLiteral("suspicious_ip_throttling.window_minutes")},
    };
    for (const Case& bad : cases) {
        const Reply refused = server.call("PATCH", kAcme, kSettings, admin, bad.body);
        EXPECT_EQ(refused.status, 400) << refused;
        EXPECT_EQ(refused.error(), QStringLiteral("invalid_body")) << refused;
        EXPECT_TRUE(refused.description().contains(u'\'' + bad.field + u'\'')) << refused;
    }
    EXPECT_EQ(server.latestChange(), before);
    const Reply after = server.call("GET", kAcme, kSettings, admin);
    EXPECT_EQ(after.object().value(QLatin1String("session_lifetime")).toInt(), 24);
    EXPECT_EQ(after.object().value(QLatin1String("idle_session_lifetime")).toInt(), 12);
}

// The login pages' colour in Auth0's shape: set, merged into the stored object (other keys kept),
// cleared with "", and refused naming its path when it is not #rrggbb or names another field.
TEST_F(KeysAndSettingsApi, UniversalLoginPrimaryColour) {
    const auto primaryOf = [](const Reply& reply) {
        return reply.object()
            .value(QLatin1String("universal_login"))
            .toObject()
            .value(QLatin1String("colors"))
            .toObject()
            .value(QLatin1String("primary"));
    };
    const auto colour = [](const QJsonValue& primary) {
        return QJsonObject{{QStringLiteral("universal_login"),
                            QJsonObject{{QStringLiteral("colors"),
                                         QJsonObject{{QStringLiteral("primary"), primary}}}}}};
    };
    const auto storedSettings = [&] {
        const auto stored = server.store().tenants().find(kAcme);
        EXPECT_TRUE(stored.ok() && stored->has_value());
        return stored.ok() && stored->has_value() ? (*stored)->settings : QJsonObject();
    };
    const Reply unset = server.call("GET", kAcme, kSettings, admin);
    ASSERT_EQ(unset.status, 200) << unset;
    EXPECT_EQ(primaryOf(unset), QJsonValue(QString()));

    const Reply set =
        server.call("PATCH", kAcme, kSettings, admin, colour(QStringLiteral("#1A2b3c")));
    ASSERT_EQ(set.status, 200) << set;
    EXPECT_EQ(primaryOf(set), QJsonValue(QStringLiteral("#1A2b3c")));
    EXPECT_EQ(primaryOf(server.call("GET", kAcme, kSettings, admin)),
              QJsonValue(QStringLiteral("#1A2b3c")));

    // Merged: a PATCH of other settings, or of `universal_login` without `colors`, keeps the
    // colour; keys another subsystem keeps beside it survive a change of the colour.
    ASSERT_EQ(server
                  .call("PATCH", kAcme, kSettings, admin,
                        QJsonObject{{QStringLiteral("friendly_name"), QStringLiteral("Acme")},
                                    {QStringLiteral("universal_login"), QJsonObject{}}})
                  .status,
              200);
    EXPECT_EQ(primaryOf(server.call("GET", kAcme, kSettings, admin)),
              QJsonValue(QStringLiteral("#1A2b3c")));
    auto tenant = server.store().tenants().find(kAcme);
    ASSERT_TRUE(tenant.ok() && tenant->has_value());
    store::TenantRecord record = **tenant;
    QJsonObject login = record.settings.value(QLatin1String("universal_login")).toObject();
    login.insert(QStringLiteral("passwordless"), true);
    QJsonObject colors = login.value(QLatin1String("colors")).toObject();
    colors.insert(QStringLiteral("page_background"), QStringLiteral("#ffffff"));
    login.insert(QStringLiteral("colors"), colors);
    record.settings.insert(QStringLiteral("universal_login"), login);
    ASSERT_TRUE(server.store().tenants().update(record).ok());
    ASSERT_EQ(
        server.call("PATCH", kAcme, kSettings, admin, colour(QStringLiteral("#00ff7f"))).status,
        200);
    EXPECT_EQ(storedSettings().value(QLatin1String("universal_login")).toObject(),
              (QJsonObject{
                  {QStringLiteral("passwordless"), true},
                  {QStringLiteral("colors"),
                   QJsonObject{{QStringLiteral("primary"), QStringLiteral("#00ff7f")},
                               {QStringLiteral("page_background"), QStringLiteral("#ffffff")}}}}));

    // Refused, naming the path, with nothing written.
    const qint64 before = server.latestChange();
    struct Case {
        QJsonObject body;
        QString path;
    };
    const QString primary = QStringLiteral("universal_login.colors.primary");
    const QList<Case> cases{
        {colour(QStringLiteral("red")), primary},
        {colour(QStringLiteral("#12345")), primary},
        {colour(QStringLiteral("#1234567")), primary},
        {colour(QStringLiteral("#12345g")), primary},
        {colour(QStringLiteral("123456")), primary},
        {colour(QStringLiteral(" #123456")), primary},
        {colour(QStringLiteral("#123456;}body{")), primary},
        {colour(0x123456), primary},
        {{{QStringLiteral("universal_login"), QStringLiteral("#123456")}},
         QStringLiteral("universal_login")},
        {{{QStringLiteral("universal_login"),
           QJsonObject{{QStringLiteral("colors"), QStringLiteral("#123456")}}}},
         QStringLiteral("universal_login.colors")},
        {{{QStringLiteral("universal_login"),
           QJsonObject{{QStringLiteral("colours"), QJsonObject{}}}}},
         QStringLiteral("universal_login.colours")},
        {{{QStringLiteral("universal_login"),
           QJsonObject{{QStringLiteral("colors"), QJsonObject{{QStringLiteral("page_background"),
                                                               QStringLiteral("#000000")}}}}}},
         QStringLiteral("universal_login.colors.page_background")},
    };
    for (const Case& bad : cases) {
        const Reply refused = server.call("PATCH", kAcme, kSettings, admin, bad.body);
        EXPECT_EQ(refused.status, 400) << refused;
        EXPECT_EQ(refused.error(), QStringLiteral("invalid_body")) << refused;
        EXPECT_TRUE(refused.description().contains(u'\'' + bad.path + u'\'')) << refused;
    }
    EXPECT_EQ(server.latestChange(), before);

    // "" clears the colour and leaves the rest of the object as it was.
    const Reply cleared = server.call("PATCH", kAcme, kSettings, admin, colour(QString()));
    ASSERT_EQ(cleared.status, 200) << cleared;
    EXPECT_EQ(primaryOf(cleared), QJsonValue(QString()));
    EXPECT_EQ(
        storedSettings().value(QLatin1String("universal_login")).toObject(),
        (QJsonObject{{QStringLiteral("passwordless"), true},
                     {QStringLiteral("colors"), QJsonObject{{QStringLiteral("page_background"),
                                                             QStringLiteral("#ffffff")}}}}));
}

// How long a user login's refresh tokens live (oidc::UserGrantSettings reads `refresh_token`):
// defaults shown while unset (the idle one capped by the absolute one), merged field by field,
// leeway 0 allowed, bad values and idle > absolute refused naming the fields, nothing written.
TEST_F(KeysAndSettingsApi, RefreshTokenLifetimes) {
    const auto refreshOf = [](const Reply& reply) {
        return reply.object().value(QLatin1String("refresh_token")).toObject();
    };
    const auto patch = [&](const QJsonObject& refresh) {
        return server.call("PATCH", kAcme, kSettings, admin,
                           QJsonObject{{QStringLiteral("refresh_token"), refresh}});
    };
    const auto stored = [&] {
        const auto tenant = server.store().tenants().find(kAcme);
        EXPECT_TRUE(tenant.ok() && tenant->has_value());
        return tenant.ok() && tenant->has_value()
                   ? (*tenant)->settings.value(QLatin1String("refresh_token")).toObject()
                   : QJsonObject();
    };
    const Reply defaults = server.call("GET", kAcme, kSettings, admin);
    ASSERT_EQ(defaults.status, 200) << defaults;
    EXPECT_EQ(refreshOf(defaults), (QJsonObject{{QStringLiteral("token_lifetime"), 2'592'000},
                                                {QStringLiteral("idle_token_lifetime"), 1'296'000},
                                                {QStringLiteral("leeway"), 0}}));

    // An absolute lifetime below the default idle one: the unset idle one follows it.
    Reply set = patch({{QStringLiteral("token_lifetime"), 3600}});
    ASSERT_EQ(set.status, 200) << set;
    EXPECT_EQ(refreshOf(set), (QJsonObject{{QStringLiteral("token_lifetime"), 3600},
                                           {QStringLiteral("idle_token_lifetime"), 3600},
                                           {QStringLiteral("leeway"), 0}}));
    EXPECT_EQ(stored(), (QJsonObject{{QStringLiteral("token_lifetime"), 3600}}));

    // Merged: setting the others keeps token_lifetime; sending back what GET showed is fine.
    set = patch({{QStringLiteral("idle_token_lifetime"), 1800}, {QStringLiteral("leeway"), 10}});
    ASSERT_EQ(set.status, 200) << set;
    EXPECT_EQ(refreshOf(set), (QJsonObject{{QStringLiteral("token_lifetime"), 3600},
                                           {QStringLiteral("idle_token_lifetime"), 1800},
                                           {QStringLiteral("leeway"), 10}}));
    EXPECT_EQ(refreshOf(server.call("GET", kAcme, kSettings, admin)), refreshOf(set));
    EXPECT_EQ(patch(refreshOf(set)).status, 200);
    set = patch({{QStringLiteral("leeway"), 0}, {QStringLiteral("token_lifetime"), 31'536'000}});
    ASSERT_EQ(set.status, 200) << set;
    EXPECT_EQ(stored(), (QJsonObject{{QStringLiteral("token_lifetime"), 31'536'000},
                                     {QStringLiteral("idle_token_lifetime"), 1800},
                                     {QStringLiteral("leeway"), 0}}));
    ASSERT_EQ(patch({{QStringLiteral("token_lifetime"), 3600}}).status, 200);

    const qint64 before = server.latestChange();
    const QJsonObject storedBefore = stored();
    struct Case {
        QJsonValue refresh;
        QStringList paths; // every path the message must name
    };
    const QString absolute = QStringLiteral("refresh_token.token_lifetime");
    const QString idle = QStringLiteral("refresh_token.idle_token_lifetime");
    const QString leeway = QStringLiteral("refresh_token.leeway");
    const QList<Case> cases{
        {QJsonObject{{QStringLiteral("token_lifetime"), 0}}, {absolute}},
        {QJsonObject{{QStringLiteral("token_lifetime"), -60}}, {absolute}},
        {QJsonObject{{QStringLiteral("token_lifetime"), 31'536'001}}, {absolute}},
        {QJsonObject{{QStringLiteral("token_lifetime"), 3600.5}}, {absolute}},
        {QJsonObject{{QStringLiteral("token_lifetime"), QStringLiteral("3600")}}, {absolute}},
        {QJsonObject{{QStringLiteral("idle_token_lifetime"), 0}}, {idle}},
        {QJsonObject{{QStringLiteral("idle_token_lifetime"), true}}, {idle}},
        {QJsonObject{{QStringLiteral("leeway"), -1}}, {leeway}},
        {QJsonObject{{QStringLiteral("leeway"), 61}}, {leeway}},
        {QJsonObject{{QStringLiteral("leeway"), 0.5}}, {leeway}},
        // Idle longer than absolute: from the body alone, against the stored absolute (3600), or
        // an absolute lowered below the stored idle (1800).
        {QJsonObject{{QStringLiteral("token_lifetime"), 100},
                     {QStringLiteral("idle_token_lifetime"), 101}},
         {idle, absolute}},
        {QJsonObject{{QStringLiteral("idle_token_lifetime"), 3601}}, {idle, absolute}},
        {QJsonObject{{QStringLiteral("token_lifetime"), 1799}}, {absolute, idle}},
        {QJsonObject{{QStringLiteral("reuse_interval"), 5}},
         {QStringLiteral("refresh_token.reuse_interval")}},
        {QStringLiteral("3600"), {QStringLiteral("refresh_token")}},
    };
    for (const Case& bad : cases) {
        const Reply refused =
            server.call("PATCH", kAcme, kSettings, admin,
                        QJsonObject{{QStringLiteral("refresh_token"), bad.refresh}});
        EXPECT_EQ(refused.status, 400) << refused;
        EXPECT_EQ(refused.error(), QStringLiteral("invalid_body")) << refused;
        for (const QString& path : bad.paths)
            EXPECT_TRUE(refused.description().contains(u'\'' + path + u'\'')) << refused;
    }
    EXPECT_EQ(server.latestChange(), before);
    EXPECT_EQ(stored(), storedBefore);
}
