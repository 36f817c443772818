// The GUI tests' main: GoogleTest first, then a QApplication on the offscreen platform (no display
// needed; FACTS.md), so widgets render, QTest clicks and types, and grab() takes screenshots.
#include <QApplication>
#include <QEvent>
#include <gtest/gtest.h>

namespace {

// As in tests/support/TestMain.cpp: objects deleted later are deleted after each test.
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
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("GatehouseTests"));
    QApplication::setApplicationName(QStringLiteral("gatehouse-tests"));
    ::testing::UnitTest::GetInstance()->listeners().Append(new DeferredDeleteFlusher);
    return RUN_ALL_TESTS();
}
