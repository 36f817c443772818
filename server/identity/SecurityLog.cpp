#include "identity/SecurityLog.h"

namespace gatehouse::identity {

Q_LOGGING_CATEGORY(lcSecurity, "gatehouse.security")

} // namespace gatehouse::identity
