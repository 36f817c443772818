#pragma once

#include "models/session/Permissions.h"

#include <QStringList>
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
    // Edits in the page's detail panel that are not written yet: the window asks before a tenant
    // switch, a reload, a sign-out or closing would drop them.
    [[nodiscard]] virtual bool hasUnsavedChanges() const { return false; }
    // What those edits change, for the question ("ada@example.com", "the settings of acme").
    [[nodiscard]] virtual QString unsavedItem() const { return {}; }
    // The person chose to drop the edits: the detail panel lets them go (shows nothing).
    virtual void discardChanges() {}
    // A switch of the current tenant shows other data on this page (and drops its edits).
    [[nodiscard]] virtual bool followsCurrentTenant() const { return true; }

    // The one question before unsaved edits go (another row, another tenant, closing, …):
    // Discard or Cancel, Cancel by default. No Save: what is dropped may not be valid yet.
    // `items`: what the edits change, as unsavedItem() says it. True when they may go.
    [[nodiscard]] static bool askToDiscardChanges(QWidget* parent, const QStringList& items);
    // `items` one per line, each after a bullet: how a question lists what it is about.
    [[nodiscard]] static QString bulletList(const QStringList& items);

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
