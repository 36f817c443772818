#include "management/ListQuery.h"

#include <QJsonObject>

#include <algorithm>

namespace gatehouse::management {
namespace {

Error invalidQuery(QString message) {
    return invalidQueryString(std::move(message));
}

Result<int> parseNumber(const QString& name, const QString& text, int minimum, int maximum) {
    bool ok = false;
    const int number = text.toInt(&ok);
    if (!ok || number < minimum || number > maximum)
        return invalidQuery(QStringLiteral("'%1' must be an integer from %2 to %3, got '%4'")
                                .arg(name)
                                .arg(minimum)
                                .arg(maximum)
                                .arg(text));
    return number;
}

Result<bool> parseBoolean(const QString& name, const QString& text) {
    if (text == QLatin1String("true"))
        return true;
    if (text == QLatin1String("false"))
        return false;
    return invalidQuery(QStringLiteral("'%1' must be true or false, got '%2'").arg(name, text));
}

} // namespace

Error invalidQueryString(QString message) {
    return Error::badRequest(QByteArrayLiteral("invalid_query_string"), std::move(message));
}

Result<std::map<QString, QString>>
parseQueryParameters(const QUrlQuery& query, std::initializer_list<QLatin1String> allowed) {
    std::map<QString, QString> parameters;
    for (const auto& [name, value] : query.queryItems(QUrl::FullyDecoded)) {
        if (std::find(allowed.begin(), allowed.end(), name) == allowed.end())
            return invalidQuery(QStringLiteral("unknown query parameter '%1'").arg(name));
        if (!parameters.emplace(name, value).second)
            return invalidQuery(QStringLiteral("'%1' is given more than once").arg(name));
    }
    return parameters;
}

Result<ListQuery> ListQuery::parse(const QUrlQuery& query,
                                   std::initializer_list<QLatin1String> filters,
                                   std::initializer_list<QLatin1String> sortable) {
    ListQuery result;
    QStringList seen;
    for (const auto& [name, value] : query.queryItems(QUrl::FullyDecoded)) {
        if (seen.contains(name))
            return invalidQuery(QStringLiteral("'%1' is given more than once").arg(name));
        seen.append(name);
        if (name == QLatin1String("page")) {
            auto page = parseNumber(name, value, 0, 1'000'000);
            if (!page)
                return page.error();
            result.m_page = *page;
        } else if (name == QLatin1String("per_page")) {
            auto perPage = parseNumber(name, value, 1, kMaxPerPage);
            if (!perPage)
                return perPage.error();
            result.m_perPage = *perPage;
        } else if (name == QLatin1String("include_totals")) {
            auto totals = parseBoolean(name, value);
            if (!totals)
                return totals.error();
            result.m_includeTotals = *totals;
        } else if (name == QLatin1String("sort") && sortable.size() > 0) {
            const QStringList parts = value.split(QLatin1Char(':'));
            if (parts.size() != 2 ||
                (parts[1] != QLatin1String("1") && parts[1] != QLatin1String("-1")))
                return invalidQuery(
                    QStringLiteral("'sort' must be <field>:1 or <field>:-1, got '%1'").arg(value));
            if (std::find(sortable.begin(), sortable.end(), parts[0]) == sortable.end()) {
                QStringList names;
                for (QLatin1String field : sortable)
                    names.append(field);
                return invalidQuery(QStringLiteral("'sort': cannot sort by '%1' (one of %2)")
                                        .arg(parts[0], names.join(QLatin1String(", "))));
            }
            result.m_sortField = parts[0];
            result.m_sortAscending = parts[1] == QLatin1String("1");
        } else if (std::find(filters.begin(), filters.end(), name) != filters.end()) {
            result.m_filters.addQueryItem(name, value);
        } else {
            return invalidQuery(QStringLiteral("unknown query parameter '%1'").arg(name));
        }
    }
    return result;
}

QString ListQuery::filter(QLatin1String name) const {
    if (!m_filters.hasQueryItem(name))
        return {};
    return m_filters.queryItemValue(name, QUrl::FullyDecoded);
}

namespace {

// Strings case-insensitively, numbers and booleans by value; an item without the field sorts
// after every item with it, whatever the direction.
bool before(const QJsonValue& a, const QJsonValue& b, bool ascending) {
    const bool aMissing = a.isUndefined() || a.isNull();
    const bool bMissing = b.isUndefined() || b.isNull();
    if (aMissing || bMissing)
        return !aMissing && bMissing;
    int order = 0;
    if (a.isDouble() && b.isDouble())
        order = a.toDouble() < b.toDouble() ? -1 : (a.toDouble() > b.toDouble() ? 1 : 0);
    else if (a.isBool() && b.isBool())
        order = int(a.toBool()) - int(b.toBool());
    else
        order = a.toVariant().toString().compare(b.toVariant().toString(), Qt::CaseInsensitive);
    return ascending ? order < 0 : order > 0;
}

} // namespace

QJsonDocument ListQuery::respond(const QJsonArray& all, QLatin1String key) const {
    QList<QJsonValue> items(all.begin(), all.end());
    if (!m_sortField.isEmpty()) {
        std::stable_sort(items.begin(), items.end(), [&](const QJsonValue& a, const QJsonValue& b) {
            return before(a.toObject().value(m_sortField), b.toObject().value(m_sortField),
                          m_sortAscending);
        });
    }
    const qsizetype start = qsizetype(m_page) * m_perPage;
    QJsonArray page;
    for (qsizetype i = start; i < items.size() && i < start + m_perPage; ++i)
        page.append(items[i]);
    if (!m_includeTotals)
        return QJsonDocument(page);
    return QJsonDocument(QJsonObject{
        {key, page},
        {QStringLiteral("start"), double(start)},
        {QStringLiteral("limit"), m_perPage},
        {QStringLiteral("length"), page.size()},
        {QStringLiteral("total"), all.size()},
    });
}

} // namespace gatehouse::management
