#include "crypto/Random.h"

#include "crypto/Encoding.h"

#include <QtGlobal>
#include <openssl/err.h>
#include <openssl/rand.h>

namespace gatehouse::crypto {

QByteArray randomBytes(int count) {
    if (count <= 0)
        return {};
    QByteArray bytes(count, Qt::Uninitialized);
    if (RAND_bytes(reinterpret_cast<unsigned char*>(bytes.data()), count) != 1) {
        ERR_print_errors_fp(stderr);
        qFatal("gatehouse: the CSPRNG failed; refusing to continue with predictable secrets");
    }
    return bytes;
}

QByteArray randomToken(int bytes) {
    return base64UrlEncode(randomBytes(bytes));
}

} // namespace gatehouse::crypto
