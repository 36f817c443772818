#pragma once

#include <QDateTime>
#include <QSslCertificate>
#include <QString>

namespace gatehouse::client {

// What a person needs to decide whether to trust a server's certificate the system does not
// trust: its SHA-256 fingerprint (compared with what `gatehoused` printed or an administrator
// read out), who it names and until when it is valid.
struct CertificateInfo {
    QString sha256;  // "AB:CD:…", 32 bytes in upper-case hex pairs
    QString subject; // common name, or the whole subject
    QString issuer;
    QDateTime expires;
    bool selfSigned = false;

    [[nodiscard]] static CertificateInfo of(const QSslCertificate& certificate);
    [[nodiscard]] static QString fingerprintOf(const QSslCertificate& certificate);
    [[nodiscard]] bool isNull() const { return sha256.isEmpty(); }
};

} // namespace gatehouse::client
