#pragma once

#include <QIcon>
#include <QStyledItemDelegate>

namespace gatehouse::app {

// An icon per kind of application (single-page, regular web, native, machine-to-machine), drawn
// in the style of resources/icons; a generic one for a code the dashboard does not know.
[[nodiscard]] QIcon applicationTypeIcon(const QString& appType);

// Puts the type's icon before the text of the list's Type column (ClientsModel::AppTypeRole).
class ApplicationTypeDelegate final : public QStyledItemDelegate {
    Q_OBJECT

public:
    using QStyledItemDelegate::QStyledItemDelegate;

protected:
    void initStyleOption(QStyleOptionViewItem* option, const QModelIndex& index) const override;
};

} // namespace gatehouse::app
