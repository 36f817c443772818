#include "http/internal/HttpLog.h"

namespace gatehouse::http::internal {

Q_LOGGING_CATEGORY(lcHttp, "gatehouse.http")

} // namespace gatehouse::http::internal
