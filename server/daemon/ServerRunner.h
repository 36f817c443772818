#pragma once

#include "config/ServerConfig.h"
#include "core/Result.h"

#include <QObject>
#include <QTimer>

#include <memory>

namespace gatehouse::daemon {

class DataDirectory;

// `gatehoused run`: builds the server from its parts (store, tenant catalog, endpoints, HTTP
// server), serves until SIGTERM/SIGINT, then drains and asks the event loop to quit. Every part is
// owned here and handed to the others by reference; nothing is global.
class ServerRunner final : public QObject {
    Q_OBJECT

public:
    explicit ServerRunner(config::ServerConfig config, QObject* parent = nullptr);
    ~ServerRunner() override;

    // Opens the store, loads every tenant, binds the listener. On error nothing is listening.
    [[nodiscard]] Result<void> start(const DataDirectory& dataDir);
    [[nodiscard]] quint16 port() const;
    // The URL clients use, with the real port when the config asked for port 0.
    [[nodiscard]] QString publicUrl() const { return m_config.publicBaseUrl(); }

    // Stop accepting, finish in-flight requests, then emit stopped().
    void stop();

Q_SIGNALS:
    void stopped();

private:
    struct Parts;

    [[nodiscard]] Result<void> openStore(const DataDirectory& dataDir);
    [[nodiscard]] Result<void> buildRoutes();
    [[nodiscard]] Result<void> listen();
    void refreshCatalog();

    config::ServerConfig m_config;
    std::unique_ptr<Parts> m_parts;
    QTimer m_refreshTimer;
    int m_refreshTicks = 0;
    bool m_stopping = false;
};

} // namespace gatehouse::daemon
