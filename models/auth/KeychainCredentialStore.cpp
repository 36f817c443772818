#include "models/auth/KeychainCredentialStore.h"

#include <QPointer>
#include <qt6keychain/keychain.h>

namespace gatehouse::client {

namespace {

CredentialStore::Outcome outcomeOf(const QKeychain::Job& job) {
    CredentialStore::Outcome outcome;
    outcome.message = job.errorString();
    switch (job.error()) {
    case QKeychain::NoError:
        outcome.failure = CredentialStore::Failure::None;
        outcome.message.clear();
        break;
    case QKeychain::EntryNotFound:
        outcome.failure = CredentialStore::Failure::NotFound;
        break;
    case QKeychain::AccessDeniedByUser:
        outcome.failure = CredentialStore::Failure::Denied;
        break;
    // FACTS.md: no D-Bus session, no secret service and a locked keyring all end as
    // OtherError (7) or AccessDenied (4) on Linux; for the person they mean the same thing.
    case QKeychain::AccessDenied:
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
    case QKeychain::OtherError:
        outcome.failure = CredentialStore::Failure::Unavailable;
        break;
    case QKeychain::CouldNotDeleteEntry:
        outcome.failure = CredentialStore::Failure::Other;
        break;
    }
    return outcome;
}

template <typename JobType> void run(JobType* job, QObject* context, CredentialStore::Done done) {
    job->setAutoDelete(true);
    QPointer<QObject> guard(context);
    QObject::connect(job, &QKeychain::Job::finished, context,
                     [guard, done = std::move(done)](QKeychain::Job* finished) {
                         if (!guard)
                             return;
                         CredentialStore::Outcome outcome = outcomeOf(*finished);
                         if (outcome.ok()) {
                             if (auto* reader = qobject_cast<QKeychain::ReadPasswordJob*>(finished))
                                 outcome.secret = reader->binaryData();
                         }
                         done(outcome);
                     });
    job->start();
}

} // namespace

KeychainCredentialStore::KeychainCredentialStore(QString service)
    : m_service(std::move(service)) {}

void KeychainCredentialStore::read(const QString& key, QObject* context, Done done) {
    auto* job = new QKeychain::ReadPasswordJob(m_service);
    job->setKey(key);
    run(job, context, std::move(done));
}

void KeychainCredentialStore::write(const QString& key, const QByteArray& secret, QObject* context,
                                    Done done) {
    auto* job = new QKeychain::WritePasswordJob(m_service);
    job->setKey(key);
    job->setBinaryData(secret);
    run(job, context, std::move(done));
}

void KeychainCredentialStore::remove(const QString& key, QObject* context, Done done) {
    auto* job = new QKeychain::DeletePasswordJob(m_service);
    job->setKey(key);
    run(job, context, std::move(done));
}

} // namespace gatehouse::client
