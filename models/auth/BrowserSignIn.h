#pragma once

#include "models/api/ApiError.h"
#include "models/auth/LoopbackReceiver.h"
#include "models/auth/Pkce.h"
#include "models/auth/TokenSet.h"

#include <QObject>
#include <QPointer>
#include <QTimer>
#include <functional>

namespace gatehouse::client {

class ApiTransport;
class ApiCall;

// The dashboard's sign-in (RFC 8252, SECURITY.md "Dashboard"): the system browser opens the
// server's hosted login page for the `system` tenant's native client `gatehouse-dashboard`; the
// answer comes back to a LoopbackReceiver on 127.0.0.1; the code is exchanged with a PKCE
// verifier. Every attempt has a fresh verifier, `state` and port. The browser is opened through
// `OpenUrl` (QDesktopServices in the app; tests drive the login page themselves).
class BrowserSignIn final : public QObject {
    Q_OBJECT

public:
    using OpenUrl = std::function<bool(const QUrl&)>;
    static constexpr const char* kClientId = "gatehouse-dashboard";
    static constexpr const char* kTenant = "system";

    BrowserSignIn(ApiTransport& transport, OpenUrl openUrl, QObject* parent = nullptr);

    // Starts an attempt (cancelling one in progress). `loginHint` pre-fills the login form.
    void start(const QString& loginHint = {});
    void cancel();
    [[nodiscard]] bool isRunning() const { return m_running; }
    // The authorization URL of the running attempt: shown so a person can open it by hand.
    [[nodiscard]] QUrl authorizationUrl() const { return m_authorizationUrl; }
    // How long a person has to finish logging in; 5 minutes by default.
    void setTimeout(int milliseconds) { m_timeout.setInterval(milliseconds); }

Q_SIGNALS:
    // The URL is ready and the browser was asked to open it (false: it could not be opened).
    void browserOpened(const QUrl& url, bool opened);
    void succeeded(const gatehouse::client::TokenSet& tokens);
    void failed(const gatehouse::client::ApiError& error);
    // A callback was refused (wrong state) while the attempt goes on.
    void callbackRefused(const QString& message);

private:
    void onDiscovery(ApiCall* call);
    void onCode(const QByteArray& code);
    void fail(ApiError error);
    void finish();

    ApiTransport& m_transport;
    OpenUrl m_openUrl;
    LoopbackReceiver m_receiver;
    QTimer m_timeout;
    Pkce m_pkce;
    QByteArray m_state;
    QString m_loginHint;
    QUrl m_authorizationUrl;
    QUrl m_redirectUri; // this attempt's loopback address
    QPointer<ApiCall> m_pending;
    bool m_running = false;
};

} // namespace gatehouse::client
