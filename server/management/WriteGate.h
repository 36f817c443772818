#pragma once

#include "core/Result.h"

#include <QStringView>

namespace gatehouse::management {

// The single place where a Management API write can be refused for reasons that have nothing to
// do with the caller: on the secondary datacenter every configuration write answers `read_only`
// (SECURITY.md, Management API). ManagementApi asks it before every mutating handler runs, after
// authorization, so a refused write never touches the store.
class WriteGate {
public:
    virtual ~WriteGate() = default;

    // `tenantId` is the tenant the write would change (for /tenants, the tenant being managed).
    [[nodiscard]] virtual Result<void> allowWrite(QStringView tenantId) const = 0;
};

// The primary's gate: every write goes through.
class AllowAllWrites final : public WriteGate {
public:
    [[nodiscard]] Result<void> allowWrite(QStringView) const override { return {}; }
};

} // namespace gatehouse::management
