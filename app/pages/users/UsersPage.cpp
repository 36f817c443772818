#include "app/pages/users/UsersPage.h"

#include "app/pages/users/CreateUserDialog.h"
#include "app/pages/users/UserDetailPanel.h"
#include "models/api/ApiCall.h"
#include "models/users/UserSearch.h"
#include "models/users/UserService.h"
#include "widgets/Icons.h"
#include "widgets/MessageBar.h"

#include <QAction>
#include <QHeaderView>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QToolBar>

namespace gatehouse::app {

using namespace Qt::StringLiterals;
using Action = client::Permissions::Action;

namespace {

const QString kUsers = u"users"_s;

QString quoted(QString value) {
    value.replace(u"\\"_s, u"\\\\"_s).replace(u"\""_s, u"\\\""_s);
    return u'"' + value + u'"';
}

} // namespace

UsersPage::UsersPage(client::Session& session, QWidget* parent)
    : UsersPage(session, new client::UsersModel(session), parent) {}

UsersPage::UsersPage(client::Session& session, client::UsersModel* model, QWidget* parent)
    : ListPage(session, model, parent)
    , m_model(model)
    , m_service(new client::UserService(session, *model, this))
    , m_detail(new UserDetailPanel(this)) {
    setObjectName(QStringLiteral("usersPage"));
    view()->setObjectName(QStringLiteral("usersView"));
    buildActions();
    enableFilter(
        tr("Search: a name, an address or a query such as email_verified:false (Enter)"),
        tr("A name, address or username finds the users whose e-mail address, name, username "
           "or nickname starts with it.\n"
           "Or a query in the server's syntax:\n"
           "  email:jane@example.com    name:\"Jane Doe\"    name:jo*\n"
           "  email_verified:false AND NOT blocked:true\n"
           "  app_metadata.plan:gold    _exists_:last_login\n"
           "  (name:a* OR name:b*) AND connection:Username-Password-Authentication"));
    setDetail(m_detail);
    // The list takes what the window gains; the form keeps the width it needs.
    if (auto* splitter = qobject_cast<QSplitter*>(view()->parentWidget())) {
        splitter->setStretchFactor(0, 1);
        splitter->setStretchFactor(1, 0);
    }
    // The server sorts by e-mail address unless asked otherwise: the header says so.
    view()->sortByColumn(0, Qt::AscendingOrder);

    connect(m_detail, &UserDetailPanel::formChanged, this, &Page::actionStateChanged);
    connect(m_detail, &UserDetailPanel::saveRequested, this, &UsersPage::saveUser);
    connect(m_detail, &UserDetailPanel::removeBlocksRequested, this, &UsersPage::removeBlocks);
    // After ListPage's own handler: a search the server does not understand says so.
    connect(m_model, &client::PagedListModel::errorOccurred, this,
            [this](const client::ApiError& error) {
                if (error.code != "invalid_query"_L1)
                    return;
                messageBar()->showMessage(
                    widgets::MessageBar::Kind::Error,
                    tr("The search is not valid: %1").arg(error.message),
                    tr("Hover over the search field for the syntax. (%1, HTTP %2)")
                        .arg(error.code)
                        .arg(error.httpStatus));
            });
    connect(m_model, &client::PagedListModel::pageLoaded, this, [this] {
        if (m_model->rowCount() <= client::PagedListModel::kPageSize)
            fitColumns();
        if (!m_selectAfterLoad.isEmpty())
            selectId(std::exchange(m_selectAfterLoad, QString()));
    });
    updateEditors();
}

void UsersPage::fitColumns() {
    // After ListPage fitted the columns to the first page: the connection name is long and the
    // same on most rows, and the last column only fills what is left (no horizontal scrolling
    // for a few pixels).
    for (int column = 0; column < m_model->columnCount(); ++column) {
        if (m_model->sortField(column) == "connection"_L1)
            view()->setColumnWidth(column, qMin(view()->columnWidth(column), 130));
    }
    QHeaderView* header = view()->horizontalHeader();
    header->setStretchLastSection(false);
    header->resizeSection(header->count() - 1, header->sectionSizeHint(header->count() - 1));
    header->setStretchLastSection(true);
}

CreateUserDialog* UsersPage::createDialog() const {
    return m_createDialog;
}

QMessageBox* UsersPage::deleteQuestion() const {
    return m_deleteQuestion;
}

void UsersPage::buildActions() {
    m_new = toolBar()->addAction(widgets::icon(u"add"_s), tr("&New User…"));
    m_new->setObjectName(u"newUser"_s);
    m_new->setShortcut(QKeySequence::New);
    m_block = toolBar()->addAction(widgets::icon(u"block"_s), tr("&Block"));
    m_block->setObjectName(u"blockUser"_s);
    m_block->setToolTip(tr("Block the selected user: they cannot log in until unblocked"));
    m_unblock = toolBar()->addAction(widgets::icon(u"unlock"_s), tr("&Unblock"));
    m_unblock->setObjectName(u"unblockUser"_s);
    toolBar()->addSeparator();
    m_delete = toolBar()->addAction(widgets::icon(u"remove"_s), tr("&Delete…"));
    m_delete->setObjectName(u"deleteUser"_s);
    m_delete->setShortcut(QKeySequence::Delete);
    connect(m_new, &QAction::triggered, this, &UsersPage::createUser);
    connect(m_block, &QAction::triggered, this, [this] { setBlocked(true); });
    connect(m_unblock, &QAction::triggered, this, [this] { setBlocked(false); });
    connect(m_delete, &QAction::triggered, this, &UsersPage::askToDelete);
}

void UsersPage::refreshActionState(const ActionContext& context) {
    setEnabled(context.allows(kUsers, Action::Read));
    m_canCreate = context.allows(kUsers, Action::Create);
    m_canUpdate = context.allows(kUsers, Action::Update);
    m_canDelete = context.allows(kUsers, Action::Delete);
    const bool idle = !isBusy();
    const bool selected = m_detail->hasUser();
    const bool blocked = selected && m_detail->user().blocked;
    const bool modified = m_detail->isModified();
    m_new->setEnabled(m_canCreate && idle);
    m_block->setVisible(!blocked);
    m_block->setEnabled(m_canUpdate && selected && !blocked && idle);
    m_unblock->setVisible(blocked);
    m_unblock->setEnabled(m_canUpdate && blocked && idle);
    m_delete->setEnabled(m_canDelete && selected && idle);
    m_detail->saveButton()->setEnabled(m_canUpdate && modified && idle &&
                                       m_detail->problem().isEmpty());
    m_detail->revertButton()->setEnabled(modified && idle);
    m_detail->removeBlocksButton()->setEnabled(m_canUpdate && m_detail->hasBlocks() && idle);
    updateEditors();
}

bool UsersPage::hasUnsavedChanges() const {
    return m_detail->isModified();
}

QString UsersPage::unsavedItem() const {
    const client::UserRecord& edited = m_detail->user();
    return edited.email.isEmpty() ? edited.userId : edited.email;
}

void UsersPage::applyReadOnly(bool readOnly) {
    Q_UNUSED(readOnly)
    updateEditors();
}

void UsersPage::updateEditors() {
    QString why;
    if (isReadOnly())
        why = tr("Read-only: the secondary datacenter is serving.");
    else if (!m_canUpdate)
        why = tr("Read-only: your role may view users but not change them.");
    m_detail->setReadOnly(!mayUpdate(), why);
}

void UsersPage::filterSubmitted(const QString& text) {
    messageBar()->hide();
    const QString query = client::userSearchQuery(text);
    if (query == m_model->search())
        m_model->reload(); // Enter again: search again (after an error, or for news)
    else
        m_model->setSearch(query);
}

void UsersPage::selectionChanged(const QString& id) {
    const QString editedId = m_detail->user().userId;
    if (id == editedId)
        return;
    // Edits unsaved in the panel go only if the person says so.
    if (!id.isEmpty() && hasUnsavedChanges() && !confirmDiscard(editedId))
        return;
    if (m_blocksCall)
        m_blocksCall->cancel();
    if (id.isEmpty()) {
        m_detail->showUser({});
        return;
    }
    m_detail->showUser(m_model->recordAt(view()->selectionModel()->currentIndex().row()));
    loadBlocks(id);
}

void UsersPage::loadBlocks(const QString& userId) {
    m_detail->showBlocksLoading();
    client::ApiCall* call = m_service->loadBlocks(userId);
    m_blocksCall = call;
    connect(call, &client::ApiCall::finished, this, [this, call, userId] {
        const client::ApiResult& result = call->result();
        if (m_detail->user().userId != userId || (!result.ok() && result.error->isCancelled()))
            return;
        if (!result.ok())
            m_detail->showBlocksError(
                tr("Could not load the blocks: %1").arg(result.error->message));
        else
            m_detail->showBlocks(client::UserService::blocksFrom(result));
    });
}

void UsersPage::track(client::ApiCall* call, const QString& whatFailed,
                      const std::function<void(client::ApiCall*)>& done) {
    m_write = call;
    messageBar()->hide();
    Q_EMIT actionStateChanged();
    connect(call, &client::ApiCall::finished, this, [this, call, whatFailed, done] {
        m_write.clear();
        const client::ApiResult& result = call->result();
        if (result.ok()) {
            done(call);
        } else {
            m_detail->setStatus({});
            if (!result.error->isCancelled())
                messageBar()->showError(*result.error, whatFailed);
        }
        Q_EMIT actionStateChanged();
    });
}

void UsersPage::saveUser() {
    if (!mayUpdate() || isBusy() || !m_detail->hasUser() || !m_detail->problem().isEmpty())
        return;
    const client::UserRecord before = m_detail->user();
    client::ApiCall* call = m_service->save(before, m_detail->edited());
    if (call == nullptr)
        return;
    m_detail->setStatus(tr("Saving…"));
    track(call, tr("Could not save %1").arg(before.displayName()), [this](client::ApiCall* done) {
        const auto user = client::UserService::userFrom(done->result());
        if (user && user->userId == m_detail->user().userId) {
            m_detail->showUser(*user);
            m_detail->setStatus(tr("Saved"));
        }
    });
}

void UsersPage::setBlocked(bool blocked) {
    if (!mayUpdate() || isBusy() || !m_detail->hasUser())
        return;
    const client::UserRecord user = m_detail->user();
    m_detail->setStatus(blocked ? tr("Blocking…") : tr("Unblocking…"));
    track(m_service->setBlocked(user.userId, blocked),
          (blocked ? tr("Could not block %1") : tr("Could not unblock %1")).arg(user.displayName()),
          [this, blocked](client::ApiCall* done) {
              const auto updated = client::UserService::userFrom(done->result());
              if (updated && updated->userId == m_detail->user().userId) {
                  m_detail->updateUser(*updated);
                  m_detail->setStatus(blocked ? tr("Blocked") : tr("Unblocked"));
              }
          });
}

void UsersPage::askToDelete() {
    if (isReadOnly() || !m_canDelete || isBusy() || !m_detail->hasUser() || m_deleteQuestion)
        return;
    const client::UserRecord user = m_detail->user();
    auto* question =
        new QMessageBox(QMessageBox::Warning, tr("Delete User"),
                        tr("Delete %1?").arg(user.displayName()), QMessageBox::Cancel, this);
    question->setInformativeText(tr("Their sessions end and every grant they gave is revoked. "
                                    "This cannot be undone."));
    QPushButton* remove = question->addButton(tr("Delete User"), QMessageBox::DestructiveRole);
    question->setDefaultButton(QMessageBox::Cancel);
    question->setAttribute(Qt::WA_DeleteOnClose);
    m_deleteQuestion = question;
    connect(question, &QMessageBox::finished, this, [this, question, remove, user] {
        if (question->clickedButton() == remove)
            deleteUser(user.userId, user.displayName());
    });
    question->open();
}

void UsersPage::deleteUser(const QString& userId, const QString& name) {
    if (isReadOnly() || !m_canDelete || isBusy())
        return;
    track(m_service->remove(userId), tr("Could not delete %1").arg(name),
          [this, name](client::ApiCall*) {
              messageBar()->showMessage(widgets::MessageBar::Kind::Information,
                                        tr("Deleted %1").arg(name));
          });
}

void UsersPage::removeBlocks() {
    if (!mayUpdate() || isBusy() || !m_detail->hasUser())
        return;
    const QString userId = m_detail->user().userId;
    m_detail->setStatus(tr("Removing blocks…"));
    track(m_service->removeBlocks(userId), tr("Could not remove the blocks"),
          [this, userId](client::ApiCall*) {
              if (m_detail->user().userId != userId)
                  return;
              m_detail->showBlocks({});
              m_detail->setStatus(tr("Blocks removed"));
          });
}

void UsersPage::createUser() {
    if (isReadOnly() || !m_canCreate)
        return;
    if (m_createDialog) {
        m_createDialog->raise();
        m_createDialog->activateWindow();
        return;
    }
    auto* dialog = new CreateUserDialog(*m_service, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    m_createDialog = dialog;
    connect(dialog, &CreateUserDialog::created, this, &UsersPage::showCreated);
    dialog->open();
}

void UsersPage::showCreated(const client::UserRecord& user) {
    // The new user may be far from the rows loaded: search for exactly them and select them.
    const QString query = user.email.isEmpty() ? u"user_id:"_s + quoted(user.userId)
                                               : u"email:"_s + quoted(user.email);
    filterEdit()->setText(query);
    m_selectAfterLoad = user.userId;
    m_model->setSearch(query);
    messageBar()->showMessage(widgets::MessageBar::Kind::Information,
                              tr("Created %1").arg(user.displayName()),
                              tr("The list shows the new user; clear the search to see everyone."));
}

} // namespace gatehouse::app
