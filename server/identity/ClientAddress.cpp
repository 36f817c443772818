#include "identity/ClientAddress.h"

#include <QHostAddress>

namespace gatehouse::identity {

QString attackCounterAddress(QStringView ip) {
    const QString text = ip.trimmed().toString();
    if (text.isEmpty())
        return QStringLiteral("unknown");
    const QHostAddress address(text);
    if (address.isNull())
        return text.toLower();
    bool isV4 = false;
    const quint32 v4 = address.toIPv4Address(&isV4); // also unwraps ::ffff:a.b.c.d
    if (isV4)
        return QHostAddress(v4).toString();
    Q_IPV6ADDR bytes = address.toIPv6Address();
    for (int i = 8; i < 16; ++i)
        bytes[i] = 0;
    return QHostAddress(bytes).toString() + QStringLiteral("/64");
}

} // namespace gatehouse::identity
