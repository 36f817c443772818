#pragma once

class QCoreApplication;

namespace gatehouse::daemon {

// The whole of gatehoused behind its thin main(): parses the command line and runs the command.
// Returns the process exit status (see ExitStatus).
[[nodiscard]] int runGatehoused(QCoreApplication& application);

} // namespace gatehouse::daemon
