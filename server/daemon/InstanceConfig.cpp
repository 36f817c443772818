#include "daemon/InstanceConfig.h"

#include "config/IniFile.h"
#include "daemon/DataDirectory.h"

namespace gatehouse::daemon {

Result<config::ServerConfig> loadInstanceConfig(const DataDirectory& dir,
                                                const QList<config::ConfigFlag>& flags,
                                                const QProcessEnvironment& environment) {
    if (!dir.isInitialized())
        return Error{QByteArrayLiteral("not_initialized"),
                     QStringLiteral("%1 is not a gatehoused data directory; create it with: "
                                    "gatehoused init --data-dir %1")
                         .arg(dir.path()),
                     500};
    auto file = config::IniFile::load(dir.configFile());
    if (!file)
        return file.error();
    config::ConfigSources sources;
    sources.dataDir = dir.path();
    sources.file = *file;
    sources.environment = environment;
    sources.flags = flags;
    return config::loadConfig(sources);
}

} // namespace gatehouse::daemon
