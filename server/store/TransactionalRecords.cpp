#include "store/TransactionalRecords.h"

namespace gatehouse::store {

QString toString(AttackCounterKind kind) {
    return kind == AttackCounterKind::UserIp ? QStringLiteral("user_ip") : QStringLiteral("ip");
}

std::optional<AttackCounterKind> attackCounterKindFromString(const QString& text) {
    if (text == QLatin1String("user_ip"))
        return AttackCounterKind::UserIp;
    if (text == QLatin1String("ip"))
        return AttackCounterKind::Ip;
    return std::nullopt;
}

} // namespace gatehouse::store
