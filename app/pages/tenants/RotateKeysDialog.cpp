#include "app/pages/tenants/RotateKeysDialog.h"

#include "widgets/Icons.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace gatehouse::app {

using namespace Qt::StringLiterals;

RotateKeysDialog::RotateKeysDialog(const QString& tenant, QAbstractItemModel& keys, QWidget* parent)
    : QDialog(parent)
    , m_view(new QTableView(this)) {
    setObjectName(u"rotateKeysDialog"_s);
    setWindowTitle(tr("Rotate Signing Keys"));
    auto* icon = new QLabel(this);
    icon->setPixmap(widgets::icon(u"key"_s).pixmap(32, 32));
    auto* text = new QLabel(
        tr("<p><b>Rotate the signing keys of %1?</b></p>"
           "<p>The next key (already published) starts signing tokens. The current key becomes "
           "the previous one: it signs nothing more but stays published until every token it "
           "signed has expired. A new next key is made.</p>")
            .arg(tenant.toHtmlEscaped()),
        this);
    text->setWordWrap(true);
    auto* top = new QHBoxLayout;
    top->addWidget(icon, 0, Qt::AlignTop);
    top->addWidget(text, 1);

    m_view->setObjectName(u"signingKeys"_s);
    m_view->setModel(&keys);
    m_view->setSelectionMode(QAbstractItemView::NoSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setAlternatingRowColors(true);
    m_view->setTextElideMode(Qt::ElideMiddle);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->resizeColumnsToContents();
    m_view->setColumnWidth(1, qMin(m_view->columnWidth(1), 230)); // the kid, elided in the middle
    auto* keysLabel = new QLabel(tr("&Keys now:"), this);
    keysLabel->setBuddy(m_view);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_rotate = buttons->addButton(tr("Rotate Keys"), QDialogButtonBox::AcceptRole);
    m_rotate->setObjectName(u"rotateButton"_s);
    m_rotate->setAutoDefault(false);
    buttons->button(QDialogButtonBox::Cancel)->setDefault(true);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(keysLabel);
    layout->addWidget(m_view, 1);
    layout->addWidget(buttons);
    resize(820, 360);
}

} // namespace gatehouse::app
