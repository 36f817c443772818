#pragma once

#include <QApplication>
#include <QDeadlineTimer>
#include <QPointer>
#include <QTimer>
#include <QWidget>
#include <functional>
#include <gtest/gtest.h>

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

} // namespace gatehouse::gui
