#include "store/Records.h"

namespace gatehouse::store {
namespace {

constexpr auto kBase64 = QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals;

QJsonValue timeToJson(const QDateTime& time) {
    return time.isValid() ? QJsonValue(time.toUTC().toString(Qt::ISODateWithMs)) : QJsonValue();
}

QDateTime timeFromJson(const QJsonValue& value) {
    return value.isString() ? QDateTime::fromString(value.toString(), Qt::ISODateWithMs).toUTC()
                            : QDateTime();
}

QJsonValue bytesToJson(const QByteArray& bytes) {
    return bytes.isEmpty() ? QJsonValue()
                           : QJsonValue(QString::fromLatin1(bytes.toBase64(kBase64)));
}

QByteArray bytesFromJson(const QJsonValue& value) {
    return QByteArray::fromBase64(value.toString().toLatin1(), kBase64);
}

QStringList stringsFromJson(const QJsonValue& value) {
    QStringList strings;
    for (const QJsonValue& item : value.toArray())
        strings << item.toString();
    return strings;
}

} // namespace

QString toString(KeyStatus status) {
    switch (status) {
    case KeyStatus::Next:
        return QStringLiteral("next");
    case KeyStatus::Current:
        return QStringLiteral("current");
    case KeyStatus::Previous:
        return QStringLiteral("previous");
    case KeyStatus::Revoked:
        return QStringLiteral("revoked");
    }
    return {};
}

std::optional<KeyStatus> keyStatusFromString(const QString& text) {
    for (const KeyStatus status :
         {KeyStatus::Next, KeyStatus::Current, KeyStatus::Previous, KeyStatus::Revoked}) {
        if (toString(status) == text)
            return status;
    }
    return std::nullopt;
}

QJsonObject TenantRecord::toJson() const {
    return {{QStringLiteral("id"), id},
            {QStringLiteral("displayName"), displayName},
            {QStringLiteral("domain"), domain},
            {QStringLiteral("signingAlgorithm"), signingAlgorithm},
            {QStringLiteral("settings"), settings},
            {QStringLiteral("createdAt"), timeToJson(createdAt)},
            {QStringLiteral("updatedAt"), timeToJson(updatedAt)}};
}

TenantRecord TenantRecord::fromJson(const QJsonObject& json) {
    TenantRecord tenant;
    tenant.id = json.value(QStringLiteral("id")).toString();
    tenant.displayName = json.value(QStringLiteral("displayName")).toString();
    tenant.domain = json.value(QStringLiteral("domain")).toString();
    tenant.signingAlgorithm = json.value(QStringLiteral("signingAlgorithm")).toString();
    tenant.settings = json.value(QStringLiteral("settings")).toObject();
    tenant.createdAt = timeFromJson(json.value(QStringLiteral("createdAt")));
    tenant.updatedAt = timeFromJson(json.value(QStringLiteral("updatedAt")));
    return tenant;
}

QJsonObject ClientRecord::toJson() const {
    return {{QStringLiteral("tenant"), tenant},
            {QStringLiteral("clientId"), clientId},
            {QStringLiteral("name"), name},
            {QStringLiteral("description"), description},
            {QStringLiteral("appType"), appType},
            {QStringLiteral("secretHash"), bytesToJson(secretHash)},
            {QStringLiteral("grantTypes"), QJsonArray::fromStringList(grantTypes)},
            {QStringLiteral("callbacks"), QJsonArray::fromStringList(callbacks)},
            {QStringLiteral("allowedLogoutUrls"), QJsonArray::fromStringList(allowedLogoutUrls)},
            {QStringLiteral("webOrigins"), QJsonArray::fromStringList(webOrigins)},
            {QStringLiteral("isFirstParty"), isFirstParty},
            {QStringLiteral("metadata"), metadata},
            {QStringLiteral("createdAt"), timeToJson(createdAt)},
            {QStringLiteral("updatedAt"), timeToJson(updatedAt)}};
}

ClientRecord ClientRecord::fromJson(const QJsonObject& json) {
    ClientRecord client;
    client.tenant = json.value(QStringLiteral("tenant")).toString();
    client.clientId = json.value(QStringLiteral("clientId")).toString();
    client.name = json.value(QStringLiteral("name")).toString();
    client.description = json.value(QStringLiteral("description")).toString();
    client.appType = json.value(QStringLiteral("appType")).toString();
    client.secretHash = bytesFromJson(json.value(QStringLiteral("secretHash")));
    client.grantTypes = stringsFromJson(json.value(QStringLiteral("grantTypes")));
    client.callbacks = stringsFromJson(json.value(QStringLiteral("callbacks")));
    client.allowedLogoutUrls = stringsFromJson(json.value(QStringLiteral("allowedLogoutUrls")));
    client.webOrigins = stringsFromJson(json.value(QStringLiteral("webOrigins")));
    client.isFirstParty = json.value(QStringLiteral("isFirstParty")).toBool(true);
    client.metadata = json.value(QStringLiteral("metadata")).toObject();
    client.createdAt = timeFromJson(json.value(QStringLiteral("createdAt")));
    client.updatedAt = timeFromJson(json.value(QStringLiteral("updatedAt")));
    return client;
}

QJsonObject ResourceServerRecord::toJson() const {
    return {{QStringLiteral("tenant"), tenant},
            {QStringLiteral("id"), id},
            {QStringLiteral("name"), name},
            {QStringLiteral("identifier"), identifier},
            {QStringLiteral("scopes"), scopes},
            {QStringLiteral("tokenLifetimeSeconds"), tokenLifetimeSeconds},
            {QStringLiteral("signingAlgorithm"), signingAlgorithm},
            {QStringLiteral("isSystem"), isSystem},
            {QStringLiteral("createdAt"), timeToJson(createdAt)},
            {QStringLiteral("updatedAt"), timeToJson(updatedAt)}};
}

ResourceServerRecord ResourceServerRecord::fromJson(const QJsonObject& json) {
    ResourceServerRecord server;
    server.tenant = json.value(QStringLiteral("tenant")).toString();
    server.id = json.value(QStringLiteral("id")).toString();
    server.name = json.value(QStringLiteral("name")).toString();
    server.identifier = json.value(QStringLiteral("identifier")).toString();
    server.scopes = json.value(QStringLiteral("scopes")).toArray();
    server.tokenLifetimeSeconds = json.value(QStringLiteral("tokenLifetimeSeconds")).toInt(86400);
    server.signingAlgorithm = json.value(QStringLiteral("signingAlgorithm")).toString();
    server.isSystem = json.value(QStringLiteral("isSystem")).toBool();
    server.createdAt = timeFromJson(json.value(QStringLiteral("createdAt")));
    server.updatedAt = timeFromJson(json.value(QStringLiteral("updatedAt")));
    return server;
}

QJsonObject ClientGrantRecord::toJson() const {
    return {{QStringLiteral("tenant"), tenant},
            {QStringLiteral("id"), id},
            {QStringLiteral("clientId"), clientId},
            {QStringLiteral("audience"), audience},
            {QStringLiteral("scope"), QJsonArray::fromStringList(scope)},
            {QStringLiteral("createdAt"), timeToJson(createdAt)},
            {QStringLiteral("updatedAt"), timeToJson(updatedAt)}};
}

ClientGrantRecord ClientGrantRecord::fromJson(const QJsonObject& json) {
    ClientGrantRecord grant;
    grant.tenant = json.value(QStringLiteral("tenant")).toString();
    grant.id = json.value(QStringLiteral("id")).toString();
    grant.clientId = json.value(QStringLiteral("clientId")).toString();
    grant.audience = json.value(QStringLiteral("audience")).toString();
    grant.scope = stringsFromJson(json.value(QStringLiteral("scope")));
    grant.createdAt = timeFromJson(json.value(QStringLiteral("createdAt")));
    grant.updatedAt = timeFromJson(json.value(QStringLiteral("updatedAt")));
    return grant;
}

QJsonObject SigningKeyRecord::toJson() const {
    return {{QStringLiteral("tenant"), tenant},
            {QStringLiteral("kid"), kid},
            {QStringLiteral("algorithm"), algorithm},
            {QStringLiteral("status"), toString(status)},
            {QStringLiteral("sealedPrivateKey"), bytesToJson(sealedPrivateKey)},
            {QStringLiteral("publicJwk"), publicJwk},
            {QStringLiteral("createdAt"), timeToJson(createdAt)},
            {QStringLiteral("activatedAt"), timeToJson(activatedAt)},
            {QStringLiteral("retiredAt"), timeToJson(retiredAt)}};
}

SigningKeyRecord SigningKeyRecord::fromJson(const QJsonObject& json) {
    SigningKeyRecord key;
    key.tenant = json.value(QStringLiteral("tenant")).toString();
    key.kid = json.value(QStringLiteral("kid")).toString();
    key.algorithm = json.value(QStringLiteral("algorithm")).toString();
    key.status = keyStatusFromString(json.value(QStringLiteral("status")).toString())
                     .value_or(KeyStatus::Revoked);
    key.sealedPrivateKey = bytesFromJson(json.value(QStringLiteral("sealedPrivateKey")));
    key.publicJwk = json.value(QStringLiteral("publicJwk")).toObject();
    key.createdAt = timeFromJson(json.value(QStringLiteral("createdAt")));
    key.activatedAt = timeFromJson(json.value(QStringLiteral("activatedAt")));
    key.retiredAt = timeFromJson(json.value(QStringLiteral("retiredAt")));
    return key;
}

QJsonObject ConnectionRecord::toJson() const {
    return {{QStringLiteral("tenant"), tenant},
            {QStringLiteral("id"), id},
            {QStringLiteral("name"), name},
            {QStringLiteral("strategy"), strategy},
            {QStringLiteral("options"), options},
            {QStringLiteral("sealedSecret"), bytesToJson(sealedSecret)},
            {QStringLiteral("enabledClients"), QJsonArray::fromStringList(enabledClients)},
            {QStringLiteral("createdAt"), timeToJson(createdAt)},
            {QStringLiteral("updatedAt"), timeToJson(updatedAt)}};
}

ConnectionRecord ConnectionRecord::fromJson(const QJsonObject& json) {
    ConnectionRecord connection;
    connection.tenant = json.value(QStringLiteral("tenant")).toString();
    connection.id = json.value(QStringLiteral("id")).toString();
    connection.name = json.value(QStringLiteral("name")).toString();
    connection.strategy = json.value(QStringLiteral("strategy")).toString();
    connection.options = json.value(QStringLiteral("options")).toObject();
    connection.sealedSecret = bytesFromJson(json.value(QStringLiteral("sealedSecret")));
    connection.enabledClients = stringsFromJson(json.value(QStringLiteral("enabledClients")));
    connection.createdAt = timeFromJson(json.value(QStringLiteral("createdAt")));
    connection.updatedAt = timeFromJson(json.value(QStringLiteral("updatedAt")));
    return connection;
}

QJsonObject UserRecord::toJson() const {
    return {{QStringLiteral("tenant"), tenant},
            {QStringLiteral("userId"), userId},
            {QStringLiteral("connection"), connection},
            {QStringLiteral("email"), email},
            {QStringLiteral("username"), username},
            {QStringLiteral("passwordHash"), bytesToJson(passwordHash)},
            {QStringLiteral("emailVerified"), emailVerified},
            {QStringLiteral("blocked"), blocked},
            {QStringLiteral("name"), name},
            {QStringLiteral("givenName"), givenName},
            {QStringLiteral("familyName"), familyName},
            {QStringLiteral("nickname"), nickname},
            {QStringLiteral("picture"), picture},
            {QStringLiteral("appMetadata"), appMetadata},
            {QStringLiteral("userMetadata"), userMetadata},
            {QStringLiteral("lastLogin"), timeToJson(lastLogin)},
            {QStringLiteral("lastIp"), lastIp},
            {QStringLiteral("loginsCount"), loginsCount},
            {QStringLiteral("createdAt"), timeToJson(createdAt)},
            {QStringLiteral("updatedAt"), timeToJson(updatedAt)}};
}

UserRecord UserRecord::fromJson(const QJsonObject& json) {
    UserRecord user;
    user.tenant = json.value(QStringLiteral("tenant")).toString();
    user.userId = json.value(QStringLiteral("userId")).toString();
    user.connection = json.value(QStringLiteral("connection")).toString();
    user.email = json.value(QStringLiteral("email")).toString();
    user.username = json.value(QStringLiteral("username")).toString();
    user.passwordHash = bytesFromJson(json.value(QStringLiteral("passwordHash")));
    user.emailVerified = json.value(QStringLiteral("emailVerified")).toBool();
    user.blocked = json.value(QStringLiteral("blocked")).toBool();
    user.name = json.value(QStringLiteral("name")).toString();
    user.givenName = json.value(QStringLiteral("givenName")).toString();
    user.familyName = json.value(QStringLiteral("familyName")).toString();
    user.nickname = json.value(QStringLiteral("nickname")).toString();
    user.picture = json.value(QStringLiteral("picture")).toString();
    user.appMetadata = json.value(QStringLiteral("appMetadata")).toObject();
    user.userMetadata = json.value(QStringLiteral("userMetadata")).toObject();
    user.lastLogin = timeFromJson(json.value(QStringLiteral("lastLogin")));
    user.lastIp = json.value(QStringLiteral("lastIp")).toString();
    user.loginsCount = json.value(QStringLiteral("loginsCount")).toInteger();
    user.createdAt = timeFromJson(json.value(QStringLiteral("createdAt")));
    user.updatedAt = timeFromJson(json.value(QStringLiteral("updatedAt")));
    return user;
}

QJsonObject IdentityRecord::toJson() const {
    return {{QStringLiteral("tenant"), tenant},
            {QStringLiteral("connection"), connection},
            {QStringLiteral("providerUserId"), providerUserId},
            {QStringLiteral("userId"), userId},
            {QStringLiteral("profile"), profile},
            {QStringLiteral("createdAt"), timeToJson(createdAt)},
            {QStringLiteral("updatedAt"), timeToJson(updatedAt)}};
}

IdentityRecord IdentityRecord::fromJson(const QJsonObject& json) {
    IdentityRecord identity;
    identity.tenant = json.value(QStringLiteral("tenant")).toString();
    identity.connection = json.value(QStringLiteral("connection")).toString();
    identity.providerUserId = json.value(QStringLiteral("providerUserId")).toString();
    identity.userId = json.value(QStringLiteral("userId")).toString();
    identity.profile = json.value(QStringLiteral("profile")).toObject();
    identity.createdAt = timeFromJson(json.value(QStringLiteral("createdAt")));
    identity.updatedAt = timeFromJson(json.value(QStringLiteral("updatedAt")));
    return identity;
}

} // namespace gatehouse::store
