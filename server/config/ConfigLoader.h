#pragma once

#include "config/IniFile.h"
#include "config/ServerConfig.h"
#include "core/Result.h"

#include <QProcessEnvironment>
#include <optional>

namespace gatehouse::config {

// A command-line flag that sets a config key, e.g. --listen sets [server] listen.
struct ConfigFlag {
    QString flag;
    QString section;
    QString key;
    QString value;
};

struct ConfigSources {
    QString dataDir;
    std::optional<IniFile> file;
    QProcessEnvironment environment;
    QList<ConfigFlag> flags;
};

// Applies defaults, then the file, then GATEHOUSE_SECTION_KEY variables, then flags. Every error
// names where the bad value came from: "gatehoused.ini line 4: [limits] body_bytes: ...",
// "GATEHOUSE_TIMEOUTS_READ: ...", "--listen: ...". Unknown keys in the file are errors, and so are
// unknown GATEHOUSE_<SECTION>_* variables of a known section (likely typos); other GATEHOUSE_*
// variables are left alone because tools around the server share the prefix. Checks that span
// several keys (MailConfig::validate) run last, once every source has been applied.
[[nodiscard]] Result<ServerConfig> loadConfig(const ConfigSources& sources);

} // namespace gatehouse::config
