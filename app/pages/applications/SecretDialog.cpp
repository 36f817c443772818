#include "app/pages/applications/SecretDialog.h"

#include "widgets/Icons.h"

#include <QApplication>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace gatehouse::app {

using namespace Qt::StringLiterals;

SecretDialog::SecretDialog(const QString& applicationName, const QString& secret, QWidget* parent)
    : QDialog(parent)
    , m_secret(new QLineEdit(secret, this))
    , m_copy(new QPushButton(widgets::icon(u"copy"_s), tr("&Copy"), this)) {
    setObjectName(u"secretDialog"_s);
    setWindowTitle(tr("New Client Secret"));
    auto* icon = new QLabel(this);
    icon->setPixmap(widgets::icon(u"key"_s).pixmap(32, 32));
    auto* text = new QLabel(
        tr("<b>The new secret of “%1”</b><br>Copy it now and give it to the services that "
           "use this application. The server keeps only a hash of it: it is shown here once, "
           "and this dashboard forgets it when you sign out.")
            .arg(applicationName.toHtmlEscaped()),
        this);
    text->setWordWrap(true);
    m_secret->setObjectName(u"secret"_s);
    m_secret->setReadOnly(true);
    m_secret->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_secret->setMinimumWidth(m_secret->fontMetrics().horizontalAdvance(secret) + 16);
    m_copy->setObjectName(u"copySecret"_s);
    auto* label = new QLabel(tr("Client &secret:"), this);
    label->setBuddy(m_secret);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);

    auto* header = new QHBoxLayout;
    header->addWidget(icon, 0, Qt::AlignTop);
    header->addWidget(text, 1);
    auto* row = new QHBoxLayout;
    row->addWidget(m_secret, 1);
    row->addWidget(m_copy);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(header);
    layout->addSpacing(6);
    layout->addWidget(label);
    layout->addLayout(row);
    layout->addWidget(buttons);
    setMinimumWidth(520);

    connect(m_copy, &QPushButton::clicked, this, [this] {
        QApplication::clipboard()->setText(m_secret->text());
        m_copy->setText(tr("Copied"));
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    m_secret->selectAll();
}

} // namespace gatehouse::app
