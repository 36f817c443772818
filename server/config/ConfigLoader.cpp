#include "config/ConfigLoader.h"

#include "config/ConfigSchema.h"

#include <QSet>

namespace gatehouse::config {
namespace {

Error located(const QString& where, const QString& message) {
    return Error::badRequest(QByteArrayLiteral("invalid_config"),
                             where + QStringLiteral(": ") + message);
}

Result<void> applyFile(ServerConfig& config, const IniFile& file) {
    for (const IniEntry& entry : file.entries()) {
        const QString where = QStringLiteral("%1 line %2").arg(file.fileName()).arg(entry.line);
        const ConfigOption* option = findOption(entry.section, entry.key);
        if (option == nullptr)
            return located(where,
                           QStringLiteral("unknown key [%1] %2").arg(entry.section, entry.key));
        if (auto applied = option->apply(config, entry.value); !applied)
            return located(where + QStringLiteral(": ") + option->qualifiedName(),
                           applied.error().message);
    }
    return {};
}

Result<void> applyEnvironment(ServerConfig& config, const QProcessEnvironment& environment) {
    QSet<QString> sectionPrefixes;
    for (const ConfigOption& option : configSchema())
        sectionPrefixes.insert(QStringLiteral("GATEHOUSE_%1_")
                                   .arg(QLatin1String(option.section).toString().toUpper()));

    QSet<QString> known;
    for (const ConfigOption& option : configSchema()) {
        known.insert(option.environmentName());
        const QString name = option.environmentName();
        if (!environment.contains(name))
            continue;
        if (auto applied = option.apply(config, environment.value(name)); !applied)
            return located(name, applied.error().message);
    }
    for (const QString& name : environment.keys()) {
        if (known.contains(name))
            continue;
        for (const QString& prefix : sectionPrefixes) {
            if (name.startsWith(prefix))
                return located(
                    name, QStringLiteral("unknown setting (see gatehoused --help for the keys)"));
        }
    }
    return {};
}

} // namespace

Result<ServerConfig> loadConfig(const ConfigSources& sources) {
    ServerConfig config;
    config.dataDir = sources.dataDir;
    if (sources.file) {
        if (auto applied = applyFile(config, *sources.file); !applied)
            return applied.error();
    }
    if (auto applied = applyEnvironment(config, sources.environment); !applied)
        return applied.error();
    for (const ConfigFlag& flag : sources.flags) {
        const ConfigOption* option = findOption(flag.section, flag.key);
        Q_ASSERT(option != nullptr);
        if (auto applied = option->apply(config, flag.value); !applied)
            return located(flag.flag, applied.error().message);
    }
    if (auto valid = config.mail.validate(); !valid)
        return valid.error();
    return config;
}

} // namespace gatehouse::config
