#pragma once

#include "core/Result.h"

#include <QByteArrayView>
#include <QJsonArray>
#include <QJsonObject>
#include <QLatin1String>
#include <QList>
#include <QString>
#include <QStringList>
#include <span>

namespace gatehouse::management {

// The JSON types a Management API field may have. StringMap is Auth0's `client_metadata`: an
// object whose values are all strings. ObjectArray items are checked against `items`.
enum class FieldType { String, Boolean, Integer, StringArray, StringMap, Object, ObjectArray };

enum class Presence { Optional, Required };

// One field of a request body. Limits of 0 mean "no limit"; string limits count UTF-16 units,
// which is close enough for names and URLs and what Qt measures cheaply.
struct Field {
    QLatin1String name = {};
    FieldType type = FieldType::String;
    Presence presence = Presence::Optional;
    int maxLength = 0;                 // String, and each item of StringArray / StringMap values
    int maxItems = 0;                  // StringArray, StringMap, ObjectArray
    qint64 minimum = 0;                // Integer
    qint64 maximum = 0;                // Integer (0: no upper bound)
    QStringList allowed = {};          // String, StringArray items: an enumeration when not empty
    std::span<const Field> items = {}; // ObjectArray: the schema of each item
    bool nonEmpty = false;             // String: "" is refused (names, identifiers)
};

using Schema = std::span<const Field>;

// A request body that has been checked against a Schema: a JSON object, no field the schema does
// not name, every field of its declared type and within its limits, every required field present.
// Every failure is a 400 `invalid_body` whose message names the field, so that a typo such as
// `nmae` is reported instead of being silently dropped (Auth0 answers the same way). Accessors are
// only meaningful for fields of the matching type, and return an empty value for absent ones.
class RequestBody final {
public:
    // `contentType` is the request's Content-Type header; it must be application/json (charset
    // parameters allowed). An empty body is accepted as `{}` only when `allowEmpty` is set, for
    // actions such as rotate-secret that take no parameters.
    [[nodiscard]] static Result<RequestBody> parse(QByteArrayView contentType, QByteArrayView body,
                                                   Schema schema, bool allowEmpty = false);
    // Validates an object that is already parsed (items of ObjectArray fields, tests).
    [[nodiscard]] static Result<RequestBody> fromObject(QJsonObject object, Schema schema);

    [[nodiscard]] bool has(QLatin1String name) const { return m_object.contains(name); }
    [[nodiscard]] bool isEmpty() const { return m_object.isEmpty(); }
    [[nodiscard]] QString string(QLatin1String name) const;
    [[nodiscard]] bool boolean(QLatin1String name) const;
    [[nodiscard]] qint64 integer(QLatin1String name) const;
    [[nodiscard]] QStringList strings(QLatin1String name) const;
    [[nodiscard]] QJsonObject object(QLatin1String name) const;
    [[nodiscard]] QJsonArray array(QLatin1String name) const;
    [[nodiscard]] const QJsonObject& json() const { return m_object; }

private:
    explicit RequestBody(QJsonObject object)
        : m_object(std::move(object)) {}

    QJsonObject m_object;
};

// The 400 every validation failure uses, for checks that need more than the schema (a scope that
// is not defined on an API, a reserved tenant id).
[[nodiscard]] Error invalidBody(QString message);

} // namespace gatehouse::management
