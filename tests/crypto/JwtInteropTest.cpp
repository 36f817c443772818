// JWS interoperability with an independent implementation: PyJWT 2.6 on Python's cryptography
// (OpenSSL underneath, but separate JOSE code: base64url, JWK parsing, ES256 R || S, EdDSA).
#include "CryptoTestSupport.h"

#include "crypto/Jwt.h"

#include <QFile>
#include <QJsonDocument>
#include <gtest/gtest.h>

using namespace gatehouse::crypto;
using namespace gatehouse::crypto::test;

namespace {

constexpr SigningAlgorithm kAll[] = {SigningAlgorithm::RS256, SigningAlgorithm::ES256,
                                     SigningAlgorithm::EdDSA};

// argv: alg, jwk file, token file. Prints the verified claims, or fails with PyJWT's error.
const QByteArray kVerifyScript = R"(
import json, sys, jwt
alg, jwk_path, token_path = sys.argv[1:4]
jwk = json.load(open(jwk_path))
token = open(token_path).read()
assert jwt.get_unverified_header(token)["kid"] == "kid-py"
key = jwt.PyJWK(jwk).key
claims = jwt.decode(token, key, algorithms=[alg], audience="api://test",
                    issuer="https://gatehouse.test/", options={"verify_exp": False, "verify_iat": False})
print(json.dumps(claims, sort_keys=True))
)";

// argv: alg, output directory. Writes a new key's public JWK and a token signed with it.
const QByteArray kSignScript = R"(
import json, sys, jwt, time
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from jwt.algorithms import ECAlgorithm, OKPAlgorithm, RSAAlgorithm
alg, out = sys.argv[1:3]
if alg == "RS256":
    key, codec = rsa.generate_private_key(65537, 2048), RSAAlgorithm
elif alg == "ES256":
    key, codec = ec.generate_private_key(ec.SECP256R1()), ECAlgorithm
else:
    key, codec = ed25519.Ed25519PrivateKey.generate(), OKPAlgorithm
open(out + "/jwk.json", "w").write(codec.to_jwk(key.public_key()))
now = int(sys.argv[3])
claims = {"iss": "https://pyjwt.test/", "sub": "py-user", "aud": "api://test",
          "iat": now, "exp": now + 300}
open(out + "/token", "w").write(jwt.encode(claims, key, algorithm=alg, headers={"kid": "py-kid"}))
)";

// argv: jwk file. The RFC 7638 thumbprint computed independently.
const QByteArray kThumbprintScript = R"(
import base64, hashlib, json, sys
jwk = json.load(open(sys.argv[1]))
members = {"RSA": ["e", "kty", "n"], "EC": ["crv", "kty", "x", "y"], "OKP": ["crv", "kty", "x"]}
canonical = json.dumps({k: jwk[k] for k in members[jwk["kty"]]}, separators=(",", ":"), sort_keys=True)
print(base64.urlsafe_b64encode(hashlib.sha256(canonical.encode()).digest()).rstrip(b"=").decode())
)";

QByteArray jwkJson(const QJsonObject& jwk) {
    return QJsonDocument(jwk).toJson(QJsonDocument::Compact);
}

ProcessResult verifyWithPyJwt(SigningAlgorithm algorithm, const QJsonObject& jwk,
                              const QByteArray& token) {
    QTemporaryDir dir;
    if (!dir.isValid() || !writeFile(dir.filePath(QStringLiteral("jwk.json")), jwkJson(jwk)) ||
        !writeFile(dir.filePath(QStringLiteral("token")), token))
        return {};
    return runPython(dir, kVerifyScript,
                     {QString::fromLatin1(algorithmName(algorithm)),
                      dir.filePath(QStringLiteral("jwk.json")),
                      dir.filePath(QStringLiteral("token"))});
}

} // namespace

TEST(JwtInterop, PyJwtVerifiesOurTokens) {
    for (const auto algorithm : kAll) {
        const KeyPair& key = sharedKey(algorithm);
        const QByteArray token = signJwt({}, validClaims(), key, "kid-py");
        const auto result = verifyWithPyJwt(algorithm, key.publicJwk(), token);
        ASSERT_EQ(result.exitCode, 0)
            << algorithmName(algorithm).constData() << ": " << result.err.constData();
        const QJsonObject claims = QJsonDocument::fromJson(result.out).object();
        EXPECT_EQ(claims, validClaims()) << result.out.constData();
    }
}

// The negative control: the harness above does fail when the signature is wrong.
TEST(JwtInterop, PyJwtRejectsOurTokensUnderAnotherKey) {
    for (const auto algorithm : kAll) {
        const QByteArray token = signJwt({}, validClaims(), otherKey(algorithm), "kid-py");
        const auto result = verifyWithPyJwt(algorithm, sharedKey(algorithm).publicJwk(), token);
        EXPECT_NE(result.exitCode, 0) << algorithmName(algorithm).constData();
        EXPECT_TRUE(result.err.contains("InvalidSignatureError")) << result.err.constData();
    }
}

TEST(JwtInterop, WeVerifyPyJwtTokens) {
    for (const auto algorithm : kAll) {
        QTemporaryDir dir;
        ASSERT_TRUE(dir.isValid());
        const auto signedByPython = runPython(
            dir, kSignScript,
            {QString::fromLatin1(algorithmName(algorithm)), dir.path(), QString::number(kNow)});
        ASSERT_EQ(signedByPython.exitCode, 0) << signedByPython.err.constData();
        QFile jwkFile(dir.filePath(QStringLiteral("jwk.json")));
        QFile tokenFile(dir.filePath(QStringLiteral("token")));
        ASSERT_TRUE(jwkFile.open(QIODevice::ReadOnly) && tokenFile.open(QIODevice::ReadOnly));
        const auto key = PublicKey::fromJwk(QJsonDocument::fromJson(jwkFile.readAll()).object());
        ASSERT_TRUE(key.ok()) << key.error().toString().toStdString();
        ASSERT_EQ(key->algorithm(), algorithm);

        const QByteArray token = tokenFile.readAll();
        JwtVerifyOptions options = optionsAtNow();
        options.expectedIssuer = QStringLiteral("https://pyjwt.test/");
        options.expectedAudience = QStringLiteral("api://test");
        const auto verified = verifyJwt(token, lookupFor("py-kid", *key), options);
        ASSERT_TRUE(verified.ok()) << verified.error().toString().toStdString();
        EXPECT_EQ(verified->claims.value(QStringLiteral("sub")).toString(),
                  QStringLiteral("py-user"));

        // And the same token is refused under one of our keys with that kid.
        EXPECT_FALSE(
            verifyJwt(token, lookupFor("py-kid", sharedKey(algorithm).publicKey()), options).ok());
    }
}

TEST(JwtInterop, ThumbprintsMatchAnIndependentComputation) {
    for (const auto algorithm : kAll) {
        QTemporaryDir dir;
        ASSERT_TRUE(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("jwk.json"));
        ASSERT_TRUE(writeFile(path, jwkJson(sharedKey(algorithm).publicJwk())));
        const auto result = runPython(dir, kThumbprintScript, {path});
        ASSERT_EQ(result.exitCode, 0) << result.err.constData();
        EXPECT_EQ(result.out.trimmed(), sharedKey(algorithm).thumbprint());
    }
}
