#include "oidc/RequestParameters.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>

namespace gatehouse::oidc {
namespace {

Error invalidRequest(QString message) {
    return Error::badRequest(QByteArrayLiteral("invalid_request"), std::move(message));
}

bool isHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// application/x-www-form-urlencoded decoding (WHATWG URL §5.1): '+' is a space, %XX a byte. A '%'
// not followed by two hex digits is refused rather than guessed at.
Result<QByteArray> formDecode(QByteArrayView text) {
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (text[i] == '%' && (i + 2 >= text.size() || !isHex(text[i + 1]) || !isHex(text[i + 2])))
            return invalidRequest(QStringLiteral("malformed percent-encoding in the request body"));
    }
    QByteArray bytes = text.toByteArray();
    bytes.replace('+', ' ');
    return QByteArray::fromPercentEncoding(bytes);
}

// Counts the members of the top-level object in already validated JSON. QJsonDocument keeps only
// one value for a repeated name, so a count above the object's size reveals a duplicate.
qsizetype countTopLevelMembers(QByteArrayView json) {
    qsizetype members = 0;
    int depth = 0;
    bool expectKey = false;
    for (qsizetype i = 0; i < json.size(); ++i) {
        const char c = json[i];
        if (c == '"') {
            if (depth == 1 && expectKey)
                ++members;
            expectKey = false;
            for (++i; i < json.size() && json[i] != '"'; ++i) {
                if (json[i] == '\\')
                    ++i;
            }
        } else if (c == '{' || c == '[') {
            ++depth;
            expectKey = c == '{' && depth == 1;
        } else if (c == '}' || c == ']') {
            --depth;
        } else if (c == ',' && depth == 1) {
            expectKey = true;
        }
    }
    return members;
}

} // namespace

Result<void> RequestParameters::add(QByteArray name, QString value) {
    if (m_values.size() >= kMaxParameters)
        return invalidRequest(QStringLiteral("too many parameters"));
    for (const auto& [existing, unused] : m_values) {
        if (existing == name)
            return invalidRequest(QStringLiteral("parameter '%1' is included more than once")
                                      .arg(QString::fromUtf8(name)));
    }
    m_values.emplace_back(std::move(name), std::move(value));
    return {};
}

Result<RequestParameters> RequestParameters::fromForm(QByteArrayView body) {
    RequestParameters parameters;
    qsizetype start = 0;
    while (start <= body.size()) {
        qsizetype end = body.indexOf('&', start);
        if (end < 0)
            end = body.size();
        const QByteArrayView pair = body.sliced(start, end - start);
        start = end + 1;
        if (pair.isEmpty())
            continue;
        const qsizetype equals = pair.indexOf('=');
        const QByteArrayView rawName = equals < 0 ? pair : pair.first(equals);
        const QByteArrayView rawValue = equals < 0 ? QByteArrayView() : pair.sliced(equals + 1);
        Result<QByteArray> name = formDecode(rawName);
        Result<QByteArray> value = formDecode(rawValue);
        if (!name)
            return name.error();
        if (!value)
            return value.error();
        if (auto added = parameters.add(std::move(name).value(), QString::fromUtf8(*value)); !added)
            return added.error();
    }
    return parameters;
}

Result<RequestParameters> RequestParameters::fromJson(QByteArrayView body) {
    QJsonParseError parseError{};
    const QJsonDocument document =
        QJsonDocument::fromJson(QByteArray::fromRawData(body.data(), body.size()), &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject())
        return invalidRequest(QStringLiteral("the request body is not a JSON object"));
    const QJsonObject object = document.object();
    if (countTopLevelMembers(body) != object.size())
        return invalidRequest(QStringLiteral("a parameter is included more than once"));
    RequestParameters parameters;
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (!it.value().isString())
            return invalidRequest(QStringLiteral("parameter '%1' must be a string").arg(it.key()));
        if (auto added = parameters.add(it.key().toUtf8(), it.value().toString()); !added)
            return added.error();
    }
    return parameters;
}

QString RequestParameters::value(QLatin1String name) const {
    for (const auto& [key, value] : m_values) {
        if (key == QByteArrayView(name.data(), name.size()))
            return value;
    }
    return {};
}

} // namespace gatehouse::oidc
