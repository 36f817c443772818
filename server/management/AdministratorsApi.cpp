#include "management/AdministratorsApi.h"

#include "management/RequestBody.h"
#include "store/Store.h"
#include "tenancy/TenantId.h"

#include <array>

namespace gatehouse::management {
namespace {

using namespace Qt::StringLiterals;

constexpr QLatin1String kRole{"role"};
constexpr QLatin1String kTenants{"tenants"};
constexpr QLatin1String kAdministrator{"administrator"};

const std::array<Field, 2>& bodyFields() {
    static const std::array<Field, 2> fields{
        Field{.name = kRole,
              .presence = Presence::Required,
              .allowed = store::AdministratorRepository::roles()},
        Field{.name = kTenants, .type = FieldType::StringArray, .maxLength = 64, .maxItems = 1000},
    };
    return fields;
}

} // namespace

AdministratorsApi::AdministratorsApi(store::Store& store)
    : m_store(store) {}

QList<Endpoint> AdministratorsApi::endpoints() {
    using http::Method;
    const QByteArray one = QByteArrayLiteral("/api/v2/administrators/{user_id}");
    return {
        {Method::Get, QByteArrayLiteral("/api/v2/administrators"),
         QLatin1String("read:administrators"), Access::Read, Reach::SystemTenant,
         [this](const ManagementCall& call) {
             return list(call);
         }},
        {Method::Get, one, QLatin1String("read:administrators"), Access::Read, Reach::SystemTenant,
         [this](const ManagementCall& call) {
             return get(call);
         }},
        {Method::Put, one, QLatin1String("update:administrators"), Access::Write,
         Reach::SystemTenant,
         [this](const ManagementCall& call) {
             return put(call);
         }},
        {Method::Delete, one, QLatin1String("delete:administrators"), Access::Write,
         Reach::SystemTenant,
         [this](const ManagementCall& call) {
             return remove(call);
         }},
    };
}

QJsonObject AdministratorsApi::administratorJson(const store::AdministratorRecord& record) const {
    QJsonObject json{{u"user_id"_s, record.userId},
                     {u"role"_s, record.role},
                     {u"tenants"_s, record.role == store::AdministratorRepository::kOwner
                                        ? QJsonValue(u"*"_s)
                                        : QJsonValue(QJsonArray::fromStringList(record.tenants))},
                     {u"created_at"_s, timestamp(record.createdAt)},
                     {u"updated_at"_s, timestamp(record.updatedAt)}};
    const auto user = m_store.users().find(QString(tenancy::kSystemTenantId), record.userId);
    if (user && *user && !(*user)->email.isEmpty())
        json.insert(u"email"_s, (*user)->email);
    return json;
}

Result<http::HttpResponse> AdministratorsApi::list(const ManagementCall&) const {
    const auto all = m_store.administrators().list();
    if (!all)
        return all.error();
    QJsonArray items;
    for (const store::AdministratorRecord& record : *all)
        items.append(administratorJson(record));
    return jsonResponse(QJsonDocument(items));
}

Result<http::HttpResponse> AdministratorsApi::get(const ManagementCall& call) const {
    const QString id = call.pathParam(u"user_id");
    auto found = requireFound(m_store.administrators().find(id), kAdministrator, id);
    if (!found)
        return found.error();
    return jsonResponse(200, administratorJson(*found));
}

Result<void> AdministratorsApi::keepAnOwner(const QString& userId) const {
    const Result<bool> last = m_store.administrators().isLastOwner(userId);
    if (!last)
        return last.error();
    if (*last)
        return Error::conflict(u"'%1' is the last owner; make another owner first"_s.arg(userId));
    return {};
}

Result<http::HttpResponse> AdministratorsApi::put(const ManagementCall& call) {
    auto body =
        RequestBody::parse(call.request.header("Content-Type"), call.request.body(), bodyFields());
    if (!body)
        return body.error();
    store::AdministratorRecord record;
    record.userId = call.pathParam(u"user_id");
    record.role = body->string(kRole);
    record.tenants = body->strings(kTenants);
    if (record.role == store::AdministratorRepository::kOwner && !record.tenants.isEmpty())
        return invalidBody(u"an owner administers every tenant: leave out 'tenants'"_s);
    auto written = m_store.database().transaction<store::AdministratorRecord>(
        [&]() -> Result<store::AdministratorRecord> {
            if (record.role != store::AdministratorRepository::kOwner) {
                if (Result<void> kept = keepAnOwner(record.userId); !kept)
                    return kept.error();
            }
            return m_store.administrators().put(record);
        });
    if (!written) {
        // The repository's checks are the body's: an unknown tenant names the field.
        if (written.error().code == "invalid_request")
            return invalidBody(written.error().message);
        return written.error();
    }
    return jsonResponse(200, administratorJson(*written));
}

Result<http::HttpResponse> AdministratorsApi::remove(const ManagementCall& call) {
    const QString id = call.pathParam(u"user_id");
    auto removed = m_store.transaction([&]() -> Result<void> {
        if (Result<void> kept = keepAnOwner(id); !kept)
            return kept;
        return m_store.administrators().remove(id);
    });
    if (!removed)
        return removed.error();
    return noContent();
}

} // namespace gatehouse::management
