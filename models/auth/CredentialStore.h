#pragma once

#include <QByteArray>
#include <QObject>
#include <QString>
#include <functional>
#include <optional>

namespace gatehouse::client {

// Where the dashboard keeps a refresh token between runs: the OS keychain and nowhere else
// (SECURITY.md "Dashboard"). An interface so that the session can be tested against the real
// keychain daemon and, where one cannot run, against a store that reports "no keychain".
class CredentialStore {
public:
    enum class Failure {
        None,
        NotFound,    // nothing stored under that key
        Unavailable, // no keychain here (no D-Bus session, no secret service, locked)
        Denied,      // the keychain refused (a person said no)
        Other,
    };
    struct Outcome {
        Failure failure = Failure::None;
        QString message;   // the keychain's own words, for the person
        QByteArray secret; // read(): the value
        [[nodiscard]] bool ok() const { return failure == Failure::None; }
    };
    using Done = std::function<void(const Outcome&)>;

    virtual ~CredentialStore() = default;
    // Each calls `done` once, later, on the caller's thread; `context` ends the wait when
    // destroyed.
    virtual void read(const QString& key, QObject* context, Done done) = 0;
    virtual void write(const QString& key, const QByteArray& secret, QObject* context,
                       Done done) = 0;
    virtual void remove(const QString& key, QObject* context, Done done) = 0;
};

} // namespace gatehouse::client
