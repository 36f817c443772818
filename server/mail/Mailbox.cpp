#include "mail/Mailbox.h"

#include "mail/HeaderEncoding.h"
#include "mail/MailError.h"

#include <QUrl>

namespace gatehouse::mail {
namespace {

constexpr qsizetype maxLocalPart = 64;    // RFC 5321 §4.5.3.1.1
constexpr qsizetype maxAddress = 254;     // RFC 5321 §4.5.3.1.3 path minus the angle brackets
constexpr qsizetype maxDisplayName = 200; // keeps the header far below 998 octets

bool isAtext(QChar c) {
    return (c.unicode() < 0x80 && c.isLetterOrNumber()) ||
           QStringView(u"!#$%&'*+-/=?^_`{|}~").contains(c);
}

// RFC 5322 §3.2.3 dot-atom: atoms joined by single dots.
bool isDotAtom(QStringView text) {
    if (text.isEmpty() || text.startsWith(u'.') || text.endsWith(u'.') || text.contains(u".."))
        return false;
    for (const QChar c : text) {
        if (c != QLatin1Char('.') && !isAtext(c))
            return false;
    }
    return true;
}

// LDH labels (RFC 5321 §4.1.2 Domain) after IDNA conversion.
bool isHostName(const QByteArray& domain) {
    if (domain.isEmpty() || domain.size() > 253)
        return false;
    for (const QByteArray& label : domain.split('.')) {
        if (label.isEmpty() || label.size() > 63 || label.startsWith('-') || label.endsWith('-'))
            return false;
        for (const char c : label) {
            const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                            (c >= '0' && c <= '9') || c == '-';
            if (!ok)
                return false;
        }
    }
    return true;
}

QString unquote(QString name) {
    name = name.trimmed();
    if (name.size() >= 2 && name.startsWith(QLatin1Char('"')) && name.endsWith(QLatin1Char('"'))) {
        name = name.mid(1, name.size() - 2);
        QString out;
        for (qsizetype i = 0; i < name.size(); ++i) {
            if (name[i] == QLatin1Char('\\') && i + 1 < name.size())
                ++i;
            out += name[i];
        }
        return out;
    }
    return name;
}

} // namespace

QByteArray Mailbox::toHeader() const {
    if (displayName.isEmpty())
        return address;
    return encodePhrase(displayName) + " <" + address + '>';
}

QByteArray Mailbox::domain() const {
    return address.mid(address.lastIndexOf('@') + 1);
}

Result<void> checkHeaderValue(const char* name, const QString& value) {
    for (const QChar c : value) {
        if (c == QLatin1Char('\r') || c == QLatin1Char('\n') || c == QChar(0))
            return invalidMailHeader(QStringLiteral("%1 must be one line without CR, LF or NUL")
                                         .arg(QLatin1String(name)));
    }
    return {};
}

Result<Mailbox> parseMailbox(const QString& text) {
    if (auto checked = checkHeaderValue("the address", text); !checked)
        return checked.error();
    const QString trimmed = text.trimmed();
    Mailbox mailbox;
    QString address = trimmed;
    const qsizetype open = trimmed.lastIndexOf(QLatin1Char('<'));
    if (trimmed.endsWith(QLatin1Char('>')) && open >= 0) {
        address = trimmed.mid(open + 1, trimmed.size() - open - 2).trimmed();
        mailbox.displayName = unquote(trimmed.left(open));
        if (mailbox.displayName.size() > maxDisplayName)
            return invalidMailAddress(QStringLiteral("the display name is too long"));
    }
    const qsizetype at = address.lastIndexOf(QLatin1Char('@'));
    const auto bad = [&text](const char* why) {
        return invalidMailAddress(
            QStringLiteral("'%1' is not a mail address: %2").arg(text, QLatin1String(why)));
    };
    if (at <= 0)
        return bad("no local part and domain");
    const QStringView local = QStringView(address).left(at);
    if (local.size() > maxLocalPart || !isDotAtom(local))
        return bad(
            "the part before @ must be 1 to 64 letters, digits, dots or !#$%&'*+-/=?^_`{|}~");
    const QByteArray domain = QUrl::toAce(address.mid(at + 1));
    if (!isHostName(domain))
        return bad("the domain is not a host name");
    mailbox.address = local.toLatin1() + '@' + domain;
    if (mailbox.address.size() > maxAddress)
        return bad("longer than 254 characters");
    return mailbox;
}

} // namespace gatehouse::mail
