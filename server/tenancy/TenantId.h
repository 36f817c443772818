#pragma once

#include "core/Result.h"

#include <QLatin1String>
#include <QStringView>

namespace gatehouse::tenancy {

// The built-in tenant that holds the dashboard's administrators and whose Management API tokens
// may act on every tenant.
inline constexpr QLatin1String kSystemTenantId{"system"};

enum class SystemTenantId { Refuse, Allow };

// A tenant id is both a URL path segment (`/t/{id}/`) and a DNS label (`{id}.{domain}`), so it is
// `[a-z0-9][a-z0-9-]{0,62}` and, unlike that pattern alone, may not end with '-' (RFC 1123 §2.1
// labels end with a letter or digit). Names the server routes itself (`api`, `t`, `health`, …) are
// reserved; `system` is accepted only from the code that creates the built-in tenant.
// Error code "invalid_tenant_id" (400) with a message that says which rule failed.
[[nodiscard]] Result<void> validateTenantId(QStringView id,
                                            SystemTenantId system = SystemTenantId::Refuse);

[[nodiscard]] bool isReservedTenantId(QStringView id);

} // namespace gatehouse::tenancy
