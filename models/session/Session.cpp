#include "models/session/Session.h"

#include "models/api/ApiTransport.h"
#include "models/auth/BrowserSignIn.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QUrlQuery>

namespace gatehouse::client {

using namespace Qt::StringLiterals;

namespace {

constexpr int kTenantsPerPage = 100;

QString systemPath(const QString& rest) {
    return u"t/%1/"_s.arg(QLatin1String(BrowserSignIn::kTenant)) + rest;
}

} // namespace

Session::Session(ApiTransport& transport, CredentialStore& credentials, QObject* parent)
    : QObject(parent)
    , m_transport(transport)
    , m_credentials(credentials) {
    m_health.setInterval(15000);
    connect(&m_health, &QTimer::timeout, this, &Session::pollHealth);
}

QString Session::identity() const {
    if (m_kind == Kind::Client)
        return m_clientId;
    // The local server's token names its system client, whose id means nothing to a person.
    if (m_kind == Kind::Provider)
        return tr("local administrator");
    if (!m_permissions.email().isEmpty())
        return m_permissions.email();
    return m_tokens.displayName();
}

void Session::setCurrentTenant(const QString& tenant) {
    if (tenant == m_currentTenant)
        return;
    m_currentTenant = tenant;
    Q_EMIT currentTenantChanged(tenant);
}

void Session::setHealthInterval(int milliseconds) {
    m_health.stop();
    if (milliseconds > 0) {
        m_health.setInterval(milliseconds);
        if (isSignedIn())
            m_health.start();
    }
}

// --- sign-in -------------------------------------------------------------------------------------

void Session::adopt(const TokenSet& tokens) {
    m_kind = Kind::User;
    m_tokens = tokens;
    setState(State::SigningIn);
    remember();
    loadProfile();
}

void Session::signInAsClient(const QString& clientId, const QString& clientSecret) {
    m_kind = Kind::Client;
    m_clientId = clientId;
    m_clientSecret = clientSecret;
    m_tokens = {};
    setState(State::SigningIn);
    withToken(this, [this](const std::optional<ApiError>& error) {
        if (error)
            return failSignIn(*error);
        remember();
        loadProfile();
    });
}

void Session::signInWithTokenProvider(TokenProvider provider) {
    m_kind = Kind::Provider;
    m_provider = std::move(provider);
    m_tokens = {};
    setState(State::SigningIn);
    withToken(this, [this](const std::optional<ApiError>& error) {
        if (error)
            return failSignIn(*error);
        loadProfile();
    });
}

void Session::restore() {
    setState(State::SigningIn);
    m_credentials.read(m_transport.profile().credentialKey(), this,
                       [this](const CredentialStore::Outcome& outcome) {
                           if (!outcome.ok()) {
                               if (outcome.failure != CredentialStore::Failure::NotFound)
                                   Q_EMIT credentialWarning(
                                       u"The keychain could not be read (%1); sign in again."_s.arg(
                                           outcome.message));
                               setState(State::SignedOut);
                               Q_EMIT restoreFinished(false);
                               return;
                           }
                           const QJsonObject kept =
                               QJsonDocument::fromJson(outcome.secret).object();
                           if (kept.value("kind"_L1).toString() == "client"_L1) {
                               m_kind = Kind::Client;
                               m_clientId = kept.value("client_id"_L1).toString();
                               m_clientSecret = kept.value("client_secret"_L1).toString();
                               m_tokens = {};
                           } else {
                               m_kind = Kind::User;
                               m_tokens = {};
                               m_tokens.refreshToken =
                                   kept.value("refresh_token"_L1).toString().toUtf8();
                           }
                           withToken(this, [this](const std::optional<ApiError>& error) {
                               if (error) {
                                   // A refresh token the server no longer accepts is useless.
                                   if (error->httpStatus == 400 || error->httpStatus == 401)
                                       forget();
                                   failSignIn(*error);
                                   return;
                               }
                               loadProfile();
                           });
                       });
}

void Session::signOut() {
    if (m_kind == Kind::User && !m_tokens.refreshToken.isEmpty()) {
        // RFC 7009: the server forgets the refresh token (and its grant) too.
        QUrlQuery form;
        form.addQueryItem(u"token"_s, QString::fromUtf8(m_tokens.refreshToken));
        form.addQueryItem(u"client_id"_s, QString::fromLatin1(BrowserSignIn::kClientId));
        ApiRequest revoke;
        revoke.method = "POST";
        revoke.path = systemPath(u"oauth/revoke"_s);
        revoke.form = form;
        m_transport.send(revoke);
    }
    forget();
    reset();
}

void Session::reset() {
    ++m_generation;
    m_systemAudience.clear();
    m_refreshing = false;
    m_kind = Kind::None;
    m_tokens = {};
    m_clientId.clear();
    m_clientSecret.clear();
    m_provider = {};
    m_permissions = {};
    m_tenants.clear();
    m_health.stop();
    for (auto& [context, ready] : std::exchange(m_waiting, {}))
        if (context)
            ready(ApiError{401, u"signed_out"_s, u"Signed out."_s, {}});
    Q_EMIT permissionsChanged();
    Q_EMIT tenantsChanged();
    setCurrentTenant({});
    setState(State::SignedOut);
}

void Session::failSignIn(const ApiError& error) {
    m_kind = Kind::None;
    m_provider = {};
    m_tokens = {};
    setState(State::SignedOut);
    Q_EMIT signInFailed(error);
    Q_EMIT restoreFinished(false);
}

void Session::remember() {
    QJsonObject kept;
    if (m_kind == Kind::Client) {
        kept = {{u"kind"_s, u"client"_s},
                {u"client_id"_s, m_clientId},
                {u"client_secret"_s, m_clientSecret}};
    } else if (!m_tokens.refreshToken.isEmpty()) {
        kept = {{u"kind"_s, u"user"_s},
                {u"refresh_token"_s, QString::fromUtf8(m_tokens.refreshToken)}};
    } else {
        return;
    }
    m_credentials.write(
        m_transport.profile().credentialKey(), QJsonDocument(kept).toJson(QJsonDocument::Compact),
        this, [this](const CredentialStore::Outcome& outcome) {
            if (!outcome.ok())
                Q_EMIT credentialWarning(
                    u"No keychain is available (%1): this sign-in lasts until "
                    "the dashboard closes, and nothing was saved to disk."_s.arg(outcome.message));
        });
}

void Session::forget() {
    m_credentials.remove(m_transport.profile().credentialKey(), this,
                         [](const CredentialStore::Outcome&) {});
}

// --- tokens --------------------------------------------------------------------------------------

ApiRequest Session::tokenRequest() const {
    QUrlQuery form;
    if (m_kind == Kind::Client) {
        form.addQueryItem(u"grant_type"_s, u"client_credentials"_s);
        form.addQueryItem(u"client_id"_s, m_clientId);
        form.addQueryItem(u"client_secret"_s, m_clientSecret);
        // The system tenant's Management API audience manages every tenant.
        form.addQueryItem(u"audience"_s, m_systemAudience);
    } else {
        form.addQueryItem(u"grant_type"_s, u"refresh_token"_s);
        form.addQueryItem(u"client_id"_s, QString::fromLatin1(BrowserSignIn::kClientId));
        form.addQueryItem(u"refresh_token"_s, QString::fromUtf8(m_tokens.refreshToken));
    }
    ApiRequest request;
    request.method = "POST";
    request.path = systemPath(u"oauth/token"_s);
    request.form = form;
    return request;
}

void Session::withToken(QObject* context, TokenReady ready) {
    const bool valid =
        !m_tokens.accessToken.isEmpty() && !m_tokens.expiresWithin(QDateTime::currentDateTimeUtc());
    if (valid) {
        // Always later, never inside the caller: it has not connected to its call yet.
        QMetaObject::invokeMethod(
            context, [ready = std::move(ready)] { ready(std::nullopt); }, Qt::QueuedConnection);
        return;
    }
    m_waiting.append({QPointer<QObject>(context), std::move(ready)});
    if (!m_refreshing)
        refreshToken();
}

void Session::refreshToken() {
    if (m_kind == Kind::None || (m_kind == Kind::User && m_tokens.refreshToken.isEmpty())) {
        QMetaObject::invokeMethod(
            this,
            [this] {
                finishRefresh(ApiError{401, u"signed_out"_s, u"Not signed in."_s, {}});
            },
            Qt::QueuedConnection);
        m_refreshing = true;
        return;
    }
    m_refreshing = true;
    if (m_kind == Kind::Provider)
        return askProvider();
    if (m_kind == Kind::Client && m_systemAudience.isEmpty())
        return discoverSystemAudience();
    requestTokens();
}

// A client-credentials token is for the system tenant's Management API, whose audience is named
// after the server's public URL; the profile's URL may be another name for the same server
// (127.0.0.1 against localhost), so the audience comes from the system tenant's discovery.
void Session::discoverSystemAudience() {
    ApiRequest discovery;
    discovery.path = systemPath(u".well-known/openid-configuration"_s);
    continueRefresh(m_transport.send(discovery), [this](const ApiResult& result) {
        const QString issuer = result.json.object().value("issuer"_L1).toString();
        if (issuer.isEmpty())
            return finishRefresh(ApiError{result.httpStatus,
                                          QString::fromLatin1(ApiError::kBadResponse),
                                          u"The discovery document names no issuer."_s,
                                          {}});
        m_systemAudience = issuer + u"api/v2/"_s;
        requestTokens();
    });
}

// A step of a token refresh: `next` gets the answer when it succeeded and this is still the
// session that asked (a sign-out or a new profile bumps m_generation); a failure ends the refresh.
void Session::continueRefresh(ApiCall* call, std::function<void(const ApiResult&)> next) {
    connect(call, &ApiCall::finished, this,
            [this, call, next = std::move(next), generation = m_generation] {
                if (generation != m_generation)
                    return;
                const ApiResult& result = call->result();
                if (!result.ok())
                    return finishRefresh(result.error);
                next(result);
            });
}

void Session::requestTokens() {
    continueRefresh(m_transport.send(tokenRequest()), [this](const ApiResult& result) {
        TokenSet fresh =
            TokenSet::fromResponse(result.json.object(), QDateTime::currentDateTimeUtc());
        if (fresh.accessToken.isEmpty())
            return finishRefresh(ApiError{result.httpStatus,
                                          QString::fromLatin1(ApiError::kBadResponse),
                                          u"The token endpoint answered without a token."_s,
                                          {}});
        const bool rotated =
            !fresh.refreshToken.isEmpty() && fresh.refreshToken != m_tokens.refreshToken;
        if (fresh.refreshToken.isEmpty())
            fresh.refreshToken = m_tokens.refreshToken;
        if (fresh.subject.isEmpty()) {
            fresh.subject = m_tokens.subject;
            fresh.email = m_tokens.email;
            fresh.name = m_tokens.name;
        }
        m_tokens = fresh;
        // Rotation (docs/login.md): the old refresh token is spent, so keep the new one.
        if (rotated)
            remember();
        finishRefresh(std::nullopt);
    });
}

void Session::askProvider() {
    m_provider(this, [this, generation = m_generation](const TokenSet& tokens,
                                                       const std::optional<ApiError>& error) {
        if (generation != m_generation)
            return;
        if (error)
            return finishRefresh(error);
        if (tokens.accessToken.isEmpty())
            return finishRefresh(ApiError{0,
                                          QString::fromLatin1(ApiError::kBadResponse),
                                          u"The token provider answered without a token."_s,
                                          {}});
        m_tokens = tokens;
        finishRefresh(std::nullopt);
    });
}

void Session::finishRefresh(const std::optional<ApiError>& error) {
    m_refreshing = false;
    for (auto& [context, ready] : std::exchange(m_waiting, {})) {
        if (context)
            ready(error);
    }
}

// --- calls ---------------------------------------------------------------------------------------

ApiCall* Session::send(ApiRequest request) {
    auto* outer = new ApiCall(std::move(request), this);
    if (outer->request().method != "GET") {
        // Counted until the answer (or the error) arrives, retries and token refreshes included.
        ++m_changesInFlight;
        Q_EMIT changesInFlightChanged(m_changesInFlight);
        connect(outer, &ApiCall::finished, this, [this] {
            --m_changesInFlight;
            Q_EMIT changesInFlightChanged(m_changesInFlight);
        });
    }
    withToken(outer, [this, outer](const std::optional<ApiError>& error) {
        if (outer->isFinished())
            return;
        if (error) {
            ApiResult result;
            result.httpStatus = error->httpStatus;
            result.error = error;
            return outer->finish(std::move(result));
        }
        dispatch(outer, false);
    });
    return outer;
}

ApiCall* Session::managementCall(const QByteArray& method, const QString& tenant,
                                 const QString& path, const QUrlQuery& query,
                                 std::optional<QJsonDocument> body) {
    ApiRequest request;
    request.method = method;
    request.path = u"t/%1/api/v2/%2"_s.arg(tenant, path);
    request.query = query;
    request.json = std::move(body);
    return send(std::move(request));
}

void Session::dispatch(ApiCall* outer, bool retried) {
    if (outer->m_cancelled)
        return;
    ApiRequest request = outer->request();
    request.bearerToken = m_tokens.accessToken;
    ApiCall* inner = m_transport.send(std::move(request));
    outer->delegateTo(inner);
    connect(inner, &ApiCall::finished, outer, [this, outer, inner, retried] {
        ApiResult result = inner->result();
        outer->delegateTo(nullptr);
        // An access token the server stopped accepting (expired early, key rotated): one
        // refresh and one retry, then the 401 stands.
        if (result.httpStatus == 401 && !retried && !outer->m_cancelled) {
            m_tokens.accessToken.clear();
            withToken(outer, [this, outer](const std::optional<ApiError>& error) {
                if (outer->isFinished())
                    return;
                if (error) {
                    ApiResult failed;
                    failed.httpStatus = error->httpStatus;
                    failed.error = error;
                    return outer->finish(std::move(failed));
                }
                dispatch(outer, true);
            });
            return;
        }
        noteResult(result);
        outer->finish(std::move(result));
    });
}

void Session::noteResult(const ApiResult& result) {
    if (result.error && result.error->isReadOnly())
        setReadOnly(true);
    const bool reachable = result.httpStatus != 0 || !result.error || result.error->isCancelled();
    if (reachable != m_reachable) {
        m_reachable = reachable;
        Q_EMIT statusChanged();
    }
}

// --- profile -------------------------------------------------------------------------------------

void Session::reloadProfile() {
    if (isSignedIn())
        loadProfile();
}

void Session::loadProfile() {
    ApiRequest me;
    me.path = systemPath(u"api/v2/me"_s);
    ApiCall* call = send(me);
    connect(call, &ApiCall::finished, this, [this, call, generation = m_generation] {
        if (generation != m_generation)
            return;
        const ApiResult& result = call->result();
        if (!result.ok())
            return failSignIn(*result.error);
        m_permissions = Permissions::fromJson(result.json.object());
        if (m_permissions.coversEveryTenant()) {
            loadTenants(0, {});
        } else {
            m_tenants = m_permissions.tenants();
            enterSignedIn();
        }
    });
}

// An owner (or the system client) sees every tenant: the list comes from the system tenant.
void Session::loadTenants(int page, QStringList collected) {
    QUrlQuery query;
    query.addQueryItem(u"page"_s, QString::number(page));
    query.addQueryItem(u"per_page"_s, QString::number(kTenantsPerPage));
    ApiRequest request;
    request.path = systemPath(u"api/v2/tenants"_s);
    request.query = query;
    ApiCall* call = send(request);
    connect(call, &ApiCall::finished, this,
            [this, call, page, collected, generation = m_generation]() mutable {
                if (generation != m_generation)
                    return;
                const ApiResult& result = call->result();
                if (!result.ok())
                    return failSignIn(*result.error);
                const QJsonArray tenants = result.json.array();
                for (const QJsonValue& tenant : tenants)
                    collected.append(tenant.toObject().value("id"_L1).toString());
                if (tenants.size() == kTenantsPerPage)
                    return loadTenants(page + 1, std::move(collected));
                m_tenants = std::move(collected);
                enterSignedIn();
            });
}

void Session::enterSignedIn() {
    Q_EMIT permissionsChanged();
    Q_EMIT tenantsChanged();
    if (!m_tenants.contains(m_currentTenant)) {
        QString first;
        for (const QString& tenant : std::as_const(m_tenants)) {
            if (tenant != QLatin1String(BrowserSignIn::kTenant)) {
                first = tenant;
                break;
            }
        }
        setCurrentTenant(first.isEmpty() ? m_tenants.value(0) : first);
    }
    const bool wasSignedIn = isSignedIn();
    setState(State::SignedIn);
    if (!wasSignedIn)
        Q_EMIT restoreFinished(true);
    if (m_health.interval() > 0)
        m_health.start();
    pollHealth();
}

void Session::pollHealth() {
    ApiRequest health;
    health.path = u"health"_s;
    ApiCall* call = m_transport.send(health);
    connect(call, &ApiCall::finished, this, [this, call] {
        const ApiResult& result = call->result();
        const bool reachable = result.httpStatus != 0;
        const QString role = result.json.object().value("role"_L1).toString();
        const bool changed = reachable != m_reachable || (reachable && role != m_role);
        m_reachable = reachable;
        if (reachable) {
            m_role = role;
            setReadOnly(role == "secondary"_L1);
        }
        if (changed)
            Q_EMIT statusChanged();
    });
}

void Session::setState(State state) {
    if (state == m_state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

void Session::setReadOnly(bool readOnly) {
    if (readOnly == m_readOnly)
        return;
    m_readOnly = readOnly;
    Q_EMIT readOnlyChanged(readOnly);
}

} // namespace gatehouse::client
