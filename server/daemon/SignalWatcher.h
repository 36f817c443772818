#pragma once

#include <QObject>
#include <QSocketNotifier>

#include <memory>

namespace gatehouse::daemon {

// Turns SIGTERM and SIGINT into a Qt signal on the thread that created the watcher. A POSIX signal
// handler may only call async-signal-safe functions, so the handler writes the signal number to a
// socketpair and a QSocketNotifier reads it in the event loop (the pattern from Qt's "Calling Qt
// Functions From Unix Signal Handlers"). One watcher per process.
class SignalWatcher final : public QObject {
    Q_OBJECT

public:
    explicit SignalWatcher(QObject* parent = nullptr);
    ~SignalWatcher() override;

Q_SIGNALS:
    void terminationRequested(int signalNumber);

private:
    void onReadable();

    std::unique_ptr<QSocketNotifier> m_notifier;
};

} // namespace gatehouse::daemon
