#pragma once

#include "core/Result.h"

#include <QDateTime>
#include <QJsonObject>
#include <QString>

namespace gatehouse::tenancy {
class TenantSnapshot;
}

namespace gatehouse::oidc {

// An `id_token_hint` (OIDC Core §3.1.2.1 at /authorize, RP-Initiated Logout §2 at logout): an ID
// token this tenant issued, which may have expired since. It is verified like any token
// (signature, kid of this tenant, alg, typ JWT, nbf, iat, issuer) except that expiry is judged
// at a time within its lifetime. Errors are 400 invalid_request with a specific message.
class IdTokenHint final {
public:
    // The hint's claims once verified.
    [[nodiscard]] static Result<QJsonObject>
    verify(const QString& hint, const tenancy::TenantSnapshot& tenant, const QDateTime& now);
    // The single audience of a verified hint (RFC 7519 §4.1.3: a string or a one-element array;
    // an ID token has its client as its only audience), or empty.
    [[nodiscard]] static QString singleAudience(const QJsonObject& claims);
};

} // namespace gatehouse::oidc
