#pragma once

#include "crypto/KeyPair.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

namespace gatehouse::integration {

// Client-side token tools: read a JWT's parts, forge tokens an attacker could make, and sign
// tokens with a tenant's real key taken from a data directory (which only someone holding the
// master key and the database could do; the tests use it to make expired and not-yet-valid
// tokens that are otherwise valid, so that refusing them proves the time checks).

struct JwtParts {
    QJsonObject header;
    QJsonObject claims;
    QByteArray signature;
};
[[nodiscard]] std::optional<JwtParts> decodeJwt(const QString& token);

[[nodiscard]] QByteArray base64Url(const QByteArray& data);
[[nodiscard]] QByteArray jwtSegment(const QJsonObject& object); // base64url(JSON)

// header.claims. with an empty signature (for "alg":"none").
[[nodiscard]] QString unsignedJwt(const QJsonObject& header, const QJsonObject& claims);
// header.claims.HMAC-SHA256(key), whatever the header says.
[[nodiscard]] QString hmacJwt(const QJsonObject& header, const QJsonObject& claims,
                              const QByteArray& key);

struct TenantKey {
    QString kid;
    crypto::KeyPair key;
};
// The tenant's key with the given status ("current", "next", ...) from the SQLite database of a
// data directory, unsealed with its master.key as gatehoused does. Fails the test when missing.
[[nodiscard]] std::optional<TenantKey> tenantKey(const QString& dataDir, const QString& tenant,
                                                 const QString& status = QStringLiteral("current"));

// Signs with `key`; the header gets alg and kid from it, typ at+jwt.
[[nodiscard]] QString signedJwt(const TenantKey& key, const QJsonObject& claims);

// Verifies `token` with PyJWT (Debian's /usr/bin/python3 with python3-jwt), an implementation
// that shares nothing with Gatehouse, against `jwks`. Returns the verified claims, or the
// error in `error`.
[[nodiscard]] std::optional<QJsonObject>
verifyWithPyJwt(const QString& token, const QJsonObject& jwks, const QString& algorithm,
                const QString& audience, const QString& issuer, const QString& workDir,
                QString& error);

} // namespace gatehouse::integration
