#pragma once

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <ostream>
#include <string>

// Readable gtest output for the Qt types the integration tests compare.
void PrintTo(const QString& value, std::ostream* os);
void PrintTo(const QByteArray& value, std::ostream* os);
void PrintTo(const QJsonObject& value, std::ostream* os);
void PrintTo(const QStringList& value, std::ostream* os);

namespace gatehouse::integration {

[[nodiscard]] std::string str(const QString& text);
[[nodiscard]] std::string str(const QByteArray& bytes);
[[nodiscard]] std::string str(const QJsonObject& json);

// Every test has a deadline for the server's answers; generous because the machine is shared,
// short enough that a hang fails the test instead of the ctest timeout.
inline constexpr int kAnswerTimeoutMs = 15000;

} // namespace gatehouse::integration
