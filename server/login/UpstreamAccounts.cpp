#include "login/UpstreamAccounts.h"

#include <QJsonObject>
#include <functional>

namespace gatehouse::login {

namespace {

using namespace Qt::StringLiterals;

// The identity's claims without those about the token or this login (OIDC Core §2, §3.1.3.6),
// which change every time and would make every login a profile write.
QJsonObject profileOf(const identity::UpstreamIdentity& identity) {
    QJsonObject profile = identity.claims;
    for (const char* claim : {"iss", "aud", "azp", "exp", "iat", "nbf", "nonce", "at_hash",
                              "c_hash", "auth_time", "sid", "jti", "acr", "amr"})
        profile.remove(QLatin1String(claim));
    return profile;
}

// The user's profile as the provider now says it is; true when anything changed.
bool applyProfile(store::UserRecord& user, const identity::UpstreamIdentity& identity) {
    const store::UserRecord before = user;
    user.email = identity.email.toLower();
    user.emailVerified = !identity.email.isEmpty() && identity.emailVerified;
    user.name = identity.name;
    user.givenName = identity.givenName;
    user.familyName = identity.familyName;
    user.nickname = identity.nickname;
    user.picture = identity.picture;
    return !(user == before);
}

Result<store::UserRecord> createLinked(store::Store& store, store::UserRecord user,
                                       const identity::UpstreamIdentity& identity) {
    const std::function<Result<store::UserRecord>()> work = [&]() -> Result<store::UserRecord> {
        Result<store::UserRecord> created = store.users().create(user);
        if (!created)
            return created.error();
        store::IdentityRecord link;
        link.tenant = user.tenant;
        link.connection = user.connection;
        link.providerUserId = identity.subject;
        link.userId = created->userId;
        link.profile = profileOf(identity);
        Result<store::IdentityRecord> linked = store.identities().link(std::move(link));
        if (!linked)
            return linked.error();
        return created;
    };
    return store.database().transaction<store::UserRecord>(work);
}

Result<store::UserRecord> linkedUser(store::Store& store, const store::IdentityRecord& link,
                                     const identity::UpstreamIdentity& identity) {
    Result<std::optional<store::UserRecord>> found = store.users().find(link.tenant, link.userId);
    if (!found)
        return found.error();
    if (!*found)
        return Error::internal(u"the identity's user is missing"_s);
    if (const QJsonObject profile = profileOf(identity); link.profile != profile) {
        if (auto updated = store.identities().updateProfile(link.tenant, link.connection,
                                                            link.providerUserId, profile);
            !updated)
            return updated.error();
    }
    store::UserRecord user = **found;
    if (!applyProfile(user, identity))
        return user;
    Result<store::UserRecord> updated = store.users().update(user);
    if (updated || updated.error().code != "conflict")
        return updated;
    // The new address belongs to another user of the connection (the provider gave it to
    // another account): keep the old one rather than refuse the login.
    user.email = (*found)->email;
    user.emailVerified = (*found)->emailVerified;
    return store.users().update(user);
}

} // namespace

QString UpstreamAccounts::userIdFor(const QString& connection, const QString& subject) {
    return u"oidc|"_s + connection + u'|' + subject;
}

Result<store::UserRecord> UpstreamAccounts::userFor(store::Store& store, const QString& tenant,
                                                    const QString& connection,
                                                    const identity::UpstreamIdentity& identity) {
    if (identity.subject.isEmpty())
        return Error::internal(u"the upstream identity has no subject"_s);
    Result<std::optional<store::IdentityRecord>> link =
        store.identities().find(tenant, connection, identity.subject);
    if (!link)
        return link.error();
    if (*link)
        return linkedUser(store, **link, identity);

    store::UserRecord user;
    user.tenant = tenant;
    user.userId = userIdFor(connection, identity.subject);
    user.connection = connection;
    applyProfile(user, identity);
    Result<store::UserRecord> created = createLinked(store, user, identity);
    if (created || created.error().code != "conflict")
        return created;
    // A concurrent first login of the same identity won the race: use what it made.
    if (Result<std::optional<store::IdentityRecord>> again =
            store.identities().find(tenant, connection, identity.subject);
        again && *again)
        return linkedUser(store, **again, identity);
    // The address is taken by another user of the connection: the user starts without one (the
    // identity's claims keep it) rather than not at all.
    user.email.clear();
    user.emailVerified = false;
    return createLinked(store, user, identity);
}

} // namespace gatehouse::login
