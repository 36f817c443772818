#include "login/UpstreamClients.h"

#include <QMutexLocker>

namespace gatehouse::login {

UpstreamClients::UpstreamClients(std::shared_ptr<identity::UpstreamMetadataCache> cache,
                                 identity::UpstreamOidcClientOptions options)
    : m_cache(std::move(cache))
    , m_options(std::move(options)) {}

UpstreamClients::~UpstreamClients() {
    // Normally empty by now (each thread deleted its client when it finished); a client of a
    // thread still running is handed to that thread to delete.
    const QMutexLocker lock(&m_mutex);
    for (const QPointer<identity::UpstreamOidcClient>& client : std::as_const(m_clients)) {
        if (client)
            client->deleteLater();
    }
}

identity::UpstreamOidcClient& UpstreamClients::forCurrentThread() {
    QThread* thread = QThread::currentThread();
    const QMutexLocker lock(&m_mutex);
    QPointer<identity::UpstreamOidcClient>& slot = m_clients[thread];
    if (!slot) {
        auto* client = new identity::UpstreamOidcClient(m_cache, m_options);
        QObject::connect(thread, &QThread::finished, client, &QObject::deleteLater);
        slot = client;
    }
    return *slot;
}

} // namespace gatehouse::login
