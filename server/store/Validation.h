#pragma once

#include "core/Result.h"

#include <QString>
#include <QStringList>

namespace gatehouse::store {
class Database;
}

// Input checks shared by the repositories. Failures are `invalid_request` (400) naming the field,
// so that the Management API can pass them through unchanged.
namespace gatehouse::store::validation {

[[nodiscard]] Error invalid(const QString& message);

// Tenant ids are slugs used in URLs and host names: [a-z0-9][a-z0-9-]{0,62}.
[[nodiscard]] Result<void> tenantId(const QString& id);
[[nodiscard]] Result<void> required(const QString& field, const QString& value);
[[nodiscard]] Result<void> oneOf(const QString& field, const QString& value,
                                 const QStringList& allowed);
// A host name for a custom domain, already lower-cased.
[[nodiscard]] Result<void> domain(const QString& value);
// An e-mail address, already lower-cased; empty is allowed (users without e-mail).
[[nodiscard]] Result<void> email(const QString& value);

// A connection name, Auth0's rules: 1 to 128 letters, digits and '-', starting and ending with a
// letter or digit.
[[nodiscard]] Result<void> connectionName(const QString& value);
// A username, already lower-cased; empty is allowed. 1 to 128 characters, no spaces or control
// characters.
[[nodiscard]] Result<void> username(const QString& value);

// The JWS algorithms crypto signs with.
[[nodiscard]] const QStringList& signingAlgorithms();

// `not_found` unless the tenant exists; run inside the write's transaction so that the check and
// the write see the same data (the foreign key remains the last word under races).
[[nodiscard]] Result<void> tenantExists(Database& db, const QString& tenant);

} // namespace gatehouse::store::validation
