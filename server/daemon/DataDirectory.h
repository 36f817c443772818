#pragma once

#include "core/Result.h"

#include <QString>

namespace gatehouse::daemon {

// The on-disk layout of one gatehoused instance:
//   gatehoused.ini      configuration (see exampleConfigFile)
//   master.key          32 random bytes, base64, mode 0600: seals signing keys and secrets at rest
//   tls/server.crt/key  the self-signed certificate init made (replace with your own)
//   gatehouse.db        the embedded SQLite database (unless [database] url points elsewhere)
class DataDirectory final {
public:
    explicit DataDirectory(QString path);

    [[nodiscard]] const QString& path() const { return m_path; }
    [[nodiscard]] QString filePath(const QString& relative) const;
    [[nodiscard]] QString configFile() const { return filePath(QStringLiteral("gatehoused.ini")); }
    [[nodiscard]] QString masterKeyFile() const { return filePath(QStringLiteral("master.key")); }

    // True once init has finished writing (the config file is written last).
    [[nodiscard]] bool isInitialized() const;

    // Creates the directory (mode 0700). An existing directory is accepted only when empty, so init
    // never mixes its files with someone else's.
    [[nodiscard]] Result<void> createEmpty() const;

    // Writes a new file atomically-enough for secrets: created exclusively with mode 0600 from the
    // start (never world-readable for an instant), fsynced.
    [[nodiscard]] Result<void> writeSecretFile(const QString& relative,
                                               const QByteArray& content) const;
    [[nodiscard]] Result<void> writeFile(const QString& relative, const QByteArray& content) const;

    // Reads master.key, refusing a key file that group or others can read, as ssh does with keys.
    [[nodiscard]] Result<QByteArray> readMasterKey() const;

    // Removes what init created after a failure; only called on a directory createEmpty() made.
    void removeAll() const;

private:
    QString m_path;
};

} // namespace gatehouse::daemon
