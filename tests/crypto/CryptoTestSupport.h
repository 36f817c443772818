#pragma once

#include "crypto/Jwt.h"
#include "crypto/KeyPair.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QStringList>
#include <QTemporaryDir>

namespace gatehouse::crypto::test {

// One generated key per algorithm for the whole test run: RSA generation costs ~100 ms.
[[nodiscard]] const KeyPair& sharedKey(SigningAlgorithm algorithm);
// A second, unrelated key of the same algorithm.
[[nodiscard]] const KeyPair& otherKey(SigningAlgorithm algorithm);

// A lookup that knows exactly one kid.
[[nodiscard]] KeyLookup lookupFor(const QByteArray& kid, const PublicKey& key);

inline constexpr qint64 kNow = 1'750'000'000; // a fixed "now" so that tests never race the clock
[[nodiscard]] QDateTime fixedNow();
[[nodiscard]] JwtVerifyOptions optionsAtNow();
// iss, sub, aud, iat = now, exp = now + 300.
[[nodiscard]] QJsonObject validClaims();

// base64url(JSON(header)) . base64url(JSON(claims)) . base64url(signature), without signing:
// the attacker's side of the attack tests.
[[nodiscard]] QByteArray assemble(const QJsonObject& header, const QJsonObject& claims,
                                  const QByteArray& signature);

struct ProcessResult {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};
// Runs a program to completion (60 s at most).
[[nodiscard]] ProcessResult run(const QString& program, const QStringList& arguments);
// Debian's python3, which has PyJWT and cryptography (the first python3 on PATH may not).
[[nodiscard]] ProcessResult runPython(const QTemporaryDir& dir, const QByteArray& script,
                                      const QStringList& arguments);
bool writeFile(const QString& path, const QByteArray& contents);

} // namespace gatehouse::crypto::test
