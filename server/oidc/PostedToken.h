#pragma once

#include "core/Result.h"
#include "oidc/TokenInspector.h"

#include <optional>

namespace gatehouse::http {
class HttpRequest;
}
namespace gatehouse::tenancy {
struct ClientEntry;
class TenantSnapshot;
} // namespace gatehouse::tenancy

namespace gatehouse::oidc {

// What revocation (RFC 7009) and introspection (RFC 7662) both receive: a form POST from a client
// naming a token. `read` parses the body, checks the caller, requires `token` and inspects it.
struct PostedToken {
    enum class Caller {
        Confidential, // introspection: the client authenticates
        AnyClient,    // revocation: a public client may send just its client_id
    };

    const tenancy::ClientEntry* client = nullptr;
    std::optional<InspectedToken> inspected; // nullopt: not a token of this tenant

    [[nodiscard]] static Result<PostedToken> read(const http::HttpRequest& request,
                                                  const tenancy::TenantSnapshot& tenant,
                                                  const TokenInspector& inspector, Caller caller,
                                                  bool acceptJson);
};

} // namespace gatehouse::oidc
