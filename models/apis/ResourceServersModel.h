#pragma once

#include "models/apis/ResourceServerRecord.h"
#include "models/items/PagedListModel.h"

#include <optional>

namespace gatehouse::client {

// A tenant's APIs (resource servers): GET t/T/api/v2/resource-servers, and the writes on them.
// Each write updates its row from the server's answer when it succeeds.
class ResourceServersModel final : public PagedListModel {
    Q_OBJECT

public:
    explicit ResourceServersModel(Session& session, QObject* parent = nullptr);

    [[nodiscard]] std::optional<ResourceServerRecord> record(const QString& id) const;
    // The tenant's signing algorithm, as every API of the tenant shows it; empty before a page.
    [[nodiscard]] QString tenantSigningAlg() const;

    ApiCall* create(const ResourceServerRecord& server);
    // PATCH with what changed from `before` to `after`.
    ApiCall* update(const ResourceServerRecord& before, const ResourceServerRecord& after);
    // DELETE: the grants for the API go with it.
    ApiCall* remove(const QString& id);
    // "1 day 2 hours": a token lifetime in words.
    [[nodiscard]] static QString durationText(int seconds);
    // The API a finished create() or update() answered.
    [[nodiscard]] static ResourceServerRecord recordOf(const ApiCall& call);

protected:
    [[nodiscard]] QList<Column> columns() const override;
    [[nodiscard]] QString path() const override { return QStringLiteral("resource-servers"); }
    [[nodiscard]] QString listKey() const override { return QStringLiteral("resource_servers"); }
    [[nodiscard]] QString idField() const override { return QStringLiteral("id"); }
    [[nodiscard]] QVariant display(const QJsonObject& item, int column) const override;

private:
    ApiCall* write(const QByteArray& method, const QString& path, const QJsonObject& body);
};

} // namespace gatehouse::client
