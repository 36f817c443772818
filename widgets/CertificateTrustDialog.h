#pragma once

#include "models/api/CertificateInfo.h"

#include <QDialog>

class QPushButton;

namespace gatehouse::widgets {

// SECURITY.md "Dashboard": a certificate the system does not trust is shown with its SHA-256
// fingerprint, and pinned only when the person explicitly chooses "Trust this certificate"
// after comparing it with the fingerprint the server's administrator has (gatehoused prints it
// at init). Cancel is the default button, so Enter does not trust anything.
class CertificateTrustDialog final : public QDialog {
    Q_OBJECT

public:
    CertificateTrustDialog(const QString& server, const client::CertificateInfo& certificate,
                           QWidget* parent = nullptr);

    [[nodiscard]] QPushButton* trustButton() const { return m_trust; }

private:
    QPushButton* m_trust;
};

} // namespace gatehouse::widgets
