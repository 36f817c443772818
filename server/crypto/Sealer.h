#pragma once

#include "core/Result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <array>

namespace gatehouse::crypto {

// Secrets at rest (signing keys, upstream client secrets): AES-256-GCM under a 32-byte master key.
//
// Sealed format, version 1:   0x01 | nonce (12 bytes) | ciphertext (= plaintext length) | tag (16)
// The GCM associated data is the version byte followed by the caller's associated data, which
// names the value's place (e.g. "signing_key:<tenant>:<kid>"): a blob copied to another row, tenant
// or purpose fails to open, as does any changed bit. Nonces are random, which NIST SP 800-38D §8.3
// allows for up to 2^32 seals per key, far more than secrets at rest will ever need.
class Sealer final {
public:
    static constexpr int kKeyBytes = 32;
    static constexpr int kNonceBytes = 12;
    static constexpr int kTagBytes = 16;
    static constexpr char kVersion = 0x01;
    static constexpr int kOverheadBytes = 1 + kNonceBytes + kTagBytes;

    // A wrong key length is a programming or configuration error that must be caught before this
    // point (see fromKey()), so it aborts rather than sealing with a weak key.
    explicit Sealer(QByteArray masterKey);
    // For keys read from configuration: "invalid_master_key" instead of aborting.
    [[nodiscard]] static Result<Sealer> fromKey(QByteArrayView masterKey);
    [[nodiscard]] static QByteArray generateKey();

    Sealer(const Sealer&) = default;
    Sealer& operator=(const Sealer&) = default;
    ~Sealer();

    // A key for one purpose, derived from this sealer's key with HKDF-SHA256 (RFC 5869, `purpose`
    // as the info): values of one purpose (login transactions, CSRF tokens) never share a key
    // with secrets at rest, and each purpose gets its own 2^32-seal nonce budget.
    [[nodiscard]] QByteArray deriveKey(QByteArrayView purpose) const;
    [[nodiscard]] Sealer derive(QByteArrayView purpose) const { return Sealer(deriveKey(purpose)); }

    // Aborts only if OpenSSL itself fails (allocation), never for any input.
    [[nodiscard]] QByteArray seal(QByteArrayView plaintext, QByteArrayView associatedData) const;

    // "unseal_failed" (500) for a blob that is truncated, of an unknown version, altered, sealed
    // under another key or opened with other associated data. One message for all authentication
    // failures, so the error is no oracle.
    [[nodiscard]] Result<QByteArray> open(QByteArrayView sealed,
                                          QByteArrayView associatedData) const;

private:
    std::array<unsigned char, kKeyBytes> m_key{};
};

} // namespace gatehouse::crypto
