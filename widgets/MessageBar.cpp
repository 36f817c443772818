#include "widgets/MessageBar.h"

#include "models/api/ApiError.h"
#include "widgets/Icons.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QStyle>
#include <QToolButton>

namespace gatehouse::widgets {

using namespace Qt::StringLiterals;

MessageBar::MessageBar(QWidget* parent)
    : QWidget(parent)
    , m_icon(new QLabel(this))
    , m_text(new QLabel(this))
    , m_actions(new QHBoxLayout) {
    setObjectName(u"messageBar"_s);
    setAttribute(Qt::WA_StyledBackground);
    m_text->setWordWrap(true);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_text->setObjectName(u"messageText"_s);
    auto* close = new QToolButton(this);
    close->setAutoRaise(true);
    close->setIcon(style()->standardIcon(QStyle::SP_TitleBarCloseButton));
    close->setToolTip(tr("Hide this message"));
    connect(close, &QToolButton::clicked, this, &QWidget::hide);
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(10, 6, 6, 6);
    layout->addWidget(m_icon, 0, Qt::AlignTop);
    layout->addWidget(m_text, 1);
    layout->addLayout(m_actions);
    layout->addWidget(close, 0, Qt::AlignTop);
    hide();
}

void MessageBar::showMessage(Kind kind, const QString& text, const QString& detail) {
    clearActions();
    m_kind = kind;
    const char* name = kind == Kind::Error ? "error" : kind == Kind::Warning ? "warning" : "info";
    const char* colors = kind == Kind::Error     ? "background:#fdecea; border:1px solid #f1aeb5;"
                         : kind == Kind::Warning ? "background:#fff4e0; border:1px solid #f0c36d;"
                                                 : "background:#e8f1fb; border:1px solid #a9c8ee;";
    setStyleSheet(u"#messageBar { border-radius:4px; "_s + QLatin1String(colors) + u" }"_s);
    m_icon->setPixmap(icon(QLatin1String(name)).pixmap(20, 20));
    m_text->setText(detail.isEmpty()
                        ? text.toHtmlEscaped()
                        : u"<b>%1</b><br>%2"_s.arg(text.toHtmlEscaped(), detail.toHtmlEscaped()));
    setAccessibleName(text);
    show();
}

void MessageBar::showError(const client::ApiError& error, const QString& whatFailed) {
    const QString headline =
        whatFailed.isEmpty() ? error.message : whatFailed + u": "_s + error.message;
    QString detail = error.hint();
    if (error.httpStatus > 0)
        detail += u" (%1, HTTP %2)"_s.arg(error.code).arg(error.httpStatus);
    showMessage(Kind::Error, headline, detail);
}

QToolButton* MessageBar::addAction(const QString& text) {
    auto* button = new QToolButton(this);
    button->setText(text);
    m_actions->addWidget(button);
    return button;
}

QString MessageBar::text() const {
    return m_text->text();
}

void MessageBar::clearActions() {
    while (QLayoutItem* item = m_actions->takeAt(0)) {
        delete item->widget();
        delete item;
    }
}

} // namespace gatehouse::widgets
