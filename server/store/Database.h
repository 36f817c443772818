#pragma once

#include "core/Result.h"
#include "store/DatabaseConfig.h"
#include "store/SqlError.h"

#include <QDateTime>
#include <QSqlQuery>
#include <QString>
#include <QVariantList>
#include <functional>
#include <memory>
#include <optional>

namespace gatehouse::store {

namespace detail {
struct ConnectionRegistry;
struct ThreadState;
} // namespace detail

// The process's handle on the store: one per process, shared by every thread.
//
// Qt SQL connections may only be used by the thread that opened them, so each thread gets its own
// connection on first use; it is closed when the thread finishes or the Database is destroyed,
// whichever comes first. Everything here may be called from any thread.
//
// Error codes: `database_unavailable` (503: cannot connect or open), `database_busy` (503: lock
// timeout or deadlock, retryable), `database_error` (500), `transaction_aborted` (500: a statement
// after an earlier failure in the same transaction), plus `conflict` from constraints.
class Database final {
public:
    using Clock = std::function<QDateTime()>;
    using Work = std::function<Result<void>()>;

    // Opens a first connection (so that a refused connection or a missing directory is reported
    // here, not on the first request), then applies pending migrations (up to `schemaVersion`
    // when given: tests of a data migration start from an older schema). `clock` defaults to the
    // system clock; tests pass a fake one.
    [[nodiscard]] static Result<std::shared_ptr<Database>>
    open(const DatabaseConfig& config, Clock clock = {}, std::optional<int> schemaVersion = {});
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    [[nodiscard]] Engine engine() const { return m_config.engine; }
    [[nodiscard]] const DatabaseConfig& config() const { return m_config; }
    // UTC with millisecond precision, the resolution timestamps are stored with.
    [[nodiscard]] QDateTime now() const;

    // Readiness: a round trip on this thread's connection, reconnecting once if it was lost.
    Result<void> ping();

    // Runs `work` atomically: COMMIT when it succeeds, ROLLBACK when it fails. A call made inside
    // another transaction on the same thread joins it, so repository methods compose into larger
    // atomic operations; a failure anywhere dooms the whole outer transaction, which then returns
    // the first error even if the failing inner call's error was ignored.
    //
    // Writers are serialized: SQLite with BEGIN IMMEDIATE (a writer waits for the lock up front
    // instead of failing with SQLITE_BUSY when a read lock cannot be upgraded), PostgreSQL with a
    // transaction-scoped advisory lock. That keeps the change log's sequence order equal to commit
    // order on both engines, at the cost of one writer at a time per database.
    Result<void> transaction(const Work& work);
    // The same for work that produces a value: `db.transaction<Client>([&] { ... })`.
    template <typename T> Result<T> transaction(const std::function<Result<T>()>& work);

    [[nodiscard]] bool inTransaction() const;
    // Open connections (one per thread that used this database), for monitoring and tests.
    [[nodiscard]] int connectionCount() const;

    // One statement with positional `?` parameters on this thread's connection. Drop or finish()
    // the returned query before the transaction ends: SQLite cannot commit while a SELECT is
    // still stepping. Constraint violations are translated through `constraints`.
    Result<QSqlQuery> exec(const QString& sql, const QVariantList& params = {},
                           const Constraints& constraints = {});

    // Called for each row in turn; returns false to stop early.
    using RowVisitor = std::function<bool(const QSqlQuery& row)>;
    // A SELECT whose rows go to `visit`. On SQLite the statement is prepared once per thread and
    // kept for the next call (sql::selectAll, selectOne and exists run here): the SQL must be
    // fixed text with `?` parameters, not values spliced in. The statement is reset before
    // select() returns, however many rows `visit` read.
    Result<void> select(const QString& sql, const QVariantList& params, const RowVisitor& visit);
    // An INSERT, UPDATE or DELETE on a kept statement like select()'s: the rows it changed.
    Result<qint64> write(const QString& sql, const QVariantList& params = {},
                         const Constraints& constraints = {});

private:
    using ThreadState = detail::ThreadState;

    Database(DatabaseConfig config, Clock clock);

    [[nodiscard]] Result<ThreadState*> threadState();
    [[nodiscard]] Result<void> openConnection(const QString& name) const;
    [[nodiscard]] Result<void> reopen(const QString& name) const;
    [[nodiscard]] Result<void> prepareConnection(const QString& name) const;
    [[nodiscard]] Result<void> enableWal();
    [[nodiscard]] Result<void> runOutermost(ThreadState& state, const Work& work);
    [[nodiscard]] Result<void> runNested(ThreadState& state, const Work& work);
    [[nodiscard]] Result<void> finishTransaction(ThreadState& state, Result<void> outcome);
    [[nodiscard]] Result<void> execRaw(ThreadState& state, const QString& sql);
    // Runs `sql` on this thread's kept statement (SQLite), hands it to `use`, then keeps it.
    [[nodiscard]] Result<void> runKept(const QString& sql, const QVariantList& params,
                                       const Constraints& constraints,
                                       const std::function<void(QSqlQuery&)>& use);
    struct Statement {
        QSqlQuery query;
        bool prepared = false;
    };
    // A kept statement for `sql` (taken out of the keep while in use), or a freshly prepared one.
    [[nodiscard]] Statement takeStatement(ThreadState& state, const QString& sql) const;
    void keepStatement(ThreadState& state, const QString& sql, QSqlQuery query) const;
    [[nodiscard]] Result<ThreadState*> usableThreadState();
    // The error of a statement that failed; inside a transaction, also the transaction's.
    [[nodiscard]] Error failed(ThreadState& state, QSqlQuery query, const QString& sql,
                               const Constraints& constraints);
    void failTransaction(ThreadState& state, const Error& error);
    void dropIfBroken(ThreadState& state);

    DatabaseConfig m_config;
    Clock m_clock;
    QString m_id;
    std::shared_ptr<detail::ConnectionRegistry> m_registry;
};

template <typename T> Result<T> Database::transaction(const std::function<Result<T>()>& work) {
    std::optional<T> value;
    Result<void> done = transaction([&]() -> Result<void> {
        Result<T> produced = work();
        if (!produced)
            return produced.error();
        value.emplace(std::move(produced).value());
        return {};
    });
    if (!done)
        return done.error();
    return std::move(*value);
}

} // namespace gatehouse::store
