#include "models/auth/BrowserSignIn.h"

#include "models/api/ApiTransport.h"

#include <QJsonObject>
#include <QUrlQuery>

namespace gatehouse::client {

using namespace Qt::StringLiterals;

namespace {

ApiError signInError(const QString& code, const QString& message) {
    return ApiError{0, code, message, {}};
}

} // namespace

BrowserSignIn::BrowserSignIn(ApiTransport& transport, OpenUrl openUrl, QObject* parent)
    : QObject(parent)
    , m_transport(transport)
    , m_openUrl(std::move(openUrl)) {
    m_timeout.setSingleShot(true);
    m_timeout.setInterval(5 * 60 * 1000);
    connect(&m_timeout, &QTimer::timeout, this, [this] {
        fail(signInError(u"sign_in_timeout"_s,
                         u"Nobody finished logging in within the time allowed."_s));
    });
    connect(&m_receiver, &LoopbackReceiver::codeReceived, this, &BrowserSignIn::onCode);
    connect(&m_receiver, &LoopbackReceiver::failed, this,
            [this](const QString& code, const QString& message) {
                if (code == "state_mismatch"_L1) {
                    Q_EMIT callbackRefused(message);
                    return;
                }
                fail(signInError(code, message));
            });
}

void BrowserSignIn::start(const QString& loginHint) {
    cancel();
    m_running = true;
    m_loginHint = loginHint;
    m_pkce = Pkce::generate();
    m_state = Pkce::randomState();
    if (!m_receiver.listen(m_state))
        return fail(signInError(u"loopback_unavailable"_s,
                                u"Cannot listen on 127.0.0.1 for the browser's answer: "_s +
                                    m_receiver.errorString()));
    m_redirectUri = m_receiver.redirectUri();
    m_timeout.start();
    // Discovery names the issuer, whose Management API audience the token must carry.
    ApiRequest discovery;
    discovery.path = u"t/%1/.well-known/openid-configuration"_s.arg(QLatin1String(kTenant));
    ApiCall* call = m_transport.send(discovery);
    m_pending = call;
    connect(call, &ApiCall::finished, this, [this, call] { onDiscovery(call); });
}

void BrowserSignIn::onDiscovery(ApiCall* call) {
    if (!m_running)
        return;
    const ApiResult& result = call->result();
    if (!result.ok())
        return fail(*result.error);
    const QJsonObject metadata = result.json.object();
    const QString issuer = metadata.value("issuer"_L1).toString();
    const QUrl authorize(metadata.value("authorization_endpoint"_L1).toString());
    if (issuer.isEmpty() || !authorize.isValid())
        return fail(signInError(QString::fromLatin1(ApiError::kBadResponse),
                                u"The server's discovery document names no issuer or "
                                "authorization endpoint."_s));
    QUrlQuery query;
    query.addQueryItem(u"response_type"_s, u"code"_s);
    query.addQueryItem(u"client_id"_s, QString::fromLatin1(kClientId));
    query.addQueryItem(u"redirect_uri"_s, m_redirectUri.toString());
    query.addQueryItem(u"scope"_s, u"openid profile email offline_access"_s);
    query.addQueryItem(u"audience"_s, issuer + u"api/v2/"_s);
    query.addQueryItem(u"state"_s, QString::fromLatin1(m_state));
    query.addQueryItem(u"code_challenge"_s, QString::fromLatin1(m_pkce.challenge));
    query.addQueryItem(u"code_challenge_method"_s, u"S256"_s);
    if (!m_loginHint.isEmpty())
        query.addQueryItem(u"login_hint"_s, m_loginHint);
    // The browser goes where the server says it lives (its public URL); the code exchange below
    // goes through the transport, so it gets the profile's pinning and datacenter failover.
    m_authorizationUrl = authorize;
    m_authorizationUrl.setQuery(query);
    const bool opened = m_openUrl && m_openUrl(m_authorizationUrl);
    Q_EMIT browserOpened(m_authorizationUrl, opened);
}

void BrowserSignIn::onCode(const QByteArray& code) {
    if (!m_running)
        return;
    m_receiver.close();
    QUrlQuery form;
    form.addQueryItem(u"grant_type"_s, u"authorization_code"_s);
    form.addQueryItem(u"client_id"_s, QString::fromLatin1(kClientId));
    form.addQueryItem(u"code"_s, QString::fromUtf8(code));
    form.addQueryItem(u"redirect_uri"_s, m_redirectUri.toString());
    form.addQueryItem(u"code_verifier"_s, QString::fromLatin1(m_pkce.verifier));
    ApiRequest exchange;
    exchange.method = "POST";
    exchange.path = u"t/%1/oauth/token"_s.arg(QLatin1String(kTenant));
    exchange.form = form;
    ApiCall* call = m_transport.send(exchange);
    m_pending = call;
    connect(call, &ApiCall::finished, this, [this, call] {
        if (!m_running)
            return;
        const ApiResult& result = call->result();
        if (!result.ok())
            return fail(*result.error);
        const TokenSet tokens =
            TokenSet::fromResponse(result.json.object(), QDateTime::currentDateTimeUtc());
        if (tokens.accessToken.isEmpty())
            return fail(signInError(QString::fromLatin1(ApiError::kBadResponse),
                                    u"The token endpoint answered without an access token."_s));
        finish();
        Q_EMIT succeeded(tokens);
    });
}

void BrowserSignIn::cancel() {
    if (!m_running)
        return;
    finish();
}

void BrowserSignIn::fail(ApiError error) {
    if (!m_running)
        return;
    finish();
    Q_EMIT failed(error);
}

void BrowserSignIn::finish() {
    m_running = false;
    m_timeout.stop();
    m_receiver.close();
    if (m_pending)
        m_pending->cancel();
    m_pending.clear();
}

} // namespace gatehouse::client
