#include "identity/CommonPasswords.h"

#include <QFile>
#include <QtGlobal>

namespace gatehouse::identity {

namespace {

const char* const kResourcePath = ":/gatehouse/identity/common-passwords.txt";

CommonPasswords loadBuiltIn() {
    QFile file(QString::fromLatin1(kResourcePath));
    // The resource is compiled into this library: failing to open it is a build defect, and a
    // policy silently running without its list would accept "123456".
    if (!file.open(QIODevice::ReadOnly))
        qFatal("identity: the common-password list %s is missing from the binary", kResourcePath);
    return CommonPasswords::fromText(file.readAll());
}

} // namespace

const CommonPasswords& CommonPasswords::builtIn() {
    static const CommonPasswords list = loadBuiltIn();
    return list;
}

CommonPasswords CommonPasswords::fromText(QByteArrayView utf8) {
    CommonPasswords list;
    list.m_entries.reserve(utf8.count('\n') + 1);
    qsizetype start = 0;
    while (start < utf8.size()) {
        qsizetype end = utf8.indexOf('\n', start);
        if (end < 0)
            end = utf8.size();
        const QByteArrayView line = utf8.sliced(start, end - start).trimmed();
        start = end + 1;
        if (line.isEmpty() || line.startsWith('#'))
            continue;
        list.m_entries.insert(normalize(QString::fromUtf8(line)));
    }
    list.m_entries.squeeze();
    return list;
}

QString CommonPasswords::normalize(QStringView password) {
    return password.toString().normalized(QString::NormalizationForm_KC).toCaseFolded();
}

bool CommonPasswords::contains(QStringView password) const {
    return m_entries.contains(normalize(password));
}

} // namespace gatehouse::identity
