#include "identity/UserQueryLexer.h"

namespace gatehouse::identity {

namespace {

using namespace Qt::StringLiterals;

bool endsTerm(QChar c) {
    return c.isSpace() || c == u'(' || c == u')';
}

class Lexer final {
public:
    explicit Lexer(QStringView text)
        : m_text(text) {}

    Result<std::vector<UserQueryToken>> run() {
        std::vector<UserQueryToken> tokens;
        while (true) {
            while (m_pos < m_text.size() && m_text[m_pos].isSpace())
                ++m_pos;
            UserQueryToken token;
            token.column = m_pos + 1;
            if (m_pos == m_text.size()) {
                tokens.push_back(token);
                return tokens;
            }
            if (m_text[m_pos] == u'(' || m_text[m_pos] == u')') {
                token.kind = m_text[m_pos] == u'(' ? UserQueryToken::Kind::LeftParen
                                                   : UserQueryToken::Kind::RightParen;
                ++m_pos;
            } else if (Result<void> read = readTerm(token); !read) {
                return read.error();
            }
            tokens.push_back(std::move(token));
        }
    }

private:
    struct Word {
        QString text;
        bool escaped = false;
        bool prefix = false;
    };

    Error errorAt(qsizetype pos, const QString& what) const {
        return invalidQuery(u"%1 at column %2"_s.arg(what).arg(pos + 1));
    }

    // An unquoted run of characters, up to whitespace, a parenthesis or (for a field name) ':'.
    Result<Word> readWord(bool stopAtColon) {
        Word word;
        while (m_pos < m_text.size()) {
            const QChar c = m_text[m_pos];
            if (endsTerm(c) || (stopAtColon && c == u':'))
                break;
            if (c == u'\\') {
                if (m_pos + 1 == m_text.size())
                    return errorAt(m_pos, u"a backslash escapes nothing"_s);
                word.text += m_text[m_pos + 1];
                word.escaped = true;
                m_pos += 2;
                continue;
            }
            if (c == u'*') {
                const bool last = m_pos + 1 == m_text.size() || endsTerm(m_text[m_pos + 1]) ||
                                  (stopAtColon && m_text[m_pos + 1] == u':');
                if (!last)
                    return errorAt(m_pos, u"only a trailing * wildcard is supported"_s);
                word.prefix = true;
                ++m_pos;
                break;
            }
            if (c == u'?')
                return errorAt(m_pos, u"the ? wildcard is not supported (write \\? for a "
                                      u"literal question mark)"_s);
            if (c == u'"')
                return errorAt(m_pos, u"unexpected quote"_s);
            word.text += c;
            ++m_pos;
        }
        return word;
    }

    Result<QString> readQuoted() {
        const qsizetype start = m_pos;
        ++m_pos; // the opening quote
        QString text;
        while (m_pos < m_text.size()) {
            const QChar c = m_text[m_pos];
            if (c == u'"') {
                ++m_pos;
                return text;
            }
            if (c == u'\\' && m_pos + 1 < m_text.size()) {
                text += m_text[m_pos + 1];
                m_pos += 2;
                continue;
            }
            text += c;
            ++m_pos;
        }
        return errorAt(start, u"unterminated quoted value starting"_s);
    }

    Result<void> readValue(UserQueryToken& token) {
        if (m_pos < m_text.size() && m_text[m_pos] == u'"') {
            Result<QString> quoted = readQuoted();
            if (!quoted)
                return quoted.error();
            token.value = *quoted;
            token.quoted = true;
            return {};
        }
        Result<Word> word = readWord(false);
        if (!word)
            return word.error();
        token.value = word->text;
        token.prefix = word->prefix;
        return {};
    }

    Result<void> readTerm(UserQueryToken& token) {
        token.kind = UserQueryToken::Kind::Term;
        if (m_text[m_pos] == u'"') {
            if (Result<void> read = readValue(token); !read)
                return read;
        } else {
            Result<Word> first = readWord(true);
            if (!first)
                return first.error();
            if (m_pos < m_text.size() && m_text[m_pos] == u':') {
                if (first->text.isEmpty() || first->escaped || first->prefix)
                    return errorAt(token.column - 1, u"invalid field name"_s);
                token.field = first->text;
                ++m_pos;
                const qsizetype valueStart = m_pos;
                if (Result<void> read = readValue(token); !read)
                    return read;
                if (token.value.isEmpty() && !token.prefix && !token.quoted)
                    return errorAt(valueStart, u"no value for field '%1'"_s.arg(token.field));
            } else {
                token.value = first->text;
                token.prefix = first->prefix;
                if (!first->escaped && !first->prefix)
                    token.kind = keyword(first->text);
            }
        }
        if (m_pos < m_text.size() && !endsTerm(m_text[m_pos]))
            return errorAt(m_pos, u"unexpected character after a value"_s);
        return {};
    }

    static UserQueryToken::Kind keyword(const QString& word) {
        if (word == "AND"_L1)
            return UserQueryToken::Kind::And;
        if (word == "OR"_L1)
            return UserQueryToken::Kind::Or;
        if (word == "NOT"_L1)
            return UserQueryToken::Kind::Not;
        return UserQueryToken::Kind::Term;
    }

    QStringView m_text;
    qsizetype m_pos = 0;
};

} // namespace

Error invalidQuery(const QString& message) {
    return Error::badRequest(QByteArrayLiteral("invalid_query"), message);
}

Result<std::vector<UserQueryToken>> tokenizeUserQuery(QStringView query) {
    return Lexer(query).run();
}

} // namespace gatehouse::identity
