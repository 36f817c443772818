#pragma once

#include <QLoggingCategory>

namespace gatehouse::http::internal {

// Only for rare events (handler exceptions, invalid responses, accept errors): nothing on the
// request path logs, so a busy server makes no logging syscalls.
Q_DECLARE_LOGGING_CATEGORY(lcHttp)

} // namespace gatehouse::http::internal
