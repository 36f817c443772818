#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QEvent>
#include <QThread>
#include <QThreadPool>
#include <gtest/gtest.h>

namespace {

// Objects that finish asynchronously delete themselves with deleteLater() (an SMTP session, a
// network reply). A test may end in the same event-loop turn that scheduled the deletion; those
// objects are deleted after each test, so LeakSanitizer never reports a deletion that was only
// waiting for the next turn of the loop, and a real leak still shows.
class DeferredDeleteFlusher final : public ::testing::EmptyTestEventListener {
    void OnTestEnd(const ::testing::TestInfo&) override {
        for (int round = 0; round < 3; ++round) {
            QCoreApplication::processEvents();
            QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
        }
    }
};

} // namespace

int main(int argc, char** argv) {
    ::testing::InitGoogleTest(&argc, argv);
    QCoreApplication app(argc, argv);
    ::testing::UnitTest::GetInstance()->listeners().Append(new DeferredDeleteFlusher);
    const int status = RUN_ALL_TESTS();
    // Threads Qt stops asynchronously (QNetworkAccessManager's HTTP thread, pool threads) free
    // their OpenSSL per-thread state when they end; give them the moment to end before the
    // process does, so that LeakSanitizer does not see that state as leaked.
    QThreadPool::globalInstance()->waitForDone(2000);
    const QDeadlineTimer deadline(300);
    while (!deadline.hasExpired()) {
        QCoreApplication::processEvents();
        QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
        QThread::msleep(10);
    }
    return status;
}
