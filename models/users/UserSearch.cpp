#include "models/users/UserSearch.h"

#include <QStringList>

namespace gatehouse::client {

using namespace Qt::StringLiterals;

namespace {

bool usesQuerySyntax(const QString& text) {
    for (const QChar c : text) {
        if (c == u':' || c == u'"' || c == u'(' || c == u')' || c == u'*' || c == u'\\')
            return true;
    }
    const QStringList words = text.split(u' ', Qt::SkipEmptyParts);
    return words.contains("AND"_L1) || words.contains("OR"_L1) || words.contains("NOT"_L1);
}

} // namespace

QString userSearchQuery(const QString& typed) {
    const QString trimmed = typed.trimmed();
    if (trimmed.isEmpty() || usesQuerySyntax(trimmed))
        return trimmed; // quoted values keep their spaces
    const QString text = trimmed.simplified();
    // One term: spaces and the unsupported `?` wildcard escaped, a trailing `*` for "starts with".
    QString term;
    term.reserve(text.size() + 8);
    for (const QChar c : text) {
        if (c == u' ' || c == u'?')
            term += u'\\';
        term += c;
    }
    return term + u'*';
}

} // namespace gatehouse::client
