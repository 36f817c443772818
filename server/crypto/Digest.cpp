#include "crypto/Digest.h"

#include "crypto/OpenSsl.h"

#include <openssl/hmac.h>

namespace gatehouse::crypto {

QByteArray sha256(QByteArrayView data) {
    return detail::sha256(data);
}

QByteArray hmacSha256(QByteArrayView key, QByteArrayView data) {
    QByteArray mac(32, Qt::Uninitialized);
    unsigned int length = 0;
    const unsigned char* result =
        HMAC(detail::sha256Md(), key.data(), int(key.size()),
             reinterpret_cast<const unsigned char*>(data.data()), size_t(data.size()),
             reinterpret_cast<unsigned char*>(mac.data()), &length);
    if (result == nullptr || length != 32)
        return {};
    return mac;
}

} // namespace gatehouse::crypto
