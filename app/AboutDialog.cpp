#include "app/AboutDialog.h"

#include "widgets/Icons.h"

#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSslSocket>
#include <QSysInfo>
#include <QVBoxLayout>

namespace gatehouse::app {

AboutDialog::AboutDialog(QWidget* parent)
    : QDialog(parent) {
    setWindowTitle(tr("About Gatehouse"));
    auto* logo = new QLabel(this);
    logo->setPixmap(widgets::icon(QStringLiteral("gatehouse")).pixmap(64, 64));
    auto* text =
        new QLabel(tr("<h3>Gatehouse %1</h3>"
                      "<p>The dashboard of the self-hosted OAuth 2.0 / OpenID Connect server.</p>"
                      "<table>"
                      "<tr><td>Qt</td><td>%2 (built with %3)</td></tr>"
                      "<tr><td>TLS</td><td>%4</td></tr>"
                      "<tr><td>System</td><td>%5</td></tr>"
                      "</table>")
                       .arg(QStringLiteral(GATEHOUSE_VERSION), QString::fromLatin1(qVersion()),
                            QStringLiteral(QT_VERSION_STR), QSslSocket::sslLibraryVersionString(),
                            QSysInfo::prettyProductName()),
                   this);
    text->setObjectName(QStringLiteral("aboutText"));
    text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* top = new QHBoxLayout;
    top->addWidget(logo, 0, Qt::AlignTop);
    top->addWidget(text, 1);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(buttons);
}

} // namespace gatehouse::app
