#pragma once

#include "models/connections/ConnectionRecord.h"

#include <QWidget>

class QLabel;
class QLineEdit;

namespace gatehouse::app {

// An upstream OpenID Connect provider: its issuer (and discovery URL when it is not the
// issuer's well-known one), the client Gatehouse is registered as there (id and secret), the
// scopes asked, and the name on the login button. The secret is write-only: the field stays
// empty and says so; typing one replaces the stored secret.
class OidcOptionsForm final : public QWidget {
    Q_OBJECT

public:
    explicit OidcOptionsForm(QWidget* parent = nullptr);

    // `existing`: a saved connection, whose secret the server keeps and never shows.
    void setOptions(const client::OidcOptions& options, bool existing);
    [[nodiscard]] client::OidcOptions options() const;
    [[nodiscard]] bool isModified() const;
    // The first thing to correct, or empty.
    [[nodiscard]] QString problem() const;
    void setEditable(bool editable);

    [[nodiscard]] QLineEdit* issuerEdit() const { return m_issuer; }
    [[nodiscard]] QLineEdit* discoveryEdit() const { return m_discovery; }
    [[nodiscard]] QLineEdit* clientIdEdit() const { return m_clientId; }
    [[nodiscard]] QLineEdit* secretEdit() const { return m_secret; }
    [[nodiscard]] QLineEdit* scopesEdit() const { return m_scopes; }
    [[nodiscard]] QLineEdit* displayNameEdit() const { return m_displayName; }

Q_SIGNALS:
    void changed();

private:
    [[nodiscard]] QStringList scopes() const;
    void check();

    client::OidcOptions m_saved;
    QLineEdit* m_issuer;
    QLineEdit* m_discovery;
    QLineEdit* m_clientId;
    QLineEdit* m_secret;
    QLineEdit* m_scopes;
    QLineEdit* m_displayName;
    QLabel* m_problem;
};

} // namespace gatehouse::app
