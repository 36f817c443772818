#pragma once

#include "models/api/ApiCall.h"
#include "models/auth/CredentialStore.h"
#include "models/auth/TokenSet.h"
#include "models/session/Permissions.h"

#include <QObject>
#include <QTimer>
#include <functional>
#include <optional>

namespace gatehouse::client {

class ApiTransport;

// The dashboard's view of one signed-in server (Transmission's Session): who is signed in, what
// they may do (Permissions), which tenants they see and which one is current, whether the server
// is reachable and read-only. Models and pages call the Management API through send() and never
// touch tokens: an access token about to expire is refreshed first, and a 401 is answered by
// one refresh and one retry. Widgets never see JSON; this class and the models do.
//
// Sign-in comes in four ways: adopt() the tokens of a BrowserSignIn, signInAsClient() with a
// machine client's credentials, signInWithTokenProvider() (the bundled local server: its tokens
// come from `gatehoused token`, asked again instead of a refresh token), or restore() what the
// keychain kept from last time. Only the keychain keeps anything between runs; without one the
// session works until the dashboard closes and credentialWarning() says so.
class Session final : public QObject {
    Q_OBJECT
    Q_PROPERTY(bool readOnly READ isReadOnly NOTIFY readOnlyChanged)

public:
    enum class State { SignedOut, SigningIn, SignedIn };
    Q_ENUM(State)

    Session(ApiTransport& transport, CredentialStore& credentials, QObject* parent = nullptr);

    [[nodiscard]] ApiTransport& transport() { return m_transport; }
    [[nodiscard]] State state() const { return m_state; }
    [[nodiscard]] bool isSignedIn() const { return m_state == State::SignedIn; }
    [[nodiscard]] const Permissions& permissions() const { return m_permissions; }
    // The e-mail of the administrator, or the client id of a machine sign-in.
    [[nodiscard]] QString identity() const;
    [[nodiscard]] QStringList tenants() const { return m_tenants; }
    [[nodiscard]] QString currentTenant() const { return m_currentTenant; }
    void setCurrentTenant(const QString& tenant);
    // The server's datacenter role from /health ("primary", "secondary"); empty until known.
    [[nodiscard]] QString datacenterRole() const { return m_role; }
    [[nodiscard]] bool isReachable() const { return m_reachable; }
    // Configuration is read-only while the secondary datacenter serves.
    [[nodiscard]] bool isReadOnly() const { return m_readOnly; }

    // Answers a TokenProvider once: the tokens, or the error (the tokens are then ignored).
    using ProvidedToken =
        std::function<void(const TokenSet& tokens, const std::optional<ApiError>& error)>;
    // Fetches a fresh access token whenever the session needs one. It answers later, never inside
    // the call, and not at all once `context` is gone.
    using TokenProvider = std::function<void(QObject* context, ProvidedToken done)>;

    // Sign-in. Each ends in stateChanged(SignedIn) or signInFailed().
    void adopt(const TokenSet& tokens);
    void signInAsClient(const QString& clientId, const QString& clientSecret);
    // Nothing is kept in the keychain: the provider is the credential, for this run only.
    void signInWithTokenProvider(TokenProvider provider);
    // Silent sign-in from the keychain; ends in SignedIn, or SignedOut with restoreFinished(false).
    void restore();
    // Revokes the refresh token (best effort), forgets it in the keychain, signs out.
    void signOut();
    // Signs out locally, keeping the keychain entry (the transport now talks to another server).
    void reset();

    // A Management API call with the session's token: `path` below `t/TENANT/api/v2/`.
    ApiCall* send(ApiRequest request);
    ApiCall* managementCall(const QByteArray& method, const QString& tenant, const QString& path,
                            const QUrlQuery& query = {},
                            std::optional<QJsonDocument> body = std::nullopt);
    // Re-reads the permission snapshot and the tenant list (after a role or tenant change).
    void reloadProfile();
    // How often /health is asked for the status bar; 15 s by default, 0 stops it.
    void setHealthInterval(int milliseconds);
    // Calls of send() that change something (any method but GET) and have not finished: what
    // closing the dashboard now would cut off without anyone learning whether it was saved.
    [[nodiscard]] int changesInFlight() const { return m_changesInFlight; }

Q_SIGNALS:
    void stateChanged(gatehouse::client::Session::State state);
    void permissionsChanged();
    void tenantsChanged();
    void currentTenantChanged(const QString& tenant);
    void readOnlyChanged(bool readOnly);
    void statusChanged(); // reachability or datacenter role
    void signInFailed(const gatehouse::client::ApiError& error);
    void restoreFinished(bool signedIn);
    // The keychain could not keep the sign-in (none here, locked, refused): the message says
    // what happened; nothing was written anywhere else.
    void credentialWarning(const QString& message);
    void changesInFlightChanged(int count);

private:
    enum class Kind { None, User, Client, Provider };
    using TokenReady = std::function<void(const std::optional<ApiError>&)>;

    void withToken(QObject* context, TokenReady ready);
    void refreshToken();
    void discoverSystemAudience();
    void requestTokens();
    void continueRefresh(ApiCall* call, std::function<void(const ApiResult&)> next);
    void askProvider();
    void finishRefresh(const std::optional<ApiError>& error);
    void dispatch(ApiCall* outer, bool retried);
    void loadProfile();
    void loadTenants(int page, QStringList collected);
    void enterSignedIn();
    void failSignIn(const ApiError& error);
    void remember();
    void forget();
    void setState(State state);
    void setReadOnly(bool readOnly);
    void pollHealth();
    void noteResult(const ApiResult& result);
    [[nodiscard]] ApiRequest tokenRequest() const;

    ApiTransport& m_transport;
    CredentialStore& m_credentials;
    State m_state = State::SignedOut;
    Kind m_kind = Kind::None;
    TokenSet m_tokens;
    QString m_clientId;
    QString m_clientSecret;
    QString m_systemAudience; // client credentials: the system tenant's Management API
    TokenProvider m_provider;
    Permissions m_permissions;
    QStringList m_tenants;
    QString m_currentTenant;
    QString m_role;
    bool m_reachable = true;
    bool m_readOnly = false;
    bool m_refreshing = false;
    int m_generation = 0; // bumped by reset(): answers for an earlier sign-in are ignored
    int m_changesInFlight = 0;
    QList<std::pair<QPointer<QObject>, TokenReady>> m_waiting;
    QTimer m_health;
};

} // namespace gatehouse::client
