#pragma once

#include "models/auth/CredentialStore.h"

namespace gatehouse::client {

// CredentialStore on QtKeychain: the Secret Service (gnome-keyring, KWallet) on Linux, the
// Keychain on macOS, the Credential Manager on Windows. QtKeychain never falls back to a file
// here (FACTS.md: setInsecureFallback writes nothing on this build), so a machine without a
// keychain keeps nothing on disk and every call reports Failure::Unavailable.
class KeychainCredentialStore final : public CredentialStore {
public:
    explicit KeychainCredentialStore(QString service = QStringLiteral("Gatehouse"));

    void read(const QString& key, QObject* context, Done done) override;
    void write(const QString& key, const QByteArray& secret, QObject* context, Done done) override;
    void remove(const QString& key, QObject* context, Done done) override;

private:
    QString m_service;
};

} // namespace gatehouse::client
