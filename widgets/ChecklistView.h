#pragma once

#include <QTreeView>

namespace gatehouse::widgets {

// A flat list of checkable rows with a second, narrow column (a connection and its strategy, an
// application and its type): the view the detail panels use for "which ones are enabled".
[[nodiscard]] QTreeView* checklistView(QAbstractItemModel* model, const QString& objectName,
                                       QWidget* parent);

} // namespace gatehouse::widgets
