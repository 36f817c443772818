#pragma once

#include "models/api/ApiError.h"

#include <QAbstractTableModel>
#include <QJsonObject>
#include <QList>
#include <QPointer>
#include <QUrlQuery>

namespace gatehouse::client {

class ApiCall;
class Session;

// A Management API list as a table model: rows arrive a page at a time from the server
// (`page`/`per_page`/`include_totals`), when a view scrolls near the end (canFetchMore /
// fetchMore); sorting asks the server (`sort=field:1|-1`) and starts over; filters are the
// subclass's query parameters. Subclasses name the endpoint, the columns and the filters; views
// get display text and the row's id (IdRole) and never the JSON behind it.
class PagedListModel : public QAbstractTableModel {
    Q_OBJECT
    Q_PROPERTY(bool loading READ isLoading NOTIFY loadingChanged)

public:
    static constexpr int kPageSize = 100;
    enum Roles { IdRole = Qt::UserRole + 1, SortValueRole };

    struct Column {
        QString title;
        QString field; // the item's JSON field shown (and, when sortable, sorted on)
        bool sortable = false;
    };

    explicit PagedListModel(Session& session, QObject* parent = nullptr);

    // The tenant whose list this is; changing it starts over.
    void setTenant(const QString& tenant);
    [[nodiscard]] QString tenant() const { return m_tenant; }
    // Starts over from the first page (after a filter change or a write elsewhere).
    void reload();
    void cancel();

    [[nodiscard]] bool isLoading() const { return !m_pending.isNull(); }
    // The server's total (include_totals), or -1 before the first page.
    [[nodiscard]] int totalCount() const { return m_total; }
    [[nodiscard]] QString idAt(int row) const;
    [[nodiscard]] int rowOf(const QString& id) const;

    [[nodiscard]] int rowCount(const QModelIndex& parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex& parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex& index, int role) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation orientation,
                                      int role) const override;
    [[nodiscard]] bool canFetchMore(const QModelIndex& parent) const override;
    void fetchMore(const QModelIndex& parent) override;
    void sort(int column, Qt::SortOrder order) override;

Q_SIGNALS:
    void loadingChanged(bool loading);
    void totalCountChanged(int total);
    void errorOccurred(const gatehouse::client::ApiError& error);
    // A page arrived (the first after reload() included).
    void pageLoaded();

protected:
    [[nodiscard]] virtual QList<Column> columns() const = 0;
    // Below `t/TENANT/api/v2/`: "users", "clients", …
    [[nodiscard]] virtual QString path() const = 0;
    // The array's key in an include_totals answer: "users", "clients", …
    [[nodiscard]] virtual QString listKey() const = 0;
    [[nodiscard]] virtual QString idField() const { return QStringLiteral("id"); }
    // The subclass's filters; call reload() when they change.
    virtual void addFilters(QUrlQuery& query) const { Q_UNUSED(query) }
    // The text of a cell; by default the column's field as text (arrays joined with ", ").
    [[nodiscard]] virtual QVariant display(const QJsonObject& item, int column) const;

    [[nodiscard]] const QJsonObject& itemAt(int row) const { return m_items.at(row); }
    [[nodiscard]] Session& session() { return m_session; }
    // After a write that succeeded: show the server's version of the item (replacing the row
    // with its id, or appending it), or take a deleted one out, without reloading everything.
    void upsert(const QJsonObject& item);
    void removeId(const QString& id);

private:
    void requestPage();
    void onPage(ApiCall* call, int generation);

    Session& m_session;
    QString m_tenant;
    QList<QJsonObject> m_items;
    int m_total = -1;
    int m_nextPage = 0;
    bool m_exhausted = true; // nothing to fetch until a tenant is set
    int m_generation = 0;
    int m_sortColumn = -1;
    Qt::SortOrder m_sortOrder = Qt::AscendingOrder;
    QPointer<ApiCall> m_pending;
};

} // namespace gatehouse::client
