#include "app/pages/apis/MachineGrantsPanel.h"

#include "models/api/ApiCall.h"
#include "models/apis/MachineGrantsModel.h"
#include "widgets/Icons.h"

#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

namespace gatehouse::app {

using namespace Qt::StringLiterals;
using client::MachineGrantsModel;

MachineGrantsPanel::MachineGrantsPanel(client::Session& session, QWidget* parent)
    : QWidget(parent)
    , m_model(new MachineGrantsModel(session, this))
    , m_view(new QTableView(this))
    , m_scopesLabel(new QLabel(this))
    , m_scopes(new QListWidget(this))
    , m_save(new QPushButton(widgets::icon(u"lock"_s), tr("&Authorize"), this))
    , m_revoke(new QPushButton(widgets::icon(u"remove"_s), tr("Re&voke Access…"), this))
    , m_busy(new QProgressBar(this))
    , m_cancel(new QToolButton(this)) {
    setObjectName(u"machineGrantsPanel"_s);
    buildLayout();
    connectSignals();
    showSelection();
}

void MachineGrantsPanel::buildLayout() {
    m_view->setObjectName(u"machineApplications"_s);
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_scopes->setObjectName(u"grantedScopes"_s);
    m_scopes->setAlternatingRowColors(true);
    m_scopesLabel->setBuddy(m_scopes);
    m_scopesLabel->setWordWrap(true);
    m_save->setObjectName(u"saveGrant"_s);
    m_save->setAutoDefault(false);
    m_revoke->setObjectName(u"revokeGrant"_s);
    m_revoke->setAutoDefault(false);
    m_busy->setRange(0, 0);
    m_busy->setTextVisible(false);
    m_busy->setMaximumSize(120, 14);
    m_busy->hide();
    m_cancel->setText(tr("Cancel"));
    m_cancel->hide();

    auto* intro = new QLabel(tr("Applications that sign in as themselves (client credentials) "
                                "may call this API only when authorized here."),
                             this);
    intro->setWordWrap(true);
    auto* lower = new QWidget(this);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_busy);
    buttons->addWidget(m_cancel);
    buttons->addStretch(1);
    buttons->addWidget(m_revoke);
    buttons->addWidget(m_save);
    auto* lowerLayout = new QVBoxLayout(lower);
    lowerLayout->setContentsMargins(0, 0, 0, 0);
    lowerLayout->addWidget(m_scopesLabel);
    lowerLayout->addWidget(m_scopes, 1);
    lowerLayout->addLayout(buttons);
    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_view);
    splitter->addWidget(lower);
    splitter->setChildrenCollapsible(false);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(splitter, 1);
}

void MachineGrantsPanel::connectSignals() {
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &MachineGrantsPanel::showSelection);
    connect(m_model, &MachineGrantsModel::modelReset, this, &MachineGrantsPanel::showSelection);
    connect(m_model, &MachineGrantsModel::dataChanged, this, &MachineGrantsPanel::showSelection);
    connect(m_model, &MachineGrantsModel::loadingChanged, this, [this](bool loading) {
        m_busy->setVisible(loading || !m_pending.isNull());
        m_cancel->setVisible(m_busy->isVisible());
        Q_EMIT stateChanged();
    });
    connect(m_model, &MachineGrantsModel::loaded, this,
            [this] { m_view->resizeColumnsToContents(); });
    connect(m_model, &MachineGrantsModel::errorOccurred, this,
            [this](const client::ApiError& error) {
                Q_EMIT failed(error, tr("Could not load the applications' access"));
            });
    connect(m_scopes, &QListWidget::itemChanged, this, [this] {
        if (!m_filling)
            Q_EMIT stateChanged();
    });
    connect(m_save, &QPushButton::clicked, this, &MachineGrantsPanel::save);
    connect(m_revoke, &QPushButton::clicked, this, &MachineGrantsPanel::revoke);
    connect(m_cancel, &QToolButton::clicked, this, [this] {
        if (client::ApiCall* pending = m_pending)
            pending->cancel();
        m_model->cancel();
    });
}

void MachineGrantsPanel::showApi(const QString& tenant, const QString& audience,
                                 const QStringList& scopes) {
    m_tenant = tenant;
    m_apiScopes = scopes;
    if (audience != m_model->audience() || audience.isEmpty())
        m_model->load(tenant, audience);
    else
        showSelection(); // the same API with other scopes (after a save)
}

void MachineGrantsPanel::reload() {
    m_model->load(m_tenant, m_model->audience());
}

QString MachineGrantsPanel::selectedClientId() const {
    const QModelIndex current = m_view->selectionModel()->currentIndex();
    return current.isValid() ? m_model->clientIdAt(current.row()) : QString();
}

void MachineGrantsPanel::selectClient(const QString& clientId) {
    const int row = m_model->rowOfClient(clientId);
    if (row >= 0)
        m_view->selectRow(row);
}

bool MachineGrantsPanel::isGranted() const {
    return m_model->grantAt(m_model->rowOfClient(selectedClientId())).has_value();
}

bool MachineGrantsPanel::isBusy() const {
    return !m_pending.isNull() || m_model->isLoading();
}

QStringList MachineGrantsPanel::checkedScopes() const {
    QStringList checked;
    for (int row = 0; row < m_scopes->count(); ++row) {
        if (m_scopes->item(row)->checkState() == Qt::Checked)
            checked.append(m_scopes->item(row)->text());
    }
    return checked;
}

bool MachineGrantsPanel::isModified() const {
    const auto grant = m_model->grantAt(m_model->rowOfClient(selectedClientId()));
    if (!grant)
        return true;
    QStringList granted = grant->scope;
    QStringList checked = checkedScopes();
    granted.sort();
    checked.sort();
    return granted != checked;
}

bool MachineGrantsPanel::isEdited() const {
    const QString clientId = selectedClientId();
    if (clientId.isEmpty())
        return false;
    if (!m_model->grantAt(m_model->rowOfClient(clientId)))
        return !checkedScopes().isEmpty();
    return isModified();
}

// The API's scopes, ticked as the selected application's grant has them.
void MachineGrantsPanel::showSelection() {
    const QString clientId = selectedClientId();
    const int row = m_model->rowOfClient(clientId);
    const auto grant = m_model->grantAt(row);
    m_filling = true;
    m_scopes->clear();
    if (!clientId.isEmpty()) {
        for (const QString& scope : std::as_const(m_apiScopes)) {
            auto* item = new QListWidgetItem(scope, m_scopes);
            item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
            item->setCheckState(grant && grant->scope.contains(scope) ? Qt::Checked
                                                                      : Qt::Unchecked);
        }
    }
    m_filling = false;
    const QString name =
        m_model->index(row, MachineGrantsModel::ApplicationColumn).data().toString();
    m_scopesLabel->setText(
        clientId.isEmpty()      ? tr("Select an application to see or change its access.")
        : m_apiScopes.isEmpty() ? tr("This API defines no scopes; <b>%1</b> can be authorized "
                                     "without any.")
                                      .arg(name.toHtmlEscaped())
                                : tr("&Scopes granted to <b>%1</b>:").arg(name.toHtmlEscaped()));
    m_save->setText(grant ? tr("&Update Scopes") : tr("&Authorize"));
    Q_EMIT stateChanged();
}

void MachineGrantsPanel::save() {
    const QString clientId = selectedClientId();
    if (m_readOnly || clientId.isEmpty() || isBusy())
        return;
    const bool granted = isGranted();
    track(m_model->save(clientId, checkedScopes()),
          granted ? tr("The scopes were not changed") : tr("The application was not authorized"),
          granted ? tr("The scopes of the application were updated.")
                  : tr("The application may now call this API."));
}

void MachineGrantsPanel::revoke() {
    const QString clientId = selectedClientId();
    if (m_readOnly || clientId.isEmpty() || !isGranted() || isBusy())
        return;
    const QString name =
        m_model->index(m_model->rowOfClient(clientId), MachineGrantsModel::ApplicationColumn)
            .data()
            .toString();
    const auto answer = QMessageBox::question(
        this, tr("Revoke Access"),
        tr("Revoke the access of %1 to this API? It gets no new tokens for it; tokens it "
           "already has stay valid until they expire.")
            .arg(name),
        QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
    if (answer != QMessageBox::Yes)
        return;
    track(m_model->revoke(clientId), tr("The access was not revoked"),
          tr("The access of %1 was revoked.").arg(name));
}

void MachineGrantsPanel::track(client::ApiCall* call, const QString& what, const QString& done) {
    m_pending = call;
    m_busy->show();
    m_cancel->show();
    connect(call, &client::ApiCall::finished, this, [this, call, what, done] {
        m_pending.clear();
        m_busy->setVisible(m_model->isLoading());
        m_cancel->setVisible(m_model->isLoading());
        const client::ApiResult& result = call->result();
        if (result.ok())
            Q_EMIT changed(done);
        else if (!result.error->isCancelled())
            Q_EMIT failed(*result.error, what);
        showSelection();
    });
    Q_EMIT stateChanged();
}

void MachineGrantsPanel::setEditable(bool editable) {
    m_filling = true;
    for (int row = 0; row < m_scopes->count(); ++row) {
        QListWidgetItem* item = m_scopes->item(row);
        item->setFlags(editable ? item->flags() | Qt::ItemIsUserCheckable
                                : item->flags() & ~Qt::ItemIsUserCheckable);
    }
    m_filling = false;
}

} // namespace gatehouse::app
