#include "crypto/Certificate.h"

#include "crypto/OpenSsl.h"
#include "crypto/Random.h"

#include <QRegularExpression>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

namespace gatehouse::crypto {

namespace {

constexpr int kMaxValidDays = 3650;
constexpr int kClockSkewSeconds = 5 * 60;
constexpr int kMaxCommonNameLength = 64; // ub-common-name, RFC 5280 Appendix A

using namespace detail;
using GeneralNamesPtr = std::unique_ptr<GENERAL_NAMES, Deleter<GENERAL_NAMES_free>>;
using GeneralNamePtr = std::unique_ptr<GENERAL_NAME, Deleter<GENERAL_NAME_free>>;
using ExtensionPtr = std::unique_ptr<X509_EXTENSION, Deleter<X509_EXTENSION_free>>;

Error invalidRequest(QString message) {
    return Error::badRequest(QByteArrayLiteral("invalid_request"), std::move(message));
}

bool isHostName(const QString& name) {
    static const QRegularExpression pattern(
        QStringLiteral("^(\\*\\.)?([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)*"
                       "[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$"));
    return name.size() <= 253 && pattern.match(name).hasMatch();
}

Result<void> validate(const CertificateRequest& request) {
    if (request.dnsNames.isEmpty() && request.ipAddresses.isEmpty())
        return invalidRequest(QStringLiteral("a certificate needs at least one name or address"));
    if (request.validDays < 1 || request.validDays > kMaxValidDays)
        return invalidRequest(QStringLiteral("validity must be 1 to %1 days").arg(kMaxValidDays));
    for (const QString& name : request.dnsNames) {
        if (!isHostName(name))
            return invalidRequest(QStringLiteral("\"%1\" is not a DNS name").arg(name));
    }
    return {};
}

// subjectAltName built from values, not from OpenSSL's "DNS:a,IP:b" syntax, so that no name can
// smuggle in another entry.
Result<GeneralNamesPtr> subjectAltNames(const CertificateRequest& request) {
    GeneralNamesPtr names(sk_GENERAL_NAME_new_null());
    for (const QString& dns : request.dnsNames) {
        const QByteArray ascii = dns.toLatin1();
        ASN1_IA5STRING* value = ASN1_IA5STRING_new();
        GeneralNamePtr entry(GENERAL_NAME_new());
        if (!value || !entry || ASN1_STRING_set(value, ascii.constData(), int(ascii.size())) != 1) {
            ASN1_IA5STRING_free(value);
            return openSslFailure(QStringLiteral("building subjectAltName"));
        }
        GENERAL_NAME_set0_value(entry.get(), GEN_DNS, value);
        if (sk_GENERAL_NAME_push(names.get(), entry.get()) == 0)
            return openSslFailure(QStringLiteral("building subjectAltName"));
        (void)entry.release();
    }
    for (const QString& ip : request.ipAddresses) {
        ASN1_OCTET_STRING* address = a2i_IPADDRESS(ip.toLatin1().constData());
        if (!address) {
            return invalidRequest(QStringLiteral("\"%1\" is not an IP address").arg(ip));
        }
        GeneralNamePtr entry(GENERAL_NAME_new());
        if (!entry) {
            ASN1_OCTET_STRING_free(address);
            return openSslFailure(QStringLiteral("building subjectAltName"));
        }
        GENERAL_NAME_set0_value(entry.get(), GEN_IPADD, address);
        if (sk_GENERAL_NAME_push(names.get(), entry.get()) == 0)
            return openSslFailure(QStringLiteral("building subjectAltName"));
        (void)entry.release();
    }
    return names;
}

bool addExtension(X509* certificate, X509V3_CTX* context, int nid, const char* value) {
    const ExtensionPtr extension(X509V3_EXT_conf_nid(nullptr, context, nid, value));
    return extension && X509_add_ext(certificate, extension.get(), -1) == 1;
}

bool setSerialAndValidity(X509* certificate, int validDays) {
    const QByteArray serial = randomBytes(16);
    const BignumPtr number(BN_bin2bn(bytes(serial), int(serial.size()), nullptr));
    if (!number || BN_is_zero(number.get()))
        return false; // a zero serial is not allowed (RFC 5280 §4.1.2.2); 2^-128 odds
    return BN_to_ASN1_INTEGER(number.get(), X509_get_serialNumber(certificate)) != nullptr &&
           X509_gmtime_adj(X509_getm_notBefore(certificate), -kClockSkewSeconds) != nullptr &&
           X509_time_adj_ex(X509_getm_notAfter(certificate), validDays, 0, nullptr) != nullptr;
}

bool setSubject(X509* certificate, const CertificateRequest& request) {
    QString commonName =
        request.dnsNames.isEmpty() ? request.ipAddresses.first() : request.dnsNames.first();
    if (commonName.size() > kMaxCommonNameLength)
        commonName = QStringLiteral("Gatehouse");
    const QByteArray cn = commonName.toUtf8();
    X509_NAME* name = X509_get_subject_name(certificate);
    return X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, bytes(cn), int(cn.size()), -1,
                                      0) == 1 &&
           X509_set_issuer_name(certificate, name) == 1;
}

bool addExtensions(X509* certificate, const CertificateRequest& request, GENERAL_NAMES* names) {
    X509V3_CTX context;
    X509V3_set_ctx_nodb(&context);
    X509V3_set_ctx(&context, certificate, certificate, nullptr, nullptr, 0);
    const char* keyUsage = request.keyType == CertificateKeyType::Rsa2048
                               ? "critical,digitalSignature,keyEncipherment"
                               : "critical,digitalSignature";
    return addExtension(certificate, &context, NID_basic_constraints, "critical,CA:FALSE") &&
           addExtension(certificate, &context, NID_key_usage, keyUsage) &&
           addExtension(certificate, &context, NID_ext_key_usage, "serverAuth") &&
           addExtension(certificate, &context, NID_subject_key_identifier, "hash") &&
           X509_add1_ext_i2d(certificate, NID_subject_alt_name, names, 0, X509V3_ADD_DEFAULT) == 1;
}

QByteArray fingerprint(X509* certificate) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (X509_digest(certificate, EVP_sha256(), digest, &length) != 1)
        return {};
    return QByteArray(reinterpret_cast<const char*>(digest), int(length)).toHex(':').toUpper();
}

QByteArray certificatePem(X509* certificate) {
    const BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_X509(bio.get(), certificate) != 1)
        return {};
    return bioContents(bio.get());
}

} // namespace

Result<CertificateAndKey> generateSelfSignedCertificate(const CertificateRequest& request) {
    const ErrorScope errors;
    if (auto valid = validate(request); !valid)
        return valid.error();
    auto names = subjectAltNames(request);
    if (!names)
        return names.error();
    const EvpPkeyPtr key =
        generateKey(request.keyType == CertificateKeyType::Rsa2048 ? SigningAlgorithm::RS256
                                                                   : SigningAlgorithm::ES256);
    const X509Ptr certificate(X509_new());
    if (!key || !certificate || X509_set_version(certificate.get(), X509_VERSION_3) != 1 ||
        !setSerialAndValidity(certificate.get(), request.validDays) ||
        !setSubject(certificate.get(), request) ||
        X509_set_pubkey(certificate.get(), key.get()) != 1 ||
        !addExtensions(certificate.get(), request, names->get()) ||
        X509_sign(certificate.get(), key.get(), EVP_sha256()) <= 0)
        return openSslFailure(QStringLiteral("creating the certificate"));

    CertificateAndKey result{certificatePem(certificate.get()), privateKeyPem(key.get()),
                             fingerprint(certificate.get())};
    if (result.certificatePem.isEmpty() || result.privateKeyPem.isEmpty() ||
        result.sha256Fingerprint.isEmpty())
        return openSslFailure(QStringLiteral("encoding the certificate"));
    return result;
}

} // namespace gatehouse::crypto
