#pragma once

#include <QByteArrayView>
#include <QSet>
#include <QString>
#include <QStringView>

namespace gatehouse::identity {

// A set of passwords known to be common (NIST SP 800-63B §5.1.1.2: compare new passwords against
// commonly used and compromised values). Membership is decided on normalize(): NFKC, then case
// folded, so "PassWord" and full-width "ｐａｓｓｗｏｒｄ" are both "password". Immutable once
// built, so one instance may be read from any number of threads.
class CommonPasswords final {
public:
    // The list compiled in from resources/identity/common-passwords.txt (30,000 entries). Loaded
    // on first use; the initialisation of a function-local static is thread-safe, and the list
    // is constant data, not mutable global state.
    [[nodiscard]] static const CommonPasswords& builtIn();

    // A list in the file's format: UTF-8, one password per line, '#' lines and empty lines
    // skipped, surrounding whitespace (including '\r') trimmed.
    [[nodiscard]] static CommonPasswords fromText(QByteArrayView utf8);

    // The form entries and candidates are compared in.
    [[nodiscard]] static QString normalize(QStringView password);

    [[nodiscard]] bool contains(QStringView password) const;
    [[nodiscard]] qsizetype size() const { return m_entries.size(); }

private:
    CommonPasswords() = default;

    QSet<QString> m_entries;
};

} // namespace gatehouse::identity
