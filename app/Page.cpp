#include "app/Page.h"

#include "widgets/MessageBar.h"

#include <QMessageBox>

namespace gatehouse::app {

using namespace Qt::StringLiterals;

bool ActionContext::allows(const QString& resource, client::Permissions::Action action) const {
    if (!signedIn || permissions == nullptr || tenant.isEmpty())
        return false;
    if (readOnly && action != client::Permissions::Action::Read)
        return false;
    return permissions->allows(tenant, resource, action);
}

Page::Page(client::Session& session, QWidget* parent)
    : QWidget(parent)
    , m_session(session)
    , m_messageBar(new widgets::MessageBar(this)) {}

void Page::setReadOnly(bool readOnly) {
    if (readOnly == m_readOnly)
        return;
    m_readOnly = readOnly;
    applyReadOnly(readOnly);
    Q_EMIT readOnlyChanged(readOnly);
}

bool Page::askToDiscardChanges(QWidget* parent, const QStringList& items) {
    QMessageBox box(QMessageBox::Question, tr("Unsaved Changes"), {},
                    QMessageBox::Discard | QMessageBox::Cancel, parent);
    box.setDefaultButton(QMessageBox::Cancel);
    if (items.size() == 1) {
        box.setText(tr("Discard the changes to %1?").arg(items.first()));
    } else {
        box.setText(tr("Discard these unsaved changes?"));
        box.setInformativeText(bulletList(items));
    }
    return box.exec() == QMessageBox::Discard;
}

QString Page::bulletList(const QStringList& items) {
    return u"• "_s + items.join(u"\n• "_s);
}

} // namespace gatehouse::app
