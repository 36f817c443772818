#include "CryptoTestSupport.h"

#include "crypto/Encoding.h"

#include <QFile>
#include <QJsonDocument>
#include <QProcess>
#include <cstdlib>
#include <map>
#include <mutex>

namespace gatehouse::crypto::test {

namespace {

const KeyPair& cachedKey(SigningAlgorithm algorithm, int slot) {
    static std::mutex mutex;
    static std::map<std::pair<SigningAlgorithm, int>, KeyPair> keys;
    const std::lock_guard lock(mutex);
    auto found = keys.find({algorithm, slot});
    if (found == keys.end()) {
        auto generated = KeyPair::generate(algorithm);
        if (!generated)
            std::abort();
        found = keys.emplace(std::pair{algorithm, slot}, std::move(*generated)).first;
    }
    return found->second;
}

} // namespace

const KeyPair& sharedKey(SigningAlgorithm algorithm) {
    return cachedKey(algorithm, 0);
}

const KeyPair& otherKey(SigningAlgorithm algorithm) {
    return cachedKey(algorithm, 1);
}

KeyLookup lookupFor(const QByteArray& kid, const PublicKey& key) {
    return [kid, key](QByteArrayView requested) -> std::optional<PublicKey> {
        if (requested == kid)
            return key;
        return std::nullopt;
    };
}

QDateTime fixedNow() {
    return QDateTime::fromSecsSinceEpoch(kNow, Qt::UTC);
}

JwtVerifyOptions optionsAtNow() {
    JwtVerifyOptions options;
    options.now = fixedNow();
    return options;
}

QJsonObject validClaims() {
    return {{QStringLiteral("iss"), QStringLiteral("https://gatehouse.test/")},
            {QStringLiteral("sub"), QStringLiteral("user-42")},
            {QStringLiteral("aud"), QStringLiteral("api://test")},
            {QStringLiteral("iat"), double(kNow)},
            {QStringLiteral("exp"), double(kNow + 300)}};
}

QByteArray assemble(const QJsonObject& header, const QJsonObject& claims,
                    const QByteArray& signature) {
    return base64UrlEncode(QJsonDocument(header).toJson(QJsonDocument::Compact)) + '.' +
           base64UrlEncode(QJsonDocument(claims).toJson(QJsonDocument::Compact)) + '.' +
           base64UrlEncode(signature);
}

ProcessResult run(const QString& program, const QStringList& arguments) {
    QProcess process;
    process.start(program, arguments);
    ProcessResult result;
    if (!process.waitForStarted(10'000) || !process.waitForFinished(60'000)) {
        result.err = process.errorString().toUtf8();
        return result;
    }
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    return result;
}

ProcessResult runPython(const QTemporaryDir& dir, const QByteArray& script,
                        const QStringList& arguments) {
    const QString path = dir.filePath(QStringLiteral("script.py"));
    if (!writeFile(path, script))
        return {};
    return run(QStringLiteral("/usr/bin/python3"), QStringList{path} + arguments);
}

bool writeFile(const QString& path, const QByteArray& contents) {
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(contents) == contents.size();
}

} // namespace gatehouse::crypto::test
