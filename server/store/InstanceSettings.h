#pragma once

#include "core/Result.h"
#include "store/ChangeLog.h"

#include <QMap>
#include <QString>
#include <functional>
#include <memory>
#include <optional>

namespace gatehouse::store {

class Database;

// Instance-wide values by name (the instance id, the public domain, ...). Writes are logged
// like any configuration write, with an empty tenant and entity `setting`.
class InstanceSettings final {
public:
    explicit InstanceSettings(std::shared_ptr<Database> db);

    [[nodiscard]] Result<std::optional<QString>> get(const QString& name) const;
    [[nodiscard]] Result<QMap<QString, QString>> all() const;
    // Creates or replaces; writing the value already stored changes nothing and logs nothing.
    Result<void> set(const QString& name, const QString& value);
    // The stored value, or `make()` stored first when there is none: atomically, so that two
    // nodes starting at once agree on one value (e.g. the instance id).
    Result<QString> getOrCreate(const QString& name, const std::function<QString()>& make);
    // `not_found` when there is no such setting.
    Result<void> remove(const QString& name);

private:
    std::shared_ptr<Database> m_db;
    ChangeLog m_changes;
};

} // namespace gatehouse::store
