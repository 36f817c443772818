#pragma once

#include <QByteArrayView>
#include <ctime>

namespace gatehouse::http::internal {

// The IMF-fixdate for the Date header (RFC 9110 §5.6.7), formatted at most once per second per
// thread: every response carries one, and formatting dates per request would be wasted work.
class HttpDate final {
public:
    // Valid until this thread's next call.
    [[nodiscard]] static QByteArrayView now();
    [[nodiscard]] static QByteArrayView format(std::time_t time, char (&buffer)[32]);
};

} // namespace gatehouse::http::internal
