#pragma once

#include "app/ListPage.h"
#include "models/items/PagedListModel.h"

#include <QApplication>
#include <QDeadlineTimer>
#include <QLineEdit>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QTableView>
#include <QTest>
#include <QTimer>
#include <QWidget>
#include <functional>
#include <gtest/gtest.h>
#include <memory>

namespace gatehouse::gui {

// Drives the next dialog of type T from the event loop while its exec() runs (a test cannot,
// since exec() does not return until the dialog closes): `drive` gets the first visible
// top-level widget of that type. A dialog still open 15 s after `drive` is rejected and one that
// never appears is a failure after 20 s, so that a failing step ends the test instead of
// hanging it.
template <typename T> void whenShown(std::function<void(T*)> drive) {
    auto* timer = new QTimer(qApp);
    timer->setInterval(10);
    const QDeadlineTimer deadline(20000);
    QObject::connect(timer, &QTimer::timeout, timer, [timer, drive, deadline] {
        for (QWidget* widget : QApplication::topLevelWidgets()) {
            auto* dialog = qobject_cast<T*>(widget);
            if (dialog == nullptr || !dialog->isVisible())
                continue;
            timer->stop();
            timer->deleteLater();
            QPointer<T> guard(dialog);
            QTimer::singleShot(15000, qApp, [guard] {
                if (guard && guard->isVisible()) {
                    ADD_FAILURE() << "dialog left open: " << guard->windowTitle().toStdString();
                    guard->reject();
                }
            });
            drive(dialog);
            return;
        }
        if (deadline.hasExpired()) {
            timer->stop();
            timer->deleteLater();
            ADD_FAILURE() << "no " << T::staticMetaObject.className() << " was shown";
        }
    });
    timer->start();
}

// The same, with the dialog by reference.
template <typename T> void whenModal(std::function<void(T&)> drive) {
    whenShown<T>([drive](T* dialog) { drive(*dialog); });
}

// A click in the middle of `row`, as a person chooses it.
inline void clickRow(QTableView& view, int row) {
    ASSERT_GE(row, 0);
    const QModelIndex index = view.model()->index(row, 0);
    view.scrollTo(index);
    QTest::mouseClick(view.viewport(), Qt::LeftButton, {}, view.visualRect(index).center());
}

// Types `text` over what the field holds, as a user does (focus, select all, type).
inline void retype(QLineEdit* edit, const QString& text) {
    edit->setFocus();
    edit->selectAll();
    QTest::keyClicks(edit, text);
}

// A click on the row of `id` in the page's list.
inline void clickRow(app::ListPage& page, const QString& id) {
    auto* model = qobject_cast<client::PagedListModel*>(page.view()->model());
    ASSERT_NE(model, nullptr);
    clickRow(*page.view(), model->rowOf(id));
}

// Runs `act`, which must ask app::Page::askToDiscardChanges()'s question about unsaved edits
// (naming `name`), and answers it with `button` (Discard or Cancel). `inspect` sees the question
// first (to save a screenshot of it). A question that does not come within 5 s is a failure.
inline void answerUnsavedChanges(const std::function<void()>& act,
                                 QMessageBox::StandardButton button, const QString& name,
                                 const std::function<void(QMessageBox&)>& inspect = {}) {
    auto answered = std::make_shared<bool>(false);
    whenShown<QMessageBox>([button, name, inspect, answered](QMessageBox* box) {
        EXPECT_EQ(box->windowTitle(), QStringLiteral("Unsaved Changes"));
        EXPECT_TRUE(box->text().contains(name) || box->informativeText().contains(name))
            << box->text().toStdString() << ' ' << box->informativeText().toStdString();
        if (inspect)
            inspect(*box);
        *answered = true;
        QTest::mouseClick(box->button(button), Qt::LeftButton);
    });
    act();
    ASSERT_TRUE(QTest::qWaitFor([answered] { return *answered; }, 5000))
        << "no question about unsaved changes was asked";
}

// Clicks the row of `id` while the detail panel has unsaved edits, and answers the question.
inline void clickRowAndAnswer(app::ListPage& page, const QString& id,
                              QMessageBox::StandardButton button, const QString& name,
                              const std::function<void(QMessageBox&)>& inspect = {}) {
    answerUnsavedChanges([&page, &id] { clickRow(page, id); }, button, name, inspect);
}

} // namespace gatehouse::gui
