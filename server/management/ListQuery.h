#pragma once

#include "core/Result.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QLatin1String>
#include <QString>
#include <QUrlQuery>
#include <initializer_list>
#include <map>

namespace gatehouse::management {

// The 400 every bad query string gets: `invalid_query_string`, naming the parameter.
[[nodiscard]] Error invalidQueryString(QString message);

// The parameters of an endpoint that is not a paged list (GET /users/{id}, /users-by-email):
// each at most once and only those in `allowed`, with the same errors as ListQuery::parse.
[[nodiscard]] Result<std::map<QString, QString>>
parseQueryParameters(const QUrlQuery& query, std::initializer_list<QLatin1String> allowed);

// The query string of a list endpoint: Auth0's pagination (`page` from 0, `per_page` 1..100,
// default 50, `include_totals`) plus the endpoint's own filters (e.g. `client_id` on
// client-grants). Any other parameter, a repeated one or a malformed number is a 400
// `invalid_query_string` naming it, as for bodies: a misspelt filter must not silently return
// everything.
class ListQuery final {
public:
    static constexpr int kDefaultPerPage = 50;
    static constexpr int kMaxPerPage = 100;

    // `sortable`: the fields `sort=<field>:1|-1` may name (ascending 1, descending -1; strings
    // case-insensitively, items without the field last); none: `sort` is an unknown parameter.
    [[nodiscard]] static Result<ListQuery>
    parse(const QUrlQuery& query, std::initializer_list<QLatin1String> filters = {},
          std::initializer_list<QLatin1String> sortable = {});

    [[nodiscard]] int page() const { return m_page; }
    [[nodiscard]] int perPage() const { return m_perPage; }
    [[nodiscard]] bool includeTotals() const { return m_includeTotals; }
    // The value of a filter; a null QString when it was not given.
    [[nodiscard]] QString filter(QLatin1String name) const;

    // Auth0's list shapes, sorted when `sort` was given: the requested page as a bare array, or
    // with include_totals
    // {"<key>": [...], "start": n, "limit": n, "length": n, "total": n}.
    [[nodiscard]] QJsonDocument respond(const QJsonArray& all, QLatin1String key) const;

private:
    ListQuery() = default;

    int m_page = 0;
    int m_perPage = kDefaultPerPage;
    bool m_includeTotals = false;
    QUrlQuery m_filters;
    QString m_sortField; // empty: the store's order
    bool m_sortAscending = true;
};

} // namespace gatehouse::management
