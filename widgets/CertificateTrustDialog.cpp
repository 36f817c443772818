#include "widgets/CertificateTrustDialog.h"

#include "widgets/Icons.h"

#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QVBoxLayout>

namespace gatehouse::widgets {

CertificateTrustDialog::CertificateTrustDialog(const QString& server,
                                               const client::CertificateInfo& certificate,
                                               QWidget* parent)
    : QDialog(parent) {
    setWindowTitle(tr("Untrusted certificate"));
    auto* warning = new QLabel(
        tr("<b>This system does not trust the certificate of %1.</b><br>"
           "Anyone between you and the server could present their own. Trust it only if its "
           "fingerprint is exactly the one your server shows (<code>gatehoused</code> prints it "
           "when it creates its certificate).")
            .arg(server.toHtmlEscaped()),
        this);
    warning->setWordWrap(true);
    auto* fingerprint = new QLabel(certificate.sha256, this);
    fingerprint->setObjectName(QStringLiteral("fingerprint"));
    fingerprint->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    fingerprint->setTextInteractionFlags(Qt::TextSelectableByMouse);
    fingerprint->setWordWrap(true);
    auto* details = new QFormLayout;
    details->addRow(tr("SHA-256 fingerprint:"), fingerprint);
    details->addRow(tr("Issued to:"), new QLabel(certificate.subject, this));
    details->addRow(tr("Issued by:"),
                    new QLabel(certificate.selfSigned
                                   ? tr("%1 (self-signed)").arg(certificate.issuer)
                                   : certificate.issuer,
                               this));
    details->addRow(
        tr("Valid until:"),
        new QLabel(QLocale().toString(certificate.expires.toLocalTime(), QLocale::LongFormat),
                   this));
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_trust = buttons->addButton(tr("Trust this certificate"), QDialogButtonBox::AcceptRole);
    m_trust->setAutoDefault(false);
    buttons->button(QDialogButtonBox::Cancel)->setDefault(true);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* header = new QLabel(this);
    header->setPixmap(icon(QStringLiteral("warning")).pixmap(32, 32));
    auto* top = new QHBoxLayout;
    top->addWidget(header, 0, Qt::AlignTop);
    top->addWidget(warning, 1);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addLayout(details);
    layout->addWidget(buttons);
    setMinimumWidth(520);
}

} // namespace gatehouse::widgets
