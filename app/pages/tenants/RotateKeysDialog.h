#pragma once

#include <QDialog>

class QAbstractItemModel;
class QPushButton;
class QTableView;

namespace gatehouse::app {

// The confirmation before a key rotation: what will happen, and the keys as they are now
// (current, next, previous with their kid and dates). Cancel is the default button.
class RotateKeysDialog final : public QDialog {
    Q_OBJECT

public:
    RotateKeysDialog(const QString& tenant, QAbstractItemModel& keys, QWidget* parent = nullptr);

    [[nodiscard]] QPushButton* rotateButton() const { return m_rotate; }
    [[nodiscard]] QTableView* keysView() const { return m_view; }

private:
    QTableView* m_view;
    QPushButton* m_rotate;
};

} // namespace gatehouse::app
