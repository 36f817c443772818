#pragma once

#include <QString>

namespace gatehouse::client {

// What the Users page's search box sends as `q` (identity::UserQuery's Lucene subset). Text that
// uses the syntax (a colon, quotes, parentheses, `*`, `\`, AND/OR/NOT) goes as typed; anything
// else is what a person means in a search box, "starts with": `alice smith` becomes the bare
// prefix term `alice\ smith*`, which the server matches against the e-mail address, name,
// username and nickname (UserQuerySql's bare-term fields). Empty text lists everyone.
[[nodiscard]] QString userSearchQuery(const QString& typed);

} // namespace gatehouse::client
