#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <optional>

namespace gatehouse::crypto {

// The JWS algorithms Gatehouse signs and verifies with (RFC 7518 §3.1, RFC 8037 §3.1). Only
// asymmetric ones: with a shared secret every verifier could also mint tokens.
enum class SigningAlgorithm { RS256, ES256, EdDSA };

// "RS256", "ES256", "EdDSA".
[[nodiscard]] QByteArray algorithmName(SigningAlgorithm algorithm);

// Exact and case-sensitive, as JOSE "alg" values are (RFC 7515 §4.1.1): "rs256" and "none" are
// not algorithms here.
[[nodiscard]] std::optional<SigningAlgorithm> parseAlgorithm(QByteArrayView name);

} // namespace gatehouse::crypto
