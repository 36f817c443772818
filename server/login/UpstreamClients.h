#pragma once

#include "identity/UpstreamMetadataCache.h"
#include "identity/UpstreamOidcClient.h"

#include <QHash>
#include <QMutex>
#include <QPointer>
#include <QThread>
#include <memory>

namespace gatehouse::login {

// The UpstreamOidcClient of each HTTP worker thread, made on the thread's first upstream login;
// all of them share one metadata cache, so a provider's discovery and keys are fetched once per
// TTL whatever thread serves the login.
//
// Why a map owned here rather than thread_local or QThreadStorage: a client owns a
// QNetworkAccessManager, which must be destroyed in its thread, and holds callbacks into the
// login handlers, so it must not outlive them. thread_local would be process-global (two servers
// in one process, as in tests, would share clients and caches) and destroyed after Qt's thread
// teardown; a QThreadStorage member leaks its values when destroyed before the threads end. Here
// each client is deleted by its own thread as the thread finishes (QThread::finished →
// deleteLater, which Qt runs before the thread ends), and the HTTP server's threads end before
// the login runtime that owns this goes away (ServerRunner::Parts).
class UpstreamClients final {
public:
    explicit UpstreamClients(std::shared_ptr<identity::UpstreamMetadataCache> cache,
                             identity::UpstreamOidcClientOptions options = {});
    ~UpstreamClients();
    UpstreamClients(const UpstreamClients&) = delete;
    UpstreamClients& operator=(const UpstreamClients&) = delete;

    // The calling thread's client, which must be a QThread running an event loop (an HTTP
    // worker): the client's callbacks run on it later.
    [[nodiscard]] identity::UpstreamOidcClient& forCurrentThread();
    [[nodiscard]] const std::shared_ptr<identity::UpstreamMetadataCache>& cache() const {
        return m_cache;
    }

private:
    std::shared_ptr<identity::UpstreamMetadataCache> m_cache;
    identity::UpstreamOidcClientOptions m_options;
    QMutex m_mutex;
    // Only a thread's own entry is ever dereferenced, by that thread; a finished thread's entry
    // reads null and is replaced if a new thread gets the same address.
    QHash<QThread*, QPointer<identity::UpstreamOidcClient>> m_clients;
};

} // namespace gatehouse::login
