#include "crypto/Encoding.h"

#include <array>
#include <openssl/crypto.h>

namespace gatehouse::crypto {

namespace {

constexpr std::array<signed char, 256> makeDecodeTable() {
    std::array<signed char, 256> table{};
    table.fill(-1);
    constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    for (int i = 0; i < 64; ++i)
        table[static_cast<unsigned char>(alphabet[i])] = static_cast<signed char>(i);
    return table;
}

constexpr auto kDecodeTable = makeDecodeTable();

Error invalidEncoding(QString message) {
    return Error::badRequest(QByteArrayLiteral("invalid_encoding"), std::move(message));
}

} // namespace

QByteArray base64UrlEncode(QByteArrayView data) {
    return QByteArray::fromRawData(data.data(), data.size())
        .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

Result<QByteArray> base64UrlDecode(QByteArrayView text) {
    const qsizetype size = text.size();
    if (size % 4 == 1)
        return invalidEncoding(QStringLiteral("base64url text has an impossible length"));

    QByteArray out;
    out.reserve(size / 4 * 3 + 2);
    quint32 buffer = 0;
    int bits = 0;
    for (qsizetype i = 0; i < size; ++i) {
        const signed char value = kDecodeTable[static_cast<unsigned char>(text[i])];
        if (value < 0)
            return invalidEncoding(
                QStringLiteral("invalid base64url character at offset %1").arg(i));
        buffer = (buffer << 6) | static_cast<quint32>(value);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.append(static_cast<char>((buffer >> bits) & 0xFF));
        }
    }
    // The 2 or 4 bits left over after the last full byte must be zero (RFC 4648 §3.5).
    if (bits > 0 && (buffer & ((1u << bits) - 1)) != 0)
        return invalidEncoding(QStringLiteral("base64url text is not canonical"));
    return out;
}

bool constantTimeEquals(QByteArrayView a, QByteArrayView b) {
    if (a.size() != b.size()) {
        // Spend the same work as an equal-length comparison so that only the length is observable.
        [[maybe_unused]] const int ignored =
            CRYPTO_memcmp(a.data(), a.data(), static_cast<size_t>(a.size()));
        return false;
    }
    return CRYPTO_memcmp(a.data(), b.data(), static_cast<size_t>(a.size())) == 0;
}

} // namespace gatehouse::crypto
