#include "http/internal/HttpDate.h"

#include <cstdio>

namespace gatehouse::http::internal {

QByteArrayView HttpDate::format(std::time_t time, char (&buffer)[32]) {
    static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                              "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    std::tm tm{};
    gmtime_r(&time, &tm);
    // snprintf and not strftime: strftime follows the locale, HTTP dates never do.
    const int length = std::snprintf(buffer, sizeof buffer, "%s, %02d %s %04d %02d:%02d:%02d GMT",
                                     kDays[tm.tm_wday % 7], tm.tm_mday, kMonths[tm.tm_mon % 12],
                                     tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
    return QByteArrayView(buffer, length > 0 ? length : 0);
}

QByteArrayView HttpDate::now() {
    // A per-thread cache rather than shared state: worker threads never contend for it.
    thread_local std::time_t cachedSecond = -1;
    thread_local char buffer[32];
    thread_local QByteArrayView cached;
    const std::time_t second = std::time(nullptr);
    if (second != cachedSecond) {
        cached = format(second, buffer);
        cachedSecond = second;
    }
    return cached;
}

} // namespace gatehouse::http::internal
