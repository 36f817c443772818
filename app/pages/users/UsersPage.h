#pragma once

#include "app/ListPage.h"
#include "models/users/UsersModel.h"

namespace gatehouse::app {

// Users
class UsersPage final : public ListPage {
    Q_OBJECT

public:
    explicit UsersPage(client::Session& session, QWidget* parent = nullptr);

    [[nodiscard]] QString title() const override { return tr("Users"); }
    [[nodiscard]] QString iconName() const override { return QStringLiteral("users"); }
    void refreshActionState(const ActionContext& context) override;

private:
    UsersPage(client::Session& session, client::UsersModel* model, QWidget* parent);

    client::UsersModel* m_model;
};

} // namespace gatehouse::app
