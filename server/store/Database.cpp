#include "store/Database.h"

#include "store/Migrations.h"

#include <QDeadlineTimer>
#include <QFileInfo>
#include <QHash>
#include <QSqlDatabase>
#include <QSqlDriver>
#include <QThread>
#include <QThreadStorage>
#include <QUuid>
#include <map>
#include <mutex>
#include <set>
#include <vector>

namespace gatehouse::store {

// Key of the PostgreSQL advisory lock that serializes writers (see Database::transaction).
constexpr qint64 kWriterLock = 0x4741544548535452; // "GATEHSTR"

namespace detail {

// The connections one Database opened. Shared with each thread's exit hook so that whichever of
// "thread finishes" and "Database destroyed" comes first closes a connection, exactly once.
struct ConnectionRegistry {
    mutable std::mutex mutex;
    std::set<QString> names;

    void add(const QString& name) {
        const std::lock_guard lock(mutex);
        names.insert(name);
    }
    void release(const QString& name) {
        const std::lock_guard lock(mutex);
        if (names.erase(name) > 0)
            QSqlDatabase::removeDatabase(name);
    }
    // Also closes other threads' connections: no thread can be using them, because every user
    // holds a shared_ptr to the Database that is now being destroyed.
    void releaseAll() {
        const std::lock_guard lock(mutex);
        for (const QString& name : names)
            QSqlDatabase::removeDatabase(name);
        names.clear();
    }
    [[nodiscard]] int count() const {
        const std::lock_guard lock(mutex);
        return static_cast<int>(names.size());
    }
};

struct ThreadState {
    QString connectionName;
    std::weak_ptr<ConnectionRegistry> registry;
    int depth = 0;
    // The first failure inside the current transaction: the transaction can only roll back now
    // (PostgreSQL refuses every further statement anyway; SQLite is made to behave the same).
    std::optional<Error> failure;
    // A PostgreSQL prepared statement that failed inside a transaction cannot be deallocated
    // before ROLLBACK (the driver would warn "Unable to free statement"), so it is kept until then.
    std::vector<QSqlQuery> failedQueries;
    // SQLite statements prepared once and reused, by SQL text: parsing is about a third of a
    // small query's cost there. Only select() and execRaw() use them, and they put them back
    // reset, so a kept statement never holds a read snapshot open. Always empty on PostgreSQL,
    // whose driver deallocates a prepared statement with a round trip of its own.
    QHash<QString, QSqlQuery> statements;
};

} // namespace detail

namespace {

using detail::ConnectionRegistry;
using detail::ThreadState;

// This thread's state for each Database it used, keyed by the Database's id. Held in
// QThreadStorage rather than thread_local because for a QThread it is destroyed before wait()
// returns, so a joined thread's connections are already closed.
class ThreadConnections final {
public:
    ThreadConnections() = default;
    ThreadConnections(const ThreadConnections&) = delete;
    ThreadConnections& operator=(const ThreadConnections&) = delete;
    ~ThreadConnections() {
        for (auto& [id, state] : m_states)
            close(state);
    }

    [[nodiscard]] ThreadState* find(const QString& id) {
        const auto it = m_states.find(id);
        return it == m_states.end() ? nullptr : &it->second;
    }
    // std::map: references stay valid while other Databases add their entries.
    ThreadState& add(const QString& id, ThreadState state) {
        std::erase_if(m_states, [](const auto& entry) { return entry.second.registry.expired(); });
        return m_states.insert_or_assign(id, std::move(state)).first->second;
    }
    void forget(const QString& id) { m_states.erase(id); }

private:
    static void close(ThreadState& state) {
        state.failedQueries.clear();
        state.statements.clear(); // finalized before their connection closes
        if (const std::shared_ptr<ConnectionRegistry> registry = state.registry.lock())
            registry->release(state.connectionName);
    }

    std::map<QString, ThreadState> m_states;
};

QThreadStorage<ThreadConnections*>& threadStorage() {
    static QThreadStorage<ThreadConnections*> storage;
    return storage;
}

ThreadConnections& currentThreadConnections() {
    QThreadStorage<ThreadConnections*>& storage = threadStorage();
    if (!storage.hasLocalData())
        storage.setLocalData(new ThreadConnections);
    return *storage.localData();
}

// Statements kept per thread and Database: every fixed query of the repositories fits; a
// thread that meets more (generated SQL) prepares the rest each time.
constexpr qsizetype kKeptStatements = 256;

// How long a SQLite writer waits for another one before failing with database_busy.
constexpr int kSqliteBusyTimeoutMs = 5000;

// A query on this thread's connection that reads its rows once, front to back (no row cache).
QSqlQuery forwardQuery(const detail::ThreadState& state) {
    QSqlQuery query(QSqlDatabase::database(state.connectionName, false));
    query.setForwardOnly(true);
    return query;
}

bool bindAndExec(QSqlQuery& query, const QVariantList& params) {
    for (qsizetype i = 0; i < params.size(); ++i)
        query.bindValue(int(i), params[i]);
    return query.exec();
}

Error unavailable(const QString& message) {
    return Error{QByteArrayLiteral("database_unavailable"), message, 503};
}

Error openError(const DatabaseConfig& config, const QSqlError& error) {
    const QString reason =
        (error.databaseText().isEmpty() ? error.text() : error.databaseText()).trimmed();
    if (config.engine == Engine::Sqlite)
        return unavailable(
            QStringLiteral("cannot open SQLite database '%1': %2").arg(config.path, reason));
    return unavailable(
        QStringLiteral("cannot connect to PostgreSQL at %1: %2").arg(config.redactedUrl(), reason));
}

// SQLite reports a missing directory as "unable to open database file"; say which one instead.
Result<void> checkSqliteLocation(const QString& path) {
    const QFileInfo file(path);
    const QFileInfo directory(file.absolutePath());
    const QString prefix = QStringLiteral("cannot open SQLite database '%1': ").arg(path);
    if (!directory.isDir())
        return unavailable(
            prefix +
            QStringLiteral("the directory '%1' does not exist").arg(directory.absoluteFilePath()));
    if (file.isDir())
        return unavailable(prefix + QStringLiteral("it is a directory"));
    if (!directory.isWritable())
        return unavailable(prefix + QStringLiteral("the directory '%1' is not writable (SQLite "
                                                   "keeps its -wal and -shm files beside the "
                                                   "database)")
                                        .arg(directory.absoluteFilePath()));
    return {};
}

void configure(QSqlDatabase& db, const DatabaseConfig& config) {
    if (config.engine == Engine::Sqlite) {
        db.setDatabaseName(config.path);
        // Writers wait for each other (BEGIN IMMEDIATE) before failing with busy.
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(kSqliteBusyTimeoutMs));
        return;
    }
    db.setHostName(config.host);
    db.setPort(config.port);
    db.setDatabaseName(config.database);
    db.setUserName(config.user);
    db.setPassword(config.password);
    QMap<QString, QString> options = config.options;
    // libpq waits forever for an unresponsive host by default; readiness checks must not.
    if (!options.contains(QStringLiteral("connect_timeout")))
        options.insert(QStringLiteral("connect_timeout"), QStringLiteral("10"));
    if (!options.contains(QStringLiteral("application_name")))
        options.insert(QStringLiteral("application_name"), QStringLiteral("gatehoused"));
    QStringList pairs;
    for (auto it = options.cbegin(); it != options.cend(); ++it)
        pairs << it.key() + QLatin1Char('=') + it.value();
    db.setConnectOptions(pairs.join(QLatin1Char(';')));
}

} // namespace

Database::Database(DatabaseConfig config, Clock clock)
    : m_config(std::move(config))
    , m_clock(std::move(clock))
    , m_id(QUuid::createUuid().toString(QUuid::Id128))
    , m_registry(std::make_shared<ConnectionRegistry>()) {}

Database::~Database() {
    if (threadStorage().hasLocalData())
        threadStorage().localData()->forget(m_id);
    m_registry->releaseAll();
}

Result<std::shared_ptr<Database>> Database::open(const DatabaseConfig& config, Clock clock,
                                                 std::optional<int> schemaVersion) {
    if (config.engine == Engine::Sqlite) {
        if (const Result<void> location = checkSqliteLocation(config.path); !location)
            return location.error();
    }
    std::shared_ptr<Database> db(new Database(config, std::move(clock)));
    if (const Result<ThreadState*> state = db->threadState(); !state)
        return state.error();
    if (config.engine == Engine::Sqlite) {
        if (const Result<void> wal = db->enableWal(); !wal)
            return wal.error();
    }
    if (const Result<void> migrated =
            Migrations(*db).applyUpTo(schemaVersion.value_or(Migrations::latestVersion()));
        !migrated)
        return migrated.error();
    return db;
}

QDateTime Database::now() const {
    return (m_clock ? m_clock() : QDateTime::currentDateTimeUtc()).toUTC();
}

// WAL lets readers run beside the one writer. The mode is stored in the file, so one switch
// suffices. The switch needs the file to itself, and SQLite refuses it at once, without waiting
// through the busy timeout, while a concurrent opener holds a lock (two processes opening a new
// database: about 1 in 30 times): it is tried again for as long as that timeout would wait.
Result<void> Database::enableWal() {
    const QDeadlineTimer deadline(kSqliteBusyTimeoutMs);
    Result<QSqlQuery> mode = exec(QStringLiteral("PRAGMA journal_mode = WAL"));
    while (!mode && mode.error().code == "database_busy" && !deadline.hasExpired()) {
        QThread::msleep(5);
        mode = exec(QStringLiteral("PRAGMA journal_mode = WAL"));
    }
    if (!mode)
        return mode.error();
    const QString journal = mode->next() ? mode->value(0).toString() : QString();
    if (journal.compare(QLatin1String("wal"), Qt::CaseInsensitive) != 0)
        return unavailable(QStringLiteral("cannot switch SQLite database '%1' to WAL mode "
                                          "(journal mode is '%2')")
                               .arg(m_config.path, journal));
    return {};
}

Result<ThreadState*> Database::threadState() {
    ThreadConnections& connections = currentThreadConnections();
    if (ThreadState* state = connections.find(m_id)) {
        if (state->depth == 0) {
            if (const Result<void> open = reopen(state->connectionName); !open)
                return open.error();
        }
        return state;
    }
    const QString name = QStringLiteral("gatehouse-store-%1-%2")
                             .arg(m_id)
                             .arg(quintptr(QThread::currentThreadId()), 0, 16);
    if (const Result<void> opened = openConnection(name); !opened)
        return opened.error();
    m_registry->add(name);
    ThreadState state;
    state.connectionName = name;
    state.registry = m_registry;
    return &connections.add(m_id, std::move(state));
}

Result<void> Database::openConnection(const QString& name) const {
    std::optional<Error> failure;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(
            m_config.engine == Engine::Sqlite ? QStringLiteral("QSQLITE") : QStringLiteral("QPSQL"),
            name);
        configure(db, m_config);
        if (!db.open())
            failure = openError(m_config, db.lastError());
    }
    if (!failure) {
        if (Result<void> prepared = prepareConnection(name); !prepared)
            failure = prepared.error();
    }
    if (failure) {
        QSqlDatabase::removeDatabase(name);
        return *failure;
    }
    return {};
}

// A connection closed by dropIfBroken() is reopened on next use, outside any transaction.
Result<void> Database::reopen(const QString& name) const {
    QSqlDatabase db = QSqlDatabase::database(name, false);
    if (db.isOpen())
        return {};
    if (!db.open())
        return openError(m_config, db.lastError());
    return prepareConnection(name);
}

Result<void> Database::prepareConnection(const QString& name) const {
    QStringList statements;
    if (m_config.engine == Engine::Sqlite) {
        // Per-connection settings: SQLite forgets them when the connection closes.
        statements << QStringLiteral("PRAGMA foreign_keys = ON")
                   << QStringLiteral("PRAGMA synchronous = NORMAL");
    } else {
        // NOTICEs ("table already exists, skipping") would go to stderr through libpq.
        statements << QStringLiteral("SET client_min_messages TO warning");
    }
    QSqlQuery query(QSqlDatabase::database(name, false));
    for (const QString& statement : statements) {
        if (!query.exec(statement))
            return openError(m_config, query.lastError());
    }
    return {};
}

Result<void> Database::ping() {
    if (exec(QStringLiteral("SELECT 1")))
        return {};
    // The failed attempt closed a broken connection; the retry opens a fresh one.
    Result<QSqlQuery> retry = exec(QStringLiteral("SELECT 1"));
    if (retry)
        return {};
    if (retry.error().code == "database_unavailable")
        return retry.error();
    return unavailable(retry.error().message);
}

Result<void> Database::transaction(const Work& work) {
    const Result<ThreadState*> found = threadState();
    if (!found)
        return found.error();
    ThreadState& state = **found;
    return state.depth > 0 ? runNested(state, work) : runOutermost(state, work);
}

Result<void> Database::runNested(ThreadState& state, const Work& work) {
    struct Leave {
        int& depth;
        ~Leave() { --depth; }
    };
    ++state.depth;
    const Leave leave{state.depth};
    Result<void> outcome = work();
    if (!outcome)
        failTransaction(state, outcome.error());
    return outcome;
}

Result<void> Database::runOutermost(ThreadState& state, const Work& work) {
    const QString begin =
        engine() == Engine::Sqlite ? QStringLiteral("BEGIN IMMEDIATE") : QStringLiteral("BEGIN");
    if (Result<void> begun = execRaw(state, begin); !begun) {
        dropIfBroken(state);
        return begun;
    }
    state.depth = 1;
    state.failure.reset();
    if (engine() == Engine::Postgres) {
        const QString lock = QStringLiteral("SELECT pg_advisory_xact_lock(%1)").arg(kWriterLock);
        if (const Result<void> locked = execRaw(state, lock); !locked)
            failTransaction(state, locked.error());
    }
    // If `work` throws, the transaction must not stay open on this thread's connection.
    struct Abandon {
        Database& db;
        ThreadState& state;
        bool armed = true;
        ~Abandon() {
            if (!armed)
                return;
            state.depth = 0;
            state.failure.reset();
            (void)db.execRaw(state, QStringLiteral("ROLLBACK"));
            state.failedQueries.clear();
        }
    } abandon{*this, state};
    Result<void> outcome = state.failure ? Result<void>(*state.failure) : work();
    abandon.armed = false;
    state.depth = 0;
    return finishTransaction(state, std::move(outcome));
}

Result<void> Database::finishTransaction(ThreadState& state, Result<void> outcome) {
    // A nested call failed but the caller carried on: its partial work must not be committed.
    if (outcome && state.failure)
        outcome = *state.failure;
    state.failure.reset();
    if (outcome) {
        Result<void> committed = execRaw(state, QStringLiteral("COMMIT"));
        if (committed)
            return committed;
        outcome = committed;
    }
    // After a failed COMMIT SQLite keeps the transaction open; ROLLBACK ends it either way.
    (void)execRaw(state, QStringLiteral("ROLLBACK"));
    state.failedQueries.clear();
    if (outcome.error().code == "database_error")
        dropIfBroken(state);
    return outcome;
}

bool Database::inTransaction() const {
    if (!threadStorage().hasLocalData())
        return false;
    const ThreadState* state = threadStorage().localData()->find(m_id);
    return state != nullptr && state->depth > 0;
}

int Database::connectionCount() const {
    return m_registry->count();
}

Result<QSqlQuery> Database::exec(const QString& sql, const QVariantList& params,
                                 const Constraints& constraints) {
    const Result<ThreadState*> found = usableThreadState();
    if (!found)
        return found.error();
    ThreadState& state = **found;
    QSqlQuery query = forwardQuery(state);
    const bool ok =
        params.isEmpty() ? query.exec(sql) : query.prepare(sql) && bindAndExec(query, params);
    if (ok)
        return Result<QSqlQuery>(std::move(query));
    return failed(state, std::move(query), sql, constraints);
}

Result<void> Database::select(const QString& sql, const QVariantList& params,
                              const RowVisitor& visit) {
    auto readRows = [&](QSqlQuery& query) {
        while (query.next() && visit(query)) {
        }
    };
    if (engine() != Engine::Sqlite) {
        Result<QSqlQuery> query = exec(sql, params);
        if (!query)
            return query.error();
        readRows(*query);
        query->finish();
        return {};
    }
    return runKept(sql, params, {}, readRows);
}

Result<qint64> Database::write(const QString& sql, const QVariantList& params,
                               const Constraints& constraints) {
    if (engine() != Engine::Sqlite) {
        const Result<QSqlQuery> query = exec(sql, params, constraints);
        if (!query)
            return query.error();
        return qint64(query->numRowsAffected());
    }
    qint64 rows = 0;
    const Result<void> written = runKept(sql, params, constraints,
                                         [&](QSqlQuery& query) { rows = query.numRowsAffected(); });
    if (!written)
        return written.error();
    return rows;
}

Result<void> Database::runKept(const QString& sql, const QVariantList& params,
                               const Constraints& constraints,
                               const std::function<void(QSqlQuery&)>& use) {
    const Result<ThreadState*> found = usableThreadState();
    if (!found)
        return found.error();
    ThreadState& state = **found;
    // Taken out while in use: the same SQL run from inside `use` prepares its own.
    auto [query, prepared] = takeStatement(state, sql);
    if (!prepared || !bindAndExec(query, params))
        return failed(state, std::move(query), sql, constraints);
    use(query);
    keepStatement(state, sql, std::move(query));
    return {};
}

Database::Statement Database::takeStatement(ThreadState& state, const QString& sql) const {
    if (const auto kept = state.statements.find(sql); kept != state.statements.end()) {
        Statement statement{std::move(kept.value()), true};
        state.statements.erase(kept);
        return statement;
    }
    QSqlQuery query = forwardQuery(state);
    const bool prepared = query.prepare(sql);
    return Statement{std::move(query), prepared};
}

void Database::keepStatement(ThreadState& state, const QString& sql, QSqlQuery query) const {
    query.finish(); // reset: no read snapshot stays open between uses
    if (state.statements.size() < kKeptStatements)
        state.statements.insert(sql, std::move(query));
}

// This thread's state, unless its transaction already failed (no statement runs then).
Result<ThreadState*> Database::usableThreadState() {
    const Result<ThreadState*> found = threadState();
    if (!found)
        return found;
    const ThreadState& state = **found;
    if (state.depth > 0 && state.failure)
        return Error{QByteArrayLiteral("transaction_aborted"),
                     QStringLiteral("not run because an earlier statement in this transaction "
                                    "failed: ") +
                         state.failure->message,
                     500};
    return found;
}

Error Database::failed(ThreadState& state, QSqlQuery query, const QString& sql,
                       const Constraints& constraints) {
    const Error error = translateSqlError(engine(), query.lastError(), constraints, sql);
    if (state.depth > 0) {
        failTransaction(state, error);
        if (engine() == Engine::Postgres)
            state.failedQueries.push_back(std::move(query));
    } else if (error.code == "database_error") {
        query = QSqlQuery();
        dropIfBroken(state);
    }
    return error;
}

// BEGIN, COMMIT and ROLLBACK, on kept statements on SQLite (they run with every write).
Result<void> Database::execRaw(ThreadState& state, const QString& sql) {
    if (engine() == Engine::Sqlite) {
        auto [query, prepared] = takeStatement(state, sql);
        if (prepared && query.exec()) {
            keepStatement(state, sql, std::move(query));
            return {};
        }
        return translateSqlError(engine(), query.lastError(), {}, sql);
    }
    QSqlQuery query(QSqlDatabase::database(state.connectionName, false));
    if (query.exec(sql))
        return {};
    return translateSqlError(engine(), query.lastError(), {}, sql);
}

void Database::failTransaction(ThreadState& state, const Error& error) {
    if (!state.failure)
        state.failure = error;
}

// A PostgreSQL connection can die under us (server restart, failover, idle timeout in a proxy).
// After an unexplained failure, probe it; if it is gone, close it so that the next use reconnects.
void Database::dropIfBroken(ThreadState& state) {
    if (engine() != Engine::Postgres)
        return;
    QSqlDatabase db = QSqlDatabase::database(state.connectionName, false);
    {
        QSqlQuery probe(db);
        if (probe.exec(QStringLiteral("SELECT 1")))
            return;
    }
    db.close();
}

} // namespace gatehouse::store
