#include "identity/UserQuery.h"

#include "identity/UserQueryLexer.h"

#include <QRegularExpression>

namespace gatehouse::identity {

namespace {

using namespace Qt::StringLiterals;
using Kind = UserQueryToken::Kind;

constexpr qsizetype kMaxJsonPathSegments = 10;

Result<UserQueryField> resolveField(const QString& name, qsizetype column) {
    const auto unknown = [&] {
        return invalidQuery(u"unknown field '%1' at column %2"_s.arg(name).arg(column));
    };
    if (const std::optional<UserFieldInfo> info = findUserField(name)) {
        if (info->type == UserFieldType::Json)
            return invalidQuery(
                u"'%1' at column %2 needs a path, e.g. %1.plan"_s.arg(name).arg(column));
        return UserQueryField{info->field, {}};
    }
    const qsizetype dot = name.indexOf(u'.');
    const std::optional<UserFieldInfo> base = findUserField(QStringView(name).left(dot));
    if (dot < 0 || !base || base->type != UserFieldType::Json)
        return unknown();
    static const QRegularExpression segmentPattern(u"^[A-Za-z0-9_]+$"_s);
    const QStringList path = name.mid(dot + 1).split(u'.');
    if (path.size() > kMaxJsonPathSegments)
        return invalidQuery(
            u"the path of '%1' at column %2 is deeper than %3 keys"_s.arg(name).arg(column).arg(
                kMaxJsonPathSegments));
    for (const QString& segment : path) {
        if (!segmentPattern.match(segment).hasMatch())
            return invalidQuery(u"invalid metadata path '%1' at column %2: keys are letters, "
                                u"digits and _"_s.arg(name)
                                    .arg(column));
    }
    return UserQueryField{base->field, path};
}

Result<QVariant> typedValue(const UserQueryToken& term, const UserQueryField& field) {
    const UserFieldType type =
        field.jsonPath.isEmpty() ? userFieldInfo(field.field).type : UserFieldType::Text;
    const auto wrong = [&](const QString& expected) {
        return invalidQuery(
            u"'%1' at column %2 takes %3"_s.arg(term.field).arg(term.column).arg(expected));
    };
    switch (type) {
    case UserFieldType::Boolean:
        if (term.prefix)
            return wrong(u"true or false, not a wildcard"_s);
        if (term.value == "true"_L1 || term.value == "false"_L1)
            return QVariant(term.value == "true"_L1);
        return wrong(u"true or false"_s);
    case UserFieldType::Integer: {
        if (term.prefix)
            return wrong(u"an integer, not a wildcard"_s);
        bool ok = false;
        const qint64 number = term.value.toLongLong(&ok);
        if (!ok)
            return wrong(u"an integer (timestamps in milliseconds since 1970)"_s);
        return QVariant(number);
    }
    case UserFieldType::Text:
    case UserFieldType::Email:
    case UserFieldType::Json:
        return QVariant(term.value);
    }
    Q_UNREACHABLE();
    return QVariant();
}

class Parser final {
public:
    explicit Parser(std::vector<UserQueryToken> tokens)
        : m_tokens(std::move(tokens)) {}

    Result<UserQueryNode> parseQuery() {
        Result<UserQueryNode> root = parseOr(0);
        if (!root)
            return root;
        if (peek().kind != Kind::End)
            return unexpected();
        return root;
    }

private:
    [[nodiscard]] const UserQueryToken& peek() const { return m_tokens[m_next]; }
    const UserQueryToken& take() { return m_tokens[m_next++]; }

    [[nodiscard]] Error unexpected() const {
        const UserQueryToken& token = peek();
        switch (token.kind) {
        case Kind::End:
            return invalidQuery(u"the query ends where a term was expected"_s);
        case Kind::RightParen:
            return invalidQuery(
                u"unbalanced or empty parentheses: ')' at column %1"_s.arg(token.column));
        case Kind::And:
        case Kind::Or:
            return invalidQuery(u"%1 at column %2 has no term on one side"_s
                                    .arg(token.kind == Kind::And ? "AND"_L1 : "OR"_L1)
                                    .arg(token.column));
        default:
            return invalidQuery(u"unexpected term at column %1"_s.arg(token.column));
        }
    }

    static UserQueryNode combine(UserQueryNode::Kind kind, std::vector<UserQueryNode> operands) {
        if (operands.size() == 1)
            return std::move(operands.front());
        UserQueryNode node;
        node.kind = kind;
        node.children = std::move(operands);
        return node;
    }

    Result<UserQueryNode> parseOr(int depth) {
        std::vector<UserQueryNode> operands;
        while (true) {
            Result<UserQueryNode> operand = parseAnd(depth);
            if (!operand)
                return operand;
            operands.push_back(std::move(operand).value());
            if (peek().kind != Kind::Or)
                return combine(UserQueryNode::Kind::Or, std::move(operands));
            take();
        }
    }

    Result<UserQueryNode> parseAnd(int depth) {
        std::vector<UserQueryNode> operands;
        while (true) {
            Result<UserQueryNode> operand = parseUnary(depth);
            if (!operand)
                return operand;
            operands.push_back(std::move(operand).value());
            const Kind next = peek().kind;
            if (next == Kind::And)
                take();
            else if (next != Kind::Term && next != Kind::Not && next != Kind::LeftParen)
                return combine(UserQueryNode::Kind::And, std::move(operands));
        }
    }

    Result<UserQueryNode> parseUnary(int depth) {
        const UserQueryToken& token = peek();
        if (token.kind == Kind::Not || token.kind == Kind::LeftParen) {
            if (depth + 1 > UserQuery::kMaxDepth)
                return invalidQuery(u"the query nests deeper than %1 levels at column %2"_s
                                        .arg(UserQuery::kMaxDepth)
                                        .arg(token.column));
        }
        if (token.kind == Kind::Not) {
            take();
            Result<UserQueryNode> operand = parseUnary(depth + 1);
            if (!operand)
                return operand;
            UserQueryNode node;
            node.kind = UserQueryNode::Kind::Not;
            node.children.push_back(std::move(operand).value());
            return node;
        }
        if (token.kind == Kind::LeftParen) {
            const qsizetype column = take().column;
            if (peek().kind == Kind::RightParen)
                return invalidQuery(u"empty parentheses at column %1"_s.arg(column));
            Result<UserQueryNode> inner = parseOr(depth + 1);
            if (!inner)
                return inner;
            if (peek().kind != Kind::RightParen) {
                if (peek().kind == Kind::End)
                    return invalidQuery(u"unbalanced parentheses: '(' at column %1 is not "
                                        u"closed"_s.arg(column));
                return unexpected();
            }
            take();
            return inner;
        }
        if (token.kind == Kind::Term)
            return term(take());
        return unexpected();
    }

    static Result<UserQueryNode> term(const UserQueryToken& token) {
        UserQueryNode node;
        if (token.field.isEmpty()) {
            if (token.value.isEmpty())
                return invalidQuery(u"empty term at column %1"_s.arg(token.column));
            node.kind = token.prefix ? UserQueryNode::Kind::Prefix : UserQueryNode::Kind::Equals;
            node.value = token.value;
            return node;
        }
        if (token.field == "_exists_"_L1) {
            if (token.prefix || token.quoted)
                return invalidQuery(
                    u"_exists_ at column %1 takes a field name"_s.arg(token.column));
            Result<UserQueryField> field = resolveExistsField(token);
            if (!field)
                return field.error();
            node.kind = UserQueryNode::Kind::Exists;
            node.field = *field;
            return node;
        }
        Result<UserQueryField> field = resolveField(token.field, token.column);
        if (!field)
            return field.error();
        node.field = *field;
        if (token.prefix && token.value.isEmpty()) {
            node.kind = UserQueryNode::Kind::Exists; // Lucene's field:*
            return node;
        }
        if (token.value.isEmpty())
            return invalidQuery(
                u"empty value for '%1' at column %2"_s.arg(token.field).arg(token.column));
        Result<QVariant> value = typedValue(token, *field);
        if (!value)
            return value.error();
        node.kind = token.prefix ? UserQueryNode::Kind::Prefix : UserQueryNode::Kind::Equals;
        node.value = *value;
        return node;
    }

    // _exists_:app_metadata (without a path) is allowed: it is about the column.
    static Result<UserQueryField> resolveExistsField(const UserQueryToken& token) {
        if (const std::optional<UserFieldInfo> info = findUserField(token.value))
            return UserQueryField{info->field, {}};
        return resolveField(token.value, token.column);
    }

    std::vector<UserQueryToken> m_tokens;
    qsizetype m_next = 0;
};

QString quoted(const QVariant& value) {
    if (value.typeId() != QMetaType::QString)
        return value.toString();
    QString text = value.toString();
    text.replace(u"\\"_s, u"\\\\"_s).replace(u"\""_s, u"\\\""_s);
    return u"\""_s + text + u"\""_s;
}

QString nodeToString(const UserQueryNode& node) {
    const QString field = node.field ? node.field->toString() : u"*"_s;
    switch (node.kind) {
    case UserQueryNode::Kind::And:
    case UserQueryNode::Kind::Or:
    case UserQueryNode::Kind::Not: {
        QString text = node.kind == UserQueryNode::Kind::And  ? u"(and"_s
                       : node.kind == UserQueryNode::Kind::Or ? u"(or"_s
                                                              : u"(not"_s;
        for (const UserQueryNode& child : node.children)
            text += u' ' + nodeToString(child);
        return text + u')';
    }
    case UserQueryNode::Kind::Equals:
        return u"(eq "_s + field + u' ' + quoted(node.value) + u')';
    case UserQueryNode::Kind::Prefix:
        return u"(prefix "_s + field + u' ' + quoted(node.value) + u')';
    case UserQueryNode::Kind::Exists:
        return u"(exists "_s + field + u')';
    }
    Q_UNREACHABLE();
    return {};
}

} // namespace

QString UserQueryField::toString() const {
    QStringList parts{userFieldColumn(field)};
    parts += jsonPath;
    return parts.join(u'.');
}

Result<UserQuery> UserQuery::parse(QStringView text) {
    if (text.size() > kMaxLength)
        return invalidQuery(u"the query is longer than %1 characters"_s.arg(kMaxLength));
    if (text.trimmed().isEmpty())
        return invalidQuery(u"the query is empty"_s);
    Result<std::vector<UserQueryToken>> tokens = tokenizeUserQuery(text);
    if (!tokens)
        return tokens.error();
    Result<UserQueryNode> root = Parser(std::move(tokens).value()).parseQuery();
    if (!root)
        return root.error();
    return UserQuery(std::move(root).value());
}

QString UserQuery::toString() const {
    return nodeToString(m_root);
}

} // namespace gatehouse::identity
