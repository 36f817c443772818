#include "TokenTools.h"

#include "IntegrationSupport.h"
#include "crypto/Jwt.h"
#include "crypto/Sealer.h"
#include "crypto/SigningAlgorithm.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QMessageAuthenticationCode>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

#include <gtest/gtest.h>

namespace gatehouse::integration {
namespace {

std::optional<QJsonObject> jsonSegment(const QByteArray& segment) {
    const QByteArray bytes = QByteArray::fromBase64(segment, QByteArray::Base64UrlEncoding |
                                                                 QByteArray::OmitTrailingEquals);
    QJsonParseError error{};
    const QJsonDocument document = QJsonDocument::fromJson(bytes, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return std::nullopt;
    return document.object();
}

// PyJWT: verify the signature with the JWKS key named by the token's kid, only the expected
// algorithm, and the registered claims (exp, iat, nbf, aud, iss). Prints the claims as JSON.
constexpr char kVerifyScript[] = R"PY(
import json, sys
import jwt

jwks_path, token_path, algorithm, audience, issuer = sys.argv[1:6]
with open(jwks_path) as f:
    keyset = jwt.PyJWKSet.from_dict(json.load(f))
with open(token_path) as f:
    token = f.read().strip()
kid = jwt.get_unverified_header(token)["kid"]
key = keyset[kid]
claims = jwt.decode(token, key.key, algorithms=[algorithm], audience=audience, issuer=issuer,
                    options={"require": ["exp", "iat", "iss", "aud", "sub"]})
print(json.dumps(claims))
)PY";

} // namespace

std::optional<JwtParts> decodeJwt(const QString& token) {
    const QList<QByteArray> segments = token.toLatin1().split('.');
    if (segments.size() != 3)
        return std::nullopt;
    const auto header = jsonSegment(segments[0]);
    const auto claims = jsonSegment(segments[1]);
    if (!header || !claims)
        return std::nullopt;
    return JwtParts{*header, *claims,
                    QByteArray::fromBase64(segments[2], QByteArray::Base64UrlEncoding |
                                                            QByteArray::OmitTrailingEquals)};
}

QByteArray base64Url(const QByteArray& data) {
    return data.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

QByteArray jwtSegment(const QJsonObject& object) {
    return base64Url(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

QString unsignedJwt(const QJsonObject& header, const QJsonObject& claims) {
    const QByteArray token = jwtSegment(header) + '.' + jwtSegment(claims) + '.';
    return QString::fromLatin1(token);
}

QString hmacJwt(const QJsonObject& header, const QJsonObject& claims, const QByteArray& key) {
    const QByteArray input = jwtSegment(header) + '.' + jwtSegment(claims);
    const QByteArray mac = QMessageAuthenticationCode::hash(input, key, QCryptographicHash::Sha256);
    const QByteArray token = input + '.' + base64Url(mac);
    return QString::fromLatin1(token);
}

std::optional<TenantKey> tenantKey(const QString& dataDir, const QString& tenant,
                                   const QString& status) {
    QFile keyFile(QDir(dataDir).filePath(QStringLiteral("master.key")));
    if (!keyFile.open(QIODevice::ReadOnly)) {
        ADD_FAILURE() << "cannot read master.key: " << str(keyFile.errorString());
        return std::nullopt;
    }
    const QByteArray masterKey = QByteArray::fromBase64(keyFile.readAll().trimmed());
    auto sealer = crypto::Sealer::fromKey(masterKey);
    if (!sealer) {
        ADD_FAILURE() << "bad master.key: " << str(sealer.error().message);
        return std::nullopt;
    }
    const QString connection = QUuid::createUuid().toString();
    std::optional<TenantKey> result;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection);
        db.setDatabaseName(QDir(dataDir).filePath(QStringLiteral("gatehouse.db")));
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=5000"));
        if (!db.open()) {
            ADD_FAILURE() << "cannot open the database: " << str(db.lastError().text());
        } else {
            QSqlQuery query(db);
            query.prepare(QStringLiteral("SELECT kid, algorithm, sealed_private_key FROM "
                                         "signing_keys WHERE tenant = ? AND status = ?"));
            query.addBindValue(tenant);
            query.addBindValue(status);
            if (!query.exec() || !query.next()) {
                ADD_FAILURE() << "no " << str(status) << " key of tenant " << str(tenant) << ": "
                              << str(query.lastError().text());
            } else {
                const QString kid = query.value(0).toString();
                const auto algorithm = crypto::parseAlgorithm(query.value(1).toString().toLatin1());
                const QByteArray associated = "signing_key:" + tenant.toUtf8() + ':' + kid.toUtf8();
                auto pem = sealer->open(query.value(2).toByteArray(), associated);
                if (!algorithm || !pem) {
                    ADD_FAILURE() << "cannot unseal key " << str(kid);
                } else if (auto key = crypto::KeyPair::fromPrivatePem(*pem, *algorithm); !key) {
                    ADD_FAILURE() << "bad key " << str(kid) << ": " << str(key.error().message);
                } else {
                    result = TenantKey{kid, *key};
                }
            }
        }
    }
    QSqlDatabase::removeDatabase(connection);
    return result;
}

QString signedJwt(const TenantKey& key, const QJsonObject& claims) {
    const QJsonObject header{{QStringLiteral("typ"), QStringLiteral("at+jwt")}};
    return QString::fromLatin1(crypto::signJwt(header, claims, key.key, key.kid.toLatin1()));
}

std::optional<QJsonObject> verifyWithPyJwt(const QString& token, const QJsonObject& jwks,
                                           const QString& algorithm, const QString& audience,
                                           const QString& issuer, const QString& workDir,
                                           QString& error) {
    const QDir dir(workDir);
    const auto write = [&](const QString& name, const QByteArray& content) {
        QFile file(dir.filePath(name));
        return file.open(QIODevice::WriteOnly | QIODevice::Truncate) &&
               file.write(content) == content.size();
    };
    if (!write(QStringLiteral("verify.py"), QByteArray(kVerifyScript)) ||
        !write(QStringLiteral("jwks.json"), QJsonDocument(jwks).toJson()) ||
        !write(QStringLiteral("token.txt"), token.toLatin1())) {
        error = QStringLiteral("cannot write the PyJWT inputs in ") + workDir;
        return std::nullopt;
    }
    QProcess python;
    // Debian's interpreter, where python3-jwt and python3-cryptography are installed; the
    // python3 on PATH may be another one without them.
    QProcessEnvironment environment;
    environment.insert(QStringLiteral("PATH"), QStringLiteral("/usr/bin:/bin"));
    environment.insert(QStringLiteral("LANG"), QStringLiteral("C.UTF-8"));
    python.setProcessEnvironment(environment);
    python.start(QStringLiteral("/usr/bin/python3"),
                 {QStringLiteral("-I"), dir.filePath(QStringLiteral("verify.py")),
                  dir.filePath(QStringLiteral("jwks.json")),
                  dir.filePath(QStringLiteral("token.txt")), algorithm, audience, issuer});
    if (!python.waitForFinished(30000)) {
        python.kill();
        python.waitForFinished();
        error = QStringLiteral("/usr/bin/python3 did not finish: ") + python.errorString();
        return std::nullopt;
    }
    if (python.exitStatus() != QProcess::NormalExit || python.exitCode() != 0) {
        error = QString::fromUtf8(python.readAllStandardError());
        return std::nullopt;
    }
    return QJsonDocument::fromJson(python.readAllStandardOutput()).object();
}

} // namespace gatehouse::integration
