#pragma once

#include "models/applications/ClientRecord.h"

#include <QMap>
#include <QWidget>

class QCheckBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QStackedWidget;
class QTabWidget;
class QToolButton;
class QTreeView;

namespace gatehouse::client {
class EnabledConnectionsModel;
}
namespace gatehouse::widgets {
class StringListEditor;
}

namespace gatehouse::app {

// The panel beside the applications list: the selected application's settings (name,
// description, callback and logout URLs, web origins, grant types), its credentials (client
// id, the secret when this dashboard received it, rotation) and the connections it may use.
// It shows and collects; ApplicationsPage sends, and decides in refreshActionState() what is
// enabled, through the setters below.
class ApplicationDetail final : public QWidget {
    Q_OBJECT

public:
    ApplicationDetail(client::EnabledConnectionsModel& connections, QWidget* parent = nullptr);

    // Shows `client` as saved (the form loses its edits); an empty id shows the placeholder.
    void showClient(const client::ClientRecord& client);
    [[nodiscard]] const client::ClientRecord& saved() const { return m_saved; }
    // The saved client with the form's values.
    [[nodiscard]] client::ClientRecord edited() const;
    [[nodiscard]] bool isSettingsModified() const;
    [[nodiscard]] bool isModified() const;
    [[nodiscard]] bool isValid() const { return problem().isEmpty(); }
    // The first thing to correct before saving, or empty.
    [[nodiscard]] QString problem() const;

    // The secret of the shown client when this dashboard received it (created or rotated
    // here); empty when only the server's hash exists.
    void setSecret(const QString& secret);
    [[nodiscard]] bool hasSecret() const;
    void setSecretRevealed(bool revealed);
    [[nodiscard]] bool isSecretRevealed() const;

    // The page's decisions (refreshActionState).
    void setEditable(bool editable);
    void setBusy(bool busy, const QString& what = {});

    [[nodiscard]] QTabWidget* tabs() const { return m_tabs; }
    [[nodiscard]] QLineEdit* nameEdit() const { return m_name; }
    [[nodiscard]] QLineEdit* descriptionEdit() const { return m_description; }
    [[nodiscard]] widgets::StringListEditor* callbacksEditor() const { return m_callbacks; }
    [[nodiscard]] widgets::StringListEditor* logoutUrlsEditor() const { return m_logoutUrls; }
    [[nodiscard]] widgets::StringListEditor* webOriginsEditor() const { return m_webOrigins; }
    [[nodiscard]] QCheckBox* grantTypeBox(const QString& code) const;
    [[nodiscard]] QTreeView* connectionsView() const { return m_connections; }
    [[nodiscard]] QLineEdit* secretEdit() const { return m_secret; }
    [[nodiscard]] QPushButton* saveButton() const { return m_save; }
    [[nodiscard]] QPushButton* revertButton() const { return m_revert; }
    [[nodiscard]] QToolButton* cancelButton() const { return m_cancel; }
    [[nodiscard]] QPushButton* revealButton() const { return m_reveal; }
    [[nodiscard]] QPushButton* copySecretButton() const { return m_copySecret; }
    [[nodiscard]] QPushButton* rotateButton() const { return m_rotate; }

Q_SIGNALS:
    // A field changed: the page re-decides what is enabled.
    void changed();
    void saveRequested();
    void revertRequested();
    void cancelRequested();
    void revealRequested();
    void rotateRequested();

private:
    QWidget* buildSettings();
    QWidget* buildCredentials();
    QWidget* buildConnections();
    QWidget* buildHeader();
    [[nodiscard]] QStringList checkedGrantTypes() const;
    void updateGrantBoxes();
    void updateSecretText();

    client::EnabledConnectionsModel& m_connectionsModel;
    client::ClientRecord m_saved;
    QString m_secretValue;
    bool m_editable = false;
    QStackedWidget* m_stack;
    QLabel* m_icon;
    QLabel* m_title;
    QLabel* m_subtitle;
    QTabWidget* m_tabs;
    QLineEdit* m_name;
    QLineEdit* m_description;
    QLabel* m_type;
    widgets::StringListEditor* m_callbacks;
    widgets::StringListEditor* m_logoutUrls;
    widgets::StringListEditor* m_webOrigins;
    QMap<QString, QCheckBox*> m_grants;
    QLabel* m_grantNote;
    QTreeView* m_connections;
    QLineEdit* m_clientId;
    QLabel* m_authMethod;
    QLineEdit* m_secret;
    QPushButton* m_reveal;
    QPushButton* m_copySecret;
    QLabel* m_secretNote;
    QPushButton* m_rotate;
    QLabel* m_busyText;
    QProgressBar* m_busy;
    QToolButton* m_cancel;
    QPushButton* m_revert;
    QPushButton* m_save;
};

} // namespace gatehouse::app
