#pragma once

#include "core/Result.h"

#include <QList>
#include <QString>

namespace gatehouse::config {

// One `key = value` line of an INI file, with where it came from so that errors can point at it.
struct IniEntry {
    QString section;
    QString key;
    QString value;
    int line = 0;
};

// A strict INI reader: `[section]` headers, `key = value` lines, `;` or `#` comments on their own
// line. Anything else (a line without '=', a key outside a section, a duplicate key) is an error
// with the line number, because a silently ignored line is a setting the operator thinks is on.
// QSettings is not used: it accepts almost anything and reinterprets commas and percent signs.
class IniFile final {
public:
    [[nodiscard]] static Result<IniFile> parse(const QString& text, const QString& fileName);
    [[nodiscard]] static Result<IniFile> load(const QString& path);

    [[nodiscard]] const QList<IniEntry>& entries() const { return m_entries; }
    [[nodiscard]] const QString& fileName() const { return m_fileName; }

private:
    QString m_fileName;
    QList<IniEntry> m_entries;
};

} // namespace gatehouse::config
