#pragma once

#include "core/Result.h"
#include "daemon/CommandLine.h"
#include "daemon/InitialCredentials.h"

#include <QProcessEnvironment>

namespace gatehouse::daemon {

// `gatehoused init`: creates a data directory (see DataDirectory) and the first contents of its
// store (see bootstrapStore). Refuses a directory that exists and is not empty, changing nothing;
// on a failure after it created the directory, it removes what it wrote, so a retry starts clean.
// The config file is written last: its presence means "init finished".
[[nodiscard]] Result<InitialCredentials> runInit(const InitRequest& request,
                                                 const QProcessEnvironment& environment);

} // namespace gatehouse::daemon
