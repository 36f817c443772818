#include "app/pages/apis/ScopesEditor.h"

#include "models/apis/ScopesModel.h"
#include "widgets/Icons.h"

#include <QGridLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace gatehouse::app {

using namespace Qt::StringLiterals;

ScopesEditor::ScopesEditor(client::ScopesModel& model, QWidget* parent)
    : QWidget(parent)
    , m_model(model)
    , m_value(new QLineEdit(this))
    , m_description(new QLineEdit(this))
    , m_add(new QPushButton(widgets::icon(u"add"_s), tr("&Add"), this))
    , m_view(new QTableView(this))
    , m_remove(new QPushButton(widgets::icon(u"remove"_s), tr("Re&move"), this))
    , m_problem(new QLabel(this)) {
    setObjectName(u"scopesEditor"_s);
    buildLayout();
    connectSignals();
}

void ScopesEditor::buildLayout() {
    m_value->setObjectName(u"scopeValue"_s);
    m_value->setPlaceholderText(tr("e.g. read:invoices"));
    m_value->setMaxLength(280);
    m_description->setObjectName(u"scopeDescription"_s);
    m_description->setPlaceholderText(tr("e.g. Read the invoices"));
    m_description->setMaxLength(500);
    m_add->setObjectName(u"addScope"_s);
    m_add->setAutoDefault(false);
    m_remove->setObjectName(u"removeScope"_s);
    m_remove->setAutoDefault(false);
    m_problem->setObjectName(u"problem"_s);
    m_problem->setStyleSheet(u"color:#b00020"_s);
    m_problem->setWordWrap(true);
    m_problem->hide();

    m_view->setObjectName(u"scopes"_s);
    m_view->setModel(&m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed);
    m_view->setAlternatingRowColors(true);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->horizontalHeader()->resizeSection(client::ScopesModel::ValueColumn, 200);

    auto* valueLabel = new QLabel(tr("&Scope:"), this);
    valueLabel->setBuddy(m_value);
    auto* descriptionLabel = new QLabel(tr("&Description:"), this);
    descriptionLabel->setBuddy(m_description);
    auto* input = new QGridLayout;
    input->addWidget(valueLabel, 0, 0);
    input->addWidget(descriptionLabel, 0, 1);
    input->addWidget(m_value, 1, 0);
    input->addWidget(m_description, 1, 1);
    input->addWidget(m_add, 1, 2);
    input->setColumnStretch(0, 2);
    input->setColumnStretch(1, 3);
    auto* bottom = new QHBoxLayout;
    bottom->addStretch(1);
    bottom->addWidget(m_remove);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(input);
    layout->addWidget(m_problem);
    layout->addWidget(m_view, 1);
    layout->addLayout(bottom);
}

void ScopesEditor::connectSignals() {
    connect(m_add, &QPushButton::clicked, this, &ScopesEditor::addTyped);
    connect(m_value, &QLineEdit::returnPressed, this, &ScopesEditor::addTyped);
    connect(m_description, &QLineEdit::returnPressed, this, &ScopesEditor::addTyped);
    connect(m_remove, &QPushButton::clicked, this, &ScopesEditor::removeSelected);
    connect(m_value, &QLineEdit::textChanged, this, [this] {
        m_problem->hide();
        Q_EMIT stateChanged();
    });
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &ScopesEditor::stateChanged);
    connect(&m_model, &client::ScopesModel::modelReset, this, &ScopesEditor::stateChanged);
}

bool ScopesEditor::addTyped() {
    if (!m_add->isEnabled())
        return false;
    QString problem;
    if (!m_model.addScope({m_value->text().trimmed(), m_description->text().trimmed()}, &problem)) {
        m_problem->setText(problem);
        m_problem->show();
        return false;
    }
    m_view->scrollToBottom();
    clearInput();
    m_value->setFocus();
    return true;
}

void ScopesEditor::removeSelected() {
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    if (!m_remove->isEnabled() || rows.isEmpty())
        return;
    m_model.removeScopeAt(rows.first().row());
}

void ScopesEditor::clearInput() {
    m_value->clear();
    m_description->clear();
    m_problem->hide();
}

bool ScopesEditor::hasInput() const {
    return !m_value->text().trimmed().isEmpty() || !m_description->text().trimmed().isEmpty();
}

void ScopesEditor::refreshActionState(bool editable) {
    m_model.setEditable(editable);
    m_value->setEnabled(editable);
    m_description->setEnabled(editable);
    m_add->setEnabled(editable && !m_value->text().trimmed().isEmpty());
    m_remove->setEnabled(editable && m_view->selectionModel()->hasSelection());
}

} // namespace gatehouse::app
