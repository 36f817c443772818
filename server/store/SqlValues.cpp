#include "store/SqlValues.h"

#include "core/Json.h"
#include "store/Database.h"

#include <QJsonDocument>
#include <QRandomGenerator>
#include <QSqlQuery>

namespace gatehouse::store::sql {

QVariant text(const QString& value) {
    return value.isNull() ? QVariant(QString(QLatin1String(""))) : QVariant(value);
}

QVariant optionalText(const QString& value) {
    return value.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(value);
}

QVariant optionalBlob(const QByteArray& value) {
    return value.isEmpty() ? QVariant(QMetaType::fromType<QByteArray>()) : QVariant(value);
}

QVariant timestamp(const QDateTime& value) {
    return value.isValid() ? QVariant(value.toMSecsSinceEpoch())
                           : QVariant(QMetaType::fromType<qint64>());
}

QVariant json(const QJsonObject& value) {
    return QString::fromUtf8(gatehouse::json::compact(value));
}

QVariant json(const QJsonArray& value) {
    return QString::fromUtf8(gatehouse::json::compact(value));
}

QVariant json(const QStringList& value) {
    return json(QJsonArray::fromStringList(value));
}

QDateTime toTimestamp(const QVariant& value) {
    if (value.isNull())
        return {};
    return QDateTime::fromMSecsSinceEpoch(value.toLongLong(), Qt::UTC);
}

QJsonObject toObject(const QVariant& value) {
    return QJsonDocument::fromJson(value.toString().toUtf8()).object();
}

QJsonArray toArray(const QVariant& value) {
    return QJsonDocument::fromJson(value.toString().toUtf8()).array();
}

QStringList toStringList(const QVariant& value) {
    QStringList strings;
    for (const QJsonValue& item : toArray(value))
        strings << item.toString();
    return strings;
}

QString randomId(const QString& prefix, int length) {
    static constexpr char kAlphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    QString id = prefix;
    id.reserve(prefix.size() + length);
    QRandomGenerator* random = QRandomGenerator::system();
    for (int i = 0; i < length; ++i)
        id += QLatin1Char(kAlphabet[random->bounded(int(sizeof kAlphabet - 1))]);
    return id;
}

Result<bool> exists(Database& db, const QString& sql, const QVariantList& params) {
    bool found = false;
    Result<void> read = db.select(sql, params, [&](const QSqlQuery&) {
        found = true;
        return false;
    });
    if (!read)
        return read.error();
    return found;
}

} // namespace gatehouse::store::sql
