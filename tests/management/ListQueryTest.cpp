#include "management/ListQuery.h"

#include <QJsonObject>
#include <gtest/gtest.h>

using gatehouse::management::ListQuery;

namespace {

QJsonArray numbers(int count) {
    QJsonArray array;
    for (int i = 0; i < count; ++i)
        array.append(i);
    return array;
}

QString failure(const QString& query) {
    const auto parsed = ListQuery::parse(QUrlQuery(query), {QLatin1String("client_id")});
    if (parsed.ok())
        return QStringLiteral("<ok>");
    EXPECT_EQ(parsed.error().code, "invalid_query_string");
    return parsed.error().message;
}

} // namespace

TEST(ListQuery, DefaultsToTheFirstFiftyAsABareArray) {
    const auto query = ListQuery::parse(QUrlQuery());
    ASSERT_TRUE(query.ok());
    const QJsonDocument page = query->respond(numbers(120), QLatin1String("clients"));
    ASSERT_TRUE(page.isArray());
    EXPECT_EQ(page.array().size(), 50);
    EXPECT_EQ(page.array().first().toInt(), 0);
}

TEST(ListQuery, PagesWithTotals) {
    const auto query = ListQuery::parse(
        QUrlQuery(QStringLiteral("page=2&per_page=7&include_totals=true&client_id=abc")),
        {QLatin1String("client_id")});
    ASSERT_TRUE(query.ok());
    EXPECT_EQ(query->filter(QLatin1String("client_id")), QStringLiteral("abc"));
    EXPECT_TRUE(query->filter(QLatin1String("audience")).isNull());
    const QJsonObject page = query->respond(numbers(20), QLatin1String("clients")).object();
    EXPECT_EQ(page.value(QLatin1String("start")).toInt(), 14);
    EXPECT_EQ(page.value(QLatin1String("limit")).toInt(), 7);
    EXPECT_EQ(page.value(QLatin1String("length")).toInt(), 6);
    EXPECT_EQ(page.value(QLatin1String("total")).toInt(), 20);
    EXPECT_EQ(page.value(QLatin1String("clients")).toArray().first().toInt(), 14);
}

TEST(ListQuery, RefusesBadParametersByName) {
    EXPECT_EQ(failure(QStringLiteral("per_page=101")),
              QStringLiteral("'per_page' must be an integer from 1 to 100, got '101'"));
    EXPECT_EQ(failure(QStringLiteral("page=-1")),
              QStringLiteral("'page' must be an integer from 0 to 1000000, got '-1'"));
    EXPECT_EQ(failure(QStringLiteral("include_totals=yes")),
              QStringLiteral("'include_totals' must be true or false, got 'yes'"));
    EXPECT_EQ(failure(QStringLiteral("clientid=x")),
              QStringLiteral("unknown query parameter 'clientid'"));
    EXPECT_EQ(failure(QStringLiteral("page=1&page=2")),
              QStringLiteral("'page' is given more than once"));
}

namespace {

QJsonArray named(std::initializer_list<const char*> names) {
    QJsonArray array;
    for (const char* name : names) {
        QJsonObject item;
        if (name != nullptr)
            item.insert(QStringLiteral("name"), QString::fromUtf8(name));
        array.append(item);
    }
    return array;
}

QStringList namesOf(const QJsonDocument& page) {
    QStringList names;
    for (const QJsonValue& item : page.array())
        names.append(item.toObject().value(QLatin1String("name")).toString(QStringLiteral("-")));
    return names;
}

} // namespace

// sort=<field>:1|-1 on the fields an endpoint allows: before paging, case-insensitively,
// items without the field last in both directions.
TEST(ListQuery, SortsBeforePagingOnAllowedFields) {
    const QJsonArray items = named({"beta", nullptr, "Alpha", "gamma"});
    const auto ascending =
        ListQuery::parse(QUrlQuery(QStringLiteral("sort=name:1")), {}, {QLatin1String("name")});
    ASSERT_TRUE(ascending.ok());
    EXPECT_EQ(namesOf(ascending->respond(items, QLatin1String("clients"))),
              QStringList({QStringLiteral("Alpha"), QStringLiteral("beta"), QStringLiteral("gamma"),
                           QStringLiteral("-")}));
    const auto descending = ListQuery::parse(
        QUrlQuery(QStringLiteral("sort=name:-1&per_page=2&page=0")), {}, {QLatin1String("name")});
    ASSERT_TRUE(descending.ok());
    EXPECT_EQ(namesOf(descending->respond(items, QLatin1String("clients"))),
              QStringList({QStringLiteral("gamma"), QStringLiteral("beta")}));

    const auto refuse = [](const char* query) {
        const auto parsed =
            ListQuery::parse(QUrlQuery(QString::fromUtf8(query)), {}, {QLatin1String("name")});
        return parsed.ok() ? QStringLiteral("<ok>") : parsed.error().message;
    };
    EXPECT_EQ(refuse("sort=secret:1"),
              QStringLiteral("'sort': cannot sort by 'secret' (one of name)"));
    EXPECT_EQ(refuse("sort=name"),
              QStringLiteral("'sort' must be <field>:1 or <field>:-1, got 'name'"));
    // An endpoint without sortable fields does not know the parameter.
    EXPECT_EQ(failure(QStringLiteral("sort=name:1")),
              QStringLiteral("unknown query parameter 'sort'"));
}
