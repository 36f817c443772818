#include "core/Duration.h"

#include <array>
#include <limits>

namespace gatehouse {
namespace {

struct Unit {
    const char* suffix;
    qint64 milliseconds;
};

// Longest suffix first so that "ms" is not read as "m" followed by garbage.
constexpr std::array<Unit, 5> kUnits{{
    {"ms", 1},
    {"s", 1000},
    {"m", 60 * 1000},
    {"h", 60 * 60 * 1000},
    {"d", 24 * 60 * 60 * 1000},
}};

} // namespace

Result<std::chrono::milliseconds> parseDuration(const QString& text) {
    const auto invalid = [&text] {
        return Error::badRequest(
            QByteArrayLiteral("invalid_duration"),
            QStringLiteral("'%1' is not a duration (write it like 10s, 500ms, 5m, 2h or 7d)")
                .arg(text));
    };
    qsizetype digits = 0;
    while (digits < text.size() && text.at(digits).isDigit() && text.at(digits).unicode() < 128)
        ++digits;
    if (digits == 0 || digits > 12)
        return invalid();
    const qint64 number = text.left(digits).toLongLong();
    const QString suffix = text.mid(digits);
    qint64 scale = 0;
    if (suffix.isEmpty()) {
        scale = 1000;
    } else {
        for (const Unit& unit : kUnits) {
            if (suffix == QLatin1String(unit.suffix)) {
                scale = unit.milliseconds;
                break;
            }
        }
    }
    if (scale == 0 || number > std::numeric_limits<qint64>::max() / scale)
        return invalid();
    return std::chrono::milliseconds(number * scale);
}

QString formatDuration(std::chrono::milliseconds duration) {
    const qint64 ms = duration.count();
    for (auto it = kUnits.rbegin(); it != kUnits.rend(); ++it) {
        if (ms != 0 && ms % it->milliseconds == 0)
            return QString::number(ms / it->milliseconds) + QLatin1String(it->suffix);
    }
    return QString::number(ms) + QStringLiteral("ms");
}

} // namespace gatehouse
