#include "crypto/SecretHash.h"

#include "crypto/Encoding.h"
#include "crypto/OpenSsl.h"

namespace gatehouse::crypto {

QByteArray SecretHash::hash(QByteArrayView secret) {
    return QByteArrayLiteral("sha256$") + base64UrlEncode(detail::sha256(secret));
}

bool SecretHash::verify(QByteArrayView secret, QByteArrayView stored) {
    const QByteArray computed = hash(secret);
    const bool matches = constantTimeEquals(computed, stored);
    return matches && !secret.isEmpty();
}

} // namespace gatehouse::crypto
