#pragma once

#include <QString>
#include <QStringView>

namespace gatehouse::identity {

// The key that attack protection counts a client address under (docs/login.md, "Attack
// protection"):
// - an IPv4 address as itself, also when it arrives IPv4-mapped (`::ffff:1.2.3.4` is
//   `1.2.3.4`), so that a dual-stack listener does not give one client two budgets;
// - an IPv6 address as its /64 (`2001:db8:1:2::/64`): one host or home usually owns a whole
//   /64 (SLAAC, privacy addresses, RFC 8981) and can pick any address in it, so counting single
//   addresses would give it 2^64 budgets;
// - anything else (not an address, which the HTTP layer does not produce) lower-cased and
//   trimmed, and an empty address as `unknown`: never an error, a login must not fail on it.
[[nodiscard]] QString attackCounterAddress(QStringView ip);

} // namespace gatehouse::identity
