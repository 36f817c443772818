#include <QCoreApplication>
#include <QEvent>
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
    return RUN_ALL_TESTS();
}
