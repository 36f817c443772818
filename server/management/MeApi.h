#pragma once

#include "management/ManagementEndpoint.h"

#include <QList>
#include <vector>

namespace gatehouse::management {

// GET /api/v2/me at any tenant: the caller's permission snapshot, so that the dashboard greys
// out what the server would refuse (STYLE.md: the server is the authority, the GUI mirrors it).
// Open to every authenticated caller: it describes only the caller. Computed by running the
// real checks (Permissions::check) against every endpoint, so it cannot disagree with them.
class MeApi final {
public:
    // `endpoints` is the Management API's full list, which must outlive this object.
    explicit MeApi(const std::vector<Endpoint>& endpoints);

    [[nodiscard]] QList<Endpoint> endpoints();

private:
    [[nodiscard]] Result<http::HttpResponse> get(const ManagementCall& call) const;

    const std::vector<Endpoint>& m_endpoints;
};

} // namespace gatehouse::management
