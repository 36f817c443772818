#include "config/ConfigSchema.h"

#include "core/Duration.h"

#include <QUrl>
#include <limits>

namespace gatehouse::config {
namespace {

Error invalid(const QString& message) {
    return Error::badRequest(QByteArrayLiteral("invalid_config"), message);
}

template <typename Int>
Result<Int> parseInteger(const QString& text, qint64 minimum, qint64 maximum) {
    bool ok = false;
    const qint64 value = text.toLongLong(&ok);
    if (!ok || value < minimum || value > maximum)
        return invalid(QStringLiteral("'%1' is not a whole number between %2 and %3")
                           .arg(text)
                           .arg(minimum)
                           .arg(maximum));
    return static_cast<Int>(value);
}

Result<bool> parseBool(const QString& text) {
    const QString lower = text.toLower();
    if (lower == QLatin1String("true") || lower == QLatin1String("yes") ||
        lower == QLatin1String("on") || lower == QLatin1String("1"))
        return true;
    if (lower == QLatin1String("false") || lower == QLatin1String("no") ||
        lower == QLatin1String("off") || lower == QLatin1String("0"))
        return false;
    return invalid(QStringLiteral("'%1' is not true or false").arg(text));
}

Result<std::chrono::milliseconds> parsePositiveDuration(const QString& text) {
    auto parsed = parseDuration(text);
    if (!parsed)
        return invalid(parsed.error().message);
    if (parsed->count() == 0)
        return invalid(QStringLiteral("must be longer than zero"));
    return *parsed;
}

// Builders for the schema table; each returns the apply/show pair for one member.
template <typename Int>
ConfigOption integer(const char* section, const char* key, const char* description,
                     Int ServerConfig::*member, qint64 minimum, qint64 maximum) {
    return {section, key, description,
            [=](ServerConfig& config, const QString& text) -> Result<void> {
                auto parsed = parseInteger<Int>(text, minimum, maximum);
                if (!parsed)
                    return parsed.error();
                config.*member = *parsed;
                return {};
            },
            [=](const ServerConfig& config) -> QString {
                return QString::number(config.*member);
            }};
}

ConfigOption duration(const char* section, const char* key, const char* description,
                      std::chrono::milliseconds ServerConfig::*member) {
    return {section, key, description,
            [=](ServerConfig& config, const QString& text) -> Result<void> {
                auto parsed = parsePositiveDuration(text);
                if (!parsed)
                    return parsed.error();
                config.*member = *parsed;
                return {};
            },
            [=](const ServerConfig& config) -> QString {
                return formatDuration(config.*member);
            }};
}

ConfigOption text(const char* section, const char* key, const char* description,
                  QString ServerConfig::*member,
                  std::function<Result<void>(const QString&)> validate = {}) {
    return {section, key, description,
            [=](ServerConfig& config, const QString& value) -> Result<void> {
                if (validate) {
                    if (auto checked = validate(value); !checked)
                        return checked;
                }
                config.*member = value;
                return {};
            },
            [=](const ServerConfig& config) -> QString {
                return config.*member;
            }};
}

// [mail] keys live in ServerConfig::mail; these mirror text() and integer() one level down.
ConfigOption mailText(const char* key, const char* description, QString MailConfig::*member) {
    return {"mail", key, description,
            [=](ServerConfig& config, const QString& value) -> Result<void> {
                config.mail.*member = value;
                return {};
            },
            [=](const ServerConfig& config) -> QString {
                return config.mail.*member;
            }};
}

// A key whose value is one of a few words, each naming an enumerator.
template <typename Enum>
ConfigOption mailChoice(const char* key, const char* description, Enum MailConfig::*member,
                        QList<Enum> choices) {
    return {"mail", key, description,
            [=](ServerConfig& config, const QString& value) -> Result<void> {
                QStringList names;
                for (const Enum choice : choices) {
                    if (value == toString(choice)) {
                        config.mail.*member = choice;
                        return {};
                    }
                    names.append(toString(choice));
                }
                return invalid(QStringLiteral("'%1' is not one of %2")
                                   .arg(value, names.join(QStringLiteral(", "))));
            },
            [=](const ServerConfig& config) -> QString {
                return toString(config.mail.*member);
            }};
}

void appendMailSchema(QList<ConfigOption>& schema) {
    schema.append(mailChoice("sender",
                             "how the login flow's e-mails leave: outbox (.eml files in "
                             "outbox_dir, for development) or smtp",
                             &MailConfig::sender, {MailSenderKind::Outbox, MailSenderKind::Smtp}));
    schema.append(mailText("outbox_dir",
                           "directory the outbox writes one .eml file per message to (created "
                           "0700; names sort by time)",
                           &MailConfig::outboxDir));
    schema.append(mailText("from", "From: of every message, e.g. Example <no-reply@example.com>",
                           &MailConfig::from));
    schema.append(mailText("smtp_host", "SMTP relay host (required when sender = smtp)",
                           &MailConfig::smtpHost));
    schema.append({"mail", "smtp_port", "SMTP relay port (587 submission, 465 implicit TLS)",
                   [](ServerConfig& config, const QString& value) -> Result<void> {
                       auto parsed = parseInteger<quint16>(value, 1, 65535);
                       if (!parsed)
                           return parsed.error();
                       config.mail.smtpPort = *parsed;
                       return {};
                   },
                   [](const ServerConfig& config) -> QString {
                       return QString::number(config.mail.smtpPort);
                   }});
    schema.append(mailChoice("smtp_tls",
                             "starttls (required, RFC 3207), implicit (port 465) or none "
                             "(plaintext, loopback hosts only)",
                             &MailConfig::smtpTls,
                             {SmtpTls::StartTls, SmtpTls::Implicit, SmtpTls::None}));
    schema.append(mailText("smtp_username",
                           "SMTP AUTH (PLAIN or LOGIN, over TLS only) user; empty: no AUTH",
                           &MailConfig::smtpUsername));
    schema.append(mailText("smtp_password",
                           "SMTP AUTH password; prefer the environment variable "
                           "GATEHOUSE_MAIL_SMTP_PASSWORD to writing it here",
                           &MailConfig::smtpPassword));
    schema.append(mailText("smtp_ca_file",
                           "PEM file of CA certificates trusted for the relay besides the system's",
                           &MailConfig::smtpCaFile));
    schema.append({"mail", "smtp_timeout", "longest time one message may take to send",
                   [](ServerConfig& config, const QString& value) -> Result<void> {
                       auto parsed = parsePositiveDuration(value);
                       if (!parsed)
                           return parsed.error();
                       config.mail.smtpTimeout = *parsed;
                       return {};
                   },
                   [](const ServerConfig& config) -> QString {
                       return formatDuration(config.mail.smtpTimeout);
                   }});
}

Result<void> validatePublicUrl(const QString& value) {
    const QUrl url(value, QUrl::StrictMode);
    if (value.isEmpty())
        return {};
    if (!url.isValid() ||
        (url.scheme() != QLatin1String("https") && url.scheme() != QLatin1String("http")) ||
        url.host().isEmpty() || url.hasQuery() || url.hasFragment() ||
        (!url.path().isEmpty() && url.path() != QLatin1String("/")))
        return invalid(QStringLiteral("'%1' is not an http(s) URL of the form https://host[:port]")
                           .arg(value));
    return {};
}

Result<void> validateAlgorithm(const QString& value) {
    if (value == QLatin1String("RS256") || value == QLatin1String("ES256") ||
        value == QLatin1String("EdDSA"))
        return {};
    return invalid(QStringLiteral("'%1' is not one of RS256, ES256, EdDSA").arg(value));
}

QList<ConfigOption> buildSchema() {
    QList<ConfigOption> schema;
    schema.append({"server", "listen", "address and port to listen on (HOST:PORT, [IPv6]:PORT)",
                   [](ServerConfig& config, const QString& value) -> Result<void> {
                       auto parsed = parseListenAddress(value);
                       if (!parsed)
                           return parsed.error();
                       config.listenAddress = parsed->address;
                       config.listenPort = parsed->port;
                       return {};
                   },
                   [](const ServerConfig& config) -> QString {
                       const QString host =
                           config.listenAddress.protocol() == QAbstractSocket::IPv6Protocol
                               ? QLatin1Char('[') + config.listenAddress.toString() +
                                     QLatin1Char(']')
                               : config.listenAddress.toString();
                       return host + QLatin1Char(':') + QString::number(config.listenPort);
                   }});
    schema.append({"server", "http", "serve plain HTTP (only behind a TLS-terminating proxy)",
                   [](ServerConfig& config, const QString& value) -> Result<void> {
                       auto parsed = parseBool(value);
                       if (!parsed)
                           return parsed.error();
                       config.plainHttp = *parsed;
                       return {};
                   },
                   [](const ServerConfig& config) -> QString {
                       return config.plainHttp ? QStringLiteral("true") : QStringLiteral("false");
                   }});
    schema.append(text("server", "public_url",
                       "URL clients reach this server at (default: derived from listen)",
                       &ServerConfig::publicUrl, validatePublicUrl));
    schema.append(text("server", "domain",
                       "public domain: tenant T also answers at the root of T.DOMAIN",
                       &ServerConfig::domain));
    schema.append(integer("server", "workers", "HTTP worker threads (0: one per core)",
                          &ServerConfig::workers, 0, 256));
    schema.append(text("database", "url",
                       "sqlite:///path/file.db or postgres://user:pass@host:port/db "
                       "(default: gatehouse.db in the data directory)",
                       &ServerConfig::databaseUrl));
    schema.append(
        text("tls", "certificate", "PEM certificate chain", &ServerConfig::tlsCertificate));
    schema.append(text("tls", "key", "PEM private key", &ServerConfig::tlsKey));
    schema.append(integer("limits", "header_bytes",
                          "largest request header section, bytes (431 above)",
                          &ServerConfig::headerBytes, 1024, 1024 * 1024));
    schema.append(integer("limits", "header_count", "most request headers (431 above)",
                          &ServerConfig::headerCount, 8, 10000));
    schema.append(integer("limits", "url_bytes", "longest request target, bytes (414 above)",
                          &ServerConfig::urlBytes, 256, 1024 * 1024));
    schema.append(integer("limits", "body_bytes", "largest request body, bytes (413 above)",
                          &ServerConfig::bodyBytes, 1024, qint64(1) << 30));
    schema.append(integer("limits", "connections", "open connections at most (503 above)",
                          &ServerConfig::maxConnections, 1, 1000000));
    schema.append(duration("timeouts", "read", "time allowed to send one request (408 after)",
                           &ServerConfig::readTimeout));
    schema.append(duration("timeouts", "idle",
                           "keep-alive connections close after this much silence",
                           &ServerConfig::idleTimeout));
    schema.append(duration("timeouts", "drain", "on SIGTERM, longest wait for in-flight requests",
                           &ServerConfig::drainTimeout));
    schema.append(duration("tokens", "access_token_lifetime",
                           "default lifetime of access tokens for new APIs",
                           &ServerConfig::accessTokenLifetime));
    schema.append(text("tokens", "signing_algorithm",
                       "signing algorithm of new tenants: RS256, ES256 or EdDSA",
                       &ServerConfig::signingAlgorithm, validateAlgorithm));
    schema.append(integer("crypto", "threads",
                          "threads for RSA signing and password hashing (0: one per core)",
                          &ServerConfig::cryptoThreads, 0, 256));
    schema.append(integer("crypto", "password_iterations",
                          "argon2id passes over memory per password hash (t); stored hashes of "
                          "another cost are renewed at their next login",
                          &ServerConfig::passwordIterations, 1, 64));
    schema.append(integer("crypto", "password_memory_kib",
                          "argon2id memory per password hash, KiB (m); each hash running at once "
                          "holds this much",
                          &ServerConfig::passwordMemoryKib, 8, 4 * 1024 * 1024));
    schema.append(text("log", "access_log",
                       "where access-log lines go: stderr, off, or a file path",
                       &ServerConfig::accessLog));
    appendMailSchema(schema);
    return schema;
}

} // namespace

QString ConfigOption::qualifiedName() const {
    return QStringLiteral("[%1] %2").arg(QLatin1String(section), QLatin1String(key));
}

QString ConfigOption::environmentName() const {
    return QStringLiteral("GATEHOUSE_%1_%2")
        .arg(QLatin1String(section).toString().toUpper(), QLatin1String(key).toString().toUpper());
}

const QList<ConfigOption>& configSchema() {
    static const QList<ConfigOption> schema = buildSchema();
    return schema;
}

const ConfigOption* findOption(QStringView section, QStringView key) {
    for (const ConfigOption& option : configSchema()) {
        if (section == QLatin1String(option.section) && key == QLatin1String(option.key))
            return &option;
    }
    return nullptr;
}

Result<ListenAddress> parseListenAddress(const QString& text) {
    const auto bad = [&text] {
        return invalid(
            QStringLiteral("'%1' is not HOST:PORT (for example 127.0.0.1:8443 or [::1]:8443)")
                .arg(text));
    };
    const qsizetype colon = text.lastIndexOf(QLatin1Char(':'));
    if (colon <= 0)
        return bad();
    QString host = text.left(colon);
    if (host.startsWith(QLatin1Char('[')) && host.endsWith(QLatin1Char(']')))
        host = host.mid(1, host.size() - 2);
    else if (host.contains(QLatin1Char(':')))
        return bad(); // an IPv6 address must be bracketed, or the port is ambiguous
    if (host == QLatin1String("localhost"))
        host = QStringLiteral("127.0.0.1");
    const QHostAddress address(host);
    auto port = parseInteger<quint16>(text.mid(colon + 1), 0, 65535);
    if (address.isNull() || !port)
        return bad();
    return ListenAddress{address, *port};
}

QString exampleConfigFile(const ServerConfig& config) {
    QString out = QStringLiteral("; gatehoused configuration. Precedence: command-line flags > "
                                 "environment > this file > defaults.\n"
                                 "; Every key can also be set as GATEHOUSE_SECTION_KEY (e.g. "
                                 "GATEHOUSE_LIMITS_BODY_BYTES=2097152).\n"
                                 "; Durations are written like 10s, 500ms, 5m, 2h, 7d. Relative "
                                 "paths are relative to this directory.\n");
    QString section;
    for (const ConfigOption& option : configSchema()) {
        if (section != QLatin1String(option.section)) {
            section = QLatin1String(option.section);
            out += QStringLiteral("\n[%1]\n").arg(section);
        }
        const QString value = option.show(config);
        out += QStringLiteral("; %1\n").arg(QLatin1String(option.description));
        // Keys whose value init chose are written out; the rest stay commented at their default.
        const QLatin1String key(option.key);
        const bool chosen = (section == QLatin1String("server") &&
                             (key == QLatin1String("listen") || key == QLatin1String("http"))) ||
                            (section == QLatin1String("database") && !value.isEmpty());
        out += QStringLiteral("%1%2 =%3\n")
                   .arg(chosen ? QString() : QStringLiteral(";"), QLatin1String(option.key),
                        value.isEmpty() ? QString() : QLatin1Char(' ') + value);
    }
    return out;
}

} // namespace gatehouse::config
