#pragma once

#include <QLoggingCategory>

namespace gatehouse::identity {

// Security events (blocks, throttling) for support staff and alerting: one JSON object per line,
// never a password. Enable or route with QT_LOGGING_RULES="gatehouse.security=true".
Q_DECLARE_LOGGING_CATEGORY(lcSecurity)

} // namespace gatehouse::identity
