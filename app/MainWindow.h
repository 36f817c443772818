#pragma once

#include "app/Page.h"

#include <QList>
#include <QMainWindow>
#include <QStringList>

class QAction;
class QComboBox;
class QLabel;
class QListWidget;
class QStackedWidget;

namespace gatehouse::client {
struct CertificateInfo;
}
namespace gatehouse::widgets {
class MessageBar;
}

namespace gatehouse::app {

class ConnectPage;
class Dashboard;

// The dashboard's window: navigation on the left (Tenants, Applications, APIs, Connections,
// Users, Local server), the current page in the middle, the tenant switcher and sign-out in the
// toolbar, and the server, its datacenter role and the connection state in the status bar.
// refreshActionState() is the one place that decides what is enabled (STYLE.md).
class MainWindow final : public QMainWindow {
    Q_OBJECT

public:
    explicit MainWindow(Dashboard& dashboard, QWidget* parent = nullptr);
    ~MainWindow() override;

    void refreshActionState();
    void showPage(int index);
    [[nodiscard]] const QList<Page*>& pages() const { return m_pages; }
    [[nodiscard]] Page* page(const QString& objectName) const;
    [[nodiscard]] ConnectPage* connectPage() const { return m_connect; }
    [[nodiscard]] QListWidget* navigation() const { return m_navigation; }
    [[nodiscard]] QComboBox* tenantSwitcher() const { return m_tenants; }
    [[nodiscard]] widgets::MessageBar* banner() const { return m_banner; }
    [[nodiscard]] QLabel* connectionLabel() const { return m_connectionLabel; }
    [[nodiscard]] QAction* refreshAction() const { return m_refresh; }
    [[nodiscard]] QAction* signOutAction() const { return m_signOut; }
    [[nodiscard]] QAction* connectAction() const { return m_connectAction; }
    // Shows the About dialog (Help > About).
    void showAbout();

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void addPage(Page* page);
    void buildMenus();
    void buildStatusBar();
    void updateTenants();
    void updateStatus();
    void askAboutCertificate(const client::CertificateInfo& certificate);
    void switchTenant(int index);
    // Before something drops what `pages` hold unsaved: asks once whether to discard it (and
    // then discards it). False when the person keeps it: nothing may change then.
    [[nodiscard]] bool mayDropUnsavedChanges(const QList<Page*>& pages);
    [[nodiscard]] static QList<Page*> pagesWithUnsavedChanges(const QList<Page*>& pages);
    // How a question names the unsaved edit of each page.
    [[nodiscard]] static QStringList describeUnsavedChanges(const QList<Page*>& edited);
    // Before the window closes while changes are on their way to the server: the first close
    // waits for their answers (and closes then), a second one asks whether to stop waiting and
    // give up every unsaved edit. True when the person chose to close anyway.
    [[nodiscard]] bool mayCutOffChangesInFlight();
    [[nodiscard]] Page* currentPage() const;
    [[nodiscard]] ActionContext actionContext() const;

    Dashboard& m_dashboard;
    QListWidget* m_navigation;
    QStackedWidget* m_stack;
    ConnectPage* m_connect;
    widgets::MessageBar* m_banner;
    QComboBox* m_tenants;
    QList<Page*> m_pages;
    QAction* m_refresh = nullptr;
    QAction* m_signOut = nullptr;
    QAction* m_connectAction = nullptr;
    QLabel* m_serverLabel;
    QLabel* m_roleLabel;
    QLabel* m_connectionLabel;
    QLabel* m_identityLabel;
    bool m_askingAboutCertificate = false;
    bool m_closeWhenChangesAnswered = false;
};

} // namespace gatehouse::app
