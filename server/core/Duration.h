#pragma once

#include "core/Result.h"

#include <QString>
#include <chrono>

namespace gatehouse {

// Durations in configuration are written like `10s`, `500ms`, `5m`, `24h`, `7d`; a bare number
// means seconds. Parsing is strict: `10 s`, `-1s`, `1.5h` and unknown units are errors, so a typo
// in a config file is reported instead of silently becoming zero.
[[nodiscard]] Result<std::chrono::milliseconds> parseDuration(const QString& text);

// The inverse, choosing the largest unit that represents the value exactly (`90s`, `2m`, `250ms`).
[[nodiscard]] QString formatDuration(std::chrono::milliseconds duration);

} // namespace gatehouse
