#include "IntegrationSupport.h"

#include <QJsonDocument>

void PrintTo(const QString& value, std::ostream* os) {
    *os << '"' << value.toStdString() << '"';
}

void PrintTo(const QByteArray& value, std::ostream* os) {
    *os << '"' << value.toStdString() << '"';
}

void PrintTo(const QJsonObject& value, std::ostream* os) {
    *os << QJsonDocument(value).toJson(QJsonDocument::Compact).toStdString();
}

void PrintTo(const QStringList& value, std::ostream* os) {
    *os << '[' << value.join(QStringLiteral(", ")).toStdString() << ']';
}

namespace gatehouse::integration {

std::string str(const QString& text) {
    return text.toStdString();
}

std::string str(const QByteArray& bytes) {
    return bytes.toStdString();
}

std::string str(const QJsonObject& json) {
    return QJsonDocument(json).toJson(QJsonDocument::Compact).toStdString();
}

} // namespace gatehouse::integration
