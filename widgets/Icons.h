#pragma once

#include <QIcon>
#include <QString>

namespace gatehouse::widgets {

// The dashboard's SVG icons (resources/icons/NAME.svg, compiled into this library).
[[nodiscard]] QIcon icon(const QString& name);

} // namespace gatehouse::widgets
