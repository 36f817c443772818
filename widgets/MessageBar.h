#pragma once

#include <QWidget>

class QLabel;
class QToolButton;
class QHBoxLayout;

namespace gatehouse::client {
struct ApiError;
}

namespace gatehouse::widgets {

// An inline message above a page's content (KDE's KMessageWidget): what happened and what to do,
// without a modal dialog in the way. Errors from the server show their message and the hint of
// what to do next; a close button hides it.
class MessageBar final : public QWidget {
    Q_OBJECT

public:
    enum class Kind { Information, Warning, Error };

    explicit MessageBar(QWidget* parent = nullptr);

    void showMessage(Kind kind, const QString& text, const QString& detail = {});
    void showError(const client::ApiError& error, const QString& whatFailed = {});
    // A button beside the text (Retry, Trust, …); removed on the next message.
    QToolButton* addAction(const QString& text);
    [[nodiscard]] QString text() const;
    [[nodiscard]] Kind kind() const { return m_kind; }

private:
    void clearActions();

    Kind m_kind = Kind::Information;
    QLabel* m_icon;
    QLabel* m_text;
    QHBoxLayout* m_actions;
};

} // namespace gatehouse::widgets
