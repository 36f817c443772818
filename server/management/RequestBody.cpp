#include "management/RequestBody.h"

#include "core/Json.h"

#include <QJsonDocument>
#include <QJsonParseError>

#include <cmath>

namespace gatehouse::management {
namespace {

QString typeDescription(FieldType type) {
    switch (type) {
    case FieldType::String:
        return QStringLiteral("a string");
    case FieldType::Boolean:
        return QStringLiteral("a boolean");
    case FieldType::Integer:
        return QStringLiteral("an integer");
    case FieldType::StringArray:
        return QStringLiteral("an array of strings");
    case FieldType::StringMap:
        return QStringLiteral("an object of strings");
    case FieldType::Object:
        return QStringLiteral("an object");
    case FieldType::ObjectArray:
        return QStringLiteral("an array of objects");
    }
    return {};
}

bool hasJsonType(const QJsonValue& value, FieldType type) {
    switch (type) {
    case FieldType::String:
        return value.isString();
    case FieldType::Boolean:
        return value.isBool();
    case FieldType::Integer:
        return value.isDouble() && std::trunc(value.toDouble()) == value.toDouble() &&
               std::abs(value.toDouble()) < 9007199254740992.0; // exact in a double
    case FieldType::StringArray:
    case FieldType::ObjectArray:
        return value.isArray();
    case FieldType::StringMap:
    case FieldType::Object:
        return value.isObject();
    }
    return false;
}

Error wrongType(const QString& path, FieldType type, const QJsonValue& value) {
    return invalidBody(QStringLiteral("'%1' must be %2, got %3")
                           .arg(path, typeDescription(type), json::typeName(value)));
}

Result<void> checkString(const QString& path, const QString& text, const Field& field) {
    if (field.nonEmpty && text.isEmpty())
        return invalidBody(QStringLiteral("'%1' must not be empty").arg(path));
    if (field.maxLength > 0 && text.size() > field.maxLength)
        return invalidBody(
            QStringLiteral("'%1' must be at most %2 characters").arg(path).arg(field.maxLength));
    if (!field.allowed.isEmpty() && !field.allowed.contains(text))
        return invalidBody(QStringLiteral("'%1' must be one of %2, got '%3'")
                               .arg(path, field.allowed.join(QStringLiteral(", ")), text));
    return {};
}

Result<void> checkItemCount(const QString& path, qsizetype count, const Field& field) {
    if (field.maxItems > 0 && count > field.maxItems)
        return invalidBody(
            QStringLiteral("'%1' must have at most %2 items").arg(path).arg(field.maxItems));
    return {};
}

Result<void> checkStringArray(const QString& path, const QJsonArray& array, const Field& field) {
    if (auto counted = checkItemCount(path, array.size(), field); !counted)
        return counted;
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QString itemPath = path + u'[' + QString::number(i) + u']';
        if (!array[i].isString())
            return wrongType(itemPath, FieldType::String, array[i]);
        if (auto checked = checkString(itemPath, array[i].toString(), field); !checked)
            return checked;
    }
    return {};
}

Result<void> checkStringMap(const QString& path, const QJsonObject& map, const Field& field) {
    if (auto counted = checkItemCount(path, map.size(), field); !counted)
        return counted;
    for (auto it = map.begin(); it != map.end(); ++it) {
        const QString itemPath = path + u'.' + it.key();
        if (field.maxLength > 0 && it.key().size() > field.maxLength)
            return invalidBody(QStringLiteral("the keys of '%1' must be at most %2 characters")
                                   .arg(path)
                                   .arg(field.maxLength));
        if (!it.value().isString())
            return wrongType(itemPath, FieldType::String, it.value());
        if (auto checked = checkString(itemPath, it.value().toString(), field); !checked)
            return checked;
    }
    return {};
}

Result<void> checkObject(const QString& prefix, const QJsonObject& object, Schema schema);

Result<void> checkObjectArray(const QString& path, const QJsonArray& array, const Field& field) {
    if (auto counted = checkItemCount(path, array.size(), field); !counted)
        return counted;
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QString itemPath = path + u'[' + QString::number(i) + u']';
        if (!array[i].isObject())
            return wrongType(itemPath, FieldType::Object, array[i]);
        if (auto checked = checkObject(itemPath + u'.', array[i].toObject(), field.items); !checked)
            return checked;
    }
    return {};
}

Result<void> checkValue(const QString& path, const QJsonValue& value, const Field& field) {
    if (!hasJsonType(value, field.type))
        return wrongType(path, field.type, value);
    switch (field.type) {
    case FieldType::String:
        return checkString(path, value.toString(), field);
    case FieldType::Integer: {
        const auto number = static_cast<qint64>(value.toDouble());
        if (number < field.minimum || (field.maximum > 0 && number > field.maximum))
            return invalidBody(QStringLiteral("'%1' must be an integer from %2 to %3")
                                   .arg(path)
                                   .arg(field.minimum)
                                   .arg(field.maximum));
        return {};
    }
    case FieldType::StringArray:
        return checkStringArray(path, value.toArray(), field);
    case FieldType::StringMap:
        return checkStringMap(path, value.toObject(), field);
    case FieldType::ObjectArray:
        return checkObjectArray(path, value.toArray(), field);
    case FieldType::Boolean:
    case FieldType::Object:
        return {};
    }
    return {};
}

const Field* findField(Schema schema, const QString& name) {
    for (const Field& field : schema) {
        if (field.name == name)
            return &field;
    }
    return nullptr;
}

// Unknown fields first, so that `{"nmae": "x"}` says "unknown field 'nmae'" rather than
// "'name' is required": the typo is the actual problem.
Result<void> checkObject(const QString& prefix, const QJsonObject& object, Schema schema) {
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (!findField(schema, it.key()))
            return invalidBody(QStringLiteral("unknown field '%1'").arg(prefix + it.key()));
    }
    for (const Field& field : schema) {
        const QString path = prefix + field.name;
        const auto it = object.constFind(field.name);
        if (it == object.constEnd()) {
            if (field.presence == Presence::Required)
                return invalidBody(QStringLiteral("'%1' is required").arg(path));
            continue;
        }
        if (auto checked = checkValue(path, it.value(), field); !checked)
            return checked;
    }
    return {};
}

bool isJsonContentType(QByteArrayView contentType) {
    const qsizetype semicolon = contentType.indexOf(';');
    const QByteArray mediaType =
        (semicolon < 0 ? contentType : contentType.first(semicolon)).trimmed().toByteArray();
    return mediaType.compare("application/json", Qt::CaseInsensitive) == 0;
}

} // namespace

Error invalidBody(QString message) {
    return Error::badRequest(QByteArrayLiteral("invalid_body"), std::move(message));
}

Result<RequestBody> RequestBody::parse(QByteArrayView contentType, QByteArrayView body,
                                       Schema schema, bool allowEmpty) {
    if (body.trimmed().isEmpty()) {
        if (allowEmpty)
            return fromObject(QJsonObject(), schema);
        return invalidBody(QStringLiteral("the request body must be a JSON object"));
    }
    if (!isJsonContentType(contentType))
        return invalidBody(QStringLiteral("the Content-Type must be application/json"));
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body.toByteArray(), &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return invalidBody(QStringLiteral("the request body is not valid JSON: %1 at offset %2")
                               .arg(parseError.errorString())
                               .arg(parseError.offset));
    if (!document.isObject())
        return invalidBody(QStringLiteral("the request body must be a JSON object"));
    return fromObject(document.object(), schema);
}

Result<RequestBody> RequestBody::fromObject(QJsonObject object, Schema schema) {
    if (auto checked = checkObject(QString(), object, schema); !checked)
        return checked.error();
    return RequestBody(std::move(object));
}

QString RequestBody::string(QLatin1String name) const {
    return m_object.value(name).toString();
}

bool RequestBody::boolean(QLatin1String name) const {
    return m_object.value(name).toBool();
}

qint64 RequestBody::integer(QLatin1String name) const {
    return static_cast<qint64>(m_object.value(name).toDouble());
}

QStringList RequestBody::strings(QLatin1String name) const {
    QStringList result;
    const QJsonArray array = m_object.value(name).toArray();
    result.reserve(array.size());
    for (const QJsonValue& item : array)
        result.append(item.toString());
    return result;
}

QJsonObject RequestBody::object(QLatin1String name) const {
    return m_object.value(name).toObject();
}

QJsonArray RequestBody::array(QLatin1String name) const {
    return m_object.value(name).toArray();
}

} // namespace gatehouse::management
