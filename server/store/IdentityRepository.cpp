#include "store/IdentityRepository.h"

#include "store/Database.h"
#include "store/SqlValues.h"
#include "store/Validation.h"

namespace gatehouse::store {
namespace {

const QString kColumns = QStringLiteral(
    "tenant, connection, provider_user_id, user_id, profile, created_at, updated_at");

IdentityRecord fromRow(const QSqlQuery& row) {
    IdentityRecord identity;
    identity.tenant = row.value(0).toString();
    identity.connection = row.value(1).toString();
    identity.providerUserId = row.value(2).toString();
    identity.userId = row.value(3).toString();
    identity.profile = sql::toObject(row.value(4));
    identity.createdAt = sql::toTimestamp(row.value(5));
    identity.updatedAt = sql::toTimestamp(row.value(6));
    return identity;
}

Result<void> validate(const IdentityRecord& identity) {
    if (Result<void> tenant = validation::tenantId(identity.tenant); !tenant)
        return tenant;
    if (Result<void> connection = validation::connectionName(identity.connection); !connection)
        return connection;
    if (Result<void> provider =
            validation::required(QStringLiteral("providerUserId"), identity.providerUserId);
        !provider)
        return provider;
    return validation::required(QStringLiteral("userId"), identity.userId);
}

Constraints constraintsFor(const IdentityRecord& identity) {
    return {{{QStringLiteral("identities"),
              QStringLiteral("identities_pkey"),
              {QStringLiteral("tenant"), QStringLiteral("connection"),
               QStringLiteral("provider_user_id")},
              Error::conflict(
                  QStringLiteral("the provider user id '%1' of connection '%2' is "
                                 "already linked to a user in tenant '%3'")
                      .arg(identity.providerUserId, identity.connection, identity.tenant))}},
            Error::notFound(QStringLiteral("user '%1' does not exist in tenant '%2'")
                                .arg(identity.userId, identity.tenant))};
}

// The change record's entityId: connection names have no '|', so the first one splits it.
QString entityId(const IdentityRecord& identity) {
    return identity.connection + QLatin1Char('|') + identity.providerUserId;
}

Error notFound(const QString& tenant, const QString& connection, const QString& providerUserId) {
    return Error::notFound(
        QStringLiteral("no identity '%1' of connection '%2' exists in tenant '%3'")
            .arg(providerUserId, connection, tenant));
}

} // namespace

IdentityRepository::IdentityRepository(std::shared_ptr<Database> db)
    : m_db(db)
    , m_changes(std::move(db)) {}

Result<IdentityRecord> IdentityRepository::link(IdentityRecord identity) {
    if (Result<void> valid = validate(identity); !valid)
        return valid.error();
    identity.createdAt = identity.updatedAt = m_db->now();
    return m_db->transaction<IdentityRecord>([&] { return insert(identity); });
}

Result<IdentityRecord> IdentityRepository::insert(const IdentityRecord& identity) {
    // Checked first so that the error names the user; SQLite's foreign key errors do not.
    const Result<bool> user =
        sql::exists(*m_db, QStringLiteral("SELECT 1 FROM users WHERE tenant = ? AND user_id = ?"),
                    {identity.tenant, identity.userId});
    if (!user)
        return user.error();
    if (!*user)
        return constraintsFor(identity).foreignKey.value();
    Result<QSqlQuery> inserted = m_db->exec(
        QStringLiteral("INSERT INTO identities (%1) VALUES (?, ?, ?, ?, ?, ?, ?)").arg(kColumns),
        {identity.tenant, identity.connection, identity.providerUserId, identity.userId,
         sql::json(identity.profile), sql::timestamp(identity.createdAt),
         sql::timestamp(identity.updatedAt)},
        constraintsFor(identity));
    if (!inserted)
        return inserted.error();
    if (Result<qint64> logged =
            m_changes.append(identity.tenant, entity::identity, entityId(identity),
                             ChangeOperation::Create, identity.toJson());
        !logged)
        return logged.error();
    return identity;
}

Result<std::optional<IdentityRecord>>
IdentityRepository::find(const QString& tenant, const QString& connection,
                         const QString& providerUserId) const {
    return sql::selectOne<IdentityRecord>(
        *m_db,
        QStringLiteral("SELECT %1 FROM identities WHERE tenant = ? AND connection = ? AND "
                       "provider_user_id = ?")
            .arg(kColumns),
        {tenant, connection, providerUserId}, fromRow);
}

Result<QList<IdentityRecord>> IdentityRepository::listForUser(const QString& tenant,
                                                              const QString& userId) const {
    return sql::selectAll<IdentityRecord>(
        *m_db,
        QStringLiteral("SELECT %1 FROM identities WHERE tenant = ? AND user_id = ? "
                       "ORDER BY connection, provider_user_id")
            .arg(kColumns),
        {tenant, userId}, fromRow);
}

Result<IdentityRecord> IdentityRepository::updateProfile(const QString& tenant,
                                                         const QString& connection,
                                                         const QString& providerUserId,
                                                         const QJsonObject& profile) {
    return m_db->transaction<IdentityRecord>([&]() -> Result<IdentityRecord> {
        Result<std::optional<IdentityRecord>> existing = find(tenant, connection, providerUserId);
        if (!existing)
            return existing.error();
        if (!*existing)
            return notFound(tenant, connection, providerUserId);
        IdentityRecord identity = std::move(**existing);
        identity.profile = profile;
        identity.updatedAt = m_db->now();
        Result<QSqlQuery> updated = m_db->exec(
            QStringLiteral("UPDATE identities SET profile = ?, updated_at = ? "
                           "WHERE tenant = ? AND connection = ? AND provider_user_id = ?"),
            {sql::json(identity.profile), sql::timestamp(identity.updatedAt), tenant, connection,
             providerUserId});
        if (!updated)
            return updated.error();
        if (Result<qint64> logged = m_changes.append(tenant, entity::identity, entityId(identity),
                                                     ChangeOperation::Update, identity.toJson());
            !logged)
            return logged.error();
        return identity;
    });
}

Result<void> IdentityRepository::unlink(const QString& tenant, const QString& connection,
                                        const QString& providerUserId) {
    return m_db->transaction([&]() -> Result<void> {
        const Result<std::optional<IdentityRecord>> existing =
            find(tenant, connection, providerUserId);
        if (!existing)
            return existing.error();
        if (!*existing)
            return notFound(tenant, connection, providerUserId);
        Result<QSqlQuery> removed =
            m_db->exec(QStringLiteral("DELETE FROM identities WHERE tenant = ? AND connection = ? "
                                      "AND provider_user_id = ?"),
                       {tenant, connection, providerUserId});
        if (!removed)
            return removed.error();
        if (Result<qint64> logged =
                m_changes.append(tenant, entity::identity, entityId(**existing),
                                 ChangeOperation::Delete, (*existing)->toJson());
            !logged)
            return logged.error();
        return {};
    });
}

} // namespace gatehouse::store
