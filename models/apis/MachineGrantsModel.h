#pragma once

#include "models/api/ApiError.h"
#include "models/apis/ClientGrantRecord.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>
#include <QPointer>
#include <optional>

namespace gatehouse::client {

class ApiCall;
class Session;

// Which machine-to-machine applications of a tenant may call one API, and with which scopes:
// a row per application (GET clients?app_type=non_interactive), joined with the grants for the
// API (GET client-grants?audience=…). Both lists are read a page at a time until complete; a
// tenant has few such applications. save() and revoke() write a grant and update its row.
class MachineGrantsModel final : public QAbstractTableModel {
    Q_OBJECT
    Q_PROPERTY(bool loading READ isLoading NOTIFY loadingChanged)

public:
    static constexpr int kPageSize = 100;
    enum GrantColumn { ApplicationColumn, AccessColumn, ScopesColumn, ClientIdColumn };

    explicit MachineGrantsModel(Session& session, QObject* parent = nullptr);

    // Starts over with `audience`'s grants in `tenant`; an empty audience empties the list.
    void load(const QString& tenant, const QString& audience);
    void cancel();
    [[nodiscard]] bool isLoading() const { return !m_pending.isNull(); }
    [[nodiscard]] QString audience() const { return m_audience; }

    [[nodiscard]] QString clientIdAt(int row) const;
    [[nodiscard]] int rowOfClient(const QString& clientId) const;
    [[nodiscard]] std::optional<ClientGrantRecord> grantAt(int row) const;

    // Grants the application these scopes of the API: POST a grant, or PATCH its scopes.
    ApiCall* save(const QString& clientId, const QStringList& scopes);
    // DELETE the application's grant for the API.
    ApiCall* revoke(const QString& clientId);

    [[nodiscard]] int rowCount(const QModelIndex& parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex& parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex& index, int role) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation orientation,
                                      int role) const override;

Q_SIGNALS:
    void loadingChanged(bool loading);
    void errorOccurred(const gatehouse::client::ApiError& error);
    void loaded();

private:
    enum class Stage { Applications, Grants };

    void request(Stage stage, int page);
    void onPage(ApiCall* call, Stage stage, int page, int generation);
    void setGrant(const QString& clientId, std::optional<ClientGrantRecord> grant);

    Session& m_session;
    QString m_tenant;
    QString m_audience;
    QList<MachineApplication> m_applications;
    QHash<QString, ClientGrantRecord> m_grants; // by client id
    int m_generation = 0;
    QPointer<ApiCall> m_pending;
};

} // namespace gatehouse::client
