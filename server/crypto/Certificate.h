#pragma once

#include "core/Result.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace gatehouse::crypto {

enum class CertificateKeyType { EcP256, Rsa2048 };

struct CertificateRequest {
    // Each becomes a subjectAltName; the first DNS name (else the first IP) is also the CN.
    QStringList dnsNames = {QStringLiteral("localhost")};
    QStringList ipAddresses = {QStringLiteral("127.0.0.1")};
    int validDays = 825; // Apple's maximum for TLS server certificates; 1..3650 accepted
    CertificateKeyType keyType = CertificateKeyType::EcP256;
};

struct CertificateAndKey {
    QByteArray certificatePem;
    QByteArray privateKeyPem;     // PKCS#8, unencrypted
    QByteArray sha256Fingerprint; // "AB:CD:…", as `openssl x509 -fingerprint -sha256` prints it
};

// A self-signed TLS server certificate for `gatehoused init` (RFC 5280): X.509 v3, random 128-bit
// serial (§4.1.2.2), notBefore five minutes in the past to tolerate clock skew, basicConstraints
// CA:FALSE, keyUsage digitalSignature (+ keyEncipherment for RSA), extendedKeyUsage serverAuth,
// subjectKeyIdentifier, signed with SHA-256. DNS names must be LDH host names (optionally "*."),
// IPs IPv4 or IPv6 literals; anything else is "invalid_request" rather than being passed to
// OpenSSL's configuration syntax.
[[nodiscard]] Result<CertificateAndKey>
generateSelfSignedCertificate(const CertificateRequest& request);

} // namespace gatehouse::crypto
