#pragma once

#include "config/ConfigLoader.h"
#include "config/ServerConfig.h"
#include "core/Result.h"

#include <QProcessEnvironment>

namespace gatehouse::daemon {

class DataDirectory;

// The configuration of a data directory that init has finished, as `run` reads it: flags >
// GATEHOUSE_SECTION_KEY environment > DIR/gatehoused.ini > defaults. `token` reads it the same
// way, so that the issuer of the tokens it makes is the one `run` serves. A directory init has
// not finished is `not_initialized`.
[[nodiscard]] Result<config::ServerConfig>
loadInstanceConfig(const DataDirectory& dir, const QList<config::ConfigFlag>& flags,
                   const QProcessEnvironment& environment);

} // namespace gatehouse::daemon
