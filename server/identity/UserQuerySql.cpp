#include "identity/UserQuerySql.h"

#include <QStringList>

namespace gatehouse::identity {

namespace {

using namespace Qt::StringLiterals;

// Columns a bare term searches, in Auth0's spirit: what a person types into a search box.
constexpr UserField kBareTermFields[] = {UserField::Email, UserField::Name, UserField::Username,
                                         UserField::Nickname};

QString escapeLike(const QString& value) {
    QString escaped;
    escaped.reserve(value.size() + 1);
    for (const QChar c : value) {
        if (c == u'\\' || c == u'%' || c == u'_')
            escaped += u'\\';
        escaped += c;
    }
    return escaped;
}

class SqlBuilder final {
public:
    explicit SqlBuilder(SqlDialect dialect)
        : m_dialect(dialect) {}

    QString build(const UserQueryNode& node) {
        switch (node.kind) {
        case UserQueryNode::Kind::And:
        case UserQueryNode::Kind::Or: {
            QStringList parts;
            for (const UserQueryNode& child : node.children)
                parts << build(child);
            const QString glue = node.kind == UserQueryNode::Kind::And ? u" AND "_s : u" OR "_s;
            return u'(' + parts.join(glue) + u')';
        }
        case UserQueryNode::Kind::Not:
            // NULL (a missing column) counts as false, so NOT of it is true, as in Lucene.
            return u"(NOT COALESCE("_s + build(node.children.front()) + u", FALSE))"_s;
        case UserQueryNode::Kind::Exists:
            return u'(' + expression(*node.field) + u" IS NOT NULL)"_s;
        case UserQueryNode::Kind::Equals:
        case UserQueryNode::Kind::Prefix:
            if (node.field)
                return match(*node.field, node.kind, node.value);
            QStringList parts;
            for (const UserField field : kBareTermFields)
                parts << match(UserQueryField{field, {}}, node.kind, node.value);
            return u'(' + parts.join(u" OR "_s) + u')';
        }
        Q_UNREACHABLE();
        return {};
    }

    QVariantList takeBindings() { return std::move(m_bindings); }

private:
    QString match(const UserQueryField& field, UserQueryNode::Kind kind, const QVariant& value) {
        const bool email = field.field == UserField::Email && field.jsonPath.isEmpty();
        const QString left = expression(field);
        if (kind == UserQueryNode::Kind::Prefix) {
            const QString text = email ? value.toString().toLower() : value.toString();
            m_bindings << QVariant(escapeLike(text) + u'%');
            const QString like = m_dialect == SqlDialect::Sqlite ? u" LIKE "_s : u" ILIKE "_s;
            return u'(' + left + like + u"? ESCAPE '\\')"_s;
        }
        m_bindings << (email ? QVariant(value.toString().toLower()) : value);
        return u'(' + left + u" = ?)"_s;
    }

    // The SQL for a field's value. A JSON path is bound, never spliced into the SQL.
    QString expression(const UserQueryField& field) {
        const QString column = userFieldColumn(field.field);
        if (field.jsonPath.isEmpty())
            return column;
        if (m_dialect == SqlDialect::Postgres) {
            m_bindings << QVariant(u'{' + field.jsonPath.join(u',') + u'}');
            return u"(CAST("_s + column + u" AS jsonb) #>> ?)"_s;
        }
        const QString path = u"$."_s + field.jsonPath.join(u'.');
        m_bindings << QVariant(path) << QVariant(path);
        return u"(CASE json_type("_s + column + u", ?) WHEN 'true' THEN 'true' WHEN 'false' "_s +
               u"THEN 'false' ELSE CAST(json_extract("_s + column + u", ?) AS TEXT) END)"_s;
    }

    SqlDialect m_dialect;
    QVariantList m_bindings;
};

} // namespace

UserQuerySql toSql(const UserQuery& query, SqlDialect dialect) {
    SqlBuilder builder(dialect);
    UserQuerySql sql;
    sql.where = builder.build(query.root());
    sql.bindings = builder.takeBindings();
    return sql;
}

} // namespace gatehouse::identity
