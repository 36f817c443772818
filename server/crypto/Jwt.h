#pragma once

#include "core/Result.h"
#include "crypto/KeyPair.h"
#include "crypto/PublicKey.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <chrono>
#include <functional>
#include <optional>

namespace gatehouse::crypto {

// JWTs (RFC 7519) in JWS compact serialization (RFC 7515 §7.1).

// Larger tokens are refused before any decoding, bounding the work an attacker can cause.
inline constexpr qsizetype kMaxJwtBytes = 16 * 1024;

// Signs `claims`. The header is copied with "alg" (from the key) and "kid" set; other members
// (e.g. "typ": "at+jwt", RFC 9068 §2.1) are kept. Returns an empty array only if signing fails,
// which means OpenSSL could not allocate; never a token without a signature.
[[nodiscard]] QByteArray signJwt(const QJsonObject& header, const QJsonObject& claims,
                                 const KeyPair& key, QByteArrayView kid);

struct DecodedJwt {
    QJsonObject header;
    QJsonObject claims;
    QByteArray signingInput; // ASCII(BASE64URL(header) || '.' || BASE64URL(payload))
    QByteArray signature;
};

// Structure only, no verification: at most kMaxJwtBytes, exactly three segments (five, a JWE, is
// refused), strict base64url (see base64UrlDecode), header and claims JSON objects. Duplicate JSON
// members resolve to the last one, as RFC 7515 §4 permits. Errors: "invalid_token" (401).
[[nodiscard]] Result<DecodedJwt> decodeJwt(QByteArrayView compact);

struct JwtVerifyOptions {
    // Unset means the clock at the moment of verification. Not a QDateTime defaulting to
    // currentDateTimeUtc(): an options object kept in a member would freeze that time and
    // accept expired tokens forever. Tests set a fixed time.
    std::optional<QDateTime> now = std::nullopt;
    std::chrono::seconds leeway{30};
    // When set, the header "typ" must equal it, compared case-insensitively with an optional
    // "application/" prefix on either side (RFC 7515 §4.1.9; e.g. "at+jwt", RFC 9068 §4).
    QByteArrayView expectedTyp = {};
    // When set, "iss" must equal it exactly (RFC 7519 §4.1.1).
    QString expectedIssuer = {};
    // When set, "aud" (a string or an array of strings) must contain it (RFC 7519 §4.1.3).
    QString expectedAudience = {};
};

// Finds the verification key for a "kid"; nullopt for an unknown kid. Scope it to the tenant, so
// that a kid of another tenant is unknown.
using KeyLookup = std::function<std::optional<PublicKey>(QByteArrayView kid)>;

// Verifies the signature, then the claims (RFC 7519 §7.2, RFC 8725 §3). Refuses, each with error
// code "invalid_token" (401) and its own message: "alg" none in any case, HS* and any other
// algorithm not in SigningAlgorithm (so an HS256 token MACed with the public key fails), an "alg"
// other than the key's, "crit" (no extensions are understood, RFC 7515 §4.1.11), a missing or
// unknown "kid", a bad signature, a missing or non-numeric "exp", now >= exp + leeway,
// nbf > now + leeway, iat > now + leeway, and "typ"/"iss"/"aud" against the options.
[[nodiscard]] Result<DecodedJwt> verifyJwt(QByteArrayView compact, const KeyLookup& lookup,
                                           const JwtVerifyOptions& options = {});

} // namespace gatehouse::crypto
