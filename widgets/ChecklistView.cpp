#include "widgets/ChecklistView.h"

#include <QHeaderView>

namespace gatehouse::widgets {

QTreeView* checklistView(QAbstractItemModel* model, const QString& objectName, QWidget* parent) {
    auto* view = new QTreeView(parent);
    view->setObjectName(objectName);
    view->setModel(model);
    view->setRootIsDecorated(false);
    view->setUniformRowHeights(true);
    view->setAlternatingRowColors(true);
    view->header()->setStretchLastSection(false);
    view->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    view->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    return view;
}

} // namespace gatehouse::widgets
