#pragma once

#include "core/Error.h"

#include <QByteArrayView>
#include <QString>

namespace gatehouse::identity {

// The stable error codes of the upstream OIDC client. All are 502: the fault is upstream (or on
// the way to it), not in the user's request. Messages never contain secrets or tokens.

// The provider could not be reached or did not answer in time.
[[nodiscard]] Error upstreamUnreachable(QString message);
// The provider answered, but with an error or something that is not a valid answer.
[[nodiscard]] Error upstreamError(QString message);
// The ID token failed a check; the message says which.
[[nodiscard]] Error invalidUpstreamToken(QString message);

// An OAuth error code (RFC 6749 §5.2: %x20-21 / %x23-5B / %x5D-7E) safe to quote in a message;
// anything else, or more than 64 characters, becomes "(malformed)".
[[nodiscard]] QString quotableOAuthErrorCode(const QString& code);

} // namespace gatehouse::identity
