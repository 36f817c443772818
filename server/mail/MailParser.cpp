#include "mail/MailParser.h"

#include "mail/HeaderEncoding.h"
#include "mail/QuotedPrintable.h"

#include <QList>
#include <QStringDecoder>
#include <utility>

namespace gatehouse::mail {
namespace {

constexpr int maxDepth = 8;

Error invalidMessage(const QString& message) {
    return Error::badRequest(QByteArrayLiteral("invalid_mail_message"), message);
}

struct Entity {
    QList<std::pair<QByteArray, QByteArray>> headers; // lowercase name, raw unfolded value
    QByteArray body;

    [[nodiscard]] QByteArray header(const char* name) const {
        for (const auto& [key, value] : headers) {
            if (key == name)
                return value;
        }
        return {};
    }
};

// `text` has LF line ends. Headers end at the first empty line (RFC 5322 §2.1).
Entity splitEntity(const QByteArray& text) {
    Entity entity;
    qsizetype end = text.startsWith('\n') ? 0 : text.indexOf("\n\n");
    const QByteArray head = end < 0 ? text : text.left(end);
    entity.body = end < 0 ? QByteArray() : text.mid(end + (end == 0 ? 1 : 2));
    for (const QByteArray& line : head.split('\n')) {
        if ((line.startsWith(' ') || line.startsWith('\t')) && !entity.headers.isEmpty()) {
            entity.headers.last().second += line; // unfold (§2.2.3): drop the line end only
            continue;
        }
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            continue;
        entity.headers.append(
            {line.left(colon).trimmed().toLower(), line.mid(colon + 1).trimmed()});
    }
    return entity;
}

struct ContentType {
    QByteArray type = "text/plain"; // RFC 2045 §5.2 default
    QByteArray charset = "us-ascii";
    QByteArray boundary;
};

ContentType parseContentType(const QByteArray& value) {
    ContentType result;
    if (value.isEmpty())
        return result;
    QList<QByteArray> fields;
    QByteArray current;
    bool quoted = false;
    for (const char c : value) {
        if (c == '"')
            quoted = !quoted;
        if (c == ';' && !quoted) {
            fields.append(current.trimmed());
            current.clear();
        } else {
            current.append(c);
        }
    }
    fields.append(current.trimmed());
    result.type = fields.takeFirst().toLower();
    for (const QByteArray& field : std::as_const(fields)) {
        const qsizetype equals = field.indexOf('=');
        if (equals <= 0)
            continue;
        const QByteArray name = field.left(equals).trimmed().toLower();
        QByteArray parameter = field.mid(equals + 1).trimmed();
        if (parameter.size() >= 2 && parameter.startsWith('"') && parameter.endsWith('"'))
            parameter = parameter.mid(1, parameter.size() - 2);
        if (name == "charset")
            result.charset = parameter;
        else if (name == "boundary")
            result.boundary = parameter;
    }
    return result;
}

QString decodeBody(const Entity& entity, const ContentType& type) {
    const QByteArray encoding = entity.header("content-transfer-encoding").toLower();
    QByteArray bytes = entity.body;
    if (encoding == "quoted-printable")
        bytes = decodeQuotedPrintable(bytes);
    else if (encoding == "base64")
        bytes = QByteArray::fromBase64(bytes);
    bytes.replace("\r\n", "\n");
    QStringDecoder decoder(type.charset.constData());
    if (!decoder.isValid())
        return QString::fromUtf8(bytes);
    return decoder.decode(bytes);
}

// The body parts of a multipart entity (RFC 2046 §5.1.1); the line end before a delimiter belongs
// to the delimiter.
QList<QByteArray> splitParts(const QByteArray& body, const QByteArray& boundary) {
    const QByteArray text = '\n' + body;
    const QByteArray delimiter = "\n--" + boundary;
    QList<QByteArray> parts;
    qsizetype at = text.indexOf(delimiter);
    while (at >= 0) {
        const qsizetype afterDelimiter = at + delimiter.size();
        if (text.mid(afterDelimiter, 2) == "--")
            break;
        const qsizetype lineEnd = text.indexOf('\n', afterDelimiter);
        if (lineEnd < 0)
            break;
        const qsizetype next = text.indexOf(delimiter, lineEnd);
        parts.append(text.mid(lineEnd + 1, (next < 0 ? text.size() : next) - lineEnd - 1));
        at = next;
    }
    return parts;
}

Result<void> collectBodies(const Entity& entity, ParsedMail& mail, int depth) {
    if (depth > maxDepth)
        return invalidMessage(QStringLiteral("multipart nesting deeper than %1").arg(maxDepth));
    const ContentType type = parseContentType(entity.header("content-type"));
    if (type.type.startsWith("multipart/")) {
        if (type.boundary.isEmpty())
            return invalidMessage(QStringLiteral("a multipart entity without a boundary"));
        for (const QByteArray& part : splitParts(entity.body, type.boundary)) {
            if (auto collected = collectBodies(splitEntity(part), mail, depth + 1); !collected)
                return collected;
        }
        return {};
    }
    if (type.type == "text/plain" && mail.textBody.isNull())
        mail.textBody = decodeBody(entity, type);
    else if (type.type == "text/html" && !mail.htmlBody)
        mail.htmlBody = decodeBody(entity, type);
    return {};
}

} // namespace

Result<ParsedMail> parseMail(const QByteArray& raw) {
    QByteArray text = raw;
    text.replace("\r\n", "\n");
    const Entity entity = splitEntity(text);
    if (entity.headers.isEmpty())
        return invalidMessage(QStringLiteral("no header fields"));
    ParsedMail mail;
    mail.date = decodeHeader(entity.header("date"));
    mail.from = decodeHeader(entity.header("from"));
    mail.to = decodeHeader(entity.header("to"));
    mail.subject = decodeHeader(entity.header("subject"));
    mail.messageId = QString::fromLatin1(entity.header("message-id"));
    if (auto collected = collectBodies(entity, mail, 0); !collected)
        return collected.error();
    if (mail.textBody.isNull())
        mail.textBody = QStringLiteral("");
    return mail;
}

} // namespace gatehouse::mail
