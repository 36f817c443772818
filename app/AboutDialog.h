#pragma once

#include <QDialog>

namespace gatehouse::app {

// Help > About: the dashboard's version, the Qt it runs on and the libraries it uses.
class AboutDialog final : public QDialog {
    Q_OBJECT

public:
    explicit AboutDialog(QWidget* parent = nullptr);
};

} // namespace gatehouse::app
