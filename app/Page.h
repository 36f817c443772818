#pragma once

#include "models/session/Permissions.h"

#include <QWidget>

namespace gatehouse::client {
class Session;
}
namespace gatehouse::widgets {
class MessageBar;
}

namespace gatehouse::app {

// What every action's enabled state depends on; MainWindow::refreshActionState() builds it once
// and hands it to each page (STYLE.md: one place per window decides).
struct ActionContext {
    bool signedIn = false;
    bool readOnly = false; // the secondary datacenter serves: no configuration writes
    QString tenant;        // the current tenant
    const client::Permissions* permissions = nullptr;

    // May the signed-in person do `action` on `resource` in the current tenant, right now?
    [[nodiscard]] bool allows(const QString& resource, client::Permissions::Action action) const;
};

// One area of the dashboard (Tenants, Applications, …) in the main window's stack. A page reads
// and writes through the Session and its models, shows what failed in its MessageBar, and sets
// its actions' enabled state only in refreshActionState(). readOnly cascades to its editors
// (KeePassXC), and every slot that writes returns early while it is set.
class Page : public QWidget {
    Q_OBJECT
    Q_PROPERTY(bool readOnly READ isReadOnly WRITE setReadOnly NOTIFY readOnlyChanged)

public:
    Page(client::Session& session, QWidget* parent = nullptr);

    [[nodiscard]] virtual QString title() const = 0;
    [[nodiscard]] virtual QString iconName() const = 0;
    // The page became visible, or the tenant changed: load what is not loaded yet.
    virtual void activate() {}
    // F5: load everything again.
    virtual void reload() {}
    virtual void refreshActionState(const ActionContext& context) = 0;

    [[nodiscard]] bool isReadOnly() const { return m_readOnly; }
    void setReadOnly(bool readOnly);
    [[nodiscard]] widgets::MessageBar* messageBar() const { return m_messageBar; }

Q_SIGNALS:
    void readOnlyChanged(bool readOnly);
    // Something changed that other pages or the window show (a tenant created, …).
    void actionStateChanged();

protected:
    [[nodiscard]] client::Session& session() const { return m_session; }
    // Editors that readOnly switches (line edits, checkboxes, the JSON editor, …).
    virtual void applyReadOnly(bool readOnly) { Q_UNUSED(readOnly) }

private:
    client::Session& m_session;
    widgets::MessageBar* m_messageBar;
    bool m_readOnly = false;
};

} // namespace gatehouse::app
