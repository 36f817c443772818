#pragma once

#include "core/Result.h"
#include "identity/UserField.h"

#include <QString>
#include <QStringList>
#include <QStringView>
#include <QVariant>
#include <optional>
#include <vector>

namespace gatehouse::identity {

struct UserQueryField {
    UserField field = UserField::UserId;
    QStringList jsonPath; // app_metadata / user_metadata only: the keys below the column

    [[nodiscard]] QString toString() const; // as written in a query: "app_metadata.plan"
};

struct UserQueryNode {
    enum class Kind { And, Or, Not, Equals, Prefix, Exists };
    Kind kind = Kind::Equals;
    // Equals, Prefix: nullopt for a bare term, which matches email, name, username or nickname.
    // Exists: the field that must be present (not NULL).
    std::optional<UserQueryField> field;
    // Equals: QString, bool (Boolean fields) or qint64 (Integer fields), as written (an e-mail
    // address is lower-cased only when it is compared). Prefix: the QString before the '*'.
    QVariant value;
    std::vector<UserQueryNode> children; // And, Or: two or more; Not: one
};

// A user search in the subset of Lucene query syntax that Auth0's GET /api/v2/users?q= accepts:
//   field:value  field:"quoted value"  field:prefix*  bare terms  _exists_:field
//   AND, OR, NOT (upper case), implicit AND between terms, parentheses
//   app_metadata.a.b:value, user_metadata.a.b:value (path segments [A-Za-z0-9_]+)
// Precedence: NOT binds tightest, then AND (written or implied), then OR. `field:*` means
// `_exists_:field`. Not supported: ranges, fuzzy (~), boosts (^), ? wildcards, +/- prefixes.
// Limits: 1,000 characters, nesting (parentheses and NOT) 10 deep.
class UserQuery final {
public:
    static constexpr qsizetype kMaxLength = 1000;
    static constexpr int kMaxDepth = 10;

    // Errors: invalid_query (400), naming the column or field at fault.
    [[nodiscard]] static Result<UserQuery> parse(QStringView text);

    [[nodiscard]] const UserQueryNode& root() const { return m_root; }

    // A canonical S-expression of the tree, e.g. (and (eq email "a@b.c") (not (exists name))):
    // for tests and logs.
    [[nodiscard]] QString toString() const;

private:
    explicit UserQuery(UserQueryNode root)
        : m_root(std::move(root)) {}

    UserQueryNode m_root;
};

} // namespace gatehouse::identity
