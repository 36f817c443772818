#pragma once

#include "core/Result.h"

#include <QString>
#include <QStringView>
#include <vector>

namespace gatehouse::identity {

struct UserQueryToken {
    enum class Kind { Term, And, Or, Not, LeftParen, RightParen, End };
    Kind kind = Kind::End;
    qsizetype column = 0; // 1-based, for error messages
    // Term only:
    QString field;       // empty for a bare term
    QString value;       // unescaped, without quotes or the trailing '*'
    bool quoted = false; // "a phrase": never a wildcard
    bool prefix = false; // unescaped trailing '*'
};

// Splits a query in Auth0's Lucene subset into tokens: ( ) AND OR NOT, and terms written
// `value`, `"quoted value"`, `field:value`, `field:"quoted value"`, `field:prefix*`. A backslash
// makes the next character literal. Errors: invalid_query (400) with the column.
[[nodiscard]] Result<std::vector<UserQueryToken>> tokenizeUserQuery(QStringView query);

[[nodiscard]] Error invalidQuery(const QString& message);

} // namespace gatehouse::identity
