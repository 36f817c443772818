#include "store/Validation.h"

#include "store/SqlValues.h"

#include <QRegularExpression>

namespace gatehouse::store::validation {

Error invalid(const QString& message) {
    return Error::badRequest(QByteArrayLiteral("invalid_request"), message);
}

Result<void> tenantId(const QString& id) {
    static const QRegularExpression slug(QStringLiteral("^[a-z0-9][a-z0-9-]{0,62}$"));
    if (!slug.match(id).hasMatch())
        return invalid(QStringLiteral("the tenant id '%1' is not valid: use 1 to 63 lower-case "
                                      "letters, digits and '-', starting with a letter or digit")
                           .arg(id));
    return {};
}

Result<void> required(const QString& field, const QString& value) {
    if (value.trimmed().isEmpty())
        return invalid(QStringLiteral("%1 is required").arg(field));
    return {};
}

Result<void> oneOf(const QString& field, const QString& value, const QStringList& allowed) {
    if (!allowed.contains(value))
        return invalid(QStringLiteral("%1 must be one of %2, not '%3'")
                           .arg(field, allowed.join(QStringLiteral(", ")), value));
    return {};
}

Result<void> domain(const QString& value) {
    static const QRegularExpression host(
        QStringLiteral("^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,"
                       "61}[a-z0-9])?)*$"));
    if (!host.match(value).hasMatch())
        return invalid(QStringLiteral("the domain '%1' is not a valid host name").arg(value));
    return {};
}

Result<void> email(const QString& value) {
    if (value.isEmpty())
        return {};
    const qsizetype at = value.lastIndexOf(QLatin1Char('@'));
    if (at <= 0 || at == value.size() - 1 || value.contains(QLatin1Char(' ')))
        return invalid(QStringLiteral("the e-mail address '%1' is not valid").arg(value));
    return {};
}

Result<void> connectionName(const QString& value) {
    static const QRegularExpression name(
        QStringLiteral("^[A-Za-z0-9](?:[A-Za-z0-9-]{0,126}[A-Za-z0-9])?$"));
    if (!name.match(value).hasMatch())
        return invalid(
            QStringLiteral("the connection name '%1' is not valid: use 1 to 128 letters, "
                           "digits and '-', starting and ending with a letter or digit")
                .arg(value));
    return {};
}

Result<void> username(const QString& value) {
    if (value.isEmpty())
        return {};
    static const QRegularExpression forbidden(QStringLiteral("[\\s\\p{Cc}]"));
    if (value.size() > 128 || forbidden.match(value).hasMatch())
        return invalid(QStringLiteral("the username '%1' is not valid: use 1 to 128 characters "
                                      "without spaces")
                           .arg(value));
    return {};
}

const QStringList& signingAlgorithms() {
    static const QStringList algorithms{QStringLiteral("RS256"), QStringLiteral("ES256"),
                                        QStringLiteral("EdDSA")};
    return algorithms;
}

Result<void> tenantExists(Database& db, const QString& tenant) {
    const Result<bool> found =
        sql::exists(db, QStringLiteral("SELECT 1 FROM tenants WHERE id = ?"), {tenant});
    if (!found)
        return found.error();
    if (!*found)
        return Error::notFound(QStringLiteral("tenant '%1' does not exist").arg(tenant));
    return {};
}

} // namespace gatehouse::store::validation
