#include "models/auth/Pkce.h"

#include <QCryptographicHash>
#include <QRandomGenerator>

namespace gatehouse::client {

namespace {

QByteArray randomBase64Url(int bytes) {
    QByteArray raw(bytes, Qt::Uninitialized);
    // The operating system's CSPRNG, never a seeded generator.
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32*>(raw.data()), bytes / 4);
    return raw.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

} // namespace

Pkce Pkce::generate() {
    Pkce pkce;
    pkce.verifier = randomBase64Url(32);
    pkce.challenge = challengeFor(pkce.verifier);
    return pkce;
}

QByteArray Pkce::challengeFor(const QByteArray& verifier) {
    return QCryptographicHash::hash(verifier, QCryptographicHash::Sha256)
        .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

QByteArray Pkce::randomState() {
    return randomBase64Url(24);
}

} // namespace gatehouse::client
