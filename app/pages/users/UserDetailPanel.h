#pragma once

#include "models/users/UserRecord.h"

#include <QWidget>

class QCheckBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPushButton;
class QStackedWidget;
class QTabWidget;
class QTreeWidget;

namespace gatehouse::widgets {
class JsonEditor;
}

namespace gatehouse::app {

// The selected user beside the list: the profile in a form, user_metadata and app_metadata as
// JSON, and the attack-protection blocks. It holds the user as the server last sent it and
// tells what the form changes (edited(), isModified(), problem()); the Users page decides what
// is enabled and does the saving.
class UserDetailPanel final : public QWidget {
    Q_OBJECT

public:
    explicit UserDetailPanel(QWidget* parent = nullptr);

    // Narrow beside the list, which gets what the window has to spare.
    [[nodiscard]] QSize sizeHint() const override;

    // Shows `user` with its form reset; a record without an id shows the placeholder.
    void showUser(const client::UserRecord& user);
    // The server's newer version of the shown user, keeping what the person has edited.
    void updateUser(const client::UserRecord& latest);
    [[nodiscard]] const client::UserRecord& user() const { return m_user; }
    [[nodiscard]] bool hasUser() const { return !m_user.userId.isEmpty(); }
    // The shown user with the form's values.
    [[nodiscard]] client::UserRecord edited() const;
    [[nodiscard]] bool isModified() const;
    // Why the form cannot be saved as it is (an address without '@', JSON that does not
    // parse, …); empty when it can.
    [[nodiscard]] QString problem() const;

    // Editors read-only; `why` says so above the form.
    void setReadOnly(bool readOnly, const QString& why = {});
    void setStatus(const QString& text);

    void showBlocksLoading();
    void showBlocks(const QList<client::UserBlock>& blocks);
    void showBlocksError(const QString& message);
    [[nodiscard]] bool hasBlocks() const { return m_blockCount > 0; }

    [[nodiscard]] QLineEdit* emailEdit() const { return m_email; }
    [[nodiscard]] QCheckBox* verifiedBox() const { return m_verified; }
    [[nodiscard]] QLineEdit* usernameEdit() const { return m_username; }
    [[nodiscard]] QLineEdit* nameEdit() const { return m_name; }
    [[nodiscard]] QLineEdit* givenNameEdit() const { return m_givenName; }
    [[nodiscard]] QLineEdit* familyNameEdit() const { return m_familyName; }
    [[nodiscard]] QLineEdit* nicknameEdit() const { return m_nickname; }
    [[nodiscard]] QLineEdit* pictureEdit() const { return m_picture; }
    [[nodiscard]] QCheckBox* blockedBox() const { return m_blocked; }
    [[nodiscard]] widgets::JsonEditor* userMetadataEditor() const { return m_userMetadata; }
    [[nodiscard]] widgets::JsonEditor* appMetadataEditor() const { return m_appMetadata; }
    [[nodiscard]] QTabWidget* tabs() const { return m_tabs; }
    [[nodiscard]] QTreeWidget* blocksView() const { return m_blocks; }
    [[nodiscard]] QPushButton* saveButton() const { return m_save; }
    [[nodiscard]] QPushButton* revertButton() const { return m_revert; }
    [[nodiscard]] QPushButton* removeBlocksButton() const { return m_removeBlocks; }

Q_SIGNALS:
    // The form or the blocks changed: what may be saved or removed changed too.
    void formChanged();
    void saveRequested();
    void removeBlocksRequested();

private:
    void buildLayout();
    void connectEditors();
    QWidget* buildProfileTab();
    QWidget* buildFactsBox();
    QWidget* buildMetadataTab();
    QWidget* buildBlocksTab();
    void fill(const client::UserRecord& user, bool keepMetadataEdits);
    void updateProblem();
    void showProblem();

    client::UserRecord m_user;
    int m_blockCount = 0;
    QStackedWidget* m_stack;
    QLabel* m_title;
    QLabel* m_subtitle;
    QLabel* m_readOnlyNote;
    QTabWidget* m_tabs;
    QLineEdit* m_email;
    QCheckBox* m_verified;
    QLineEdit* m_username;
    QLineEdit* m_name;
    QLineEdit* m_givenName;
    QLineEdit* m_familyName;
    QLineEdit* m_nickname;
    QLineEdit* m_picture;
    QCheckBox* m_blocked;
    QLabel* m_connection;
    QLabel* m_created;
    QLabel* m_updated;
    QLabel* m_lastLogin;
    QLabel* m_lastIp;
    QLabel* m_logins;
    widgets::JsonEditor* m_userMetadata;
    widgets::JsonEditor* m_appMetadata;
    QTreeWidget* m_blocks;
    QLabel* m_blocksStatus;
    QPushButton* m_removeBlocks;
    QLabel* m_problem;
    QLabel* m_status;
    QPushButton* m_revert;
    QPushButton* m_save;
};

} // namespace gatehouse::app
