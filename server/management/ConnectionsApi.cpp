#include "management/ConnectionsApi.h"

#include "core/Json.h"
#include "crypto/Sealer.h"
#include "identity/PasswordPolicy.h"
#include "identity/UpstreamOidcConfig.h"
#include "management/ListQuery.h"
#include "management/RequestBody.h"
#include "store/Store.h"

#include <QRandomGenerator>
#include <QUrlQuery>

#include <array>

namespace gatehouse::management {
namespace {

using namespace Qt::StringLiterals;

constexpr QLatin1String kConnection{"connection"};
constexpr QLatin1String kName{"name"};
constexpr QLatin1String kStrategy{"strategy"};
constexpr QLatin1String kOptions{"options"};
constexpr QLatin1String kEnabledClients{"enabled_clients"};
constexpr QLatin1String kClientSecret{"client_secret"};
constexpr QLatin1String kTlsCaFile{"tls_ca_file"};

// Client ids are at most 255 characters (ClientsApi makes 32); Auth0 caps the list at 1000 too.
std::array<Field, 4> connectionFields(Presence presence) {
    return {
        Field{.name = kName, .presence = presence, .maxLength = 128, .nonEmpty = true},
        Field{.name = kStrategy,
              .presence = presence,
              .allowed = store::ConnectionRepository::strategies()},
        Field{.name = kOptions, .type = FieldType::Object},
        Field{.name = kEnabledClients,
              .type = FieldType::StringArray,
              .maxLength = 255,
              .maxItems = 1000},
    };
}

// The PATCH schema: name and strategy are immutable, so they are unknown there.
std::array<Field, 2> patchFields() {
    return {
        Field{.name = kOptions, .type = FieldType::Object},
        Field{.name = kEnabledClients,
              .type = FieldType::StringArray,
              .maxLength = 255,
              .maxItems = 1000},
    };
}

// `con_` and 16 alphanumerics, as the repository makes them; generated here because the sealed
// secret's associated data names the id before the row exists.
QString newConnectionId() {
    static constexpr char kAlphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    QString id = u"con_"_s;
    for (int i = 0; i < 16; ++i)
        id +=
            QLatin1Char(kAlphabet[QRandomGenerator::system()->bounded(int(sizeof kAlphabet) - 1)]);
    return id;
}

Result<void> checkKeys(const QJsonObject& options, const QStringList& known) {
    for (auto it = options.begin(); it != options.end(); ++it) {
        if (it.key() == kTlsCaFile)
            return invalidBody(u"'options.tls_ca_file' names a file on the server: only the "
                               u"operator sets it, not the Management API"_s);
        if (!known.contains(it.key()))
            return invalidBody(u"unknown field 'options.%1'"_s.arg(it.key()));
    }
    return {};
}

Result<void> checkType(const QJsonObject& options, const QString& key,
                       bool (QJsonValue::*is)() const, const QString& expected) {
    const QJsonValue value = options.value(key);
    if (!value.isUndefined() && !(value.*is)())
        return invalidBody(
            u"'options.%1' must be %2, got %3"_s.arg(key, expected, json::typeName(value)));
    return {};
}

// A database connection: Auth0's options that Gatehouse implements, and nothing else.
Result<QJsonObject> databaseOptions(const QJsonObject& options) {
    static const QStringList known{u"requires_username"_s,      u"disable_signup"_s,
                                   u"brute_force_protection"_s, u"password_policy"_s,
                                   u"passwordPolicy"_s,         u"password_complexity_options"_s};
    if (auto keys = checkKeys(options, known); !keys)
        return keys.error();
    for (const QString& flag :
         {u"requires_username"_s, u"disable_signup"_s, u"brute_force_protection"_s}) {
        if (auto typed = checkType(options, flag, &QJsonValue::isBool, u"a boolean"_s); !typed)
            return typed.error();
    }
    if (auto typed = checkType(options, u"password_complexity_options"_s, &QJsonValue::isObject,
                               u"an object"_s);
        !typed)
        return typed.error();
    if (auto policy = identity::PasswordPolicy::fromConnectionOptions(options); !policy)
        return policy.error();
    return options;
}

QJsonObject connectionJson(const store::ConnectionRecord& connection) {
    QJsonObject options = connection.options;
    // Neither is ever shown: the secret is not even stored here, the CA file is the operator's.
    options.remove(kClientSecret);
    options.remove(kTlsCaFile);
    QJsonObject json{
        {u"id"_s, connection.id},
        {kName, connection.name},
        {kStrategy, connection.strategy},
        {kOptions, options},
        {kEnabledClients, QJsonArray::fromStringList(connection.enabledClients)},
        {u"realms"_s, QJsonArray{connection.name}},
        {u"is_domain_connection"_s, false},
    };
    if (const QString display = options.value("display_name"_L1).toString(); !display.isEmpty())
        json.insert(u"display_name"_s, display);
    return json;
}

} // namespace

ConnectionsApi::ConnectionsApi(store::Store& store, const crypto::Sealer& sealer)
    : m_store(store)
    , m_sealer(sealer) {}

QByteArray ConnectionsApi::sealedSecretAssociatedData(const QString& tenant,
                                                      const QString& connectionId) {
    return "connection_secret:" + tenant.toUtf8() + ':' + connectionId.toUtf8();
}

QList<Endpoint> ConnectionsApi::endpoints() {
    using http::Method;
    const QByteArray all = QByteArrayLiteral("/api/v2/connections");
    const QByteArray one = QByteArrayLiteral("/api/v2/connections/{id}");
    return {
        {Method::Get, all, QLatin1String("read:connections"), Access::Read, Reach::EveryTenant,
         [this](const ManagementCall& call) {
             return list(call);
         }},
        {Method::Post, all, QLatin1String("create:connections"), Access::Write, Reach::EveryTenant,
         [this](const ManagementCall& call) {
             return create(call);
         }},
        {Method::Get, one, QLatin1String("read:connections"), Access::Read, Reach::EveryTenant,
         [this](const ManagementCall& call) {
             return get(call);
         }},
        {Method::Patch, one, QLatin1String("update:connections"), Access::Write, Reach::EveryTenant,
         [this](const ManagementCall& call) {
             return update(call);
         }},
        {Method::Delete, one, QLatin1String("delete:connections"), Access::Write,
         Reach::EveryTenant,
         [this](const ManagementCall& call) {
             return remove(call);
         }},
    };
}

Result<void> ConnectionsApi::applyOptions(const QJsonObject& options,
                                          store::ConnectionRecord& connection) const {
    if (connection.strategy != "oidc"_L1) {
        auto checked = databaseOptions(options);
        if (!checked)
            return checked.error();
        connection.options = *checked;
        connection.sealedSecret.clear();
        return {};
    }
    static const QStringList known{u"issuer"_s, u"client_id"_s,    u"client_secret"_s, u"scopes"_s,
                                   u"scope"_s,  u"display_name"_s, u"discovery_url"_s};
    if (auto keys = checkKeys(options, known); !keys)
        return keys;
    if (auto typed = checkType(options, kClientSecret, &QJsonValue::isString, u"a string"_s);
        !typed)
        return typed;
    QJsonObject stored = options;
    stored.remove(kClientSecret);
    if (connection.options.contains(kTlsCaFile))
        stored.insert(kTlsCaFile, connection.options.value(kTlsCaFile));
    const QString secret = options.value(kClientSecret).toString();
    if (auto config = identity::UpstreamOidcConfig::fromOptions(stored, secret); !config)
        return config.error();
    connection.options = stored;
    if (options.contains(kClientSecret)) {
        connection.sealedSecret =
            secret.isEmpty()
                ? QByteArray()
                : m_sealer.seal(secret.toUtf8(),
                                sealedSecretAssociatedData(connection.tenant, connection.id));
    }
    return {};
}

Result<void> ConnectionsApi::checkEnabledClients(const store::ConnectionRecord& connection) const {
    for (qsizetype i = 0; i < connection.enabledClients.size(); ++i) {
        auto client = m_store.clients().find(connection.tenant, connection.enabledClients[i]);
        if (!client)
            return client.error();
        if (!*client)
            return invalidBody(
                u"'enabled_clients[%1]': no client with id '%2' in this tenant"_s.arg(i).arg(
                    connection.enabledClients[i]));
    }
    return {};
}

Result<http::HttpResponse> ConnectionsApi::list(const ManagementCall& call) const {
    auto query = ListQuery::parse(QUrlQuery(QString::fromUtf8(call.request.query())),
                                  {kStrategy, kName}, {"name"_L1, "strategy"_L1});
    if (!query)
        return query.error();
    auto connections = m_store.connections().list(call.tenantId());
    if (!connections)
        return connections.error();
    const QString strategy = query->filter(kStrategy);
    const QString name = query->filter(kName);
    QJsonArray items;
    for (const store::ConnectionRecord& connection : *connections) {
        if ((strategy.isNull() || connection.strategy == strategy) &&
            (name.isNull() || connection.name == name))
            items.append(connectionJson(connection));
    }
    return jsonResponse(query->respond(items, "connections"_L1));
}

Result<http::HttpResponse> ConnectionsApi::get(const ManagementCall& call) const {
    const QString id = call.pathParam(u"id");
    auto connection =
        requireFound(m_store.connections().find(call.tenantId(), id), kConnection, id);
    if (!connection)
        return connection.error();
    return jsonResponse(200, connectionJson(*connection));
}

Result<http::HttpResponse> ConnectionsApi::create(const ManagementCall& call) {
    const auto fields = connectionFields(Presence::Required);
    auto body =
        RequestBody::parse(call.request.header("Content-Type"), call.request.body(), fields);
    if (!body)
        return body.error();
    store::ConnectionRecord connection;
    connection.tenant = call.tenantId();
    connection.id = newConnectionId();
    connection.name = body->string(kName);
    connection.strategy = body->string(kStrategy);
    connection.enabledClients = body->strings(kEnabledClients);
    if (auto applied = applyOptions(body->object(kOptions), connection); !applied)
        return applied.error();
    auto created = m_store.database().transaction<store::ConnectionRecord>(
        [&]() -> Result<store::ConnectionRecord> {
            if (auto clients = checkEnabledClients(connection); !clients)
                return clients.error();
            return m_store.connections().create(connection);
        });
    if (!created)
        return duplicateField(created.error(), kName);
    return jsonResponse(201, connectionJson(*created));
}

Result<http::HttpResponse> ConnectionsApi::update(const ManagementCall& call) {
    const auto fields = patchFields();
    auto body =
        RequestBody::parse(call.request.header("Content-Type"), call.request.body(), fields);
    if (!body)
        return body.error();
    const QString id = call.pathParam(u"id");
    auto updated = m_store.database().transaction<store::ConnectionRecord>(
        [&]() -> Result<store::ConnectionRecord> {
            auto connection =
                requireFound(m_store.connections().find(call.tenantId(), id), kConnection, id);
            if (!connection)
                return connection;
            if (body->has(kOptions)) {
                if (auto applied = applyOptions(body->object(kOptions), *connection); !applied)
                    return applied.error();
            }
            if (body->has(kEnabledClients)) {
                connection->enabledClients = body->strings(kEnabledClients);
                if (auto clients = checkEnabledClients(*connection); !clients)
                    return clients.error();
            }
            return m_store.connections().update(*connection);
        });
    if (!updated)
        return updated.error();
    return jsonResponse(200, connectionJson(*updated));
}

Result<http::HttpResponse> ConnectionsApi::remove(const ManagementCall& call) {
    const QString id = call.pathParam(u"id");
    // The repository takes the connection's users with it (and, through the foreign keys, their
    // identities, sessions, grants and counters), as Auth0 does.
    auto removed = m_store.transaction([&]() -> Result<void> {
        auto connection =
            requireFound(m_store.connections().find(call.tenantId(), id), kConnection, id);
        if (!connection)
            return connection.error();
        return m_store.connections().remove(call.tenantId(), id);
    });
    if (!removed)
        return removed.error();
    return noContent();
}

} // namespace gatehouse::management
