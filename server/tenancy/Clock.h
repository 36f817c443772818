#pragma once

#include <QDateTime>
#include <functional>

namespace gatehouse::tenancy {

// The time source of everything that issues, verifies or retires keys and tokens; tests inject a
// fake one. Must be callable from any thread.
using Clock = std::function<QDateTime()>;

[[nodiscard]] inline Clock systemClock() {
    return [] {
        return QDateTime::currentDateTimeUtc();
    };
}

} // namespace gatehouse::tenancy
