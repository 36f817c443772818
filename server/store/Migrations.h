#pragma once

#include "core/Result.h"

#include <QString>
#include <QStringList>
#include <vector>

namespace gatehouse::store {

class Database;

// Versioned schema migrations, recorded in `schema_migrations(version, name, applied_at)`.
//
// Each step runs in its own transaction, under a lock (SQLite: BEGIN IMMEDIATE; PostgreSQL:
// pg_advisory_xact_lock), and re-reads the applied version inside it, so two processes starting
// at once apply each step exactly once. A database migrated by a newer Gatehouse is refused with
// `schema_too_new` rather than used with a schema this binary does not understand.
//
// Steps are append-only: never edit a released step, add a new one.
class Migrations final {
public:
    struct Step {
        int version;
        QString name;
        // SQL with engine placeholders: {{ID}}, {{INT64}}, {{BOOL}}, {{BLOB}}, and the
        // aggregate {{JSON_ARRAY_AGG}}(expr) (a JSON array text; NULL over no rows on PostgreSQL).
        QStringList statements;
    };

    explicit Migrations(Database& db);

    [[nodiscard]] static const std::vector<Step>& steps();
    [[nodiscard]] static int latestVersion();

    Result<void> apply();
    // The pending steps up to `version` only, for tests that fill an older schema with rows and
    // then check what a data migration does to them.
    Result<void> applyUpTo(int version);
    // The highest applied version; 0 for an empty database.
    [[nodiscard]] Result<int> appliedVersion();

private:
    [[nodiscard]] Result<void> createTable();
    [[nodiscard]] Result<void> applyStep(const Step& step);
    [[nodiscard]] Result<void> lock();
    [[nodiscard]] QString forEngine(QString statement) const;

    Database& m_db;
};

} // namespace gatehouse::store
