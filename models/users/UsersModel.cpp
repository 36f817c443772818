#include "models/users/UsersModel.h"

#include <QJsonArray>
#include <QLocale>

namespace gatehouse::client {

using namespace Qt::StringLiterals;

UsersModel::UsersModel(Session& session, QObject* parent)
    : PagedListModel(session, parent)
    // clang-format off
    , m_columns{
          {tr("Email"), u"email"_s, true},
          {tr("Name"), u"name"_s, true},
          {tr("Connection"), u"connection"_s, true},
          {tr("Last login"), u"last_login"_s, true},
          {tr("Blocked"), u"blocked"_s, true},
      } {}
// clang-format on

void UsersModel::setSearch(const QString& query) {
    if (query == m_search)
        return;
    m_search = query;
    reload();
}

UserRecord UsersModel::recordAt(int row) const {
    if (row < 0 || row >= rowCount())
        return {};
    return UserRecord::fromJson(itemAt(row));
}

QString UsersModel::sortField(int column) const {
    if (column < 0 || column >= m_columns.size() || !m_columns.at(column).sortable)
        return {};
    return m_columns.at(column).field;
}

void UsersModel::applyUser(const QJsonObject& user) {
    upsert(user);
}

void UsersModel::applyRemoved(const QString& id) {
    removeId(id);
}

void UsersModel::addFilters(QUrlQuery& query) const {
    if (m_search.isEmpty())
        return;
    // The server reads the query string form-encoded (a '+' is a space) and QUrlQuery leaves
    // '+' and "%XX" as written: encode both so that `email:a+b@example.com` arrives intact.
    QString value = m_search;
    value.replace(u'%', "%25"_L1).replace(u'+', "%2B"_L1);
    query.addQueryItem(u"q"_s, value);
}

QVariant UsersModel::display(const QJsonObject& item, int column) const {
    switch (column) {
    case Connection:
        return item.value("identities"_L1)
            .toArray()
            .at(0)
            .toObject()
            .value("connection"_L1)
            .toString();
    case Blocked:
        return item.value("blocked"_L1).toBool() ? tr("yes") : QString();
    case LastLogin: {
        const QDateTime when =
            QDateTime::fromString(item.value("last_login"_L1).toString(), Qt::ISODateWithMs);
        return when.isValid() ? QLocale().toString(when.toLocalTime(), QLocale::ShortFormat)
                              : tr("never");
    }
    default:
        return PagedListModel::display(item, column);
    }
}

} // namespace gatehouse::client
