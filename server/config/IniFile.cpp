#include "config/IniFile.h"

#include <QFile>
#include <QSet>

namespace gatehouse::config {
namespace {

Error syntaxError(const QString& fileName, int line, const QString& what) {
    return Error::badRequest(QByteArrayLiteral("invalid_config"),
                             QStringLiteral("%1 line %2: %3").arg(fileName).arg(line).arg(what));
}

bool isName(const QString& text) {
    if (text.isEmpty())
        return false;
    for (const QChar c : text) {
        if (!(c.isLower() || c.isDigit() || c == QLatin1Char('_')) || c.unicode() > 127)
            return false;
    }
    return true;
}

} // namespace

Result<IniFile> IniFile::parse(const QString& text, const QString& fileName) {
    IniFile file;
    file.m_fileName = fileName;
    QString section;
    QSet<QString> seen;
    const QStringList lines = text.split(QLatin1Char('\n'));
    for (int index = 0; index < lines.size(); ++index) {
        const int lineNumber = index + 1;
        const QString line = lines.at(index).trimmed();
        if (line.isEmpty() || line.startsWith(QLatin1Char(';')) ||
            line.startsWith(QLatin1Char('#')))
            continue;
        if (line.startsWith(QLatin1Char('['))) {
            if (!line.endsWith(QLatin1Char(']')) || !isName(line.mid(1, line.size() - 2)))
                return syntaxError(
                    fileName, lineNumber,
                    QStringLiteral("'%1' is not a section header like [server]").arg(line));
            section = line.mid(1, line.size() - 2);
            continue;
        }
        const qsizetype equals = line.indexOf(QLatin1Char('='));
        if (equals < 0)
            return syntaxError(fileName, lineNumber,
                               QStringLiteral("expected 'key = value', got '%1'").arg(line));
        const QString key = line.left(equals).trimmed();
        if (!isName(key))
            return syntaxError(fileName, lineNumber,
                               QStringLiteral("'%1' is not a valid key name").arg(key));
        if (section.isEmpty())
            return syntaxError(fileName, lineNumber,
                               QStringLiteral("key '%1' appears before any [section]").arg(key));
        const QString qualified = section + QLatin1Char('.') + key;
        if (seen.contains(qualified))
            return syntaxError(fileName, lineNumber,
                               QStringLiteral("[%1] %2 is set twice").arg(section, key));
        seen.insert(qualified);
        file.m_entries.append(IniEntry{section, key, line.mid(equals + 1).trimmed(), lineNumber});
    }
    return file;
}

Result<IniFile> IniFile::load(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error::badRequest(
            QByteArrayLiteral("invalid_config"),
            QStringLiteral("cannot read %1: %2").arg(path, file.errorString()));
    return parse(QString::fromUtf8(file.readAll()), path);
}

} // namespace gatehouse::config
