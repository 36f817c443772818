#include "widgets/Icons.h"

namespace gatehouse::widgets {

QIcon icon(const QString& name) {
    return QIcon(QStringLiteral(":/icons/%1.svg").arg(name));
}

} // namespace gatehouse::widgets
