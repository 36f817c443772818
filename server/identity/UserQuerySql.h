#pragma once

#include "identity/UserQuery.h"

#include <QString>
#include <QVariantList>

namespace gatehouse::identity {

// The SQL engines the store runs on (store::Engine, repeated so that identity does not depend on
// the store).
enum class SqlDialect { Sqlite, Postgres };

// A WHERE fragment over the users table and the values for its positional `?` placeholders, in
// order. Every value from the query is bound, including JSON paths; the SQL text holds only
// column names and operators chosen here. The fragment is parenthesised: the caller writes
// `WHERE tenant = ? AND <where>`, which is what scopes a search to a tenant.
struct UserQuerySql {
    QString where;
    QVariantList bindings;
};

// Semantics, the same on both engines:
//   field:value        equality; text is case-sensitive, e-mail is not (stored lower-cased)
//   field:prefix*      LIKE (SQLite) / ILIKE (PostgreSQL) 'prefix%' ESCAPE '\' with the value's
//                      own % _ \ escaped; ignores case (SQLite folds ASCII letters only)
//   bare term          the same against email, name, username or nickname
//   _exists_:field     field IS NOT NULL (a JSON path: present and not JSON null)
//   metadata paths     compared as text: "pro", "1", "true" (SQLite's json_extract turns
//                      true into 1, so booleans are spelled out to match PostgreSQL's #>>)
//   NOT x              true when x is false or unknown (a NULL column), as in Lucene
[[nodiscard]] UserQuerySql toSql(const UserQuery& query, SqlDialect dialect);

} // namespace gatehouse::identity
