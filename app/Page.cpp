#include "app/Page.h"

#include "widgets/MessageBar.h"

namespace gatehouse::app {

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

} // namespace gatehouse::app
