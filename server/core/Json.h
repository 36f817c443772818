#pragma once

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>

namespace gatehouse::json {

// Compact serialisation, the form every API response uses.
[[nodiscard]] QByteArray compact(const QJsonObject& object);
[[nodiscard]] QByteArray compact(const QJsonArray& array);

// Human-readable name of a JSON value's type, for "expected a string, got a number" messages.
[[nodiscard]] QString typeName(const QJsonValue& value);

} // namespace gatehouse::json
