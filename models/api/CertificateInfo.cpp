#include "models/api/CertificateInfo.h"

#include <QCryptographicHash>
#include <QStringList>

namespace gatehouse::client {

namespace {

QString name(const QSslCertificate& certificate, bool issuer) {
    const QStringList common = issuer ? certificate.issuerInfo(QSslCertificate::CommonName)
                                      : certificate.subjectInfo(QSslCertificate::CommonName);
    if (!common.isEmpty())
        return common.join(QLatin1String(", "));
    return issuer ? certificate.issuerDisplayName() : certificate.subjectDisplayName();
}

} // namespace

QString CertificateInfo::fingerprintOf(const QSslCertificate& certificate) {
    if (certificate.isNull())
        return {};
    const QByteArray hex = certificate.digest(QCryptographicHash::Sha256).toHex().toUpper();
    QStringList pairs;
    for (qsizetype i = 0; i + 1 < hex.size(); i += 2)
        pairs.append(QString::fromLatin1(hex.mid(i, 2)));
    return pairs.join(QLatin1Char(':'));
}

CertificateInfo CertificateInfo::of(const QSslCertificate& certificate) {
    CertificateInfo info;
    if (certificate.isNull())
        return info;
    info.sha256 = fingerprintOf(certificate);
    info.subject = name(certificate, false);
    info.issuer = name(certificate, true);
    info.expires = certificate.expiryDate();
    // Self-issued (subject = issuer) counts: Qt's isSelfSigned() also wants keyCertSign, which
    // a server certificate like gatehoused's does not have.
    info.selfSigned = certificate.isSelfSigned() ||
                      (!certificate.issuerDisplayName().isEmpty() &&
                       certificate.issuerDisplayName() == certificate.subjectDisplayName());
    return info;
}

} // namespace gatehouse::client
