#include "management/UserBlocksApi.h"

#include "store/Store.h"

#include <QJsonArray>

namespace gatehouse::management {
namespace {

using namespace Qt::StringLiterals;

constexpr QLatin1String kUser{"user"};

// A UserIp counter's subject is `<user id>|<ip>` (AttackCounterRepository::userIpSubject); user
// ids contain '|' themselves, so the address is what follows the last one.
QString ipOf(const store::AttackCounterRecord& counter) {
    return counter.subject.section(u'|', -1);
}

} // namespace

UserBlocksApi::UserBlocksApi(store::Store& store)
    : m_store(store)
    , m_protection(store) {}

QList<Endpoint> UserBlocksApi::endpoints() {
    using http::Method;
    const QByteArray one = QByteArrayLiteral("/api/v2/user-blocks/{id}");
    return {
        {Method::Get, one, QLatin1String("read:users"), Access::Read, Reach::EveryTenant,
         [this](const ManagementCall& call) {
             return get(call);
         }},
        {Method::Delete, one, QLatin1String("update:users"), Access::Write, Reach::EveryTenant,
         [this](const ManagementCall& call) {
             return remove(call);
         }},
    };
}

Result<http::HttpResponse> UserBlocksApi::get(const ManagementCall& call) const {
    const QString id = call.pathParam(u"id");
    auto user = requireFound(m_store.users().find(call.tenantId(), id), kUser, id);
    if (!user)
        return user.error();
    auto blocks = m_store.attackCounters().listBlocksForUser(call.tenantId(), id);
    if (!blocks)
        return blocks.error();
    const QString identifier = user->email.isEmpty() ? user->username : user->email;
    QJsonArray blockedFor;
    for (const store::AttackCounterRecord& block : *blocks)
        blockedFor.append(QJsonObject{{u"identifier"_s, identifier}, {u"ip"_s, ipOf(block)}});
    return jsonResponse(200, QJsonObject{{u"blocked_for"_s, blockedFor}});
}

Result<http::HttpResponse> UserBlocksApi::remove(const ManagementCall& call) {
    const QString id = call.pathParam(u"id");
    auto removed = m_store.transaction([&]() -> Result<void> {
        auto user = requireFound(m_store.users().find(call.tenantId(), id), kUser, id);
        if (!user)
            return user.error();
        if (auto unblocked = m_protection.unblock(call.tenantId(), id); !unblocked)
            return unblocked.error();
        return {};
    });
    if (!removed)
        return removed.error();
    return noContent();
}

} // namespace gatehouse::management
