#pragma once

#include "models/connections/ConnectionRecord.h"

#include <QWidget>

class QCheckBox;
class QSpinBox;

namespace gatehouse::app {

// A database connection's own options: whether people may sign up, whether a username is
// required besides the e-mail address, and the password policy's minimum length (the server
// also refuses common passwords and the user's own identifiers, always).
class DatabaseOptionsForm final : public QWidget {
    Q_OBJECT

public:
    explicit DatabaseOptionsForm(QWidget* parent = nullptr);

    void setOptions(const client::DatabaseOptions& options);
    [[nodiscard]] client::DatabaseOptions options() const;
    [[nodiscard]] bool isModified() const;
    void setEditable(bool editable);

    [[nodiscard]] QCheckBox* signupBox() const { return m_signup; }
    [[nodiscard]] QCheckBox* usernameBox() const { return m_username; }
    [[nodiscard]] QSpinBox* minLengthBox() const { return m_minLength; }

Q_SIGNALS:
    void changed();

private:
    client::DatabaseOptions m_saved;
    QCheckBox* m_signup;
    QCheckBox* m_username;
    QSpinBox* m_minLength;
};

} // namespace gatehouse::app
