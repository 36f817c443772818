#pragma once

#include "StoreTestSupport.h"

#include <QCryptographicHash>
#include <QDeadlineTimer>
#include <QThread>
#include <chrono>
#include <latch>
#include <memory>
#include <vector>

namespace gatehouse::store::test {

// The SHA-256 a caller would store for the secret `seed`.
[[nodiscard]] inline QByteArray secretHash(const QString& seed) {
    return QCryptographicHash::hash(seed.toUtf8(), QCryptographicHash::Sha256);
}

// Runs `body(index)` on `count` QThreads released together, and joins them. Each thread uses
// its own connection of the shared Database.
template <typename Body> void onThreads(int count, Body body) {
    std::latch start(count);
    std::vector<std::unique_ptr<QThread>> threads;
    for (int i = 0; i < count; ++i) {
        threads.emplace_back(QThread::create([&start, &body, i] {
            start.arrive_and_wait();
            body(i);
        }));
        threads.back()->start();
    }
    for (const auto& thread : threads)
        ASSERT_TRUE(thread->wait(QDeadlineTimer(60'000)));
}

// Every suite of transactional login data: a store on a fake clock, tenant `acme` with an
// application and a user, and the change log's length to show that nothing was logged.
class TransactionalTest : public EngineTest {
protected:
    void SetUp() override {
        EngineTest::SetUp();
        if (HasFatalFailure())
            return;
        reopen(m_clock.function());
        if (HasFatalFailure())
            return;
        ASSERT_OK(store().tenants().create(tenant(QStringLiteral("acme"))));
        const Result<ClientRecord> app =
            store().clients().create(client(QStringLiteral("acme"), QStringLiteral("app")));
        ASSERT_OK(app);
        m_clientId = app->clientId;
        const Result<UserRecord> alice = store().users().create(
            user(QStringLiteral("acme"), QStringLiteral("alice@example.com")));
        ASSERT_OK(alice);
        m_userId = alice->userId;
        rememberChangeLog();
    }

    // After configuration writes of the test's own (users, tenants), which are logged.
    void rememberChangeLog() { m_changes = countRows(db(), QStringLiteral("change_log")); }

    // Transactional data never reaches the change log.
    void expectNothingLogged() {
        EXPECT_EQ(countRows(db(), QStringLiteral("change_log")), m_changes);
    }

    FakeClock m_clock{QDateTime(QDate(2025, 3, 1), QTime(9, 0), Qt::UTC)};
    QString m_clientId;
    QString m_userId;
    qint64 m_changes = 0;
};

template <typename T> void expectError(const Result<T>& result, const QByteArray& code) {
    ASSERT_FALSE(result.ok()) << "unexpectedly succeeded";
    EXPECT_EQ(result.error().code, code) << result.error().toString().toStdString();
}

} // namespace gatehouse::store::test
