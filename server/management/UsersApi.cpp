#include "management/UsersApi.h"

#include "identity/PasswordPolicy.h"
#include "identity/UserQuery.h"
#include "identity/UserQuerySql.h"
#include "management/ListQuery.h"
#include "management/RequestBody.h"
#include "management/UserShape.h"
#include "store/Store.h"

#include <QJsonDocument>
#include <QUrl>
#include <QUrlQuery>

#include <array>

namespace gatehouse::management {
namespace {

using namespace Qt::StringLiterals;

constexpr QLatin1String kUser{"user"};
constexpr QLatin1String kConnection{"connection"};
constexpr QLatin1String kEmail{"email"};
constexpr QLatin1String kUsername{"username"};
constexpr QLatin1String kPassword{"password"};
constexpr QLatin1String kEmailVerified{"email_verified"};
constexpr QLatin1String kBlocked{"blocked"};
constexpr QLatin1String kName{"name"};
constexpr QLatin1String kGivenName{"given_name"};
constexpr QLatin1String kFamilyName{"family_name"};
constexpr QLatin1String kNickname{"nickname"};
constexpr QLatin1String kPicture{"picture"};
constexpr QLatin1String kAppMetadata{"app_metadata"};
constexpr QLatin1String kUserMetadata{"user_metadata"};

// Auth0's limit for each metadata object, as compact JSON.
constexpr qsizetype kMaxMetadataBytes = 16 * 1024;

// Auth0's limits (name and nickname 300, given and family name 150). The password has no schema
// limit: PasswordPolicy::check answers password_too_long with its own code.
std::array<Field, 13> userFields(Presence connection) {
    return {
        Field{.name = kConnection, .presence = connection, .maxLength = 128, .nonEmpty = true},
        Field{.name = kEmail, .maxLength = 254},
        Field{.name = kUsername, .maxLength = 128},
        Field{.name = kPassword},
        Field{.name = kEmailVerified, .type = FieldType::Boolean},
        Field{.name = kBlocked, .type = FieldType::Boolean},
        Field{.name = kName, .maxLength = 300},
        Field{.name = kGivenName, .maxLength = 150},
        Field{.name = kFamilyName, .maxLength = 150},
        Field{.name = kNickname, .maxLength = 300},
        Field{.name = kPicture, .maxLength = 2000},
        Field{.name = kAppMetadata, .type = FieldType::Object},
        Field{.name = kUserMetadata, .type = FieldType::Object},
    };
}

bool requiresUsername(const store::ConnectionRecord& connection) {
    return connection.options.value("requires_username"_L1).toBool();
}

// Everything but the connection and the password, which have rules of their own.
Result<void> applyProfile(const RequestBody& body, store::UserRecord& user) {
    for (const QLatin1String metadata : {kAppMetadata, kUserMetadata}) {
        if (body.has(metadata) &&
            QJsonDocument(body.object(metadata)).toJson(QJsonDocument::Compact).size() >
                kMaxMetadataBytes)
            return invalidBody(
                u"'%1' must be at most %2 bytes of JSON"_s.arg(metadata).arg(kMaxMetadataBytes));
    }
    if (body.has(kPicture)) {
        const QUrl picture(body.string(kPicture), QUrl::StrictMode);
        if (!body.string(kPicture).isEmpty() &&
            (!picture.isValid() || picture.host().isEmpty() ||
             (picture.scheme() != "https"_L1 && picture.scheme() != "http"_L1)))
            return invalidBody(u"'picture' must be an http or https URL"_s);
        user.picture = body.string(kPicture);
    }
    if (body.has(kEmail))
        user.email = body.string(kEmail).trimmed().toLower();
    if (body.has(kUsername))
        user.username = body.string(kUsername).trimmed().toLower();
    if (body.has(kEmailVerified))
        user.emailVerified = body.boolean(kEmailVerified);
    if (body.has(kBlocked))
        user.blocked = body.boolean(kBlocked);
    if (body.has(kName))
        user.name = body.string(kName);
    if (body.has(kGivenName))
        user.givenName = body.string(kGivenName);
    if (body.has(kFamilyName))
        user.familyName = body.string(kFamilyName);
    if (body.has(kNickname))
        user.nickname = body.string(kNickname);
    if (body.has(kAppMetadata))
        user.appMetadata = body.object(kAppMetadata);
    if (body.has(kUserMetadata))
        user.userMetadata = body.object(kUserMetadata);
    return {};
}

// A database user's identifiers: an e-mail address always, a username exactly when the
// connection asks for one.
Result<void> checkIdentifiers(const store::UserRecord& user,
                              const store::ConnectionRecord& connection) {
    if (user.email.isEmpty())
        return invalidBody(
            u"'email' is required for users of database connection '%1'"_s.arg(connection.name));
    if (requiresUsername(connection) && user.username.isEmpty())
        return invalidBody(
            u"'username' is required: connection '%1' requires a username"_s.arg(connection.name));
    if (!requiresUsername(connection) && !user.username.isEmpty())
        return invalidBody(
            u"'username' cannot be set: connection '%1' does not use usernames"_s.arg(
                connection.name));
    return {};
}

identity::SqlDialect dialectOf(const store::Store& store) {
    return store.database().engine() == store::Engine::Postgres ? identity::SqlDialect::Postgres
                                                                : identity::SqlDialect::Sqlite;
}

// Query strings arrive form-encoded from many clients: a '+' is a space (a literal plus is
// %2B), which QUrlQuery alone does not decode.
QUrlQuery queryOf(const ManagementCall& call) {
    return QUrlQuery(QString::fromUtf8(call.request.query()).replace(u'+', "%20"_L1));
}

struct Sort {
    QString column;
    bool ascending = true;
};

// Auth0's `sort`: `<field>:1` (ascending) or `<field>:-1`.
Result<Sort> parseSort(const QString& text) {
    if (text.isNull())
        return Sort{u"email"_s, true};
    const QStringList parts = text.split(u':');
    if (parts.size() != 2 || (parts[1] != "1"_L1 && parts[1] != "-1"_L1))
        return invalidQueryString(u"'sort' must be <field>:1 or <field>:-1, got '%1'"_s.arg(text));
    if (!store::UserRepository::sortColumns().contains(parts[0]))
        return invalidQueryString(u"'sort': users cannot be sorted by '%1' (one of %2)"_s.arg(
            parts[0], store::UserRepository::sortColumns().join(", "_L1)));
    return Sort{parts[0], parts[1] == "1"_L1};
}

} // namespace

UsersApi::UsersApi(store::Store& store, crypto::PasswordCost passwordCost)
    : m_store(store)
    , m_hasher(passwordCost) {}

QList<Endpoint> UsersApi::endpoints() {
    using http::Method;
    const QByteArray all = QByteArrayLiteral("/api/v2/users");
    const QByteArray one = QByteArrayLiteral("/api/v2/users/{id}");
    return {
        {Method::Get, all, QLatin1String("read:users"), Access::Read, Reach::EveryTenant,
         [this](const ManagementCall& call) {
             return list(call);
         }},
        {Method::Post, all, QLatin1String("create:users"), Access::Write, Reach::EveryTenant,
         [this](const ManagementCall& call) {
             return create(call);
         }},
        {Method::Get, one, QLatin1String("read:users"), Access::Read, Reach::EveryTenant,
         [this](const ManagementCall& call) {
             return get(call);
         }},
        {Method::Patch, one, QLatin1String("update:users"), Access::Write, Reach::EveryTenant,
         [this](const ManagementCall& call) {
             return update(call);
         }},
        {Method::Delete, one, QLatin1String("delete:users"), Access::Write, Reach::EveryTenant,
         [this](const ManagementCall& call) {
             return remove(call);
         }},
        {Method::Get, QByteArrayLiteral("/api/v2/users-by-email"), QLatin1String("read:users"),
         Access::Read, Reach::EveryTenant,
         [this](const ManagementCall& call) {
             return byEmail(call);
         }},
    };
}

Result<http::HttpResponse> UsersApi::list(const ManagementCall& call) const {
    auto query = ListQuery::parse(
        queryOf(call), {"q"_L1, "sort"_L1, "fields"_L1, "include_fields"_L1, "search_engine"_L1});
    if (!query)
        return query.error();
    // Auth0 clients send search_engine=v3; it is the only engine there is.
    if (const QString engine = query->filter("search_engine"_L1);
        !engine.isNull() && engine != "v3"_L1)
        return invalidQueryString(u"'search_engine' must be v3, got '%1'"_s.arg(engine));
    auto selection =
        UserFieldSelection::parse(query->filter("fields"_L1), query->filter("include_fields"_L1));
    if (!selection)
        return selection.error();
    auto sort = parseSort(query->filter("sort"_L1));
    if (!sort)
        return sort.error();
    identity::UserQuerySql where;
    if (const QString q = query->filter("q"_L1); !q.trimmed().isEmpty()) {
        auto parsed = identity::UserQuery::parse(q);
        if (!parsed)
            return parsed.error();
        where = identity::toSql(*parsed, dialectOf(m_store));
    }
    const int offset = query->page() * query->perPage();
    auto users = m_store.users().search(call.tenantId(), where.where, where.bindings, sort->column,
                                        sort->ascending, offset, query->perPage());
    if (!users)
        return users.error();
    QJsonArray items;
    for (const store::UserRecord& user : *users)
        items.append(selection->apply(userJson(user)));
    if (!query->includeTotals())
        return jsonResponse(QJsonDocument(items));
    auto total = m_store.users().countMatching(call.tenantId(), where.where, where.bindings);
    if (!total)
        return total.error();
    return jsonResponse(QJsonDocument(QJsonObject{
        {u"users"_s, items},
        {u"start"_s, double(offset)},
        {u"limit"_s, query->perPage()},
        {u"length"_s, items.size()},
        {u"total"_s, double(*total)},
    }));
}

Result<http::HttpResponse> UsersApi::get(const ManagementCall& call) const {
    auto parameters = parseQueryParameters(queryOf(call), {"fields"_L1, "include_fields"_L1});
    if (!parameters)
        return parameters.error();
    auto selection = UserFieldSelection::parse(*parameters);
    if (!selection)
        return selection.error();
    const QString id = call.pathParam(u"id");
    auto user = requireFound(m_store.users().find(call.tenantId(), id), kUser, id);
    if (!user)
        return user.error();
    return jsonResponse(200, selection->apply(userJson(*user)));
}

Result<http::HttpResponse> UsersApi::byEmail(const ManagementCall& call) const {
    auto parameters =
        parseQueryParameters(queryOf(call), {"email"_L1, "fields"_L1, "include_fields"_L1});
    if (!parameters)
        return parameters.error();
    const auto email = parameters->find(u"email"_s);
    if (email == parameters->end() || email->second.trimmed().isEmpty())
        return invalidQueryString(u"'email' is required"_s);
    auto selection = UserFieldSelection::parse(*parameters);
    if (!selection)
        return selection.error();
    auto users = m_store.users().listByEmail(call.tenantId(), email->second);
    if (!users)
        return users.error();
    QJsonArray items;
    for (const store::UserRecord& user : *users)
        items.append(selection->apply(userJson(user)));
    return jsonResponse(QJsonDocument(items));
}

Result<std::optional<store::ConnectionRecord>>
UsersApi::databaseConnection(const QString& tenant, const QString& name) const {
    auto connection = m_store.connections().findByName(tenant, name);
    if (!connection || !*connection || (*connection)->strategy == "auth0"_L1)
        return connection;
    return std::optional<store::ConnectionRecord>();
}

Result<QByteArray> UsersApi::hashPassword(const QString& password,
                                          const store::ConnectionRecord& connection,
                                          const store::UserRecord& user) const {
    auto policy = identity::PasswordPolicy::fromConnectionOptions(connection.options);
    if (!policy)
        return policy.error();
    if (auto accepted = policy->check(password, {user.email, user.username}); !accepted)
        return accepted.error();
    return m_hasher.hash(identity::PasswordPolicy::normalize(password).toUtf8());
}

Result<void> UsersApi::checkUnique(const store::UserRecord& user) const {
    const auto taken = [&](const Result<std::optional<store::UserRecord>>& other,
                           QLatin1String field, const QString& value) -> Result<void> {
        if (!other)
            return other.error();
        if (*other && (*other)->userId != user.userId)
            return Error::conflict(u"duplicate '%1': a user with %1 '%2' already exists in "
                                   u"connection '%3'"_s.arg(field, value, user.connection));
        return {};
    };
    if (auto email = taken(m_store.users().findByEmail(user.tenant, user.connection, user.email),
                           kEmail, user.email);
        !email)
        return email;
    return taken(m_store.users().findByUsername(user.tenant, user.connection, user.username),
                 kUsername, user.username);
}

Result<http::HttpResponse> UsersApi::create(const ManagementCall& call) {
    const auto fields = userFields(Presence::Required);
    auto body =
        RequestBody::parse(call.request.header("Content-Type"), call.request.body(), fields);
    if (!body)
        return body.error();
    auto connection = databaseConnection(call.tenantId(), body->string(kConnection));
    if (!connection)
        return connection.error();
    if (!*connection)
        return invalidBody(u"'connection': no database connection named '%1' in this tenant"_s.arg(
            body->string(kConnection)));
    if (!body->has(kPassword))
        return invalidBody(u"'password' is required"_s);
    store::UserRecord user;
    user.tenant = call.tenantId();
    user.connection = (*connection)->name;
    if (auto applied = applyProfile(*body, user); !applied)
        return applied.error();
    if (auto identifiers = checkIdentifiers(user, **connection); !identifiers)
        return identifiers.error();
    // Auth0's defaults for a new database user.
    if (user.name.isEmpty())
        user.name = user.email;
    if (user.nickname.isEmpty())
        user.nickname = user.email.section(u'@', 0, 0);
    auto hash = hashPassword(body->string(kPassword), **connection, user);
    if (!hash)
        return hash.error();
    user.passwordHash = *hash;
    // The uniqueness checks name the field; the constraints stay the last word under races.
    auto created =
        m_store.database().transaction<store::UserRecord>([&]() -> Result<store::UserRecord> {
            if (auto unique = checkUnique(user); !unique)
                return unique.error();
            return m_store.users().create(user);
        });
    if (!created)
        return created.error();
    return jsonResponse(201, userJson(*created));
}

Result<http::HttpResponse> UsersApi::update(const ManagementCall& call) {
    const auto fields = userFields(Presence::Optional);
    auto body =
        RequestBody::parse(call.request.header("Content-Type"), call.request.body(), fields);
    if (!body)
        return body.error();
    const QString id = call.pathParam(u"id");
    auto current = requireFound(m_store.users().find(call.tenantId(), id), kUser, id);
    if (!current)
        return current.error();
    if (body->has(kConnection) && body->string(kConnection) != current->connection)
        return invalidBody(
            u"'connection' cannot be changed (the user is in '%1')"_s.arg(current->connection));
    auto connection = databaseConnection(call.tenantId(), current->connection);
    if (!connection)
        return connection.error();
    if (!*connection && (body->has(kPassword) || body->has(kUsername)))
        return invalidBody(u"'%1' cannot be set: '%2' is not a database connection"_s.arg(
            body->has(kPassword) ? kPassword : kUsername, current->connection));
    // Validated and hashed before the transaction (hashing takes a while); the transaction
    // applies the body again to the row as it is then, so that concurrent edits of other
    // fields are not overwritten with what was read here.
    store::UserRecord preview = *current;
    if (auto applied = applyProfile(*body, preview); !applied)
        return applied.error();
    if (*connection && (body->has(kEmail) || body->has(kUsername))) {
        if (auto identifiers = checkIdentifiers(preview, **connection); !identifiers)
            return identifiers.error();
    }
    QByteArray hash;
    if (body->has(kPassword)) {
        auto hashed = hashPassword(body->string(kPassword), **connection, preview);
        if (!hashed)
            return hashed.error();
        hash = *hashed;
    }
    auto updated =
        m_store.database().transaction<store::UserRecord>([&]() -> Result<store::UserRecord> {
            auto user = requireFound(m_store.users().find(call.tenantId(), id), kUser, id);
            if (!user)
                return user;
            if (auto applied = applyProfile(*body, *user); !applied)
                return applied.error();
            if (!hash.isEmpty())
                user->passwordHash = hash;
            if (auto unique = checkUnique(*user); !unique)
                return unique.error();
            return m_store.users().update(*user);
        });
    if (!updated)
        return updated.error();
    return jsonResponse(200, userJson(*updated));
}

Result<http::HttpResponse> UsersApi::remove(const ManagementCall& call) {
    const QString id = call.pathParam(u"id");
    // One transaction: the lookup (another tenant's id is a 404), the revocation of everything
    // issued to the user, and the delete (which takes identities, codes and counters with it).
    auto removed = m_store.transaction([&]() -> Result<void> {
        auto user = requireFound(m_store.users().find(call.tenantId(), id), kUser, id);
        if (!user)
            return user.error();
        // The role goes with the user: the instance must keep an owner (docs/administrators.md).
        if (call.route.tenant->isSystem()) {
            const Result<bool> last = m_store.administrators().isLastOwner(id);
            if (!last)
                return last.error();
            if (*last)
                return Error::conflict(
                    u"'%1' is the last owner; make another owner first"_s.arg(id));
        }
        if (auto revoked = m_store.grants().revokeForUser(call.tenantId(), id, u"user_deleted"_s);
            !revoked)
            return revoked.error();
        if (auto ended = m_store.loginSessions().removeForUser(call.tenantId(), id); !ended)
            return ended.error();
        return m_store.users().remove(call.tenantId(), id);
    });
    if (!removed)
        return removed.error();
    return noContent();
}

} // namespace gatehouse::management
