#include "app/ListPage.h"

#include "models/items/PagedListModel.h"
#include "models/session/Session.h"
#include "widgets/MessageBar.h"

#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QProgressBar>
#include <QSplitter>
#include <QTableView>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>

namespace gatehouse::app {

ListPage::ListPage(client::Session& session, client::PagedListModel* model, QWidget* parent)
    : Page(session, parent)
    , m_model(*model)
    , m_toolBar(new QToolBar(this))
    , m_filter(new QLineEdit(this))
    , m_view(new QTableView(this))
    , m_splitter(new QSplitter(Qt::Horizontal, this))
    , m_count(new QLabel(this))
    , m_busy(new QProgressBar(this))
    , m_cancel(new QToolButton(this)) {
    model->setParent(this);
    m_toolBar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_toolBar->setIconSize(QSize(18, 18));
    m_filter->setClearButtonEnabled(true);
    m_filter->hide();
    m_view->setModel(&m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setAlternatingRowColors(true);
    m_view->setSortingEnabled(true);
    m_view->horizontalHeader()->setSortIndicatorShown(true);
    m_view->horizontalHeader()->setSortIndicator(-1, Qt::AscendingOrder);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 10);
    m_busy->setRange(0, 0);
    m_busy->setMaximumWidth(120);
    m_busy->setMaximumHeight(14);
    m_busy->setTextVisible(false);
    m_busy->hide();
    m_cancel->setText(tr("Cancel"));
    m_cancel->hide();
    m_splitter->addWidget(m_view);
    m_splitter->setChildrenCollapsible(false);

    auto* footer = new QHBoxLayout;
    footer->addWidget(m_count, 1);
    footer->addWidget(m_busy);
    footer->addWidget(m_cancel);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(messageBar());
    layout->addWidget(m_toolBar);
    layout->addWidget(m_filter);
    layout->addWidget(m_splitter, 1);
    layout->addLayout(footer);

    connect(&m_model, &client::PagedListModel::loadingChanged, this, [this](bool loading) {
        m_busy->setVisible(loading);
        m_cancel->setVisible(loading);
        updateCount();
    });
    connect(m_cancel, &QToolButton::clicked, &m_model, &client::PagedListModel::cancel);
    connect(&m_model, &client::PagedListModel::totalCountChanged, this, &ListPage::updateCount);
    connect(&m_model, &client::PagedListModel::rowsInserted, this, &ListPage::updateCount);
    connect(&m_model, &client::PagedListModel::rowsRemoved, this, &ListPage::updateCount);
    connect(&m_model, &client::PagedListModel::modelReset, this, &ListPage::updateCount);
    connect(&m_model, &client::PagedListModel::errorOccurred, this,
            [this](const client::ApiError& error) {
                messageBar()->showError(error, tr("Could not load the list"));
            });
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this] {
        selectionChanged(selectedId());
        Q_EMIT actionStateChanged();
    });
    connect(&m_model, &client::PagedListModel::modelReset, this, [this] {
        selectionChanged({});
        Q_EMIT actionStateChanged();
    });
    // Columns fit the first page's contents; later pages keep the widths the person sees.
    connect(&m_model, &client::PagedListModel::pageLoaded, this, [this] {
        if (m_model.rowCount() <= client::PagedListModel::kPageSize) {
            m_view->resizeColumnsToContents();
            for (int column = 0; column < m_model.columnCount(); ++column)
                m_view->setColumnWidth(column, qMin(m_view->columnWidth(column) + 16, 360));
        }
    });
    connect(m_filter, &QLineEdit::returnPressed, this,
            [this] { filterSubmitted(m_filter->text().trimmed()); });
    connect(m_filter, &QLineEdit::textChanged, this, [this](const QString& text) {
        if (text.isEmpty())
            filterSubmitted({});
    });
    updateCount();
}

QString ListPage::listTenant() const {
    return session().currentTenant();
}

void ListPage::activate() {
    const QString tenant = listTenant();
    if (tenant.isEmpty() || (tenant == m_loadedTenant && m_model.tenant() == tenant))
        return;
    m_loadedTenant = tenant;
    messageBar()->hide();
    m_model.setTenant(tenant);
}

void ListPage::reload() {
    messageBar()->hide();
    m_loadedTenant = listTenant();
    if (m_model.tenant() != m_loadedTenant)
        m_model.setTenant(m_loadedTenant);
    else
        m_model.reload();
}

QString ListPage::selectedId() const {
    const QModelIndex current = m_view->selectionModel()->currentIndex();
    return current.isValid() ? m_model.idAt(current.row()) : QString();
}

void ListPage::selectId(const QString& id) {
    const int row = m_model.rowOf(id);
    if (row < 0)
        return;
    m_view->selectRow(row);
    m_view->scrollTo(m_model.index(row, 0));
}

bool ListPage::confirmDiscard(const QString& editedId) {
    if (askToDiscardChanges(this, {unsavedItem()}))
        return true;
    QMetaObject::invokeMethod(
        this, [this, editedId] { selectId(editedId); }, Qt::QueuedConnection);
    return false;
}

void ListPage::discardChanges() {
    m_view->selectionModel()->clear();
}

void ListPage::enableFilter(const QString& placeholder, const QString& toolTip) {
    m_filter->setPlaceholderText(placeholder);
    m_filter->setToolTip(toolTip);
    m_filter->show();
}

void ListPage::setDetail(QWidget* detail) {
    m_splitter->addWidget(detail);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 2);
}

void ListPage::updateCount() {
    const QLocale locale;
    const int shown = m_model.rowCount();
    const int total = m_model.totalCount();
    if (total < 0)
        m_count->setText(m_model.isLoading() ? tr("Loading…") : QString());
    else if (shown >= total)
        m_count->setText(tr("%n item(s)", nullptr, total));
    else
        m_count->setText(tr("%1 of %2 loaded; scroll for more")
                             .arg(locale.toString(shown), locale.toString(total)));
}

} // namespace gatehouse::app
