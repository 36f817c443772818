#pragma once

#include "core/Result.h"
#include "store/TransactionalRecords.h"

#include <QList>
#include <QString>
#include <chrono>
#include <memory>
#include <optional>

namespace gatehouse::store {

class Database;

// Failed-login counters for brute-force protection (SECURITY.md, "Passwords and attack
// protection"): per user and IP, and per IP across users. In the store so that restarts and every
// node of a datacenter see the same counts; counting is one UPSERT statement, exact under
// concurrent failures on any number of nodes. The policy (threshold, window, block time) is the
// caller's. Never in the change log.
class AttackCounterRepository final {
public:
    explicit AttackCounterRepository(std::shared_ptr<Database> db);

    // The subject of a UserIp counter.
    [[nodiscard]] static QString userIpSubject(const QString& userId, const QString& ip);

    // Counts one failure and returns the counter after it. Counting starts over (at 1) when the
    // first counted failure is `window` or more ago, or when an earlier block has ended; reaching
    // `threshold` blocks the subject for `blockFor`. Failures during a block are counted but do
    // not extend it. A UserIp subject must be userIpSubject(); `not_found` when the tenant or
    // that user does not exist.
    Result<AttackCounterRecord> recordFailure(const QString& tenant, AttackCounterKind kind,
                                              const QString& subject,
                                              std::chrono::milliseconds window, int threshold,
                                              std::chrono::milliseconds blockFor);
    // Forgets the counter (a successful login); succeeds when there is none.
    Result<void> reset(const QString& tenant, AttackCounterKind kind, const QString& subject);
    [[nodiscard]] Result<std::optional<AttackCounterRecord>>
    find(const QString& tenant, AttackCounterKind kind, const QString& subject) const;
    [[nodiscard]] Result<bool> isBlocked(const QString& tenant, AttackCounterKind kind,
                                         const QString& subject) const;
    // Removes every UserIp counter of the user, blocked or not; how many there were.
    Result<int> unblockUser(const QString& tenant, const QString& userId);
    // The user's UserIp counters that block now, by subject (Management API user-blocks).
    [[nodiscard]] Result<QList<AttackCounterRecord>> listBlocksForUser(const QString& tenant,
                                                                       const QString& userId) const;

private:
    std::shared_ptr<Database> m_db;
};

} // namespace gatehouse::store
