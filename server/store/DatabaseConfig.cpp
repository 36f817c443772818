#include "store/DatabaseConfig.h"

#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>
#include <QUrl>
#include <QUrlQuery>

namespace gatehouse::store {
namespace {

const QStringList kSslModes{QStringLiteral("disable"),   QStringLiteral("allow"),
                            QStringLiteral("prefer"),    QStringLiteral("require"),
                            QStringLiteral("verify-ca"), QStringLiteral("verify-full")};

// The libpq parameters a URL may carry. Others are refused so that a typo (`sslmod=`) is an
// error instead of a silently unencrypted connection.
const QStringList kPostgresOptions{
    QStringLiteral("sslmode"),         QStringLiteral("sslrootcert"),
    QStringLiteral("sslcert"),         QStringLiteral("sslkey"),
    QStringLiteral("connect_timeout"), QStringLiteral("application_name")};

Error invalid(const QString& why) {
    return Error::badRequest(QByteArrayLiteral("invalid_database_url"),
                             QStringLiteral("invalid database URL: ") + why);
}

// Hides whatever sits between `scheme://user:` and the last `@` of the authority, so that a URL
// which fails to parse can still be quoted in an error message.
QString redactText(const QString& url) {
    static const QRegularExpression secret(
        QStringLiteral("^([A-Za-z][A-Za-z0-9+.-]*://[^:@/]*):.*@"),
        QRegularExpression::InvertedGreedinessOption);
    QString text = url;
    const qsizetype at = text.lastIndexOf(QLatin1Char('@'));
    if (at < 0)
        return text;
    const QRegularExpressionMatch match = secret.match(text.left(at + 1));
    if (match.hasMatch())
        text = match.captured(1) + QStringLiteral(":***") + text.mid(at);
    return text;
}

// QUrl's error strings go on to quote the whole URL ("; source was ..."), password included.
QString urlProblem(const QUrl& url) {
    return url.errorString().section(QLatin1Char(';'), 0, 0);
}

Result<DatabaseConfig> parseSqlite(const QString& url) {
    QString path;
    if (url.startsWith(QLatin1String("sqlite:"))) {
        const QUrl parsed(url, QUrl::StrictMode);
        if (!parsed.isValid())
            return invalid(urlProblem(parsed));
        if (!parsed.host().isEmpty())
            return invalid(
                QStringLiteral("a sqlite URL has no host: write sqlite:///absolute/path"));
        if (parsed.hasQuery() || parsed.hasFragment())
            return invalid(QStringLiteral("a sqlite URL takes no parameters"));
        path = parsed.path(QUrl::FullyDecoded);
        if (!path.startsWith(QLatin1Char('/')))
            return invalid(
                QStringLiteral("the SQLite path must be absolute: sqlite:///path/to/file.db"));
    } else {
        path = url;
    }
    if (path.isEmpty())
        return invalid(QStringLiteral("no SQLite file path"));
    // Each thread opens its own connection, and each `:memory:` connection is a separate database.
    if (path == QLatin1String(":memory:"))
        return invalid(QStringLiteral("in-memory SQLite is not supported, use a file"));
    if (path.endsWith(QLatin1Char('/')))
        return invalid(QStringLiteral("the SQLite path '%1' is a directory, not a file").arg(path));
    return DatabaseConfig::sqlite(path);
}

Result<void> parsePostgresQuery(const QUrl& url, DatabaseConfig& config) {
    const QUrlQuery query(url);
    for (const auto& [key, value] : query.queryItems(QUrl::FullyDecoded)) {
        if (key == QLatin1String("host")) {
            config.host = value;
            continue;
        }
        if (!kPostgresOptions.contains(key))
            return invalid(QStringLiteral("unknown parameter '%1' (allowed: host, %2)")
                               .arg(key, kPostgresOptions.join(QStringLiteral(", "))));
        // The Qt driver joins options with ';' and libpq splits on spaces: neither may appear.
        static const QRegularExpression safe(QStringLiteral("^[A-Za-z0-9._/:+-]+$"));
        if (!safe.match(value).hasMatch())
            return invalid(QStringLiteral("the value of '%1' is empty or has characters "
                                          "other than letters, digits and ._/:+-")
                               .arg(key));
        if (key == QLatin1String("sslmode") && !kSslModes.contains(value))
            return invalid(QStringLiteral("sslmode must be one of %1, not '%2'")
                               .arg(kSslModes.join(QStringLiteral(", ")), value));
        bool isNumber = false;
        if (key == QLatin1String("connect_timeout") && (value.toInt(&isNumber) < 0 || !isNumber))
            return invalid(QStringLiteral("connect_timeout must be a number of seconds"));
        config.options.insert(key, value);
    }
    return {};
}

Result<DatabaseConfig> parsePostgres(const QString& text) {
    const QUrl url(text, QUrl::StrictMode);
    if (!url.isValid())
        return invalid(
            QStringLiteral("cannot parse '%1': %2").arg(redactText(text), urlProblem(url)));
    if (url.hasFragment())
        return invalid(QStringLiteral("a PostgreSQL URL has no #fragment"));
    DatabaseConfig config;
    config.engine = Engine::Postgres;
    config.user = url.userName(QUrl::FullyDecoded);
    config.password = url.password(QUrl::FullyDecoded);
    config.host = url.host(QUrl::FullyDecoded);
    config.port = url.port(5432);
    if (config.port <= 0)
        return invalid(QStringLiteral("the port must be between 1 and 65535"));
    config.database = url.path(QUrl::FullyDecoded).mid(1);
    if (config.database.isEmpty())
        return invalid(QStringLiteral("no database name: write postgres://user@host/dbname"));
    if (config.database.contains(QLatin1Char('/')))
        return invalid(QStringLiteral("the database name '%1' contains '/'").arg(config.database));
    if (const Result<void> query = parsePostgresQuery(url, config); !query)
        return query.error();
    if (config.host.isEmpty())
        config.host = QStringLiteral("localhost");
    if (config.user.isEmpty())
        return invalid(QStringLiteral("no user name: write postgres://user@host/dbname"));
    return config;
}

} // namespace

QString engineName(Engine engine) {
    return engine == Engine::Sqlite ? QStringLiteral("SQLite") : QStringLiteral("PostgreSQL");
}

Result<DatabaseConfig> DatabaseConfig::fromUrl(const QString& url) {
    const QString trimmed = url.trimmed();
    if (trimmed.isEmpty())
        return invalid(QStringLiteral("the URL is empty"));
    if (trimmed.startsWith(QLatin1String("postgres://")) ||
        trimmed.startsWith(QLatin1String("postgresql://")))
        return parsePostgres(trimmed);
    static const QRegularExpression scheme(QStringLiteral("^([A-Za-z][A-Za-z0-9+.-]*):"));
    const QRegularExpressionMatch match = scheme.match(trimmed);
    if (match.hasMatch() && match.captured(1) != QLatin1String("sqlite"))
        return invalid(QStringLiteral("unsupported scheme '%1' (use sqlite:// or postgres://)")
                           .arg(match.captured(1)));
    return parseSqlite(trimmed);
}

DatabaseConfig DatabaseConfig::sqlite(const QString& path) {
    DatabaseConfig config;
    config.engine = Engine::Sqlite;
    config.path = QDir::cleanPath(QFileInfo(path).absoluteFilePath());
    return config;
}

QString DatabaseConfig::url() const {
    if (engine == Engine::Sqlite) {
        const QString file = QUrl::fromLocalFile(path).toString(QUrl::FullyEncoded);
        return QStringLiteral("sqlite") + file.mid(file.indexOf(QLatin1Char(':')));
    }
    QUrl url;
    url.setScheme(QStringLiteral("postgres"));
    url.setUserName(user);
    url.setPassword(password);
    QUrlQuery query;
    // A socket directory is not a valid URL host, so it travels as a parameter, as in libpq.
    if (host.startsWith(QLatin1Char('/')))
        query.addQueryItem(QStringLiteral("host"), host);
    else
        url.setHost(host);
    url.setPort(port);
    url.setPath(QLatin1Char('/') + database);
    for (auto it = options.cbegin(); it != options.cend(); ++it)
        query.addQueryItem(it.key(), it.value());
    url.setQuery(query);
    return url.toString(QUrl::FullyEncoded);
}

QString DatabaseConfig::redactedUrl() const {
    if (engine == Engine::Sqlite || password.isEmpty())
        return url();
    DatabaseConfig copy = *this;
    copy.password = QStringLiteral("***");
    return copy.url();
}

} // namespace gatehouse::store
