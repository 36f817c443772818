#include "store/TenantRepository.h"

#include "store/Database.h"
#include "store/SqlValues.h"
#include "store/Validation.h"

namespace gatehouse::store {
namespace {

const QString kColumns =
    QStringLiteral("id, display_name, domain, signing_algorithm, settings, created_at, updated_at");

TenantRecord fromRow(const QSqlQuery& row) {
    TenantRecord tenant;
    tenant.id = row.value(0).toString();
    tenant.displayName = row.value(1).toString();
    tenant.domain = row.value(2).toString();
    tenant.signingAlgorithm = row.value(3).toString();
    tenant.settings = sql::toObject(row.value(4));
    tenant.createdAt = sql::toTimestamp(row.value(5));
    tenant.updatedAt = sql::toTimestamp(row.value(6));
    return tenant;
}

Result<void> normalize(TenantRecord& tenant) {
    tenant.domain = tenant.domain.trimmed().toLower();
    if (Result<void> id = validation::tenantId(tenant.id); !id)
        return id;
    if (!tenant.domain.isEmpty()) {
        if (Result<void> domain = validation::domain(tenant.domain); !domain)
            return domain;
    }
    return validation::oneOf(QStringLiteral("signingAlgorithm"), tenant.signingAlgorithm,
                             validation::signingAlgorithms());
}

Constraints constraintsFor(const TenantRecord& tenant) {
    return {
        {{QStringLiteral("tenants"),
          QStringLiteral("tenants_pkey"),
          {QStringLiteral("id")},
          Error::conflict(QStringLiteral("a tenant with id '%1' already exists").arg(tenant.id))},
         {QStringLiteral("tenants"),
          QStringLiteral("tenants_domain_key"),
          {QStringLiteral("domain")},
          Error::conflict(QStringLiteral("the domain '%1' is already used by another tenant")
                              .arg(tenant.domain))}},
        std::nullopt};
}

Error notFound(const QString& id) {
    return Error::notFound(QStringLiteral("tenant '%1' does not exist").arg(id));
}

} // namespace

TenantRepository::TenantRepository(std::shared_ptr<Database> db)
    : m_db(db)
    , m_changes(std::move(db)) {}

Result<TenantRecord> TenantRepository::create(TenantRecord tenant) {
    if (Result<void> valid = normalize(tenant); !valid)
        return valid.error();
    tenant.createdAt = tenant.updatedAt = m_db->now();
    return m_db->transaction<TenantRecord>([&] { return insert(tenant); });
}

Result<TenantRecord> TenantRepository::insert(const TenantRecord& tenant) {
    Result<QSqlQuery> inserted = m_db->exec(
        QStringLiteral("INSERT INTO tenants (%1) VALUES (?, ?, ?, ?, ?, ?, ?)").arg(kColumns),
        {tenant.id, sql::text(tenant.displayName), sql::optionalText(tenant.domain),
         tenant.signingAlgorithm, sql::json(tenant.settings), sql::timestamp(tenant.createdAt),
         sql::timestamp(tenant.updatedAt)},
        constraintsFor(tenant));
    if (!inserted)
        return inserted.error();
    if (Result<qint64> logged = m_changes.append(tenant.id, entity::tenant, tenant.id,
                                                 ChangeOperation::Create, tenant.toJson());
        !logged)
        return logged.error();
    return tenant;
}

Result<std::optional<TenantRecord>> TenantRepository::find(const QString& id) const {
    return sql::selectOne<TenantRecord>(
        *m_db, QStringLiteral("SELECT %1 FROM tenants WHERE id = ?").arg(kColumns), {id}, fromRow);
}

Result<std::optional<TenantRecord>> TenantRepository::findByDomain(const QString& domain) const {
    const QString host = domain.trimmed().toLower();
    if (host.isEmpty())
        return std::optional<TenantRecord>();
    return sql::selectOne<TenantRecord>(
        *m_db, QStringLiteral("SELECT %1 FROM tenants WHERE domain = ?").arg(kColumns), {host},
        fromRow);
}

Result<QList<TenantRecord>> TenantRepository::list() const {
    return sql::selectAll<TenantRecord>(
        *m_db, QStringLiteral("SELECT %1 FROM tenants ORDER BY id").arg(kColumns), {}, fromRow);
}

Result<TenantRecord> TenantRepository::update(TenantRecord tenant) {
    if (Result<void> valid = normalize(tenant); !valid)
        return valid.error();
    return m_db->transaction<TenantRecord>([&]() -> Result<TenantRecord> {
        const Result<std::optional<TenantRecord>> existing = find(tenant.id);
        if (!existing)
            return existing.error();
        if (!*existing)
            return notFound(tenant.id);
        tenant.createdAt = (*existing)->createdAt;
        tenant.updatedAt = m_db->now();
        Result<QSqlQuery> updated = m_db->exec(
            QStringLiteral(
                "UPDATE tenants SET display_name = ?, domain = ?, signing_algorithm = ?, "
                "settings = ?, updated_at = ? WHERE id = ?"),
            {sql::text(tenant.displayName), sql::optionalText(tenant.domain),
             tenant.signingAlgorithm, sql::json(tenant.settings), sql::timestamp(tenant.updatedAt),
             tenant.id},
            constraintsFor(tenant));
        if (!updated)
            return updated.error();
        if (Result<qint64> logged = m_changes.append(tenant.id, entity::tenant, tenant.id,
                                                     ChangeOperation::Update, tenant.toJson());
            !logged)
            return logged.error();
        return tenant;
    });
}

Result<void> TenantRepository::remove(const QString& id) {
    return m_db->transaction([&]() -> Result<void> {
        const Result<std::optional<TenantRecord>> existing = find(id);
        if (!existing)
            return existing.error();
        if (!*existing)
            return notFound(id);
        Result<QSqlQuery> removed =
            m_db->exec(QStringLiteral("DELETE FROM tenants WHERE id = ?"), {id});
        if (!removed)
            return removed.error();
        if (Result<qint64> logged = m_changes.append(
                id, entity::tenant, id, ChangeOperation::Delete, (*existing)->toJson());
            !logged)
            return logged.error();
        return {};
    });
}

} // namespace gatehouse::store
