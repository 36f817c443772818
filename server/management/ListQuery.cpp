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
                                   std::initializer_list<QLatin1String> filters) {
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

QJsonDocument ListQuery::respond(const QJsonArray& all, QLatin1String key) const {
    const qsizetype start = qsizetype(m_page) * m_perPage;
    QJsonArray page;
    for (qsizetype i = start; i < all.size() && i < start + m_perPage; ++i)
        page.append(all[i]);
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
