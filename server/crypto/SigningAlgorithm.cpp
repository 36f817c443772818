#include "crypto/SigningAlgorithm.h"

namespace gatehouse::crypto {

QByteArray algorithmName(SigningAlgorithm algorithm) {
    switch (algorithm) {
    case SigningAlgorithm::RS256:
        return QByteArrayLiteral("RS256");
    case SigningAlgorithm::ES256:
        return QByteArrayLiteral("ES256");
    case SigningAlgorithm::EdDSA:
        return QByteArrayLiteral("EdDSA");
    }
    return {};
}

std::optional<SigningAlgorithm> parseAlgorithm(QByteArrayView name) {
    for (const auto algorithm :
         {SigningAlgorithm::RS256, SigningAlgorithm::ES256, SigningAlgorithm::EdDSA}) {
        if (name == algorithmName(algorithm))
            return algorithm;
    }
    return std::nullopt;
}

} // namespace gatehouse::crypto
