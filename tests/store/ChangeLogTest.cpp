#include "StoreTestSupport.h"

#include <QThread>
#include <atomic>
#include <latch>
#include <mutex>

using namespace Qt::StringLiterals;

namespace gatehouse::store::test {
namespace {

class ChangeLogTest : public EngineTest {
protected:
    QList<ChangeRecord> everything() {
        const Result<QList<ChangeRecord>> changes = store().changeLog().since(0, 10'000);
        EXPECT_OK(changes);
        return changes ? *changes : QList<ChangeRecord>();
    }
};

TEST_P(ChangeLogTest, EveryWriteIsLoggedWithTheRecordAsStored) {
    ASSERT_OK(store().tenants().create(tenant(u"acme"_s)));
    Result<ClientRecord> created = store().clients().create(client(u"acme"_s, u"web"_s));
    ASSERT_OK(created);
    ClientRecord changed = *created;
    changed.description = u"changed"_s;
    const Result<ClientRecord> updated = store().clients().update(changed);
    ASSERT_OK(updated);
    ASSERT_OK(store().clients().remove(u"acme"_s, created->clientId));

    const QList<ChangeRecord> changes = everything();
    ASSERT_EQ(changes.size(), 4);
    EXPECT_EQ(changes[0].entity, u"tenant"_s);
    EXPECT_EQ(changes[0].entityId, u"acme"_s);
    EXPECT_EQ(changes[0].tenant, u"acme"_s);
    const QStringList operations{changes[1].operation, changes[2].operation, changes[3].operation};
    EXPECT_EQ(operations, (QStringList{u"create"_s, u"update"_s, u"delete"_s}));
    for (int i = 1; i < 4; ++i) {
        EXPECT_EQ(changes[i].entity, u"client"_s);
        EXPECT_EQ(changes[i].entityId, created->clientId);
        EXPECT_EQ(changes[i].tenant, u"acme"_s);
        EXPECT_TRUE(changes[i].at.isValid());
    }
    // The payload is the whole record, secret hash included, for the standby to apply.
    EXPECT_EQ(ClientRecord::fromJson(changes[1].payload), *created);
    EXPECT_EQ(ClientRecord::fromJson(changes[2].payload), *updated);
    EXPECT_EQ(ClientRecord::fromJson(changes[3].payload), *updated);
    EXPECT_FALSE(changes[1].payload.value(u"secretHash"_s).toString().isEmpty());
}

TEST_P(ChangeLogTest, SinceReturnsChangesInOrderAndHonoursTheLimit) {
    for (int i = 0; i < 10; ++i)
        ASSERT_OK(store().tenants().create(tenant(u"t%1"_s.arg(i))));
    const Result<QList<ChangeRecord>> first = store().changeLog().since(0, 3);
    ASSERT_OK(first);
    ASSERT_EQ(first->size(), 3);
    const Result<QList<ChangeRecord>> rest = store().changeLog().since(first->back().sequence, 100);
    ASSERT_OK(rest);
    ASSERT_EQ(rest->size(), 7);
    QStringList ids;
    qint64 previous = 0;
    for (const ChangeRecord& change : *first + *rest) {
        EXPECT_GT(change.sequence, previous);
        previous = change.sequence;
        ids << change.entityId;
    }
    EXPECT_EQ(ids.first(), u"t0"_s);
    EXPECT_EQ(ids.last(), u"t9"_s);
    const Result<qint64> latest = store().changeLog().latestSequence();
    ASSERT_OK(latest);
    EXPECT_EQ(*latest, previous);
    const Result<QList<ChangeRecord>> none = store().changeLog().since(*latest, 100);
    ASSERT_OK(none);
    EXPECT_TRUE(none->isEmpty());
}

TEST_P(ChangeLogTest, AnEmptyLogHasSequenceZero) {
    const Result<qint64> latest = store().changeLog().latestSequence();
    ASSERT_OK(latest);
    EXPECT_EQ(*latest, 0);
}

// A follower that remembers the last sequence it applied must never skip a change, which holds
// only if sequence order is commit order even with concurrent writers.
TEST_P(ChangeLogTest, AFollowerPollingDuringConcurrentWritesSeesEveryChange) {
    constexpr int kWriters = 3;
    constexpr int kPerWriter = 20;
    std::atomic<int> writersLeft{kWriters};
    std::mutex mutex;
    QStringList failures;
    QList<qint64> seen;
    std::latch start(kWriters + 1);
    auto writer = [&](int w) {
        start.arrive_and_wait();
        for (int i = 0; i < kPerWriter; ++i) {
            if (const auto created = store().tenants().create(tenant(u"w%1-%2"_s.arg(w).arg(i)));
                !created) {
                const std::lock_guard lock(mutex);
                failures << created.error().toString();
            }
        }
        --writersLeft;
    };
    auto follower = [&] {
        start.arrive_and_wait();
        qint64 last = 0;
        bool finalPass = false;
        while (true) {
            finalPass = writersLeft.load() == 0;
            const Result<QList<ChangeRecord>> batch = store().changeLog().since(last, 1000);
            if (!batch) {
                const std::lock_guard lock(mutex);
                failures << batch.error().toString();
                return;
            }
            for (const ChangeRecord& change : *batch) {
                seen << change.sequence;
                last = change.sequence;
            }
            if (finalPass)
                return;
        }
    };
    std::vector<std::unique_ptr<QThread>> threads;
    for (int w = 0; w < kWriters; ++w)
        threads.emplace_back(QThread::create(writer, w));
    threads.emplace_back(QThread::create(follower));
    for (const auto& thread : threads)
        thread->start();
    for (const auto& thread : threads)
        ASSERT_TRUE(thread->wait(QDeadlineTimer(120'000)));

    ASSERT_TRUE(failures.isEmpty()) << failures.join(u"\n"_s).toStdString();
    QList<qint64> logged;
    for (const ChangeRecord& change : everything())
        logged << change.sequence;
    EXPECT_EQ(logged.size(), kWriters * kPerWriter);
    EXPECT_EQ(seen, logged);
}

TEST_P(ChangeLogTest, SettingsAreLoggedWithoutATenant) {
    ASSERT_OK(store().settings().set(u"public_domain"_s, u"auth.example.com"_s));
    ASSERT_OK(store().settings().set(u"public_domain"_s, u"auth.example.com"_s)); // unchanged
    ASSERT_OK(store().settings().set(u"public_domain"_s, u"login.example.com"_s));
    ASSERT_OK(store().settings().remove(u"public_domain"_s));
    const QList<ChangeRecord> changes = everything();
    ASSERT_EQ(changes.size(), 3);
    QStringList operations;
    for (const ChangeRecord& change : changes) {
        EXPECT_EQ(change.entity, u"setting"_s);
        EXPECT_EQ(change.entityId, u"public_domain"_s);
        EXPECT_TRUE(change.tenant.isEmpty());
        operations << change.operation;
    }
    EXPECT_EQ(operations, (QStringList{u"create"_s, u"update"_s, u"delete"_s}));
    EXPECT_EQ(changes[1].payload.value(u"value"_s).toString(), u"login.example.com"_s);
}

TEST_P(ChangeLogTest, AppendJoinsTheCallersTransaction) {
    const Result<void> outcome = store().transaction([&]() -> Result<void> {
        const Result<qint64> appended = store().changeLog().append(
            u"acme"_s, entity::tenant, u"acme"_s, ChangeOperation::Update, {{u"x"_s, 1}});
        EXPECT_OK(appended);
        return Error::internal(u"abandon"_s);
    });
    ASSERT_FALSE(outcome.ok());
    EXPECT_TRUE(everything().isEmpty());

    const Result<qint64> kept = store().changeLog().append({}, entity::setting, u"x"_s,
                                                           ChangeOperation::Create, {{u"x"_s, 2}});
    ASSERT_OK(kept);
    const QList<ChangeRecord> changes = everything();
    ASSERT_EQ(changes.size(), 1);
    EXPECT_EQ(changes[0].sequence, *kept);
    EXPECT_EQ(changes[0].payload, (QJsonObject{{u"x"_s, 2}}));
}

GATEHOUSE_INSTANTIATE_ENGINES(ChangeLogTest);

} // namespace
} // namespace gatehouse::store::test
