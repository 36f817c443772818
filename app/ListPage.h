#pragma once

#include "app/Page.h"

class QLabel;
class QLineEdit;
class QProgressBar;
class QSplitter;
class QTableView;
class QToolBar;
class QToolButton;
class QVBoxLayout;

namespace gatehouse::client {
class PagedListModel;
struct ApiError;
} // namespace gatehouse::client

namespace gatehouse::app {

// A page around one Management API list (PagedListModel): a toolbar, an optional filter, the
// table (rows fetched as it scrolls, sorting on the server), a count ("100 of 100,000"), a
// busy bar with Cancel while a page loads, and a detail panel for the selected row.
class ListPage : public Page {
    Q_OBJECT

public:
    // Takes `model` over (it becomes the page's child).
    ListPage(client::Session& session, client::PagedListModel* model, QWidget* parent = nullptr);

    void activate() override;
    void reload() override;
    // No row is selected any more: the detail panel shows nothing, so its edits go.
    void discardChanges() override;

    [[nodiscard]] QTableView* view() const { return m_view; }
    [[nodiscard]] QToolBar* toolBar() const { return m_toolBar; }
    [[nodiscard]] QLineEdit* filterEdit() const { return m_filter; }
    [[nodiscard]] QString selectedId() const;
    void selectId(const QString& id);

protected:
    // The tenant whose list this page shows (the current one; the system tenant for Tenants).
    [[nodiscard]] virtual QString listTenant() const;
    // Shows a filter field; filterSubmitted() gets its text on Enter (and when cleared).
    void enableFilter(const QString& placeholder, const QString& toolTip = {});
    virtual void filterSubmitted(const QString& text) { Q_UNUSED(text) }
    // The panel beside the list, for the selected row.
    void setDetail(QWidget* detail);
    virtual void selectionChanged(const QString& id) { Q_UNUSED(id) }
    // Another row was chosen while the detail panel of `editedId` has unsaved edits: asks
    // whether to discard them (askToDiscardChanges() about unsavedItem()). False when the person
    // keeps them; the selection then goes back to `editedId` (once the view has finished
    // changing it).
    [[nodiscard]] bool confirmDiscard(const QString& editedId);
    [[nodiscard]] client::PagedListModel& model() const { return m_model; }

private:
    void updateCount();

    client::PagedListModel& m_model;
    QToolBar* m_toolBar;
    QLineEdit* m_filter;
    QTableView* m_view;
    QSplitter* m_splitter;
    QLabel* m_count;
    QProgressBar* m_busy;
    QToolButton* m_cancel;
    QString m_loadedTenant;
};

} // namespace gatehouse::app
