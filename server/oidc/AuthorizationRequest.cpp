#include "oidc/AuthorizationRequest.h"

#include "oidc/Pkce.h"
#include "oidc/RedirectUri.h"
#include "tenancy/TenantSnapshot.h"

#include <QJsonArray>

namespace gatehouse::oidc {

namespace {

using namespace Qt::StringLiterals;

// RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E ).
bool isScopeToken(QStringView token) {
    if (token.isEmpty())
        return false;
    for (QChar c : token) {
        const char16_t u = c.unicode();
        if (u < 0x21 || u > 0x7e || u == 0x22 || u == 0x5c)
            return false;
    }
    return true;
}

std::optional<QStringList> parseScopes(const QString& scope) {
    QStringList scopes;
    for (QStringView token : QStringView(scope).split(u' ', Qt::SkipEmptyParts)) {
        if (!isScopeToken(token))
            return std::nullopt;
        if (!scopes.contains(token))
            scopes << token.toString();
    }
    return scopes;
}

// The checks that may redirect: the client and its redirect URI are trusted by now.
class RedirectableChecks final {
public:
    RedirectableChecks(const RequestParameters& parameters, const tenancy::TenantSnapshot& tenant,
                       const tenancy::ClientEntry& client, AuthorizationRequest& request)
        : m_parameters(parameters)
        , m_tenant(tenant)
        , m_client(client)
        , m_request(request) {}

    // An error to redirect with, or nothing when the request is valid.
    std::optional<AuthorizationErrorRedirect> run() {
        const QString mode = m_parameters.value("response_mode"_L1);
        if (mode == "form_post"_L1)
            m_request.responseMode = ResponseMode::FormPost;
        else if (!mode.isEmpty() && mode != "query"_L1)
            return fail("invalid_request"_L1, u"response_mode must be query or form_post"_s);
        const QString type = m_parameters.value("response_type"_L1);
        if (type.isEmpty())
            return fail("invalid_request"_L1, u"response_type is required"_s);
        if (type != "code"_L1)
            return fail("unsupported_response_type"_L1, u"only response_type=code is supported"_s);
        if (!m_client.grantTypes.contains("authorization_code"_L1))
            return fail("unauthorized_client"_L1,
                        u"the client may not use the authorization code grant"_s);
        std::optional<QStringList> scopes = parseScopes(m_parameters.value("scope"_L1));
        if (!scopes)
            return fail("invalid_scope"_L1, u"scope has a character RFC 6749 §3.3 forbids"_s);
        m_request.scopes = *scopes;
        if (auto error = checkUnsupportedObjects())
            return error;
        if (auto error = checkPkce())
            return error;
        if (auto error = checkPrompt())
            return error;
        if (auto error = checkMaxAge())
            return error;
        if (auto error = checkFreeText())
            return error;
        return checkAudience();
    }

private:
    AuthorizationErrorRedirect fail(QLatin1String error, QString description) const {
        return AuthorizationErrorRedirect{m_request.redirectUri, m_request.responseMode,
                                          m_request.state, error, std::move(description)};
    }

    // Request objects (OIDC Core §6) and dynamic registration are not supported, and discovery
    // says so; ignoring them like other unknown parameters would silently drop what the client
    // meant to ask for (its claims, its nonce), so they get the errors §6.1 and §3.1.2.6 define.
    std::optional<AuthorizationErrorRedirect> checkUnsupportedObjects() {
        if (m_parameters.has("request"_L1))
            return fail("request_not_supported"_L1, u"request objects are not supported"_s);
        if (m_parameters.has("request_uri"_L1))
            return fail("request_uri_not_supported"_L1, u"request_uri is not supported"_s);
        if (m_parameters.has("registration"_L1))
            return fail("registration_not_supported"_L1,
                        u"the registration parameter is not supported"_s);
        return std::nullopt;
    }

    std::optional<AuthorizationErrorRedirect> checkPkce() {
        const QString challenge = m_parameters.value("code_challenge"_L1);
        const QString method = m_parameters.value("code_challenge_method"_L1);
        if (challenge.isEmpty()) {
            if (!method.isEmpty())
                return fail("invalid_request"_L1,
                            u"code_challenge_method was sent without code_challenge"_s);
            if (m_client.isPublic())
                return fail("invalid_request"_L1,
                            u"PKCE is required for public clients: send code_challenge with "
                            "code_challenge_method=S256"_s);
            return std::nullopt;
        }
        // RFC 7636 §4.3 defaults a missing method to "plain", which is refused.
        if (method != "S256"_L1)
            return fail("invalid_request"_L1, u"code_challenge_method must be S256"_s);
        if (!Pkce::isValidChallenge(challenge))
            return fail("invalid_request"_L1,
                        u"code_challenge must be 43 base64url characters (RFC 7636 §4.2)"_s);
        m_request.codeChallenge = challenge;
        return std::nullopt;
    }

    // OIDC Core §3.1.2.1: "none" must stand alone; consent and select_account are accepted and
    // have no effect here (first-party consent, one account per session).
    std::optional<AuthorizationErrorRedirect> checkPrompt() {
        const QStringList values = m_parameters.value("prompt"_L1).split(u' ', Qt::SkipEmptyParts);
        for (const QString& value : values) {
            if (value != "none"_L1 && value != "login"_L1 && value != "consent"_L1 &&
                value != "select_account"_L1)
                return fail("invalid_request"_L1, u"prompt has an unknown value: "_s + value);
        }
        m_request.promptNone = values.contains("none"_L1);
        m_request.promptLogin = values.contains("login"_L1);
        if (m_request.promptNone && values.size() > 1)
            return fail("invalid_request"_L1, u"prompt=none cannot be combined with others"_s);
        return std::nullopt;
    }

    std::optional<AuthorizationErrorRedirect> checkMaxAge() {
        const QString text = m_parameters.value("max_age"_L1);
        if (text.isEmpty())
            return std::nullopt;
        bool digitsOnly = text.size() <= 10;
        for (QChar c : text)
            digitsOnly = digitsOnly && c >= u'0' && c <= u'9';
        if (!digitsOnly)
            return fail("invalid_request"_L1,
                        u"max_age must be a non-negative number of seconds"_s);
        m_request.maxAgeSeconds = text.toLongLong();
        return std::nullopt;
    }

    std::optional<AuthorizationErrorRedirect> checkFreeText() {
        m_request.nonce = m_parameters.value("nonce"_L1);
        m_request.loginHint = m_parameters.value("login_hint"_L1);
        m_request.idTokenHint = m_parameters.value("id_token_hint"_L1);
        m_request.uiLocales = m_parameters.value("ui_locales"_L1);
        m_request.audience = m_parameters.value("audience"_L1);
        m_request.connection = m_parameters.value("connection"_L1);
        const std::pair<QLatin1String, const QString*> fields[] = {
            {"nonce"_L1, &m_request.nonce},
            {"login_hint"_L1, &m_request.loginHint},
            {"id_token_hint"_L1, &m_request.idTokenHint},
            {"ui_locales"_L1, &m_request.uiLocales},
            {"audience"_L1, &m_request.audience},
            {"connection"_L1, &m_request.connection},
        };
        for (const auto& [name, value] : fields) {
            if (value->size() > AuthorizationRequestParser::kMaxFreeTextLength)
                return fail("invalid_request"_L1, QString(name) + u" is too long"_s);
        }
        return std::nullopt;
    }

    // Auth0: an unknown API is "Service not found"; no audience means the tenant's default one.
    std::optional<AuthorizationErrorRedirect> checkAudience() {
        if (m_request.audience.isEmpty())
            m_request.audience = m_tenant.defaultAudience();
        if (!m_request.audience.isEmpty() &&
            m_tenant.resourceServerForAudience(m_request.audience) == nullptr)
            return fail("access_denied"_L1, u"Service not found: "_s + m_request.audience);
        return std::nullopt;
    }

    const RequestParameters& m_parameters;
    const tenancy::TenantSnapshot& m_tenant;
    const tenancy::ClientEntry& m_client;
    AuthorizationRequest& m_request;
};

} // namespace

AuthorizationOutcome AuthorizationRequestParser::parse(const Result<RequestParameters>& parameters,
                                                       const tenancy::TenantSnapshot& tenant) {
    if (!parameters)
        return AuthorizationErrorPage{u"invalid_request"_s, parameters.error().message};
    const QString clientId = parameters->value("client_id"_L1);
    if (clientId.isEmpty())
        return AuthorizationErrorPage{u"invalid_request"_s, u"client_id is required"_s};
    const tenancy::ClientEntry* client = tenant.client(clientId);
    if (client == nullptr)
        return AuthorizationErrorPage{u"invalid_client"_s, u"unknown client_id"_s};
    const QString redirectUri = parameters->value("redirect_uri"_L1);
    if (redirectUri.isEmpty())
        return AuthorizationErrorPage{u"invalid_request"_s, u"redirect_uri is required"_s};
    if (!RedirectUri::isRegistered(redirectUri, client->callbacks, client->isNative()))
        return AuthorizationErrorPage{
            u"invalid_request"_s,
            u"redirect_uri is not one of the client's registered callback URLs"_s};

    AuthorizationRequest request;
    request.clientId = clientId;
    request.redirectUri = redirectUri;
    request.state = parameters->value("state"_L1);
    // A state too long to carry back is reported without echoing it.
    if (request.state.size() > kMaxFreeTextLength) {
        request.state.clear();
        return AuthorizationErrorRedirect{
            redirectUri, ResponseMode::Query, {}, u"invalid_request"_s, u"state is too long"_s};
    }
    if (std::optional<AuthorizationErrorRedirect> error =
            RedirectableChecks(*parameters, tenant, *client, request).run())
        return *error;
    return request;
}

QJsonObject AuthorizationRequest::toJson() const {
    QJsonObject json{
        {u"client_id"_s, clientId},
        {u"redirect_uri"_s, redirectUri},
        {u"response_mode"_s, responseMode == ResponseMode::FormPost ? u"form_post"_s : u"query"_s},
        {u"scope"_s, QJsonArray::fromStringList(scopes)},
        {u"state"_s, state},
        {u"nonce"_s, nonce},
        {u"prompt_none"_s, promptNone},
        {u"prompt_login"_s, promptLogin},
        {u"login_hint"_s, loginHint},
        {u"id_token_hint"_s, idTokenHint},
        {u"ui_locales"_s, uiLocales},
        {u"audience"_s, audience},
        {u"connection"_s, connection},
        {u"code_challenge"_s, codeChallenge},
    };
    if (maxAgeSeconds)
        json.insert(u"max_age"_s, double(*maxAgeSeconds));
    return json;
}

Result<AuthorizationRequest> AuthorizationRequest::fromJson(const QJsonObject& json) {
    AuthorizationRequest request;
    request.clientId = json.value("client_id"_L1).toString();
    request.redirectUri = json.value("redirect_uri"_L1).toString();
    if (request.clientId.isEmpty() || request.redirectUri.isEmpty())
        return Error::badRequest(QByteArrayLiteral("invalid_transaction"),
                                 u"the login transaction is incomplete"_s);
    request.responseMode = json.value("response_mode"_L1).toString() == "form_post"_L1
                               ? ResponseMode::FormPost
                               : ResponseMode::Query;
    for (const QJsonValue& scope : json.value("scope"_L1).toArray())
        request.scopes << scope.toString();
    request.state = json.value("state"_L1).toString();
    request.nonce = json.value("nonce"_L1).toString();
    request.promptNone = json.value("prompt_none"_L1).toBool();
    request.promptLogin = json.value("prompt_login"_L1).toBool();
    if (json.contains("max_age"_L1))
        request.maxAgeSeconds = qint64(json.value("max_age"_L1).toDouble());
    request.loginHint = json.value("login_hint"_L1).toString();
    request.idTokenHint = json.value("id_token_hint"_L1).toString();
    request.uiLocales = json.value("ui_locales"_L1).toString();
    request.audience = json.value("audience"_L1).toString();
    request.connection = json.value("connection"_L1).toString();
    request.codeChallenge = json.value("code_challenge"_L1).toString();
    return request;
}

} // namespace gatehouse::oidc
