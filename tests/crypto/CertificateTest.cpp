#include "CryptoTestSupport.h"

#include "crypto/Certificate.h"
#include "crypto/KeyPair.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <gtest/gtest.h>

using namespace gatehouse::crypto;
using namespace gatehouse::crypto::test;

namespace {

// Facts about a certificate as Python's cryptography (an independent X.509 parser) reads them.
const QByteArray kInspectScript = R"(
import json, sys
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
cert = x509.load_pem_x509_certificate(open(sys.argv[1], "rb").read())
ext = lambda oid: cert.extensions.get_extension_for_oid(oid)
san = ext(x509.oid.ExtensionOID.SUBJECT_ALTERNATIVE_NAME).value
bc = ext(x509.oid.ExtensionOID.BASIC_CONSTRAINTS)
ku = ext(x509.oid.ExtensionOID.KEY_USAGE)
eku = ext(x509.oid.ExtensionOID.EXTENDED_KEY_USAGE).value
key = cert.public_key()
if isinstance(key, rsa.RSAPublicKey):
    key.verify(cert.signature, cert.tbs_certificate_bytes, padding.PKCS1v15(), cert.signature_hash_algorithm)
else:
    key.verify(cert.signature, cert.tbs_certificate_bytes, ec.ECDSA(cert.signature_hash_algorithm))
print(json.dumps({
    "version": cert.version.name,
    "subject": cert.subject.rfc4514_string(),
    "issuer": cert.issuer.rfc4514_string(),
    "dns": san.get_values_for_type(x509.DNSName),
    "ips": [str(ip) for ip in san.get_values_for_type(x509.IPAddress)],
    "ca": bc.value.ca, "bcCritical": bc.critical, "kuCritical": ku.critical,
    "digitalSignature": ku.value.digital_signature,
    "keyEncipherment": ku.value.key_encipherment,
    "keyCertSign": ku.value.key_cert_sign,
    "serverAuth": x509.oid.ExtendedKeyUsageOID.SERVER_AUTH in eku,
    "ekuCount": len(eku),
    "serialBits": cert.serial_number.bit_length(),
    "validSeconds": int((cert.not_valid_after - cert.not_valid_before).total_seconds()),
    "notBefore": int(cert.not_valid_before.timestamp()),
    "keyBits": key.key_size,
    "hash": cert.signature_hash_algorithm.name,
    "ski": bool(ext(x509.oid.ExtensionOID.SUBJECT_KEY_IDENTIFIER)),
}))
)";

struct Written {
    QTemporaryDir dir;
    QString certificatePath;
};

std::unique_ptr<Written> write(const CertificateAndKey& generated) {
    auto written = std::make_unique<Written>();
    written->certificatePath = written->dir.filePath(QStringLiteral("cert.pem"));
    EXPECT_TRUE(writeFile(written->certificatePath, generated.certificatePem));
    return written;
}

QJsonObject inspect(const Written& written) {
    const auto result = runPython(written.dir, kInspectScript, {written.certificatePath});
    EXPECT_EQ(result.exitCode, 0) << result.err.constData();
    return QJsonDocument::fromJson(result.out).object();
}

QByteArray opensslX509(const Written& written, const QStringList& options,
                       int* exitCode = nullptr) {
    const auto result = run(QStringLiteral("openssl"),
                            QStringList{QStringLiteral("x509"), QStringLiteral("-in"),
                                        written.certificatePath, QStringLiteral("-noout")} +
                                options);
    if (exitCode)
        *exitCode = result.exitCode;
    else
        EXPECT_EQ(result.exitCode, 0) << result.err.constData();
    return result.out;
}

void expectRejected(const CertificateRequest& request, const char* why) {
    const auto generated = generateSelfSignedCertificate(request);
    ASSERT_FALSE(generated.ok()) << why;
    EXPECT_EQ(generated.error().code, "invalid_request") << why;
}

} // namespace

TEST(Certificate, DefaultIsAP256LocalhostServerCertificate) {
    const auto generated = generateSelfSignedCertificate({});
    ASSERT_TRUE(generated.ok()) << generated.error().toString().toStdString();
    EXPECT_TRUE(generated->certificatePem.startsWith("-----BEGIN CERTIFICATE-----\n"));
    const auto written = write(*generated);

    const QByteArray text = opensslX509(*written, {QStringLiteral("-text")});
    EXPECT_TRUE(text.contains("Version: 3 (0x2)")) << text.constData();
    EXPECT_TRUE(text.contains("Subject: CN = localhost"));
    EXPECT_TRUE(text.contains("Issuer: CN = localhost"));
    EXPECT_TRUE(text.contains("DNS:localhost, IP Address:127.0.0.1"));
    EXPECT_TRUE(text.contains("CA:FALSE"));
    EXPECT_TRUE(text.contains("X509v3 Key Usage: critical\n                Digital Signature\n"));
    EXPECT_TRUE(text.contains("TLS Web Server Authentication"));
    EXPECT_TRUE(text.contains("ecdsa-with-SHA256"));
    EXPECT_TRUE(text.contains("NIST CURVE: P-256"));

    const QJsonObject facts = inspect(*written);
    EXPECT_EQ(facts.value(QStringLiteral("version")).toString(), QStringLiteral("v3"));
    EXPECT_FALSE(facts.value(QStringLiteral("ca")).toBool());
    EXPECT_TRUE(facts.value(QStringLiteral("bcCritical")).toBool());
    EXPECT_TRUE(facts.value(QStringLiteral("kuCritical")).toBool());
    EXPECT_TRUE(facts.value(QStringLiteral("digitalSignature")).toBool());
    EXPECT_FALSE(facts.value(QStringLiteral("keyEncipherment")).toBool());
    EXPECT_FALSE(facts.value(QStringLiteral("keyCertSign")).toBool());
    EXPECT_TRUE(facts.value(QStringLiteral("serverAuth")).toBool());
    EXPECT_EQ(facts.value(QStringLiteral("ekuCount")).toInt(), 1);
    EXPECT_TRUE(facts.value(QStringLiteral("ski")).toBool());
    EXPECT_EQ(facts.value(QStringLiteral("hash")).toString(), QStringLiteral("sha256"));
    EXPECT_EQ(facts.value(QStringLiteral("keyBits")).toInt(), 256);
    EXPECT_GT(facts.value(QStringLiteral("serialBits")).toInt(), 100); // random 128-bit
}

TEST(Certificate, ValidityIsTheRequestedDaysFromFiveMinutesAgo) {
    CertificateRequest request;
    request.validDays = 30;
    const auto generated = generateSelfSignedCertificate(request);
    ASSERT_TRUE(generated.ok());
    const auto written = write(*generated);
    const QJsonObject facts = inspect(*written);
    EXPECT_EQ(facts.value(QStringLiteral("validSeconds")).toInteger(), 30 * 86400 + 300);
    const qint64 notBefore = facts.value(QStringLiteral("notBefore")).toInteger();
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    EXPECT_LE(notBefore, now - 290);
    EXPECT_GE(notBefore, now - 360);

    int exitCode = -1;
    opensslX509(*written, {QStringLiteral("-checkend"), QStringLiteral("0")}, &exitCode);
    EXPECT_EQ(exitCode, 0); // valid now
    opensslX509(*written, {QStringLiteral("-checkend"), QString::number(29 * 86400)}, &exitCode);
    EXPECT_EQ(exitCode, 0); // still valid in 29 days
    opensslX509(*written, {QStringLiteral("-checkend"), QString::number(31 * 86400)}, &exitCode);
    EXPECT_EQ(exitCode, 1); // expired in 31 days
}

TEST(Certificate, RsaKeyWithExtraNamesAndAddresses) {
    CertificateRequest request;
    request.dnsNames = {QStringLiteral("gatehouse.example"), QStringLiteral("localhost"),
                        QStringLiteral("*.tenants.example")};
    request.ipAddresses = {QStringLiteral("127.0.0.1"), QStringLiteral("::1"),
                           QStringLiteral("10.1.2.3")};
    request.keyType = CertificateKeyType::Rsa2048;
    const auto generated = generateSelfSignedCertificate(request);
    ASSERT_TRUE(generated.ok()) << generated.error().toString().toStdString();
    const auto written = write(*generated);
    const QJsonObject facts = inspect(*written);
    EXPECT_EQ(facts.value(QStringLiteral("subject")).toString(),
              QStringLiteral("CN=gatehouse.example"));
    EXPECT_EQ(facts.value(QStringLiteral("dns")).toArray(),
              QJsonArray({QStringLiteral("gatehouse.example"), QStringLiteral("localhost"),
                          QStringLiteral("*.tenants.example")}));
    EXPECT_EQ(facts.value(QStringLiteral("ips")).toArray(),
              QJsonArray({QStringLiteral("127.0.0.1"), QStringLiteral("::1"),
                          QStringLiteral("10.1.2.3")}));
    EXPECT_TRUE(facts.value(QStringLiteral("keyEncipherment")).toBool());
    EXPECT_EQ(facts.value(QStringLiteral("keyBits")).toInt(), 2048);
    EXPECT_TRUE(
        opensslX509(*written, {QStringLiteral("-text")}).contains("sha256WithRSAEncryption"));
    EXPECT_TRUE(KeyPair::fromPrivatePem(generated->privateKeyPem, SigningAlgorithm::RS256).ok());
}

TEST(Certificate, KeyAndFingerprintMatchTheCertificate) {
    const auto generated = generateSelfSignedCertificate({});
    ASSERT_TRUE(generated.ok());
    const auto written = write(*generated);
    const QByteArray fingerprint =
        opensslX509(*written, {QStringLiteral("-fingerprint"), QStringLiteral("-sha256")});
    EXPECT_EQ(fingerprint.trimmed(), "sha256 Fingerprint=" + generated->sha256Fingerprint);
    EXPECT_EQ(generated->sha256Fingerprint.size(), 32 * 3 - 1);

    const auto key = KeyPair::fromPrivatePem(generated->privateKeyPem, SigningAlgorithm::ES256);
    ASSERT_TRUE(key.ok());
    EXPECT_EQ(opensslX509(*written, {QStringLiteral("-pubkey")}), key->publicPem());
}

TEST(Certificate, SerialsAreRandom) {
    const auto a = write(*generateSelfSignedCertificate({}));
    const auto b = write(*generateSelfSignedCertificate({}));
    EXPECT_NE(opensslX509(*a, {QStringLiteral("-serial")}),
              opensslX509(*b, {QStringLiteral("-serial")}));
}

TEST(Certificate, RejectsInvalidRequests) {
    CertificateRequest request;
    request.dnsNames = {QStringLiteral("localhost,DNS:evil.test")};
    expectRejected(request, "SAN injection");
    request.dnsNames = {QStringLiteral("bad name")};
    expectRejected(request, "space");
    request.dnsNames = {QStringLiteral("-leading.example")};
    expectRejected(request, "leading hyphen");
    request.dnsNames = {QStringLiteral("")};
    expectRejected(request, "empty name");
    request.dnsNames = {QString(300, QLatin1Char('a'))};
    expectRejected(request, "too long");
    request.dnsNames = {QStringLiteral("localhost")};
    request.ipAddresses = {QStringLiteral("999.1.1.1")};
    expectRejected(request, "bad IPv4");
    request.ipAddresses = {QStringLiteral("localhost")};
    expectRejected(request, "name as IP");
    request.ipAddresses = {};
    request.dnsNames = {};
    expectRejected(request, "no names");
    request = {};
    for (const int days : {0, -1, 3651}) {
        request.validDays = days;
        expectRejected(request, "validity");
    }
}

TEST(Certificate, AnIpOnlyCertificateUsesTheIpAsCommonName) {
    CertificateRequest request;
    request.dnsNames = {};
    request.ipAddresses = {QStringLiteral("192.0.2.7")};
    const auto generated = generateSelfSignedCertificate(request);
    ASSERT_TRUE(generated.ok());
    const auto written = write(*generated);
    EXPECT_EQ(inspect(*written).value(QStringLiteral("subject")).toString(),
              QStringLiteral("CN=192.0.2.7"));
}
