#include "store/AdministratorRepository.h"

#include "store/Database.h"
#include "store/SqlValues.h"
#include "store/Validation.h"

#include <QJsonArray>

namespace gatehouse::store {
namespace {

using namespace Qt::StringLiterals;

// Administrators are users of this tenant; the table's tenant column exists for the foreign key
// to users (a deleted user loses the role with it) and is always this value.
const QString kSystem = u"system"_s;

const QString kColumns = u"user_id, role, tenants, created_at, updated_at"_s;

AdministratorRecord fromRow(const QSqlQuery& row) {
    AdministratorRecord administrator;
    administrator.userId = row.value(0).toString();
    administrator.role = row.value(1).toString();
    administrator.tenants = sql::toStringList(row.value(2));
    administrator.createdAt = sql::toTimestamp(row.value(3));
    administrator.updatedAt = sql::toTimestamp(row.value(4));
    return administrator;
}

} // namespace

QJsonObject AdministratorRecord::toJson() const {
    return {{u"user_id"_s, userId},
            {u"role"_s, role},
            {u"tenants"_s, QJsonArray::fromStringList(tenants)},
            {u"created_at"_s, createdAt.toUTC().toString(Qt::ISODateWithMs)},
            {u"updated_at"_s, updatedAt.toUTC().toString(Qt::ISODateWithMs)}};
}

const QStringList& AdministratorRepository::roles() {
    static const QStringList roles{kOwner, kAdmin, kSupport};
    return roles;
}

AdministratorRepository::AdministratorRepository(std::shared_ptr<Database> db)
    : m_db(db)
    , m_changes(std::move(db)) {}

Result<std::optional<AdministratorRecord>>
AdministratorRepository::find(const QString& userId) const {
    return sql::selectOne<AdministratorRecord>(
        *m_db, u"SELECT %1 FROM administrators WHERE tenant = ? AND user_id = ?"_s.arg(kColumns),
        {kSystem, userId}, fromRow);
}

Result<QList<AdministratorRecord>> AdministratorRepository::list() const {
    return sql::selectAll<AdministratorRecord>(
        *m_db, u"SELECT %1 FROM administrators WHERE tenant = ? ORDER BY user_id"_s.arg(kColumns),
        {kSystem}, fromRow);
}

Result<void> AdministratorRepository::validate(const AdministratorRecord& administrator) const {
    if (Result<void> user = validation::required(u"userId"_s, administrator.userId); !user)
        return user;
    if (Result<void> role = validation::oneOf(u"role"_s, administrator.role, roles()); !role)
        return role;
    if (administrator.role == kOwner && !administrator.tenants.isEmpty())
        return validation::invalid(u"an owner administers every tenant; 'tenants' must be empty"_s);
    for (const QString& tenant : administrator.tenants) {
        if (tenant == kSystem)
            return validation::invalid(
                u"only owners administer the system tenant; 'system' cannot be listed"_s);
        const Result<bool> exists =
            sql::exists(*m_db, u"SELECT 1 FROM tenants WHERE id = ?"_s, {tenant});
        if (!exists)
            return exists.error();
        if (!*exists)
            return validation::invalid(u"tenant '%1' does not exist"_s.arg(tenant));
    }
    const Result<bool> user =
        sql::exists(*m_db, u"SELECT 1 FROM users WHERE tenant = ? AND user_id = ?"_s,
                    {kSystem, administrator.userId});
    if (!user)
        return user.error();
    if (!*user)
        return Error::notFound(
            u"user '%1' is not a user of the system tenant"_s.arg(administrator.userId));
    return {};
}

Result<AdministratorRecord> AdministratorRepository::put(AdministratorRecord administrator) {
    administrator.tenants.removeDuplicates();
    administrator.tenants.sort();
    return m_db->transaction<AdministratorRecord>([&]() -> Result<AdministratorRecord> {
        if (Result<void> valid = validate(administrator); !valid)
            return valid.error();
        const Result<std::optional<AdministratorRecord>> existing = find(administrator.userId);
        if (!existing)
            return existing.error();
        administrator.updatedAt = m_db->now();
        administrator.createdAt = *existing ? (*existing)->createdAt : administrator.updatedAt;
        const QString sql =
            *existing ? u"UPDATE administrators SET role = ?, tenants = ?, created_at = ?, "
                        "updated_at = ? WHERE user_id = ? AND tenant = ?"_s
                      : u"INSERT INTO administrators (role, tenants, created_at, updated_at, "
                        "user_id, tenant) VALUES (?, ?, ?, ?, ?, ?)"_s;
        Result<QSqlQuery> written = m_db->exec(
            sql, {administrator.role, sql::json(administrator.tenants),
                  sql::timestamp(administrator.createdAt), sql::timestamp(administrator.updatedAt),
                  administrator.userId, kSystem});
        if (!written)
            return written.error();
        if (Result<void> logged =
                log(administrator, *existing ? ChangeOperation::Update : ChangeOperation::Create);
            !logged)
            return logged.error();
        return administrator;
    });
}

Result<void> AdministratorRepository::remove(const QString& userId) {
    return m_db->transaction([&]() -> Result<void> {
        const Result<std::optional<AdministratorRecord>> existing = find(userId);
        if (!existing)
            return existing.error();
        if (!*existing)
            return Error::notFound(u"user '%1' is not an administrator"_s.arg(userId));
        Result<QSqlQuery> removed = m_db->exec(
            u"DELETE FROM administrators WHERE tenant = ? AND user_id = ?"_s, {kSystem, userId});
        if (!removed)
            return removed.error();
        return log(**existing, ChangeOperation::Delete);
    });
}

Result<int> AdministratorRepository::countOwners() const {
    Result<QSqlQuery> query =
        m_db->exec(u"SELECT COUNT(*) FROM administrators WHERE tenant = ? AND role = ?"_s,
                   {kSystem, QString(kOwner)});
    if (!query)
        return query.error();
    const int count = query->next() ? query->value(0).toInt() : 0;
    query->finish();
    return count;
}

Result<bool> AdministratorRepository::isLastOwner(const QString& userId) const {
    const Result<std::optional<AdministratorRecord>> existing = find(userId);
    if (!existing)
        return existing.error();
    if (!*existing || (*existing)->role != kOwner)
        return false;
    const Result<int> owners = countOwners();
    if (!owners)
        return owners.error();
    return *owners <= 1;
}

Result<void> AdministratorRepository::forgetTenant(const QString& tenant) {
    return m_db->transaction([&]() -> Result<void> {
        Result<QList<AdministratorRecord>> all = list();
        if (!all)
            return all.error();
        for (AdministratorRecord administrator : *all) {
            if (!administrator.tenants.removeAll(tenant))
                continue;
            administrator.updatedAt = m_db->now();
            Result<QSqlQuery> written = m_db->exec(
                u"UPDATE administrators SET tenants = ?, updated_at = ? "
                "WHERE tenant = ? AND user_id = ?"_s,
                {sql::json(administrator.tenants), sql::timestamp(administrator.updatedAt), kSystem,
                 administrator.userId});
            if (!written)
                return written.error();
            if (Result<void> logged = log(administrator, ChangeOperation::Update); !logged)
                return logged;
        }
        return {};
    });
}

Result<void> AdministratorRepository::log(const AdministratorRecord& administrator,
                                          ChangeOperation operation) {
    Result<qint64> logged = m_changes.append(kSystem, entity::administrator, administrator.userId,
                                             operation, administrator.toJson());
    if (!logged)
        return logged.error();
    return {};
}

} // namespace gatehouse::store
