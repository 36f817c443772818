// /authorize parameter validation: where each error may go (RFC 6749 §4.1.2.1) and the
// SECURITY.md "Authorization endpoint" properties that do not need the HTTP layer.
#include "OidcTestSupport.h"

#include "oidc/AuthorizationRequest.h"

#include <QUrlQuery>

namespace gatehouse::oidc {
namespace {

using namespace Qt::StringLiterals;

constexpr char kChallenge[] = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

class AuthorizationRequestTest : public ::testing::Test, public test::OidcEnvironment {
protected:
    void SetUp() override {
        createTenant(u"acme"_s);
        addApi(u"acme"_s, u"https://api.example"_s, {u"read"_s, u"write"_s});
        addLoginClient(u"acme"_s, u"web"_s, u"regular_web"_s, {u"https://app.example.com/cb"_s},
                       "web-secret-0123456789");
        addLoginClient(u"acme"_s, u"spa"_s, u"spa"_s, {u"https://spa.example.com/"_s});
        addLoginClient(u"acme"_s, u"cli"_s, u"native"_s, {u"http://127.0.0.1/callback"_s});
        addClient(u"acme"_s, u"m2m"_s, "m2m-secret-0123456789");
        addLoginClient(u"acme"_s, u"nocode"_s, u"regular_web"_s, {u"https://nocode.example/cb"_s},
                       "nocode-secret-0123456789", {u"client_credentials"_s});
        refresh();
        m_tenant = snapshot(u"acme"_s);
        ASSERT_TRUE(m_tenant);
    }

    AuthorizationOutcome parse(const QByteArray& query) const {
        return AuthorizationRequestParser::parse(RequestParameters::fromForm(query), *m_tenant);
    }

    static QByteArray webQuery(const QByteArray& extra = {}) {
        return "client_id=web&redirect_uri=https%3A%2F%2Fapp.example.com%2Fcb&response_type=code"
               "&scope=openid%20profile&state=xyz" +
               extra;
    }

    static AuthorizationErrorPage page(const AuthorizationOutcome& outcome) {
        const auto* page = std::get_if<AuthorizationErrorPage>(&outcome);
        EXPECT_NE(page, nullptr) << "expected an error page";
        return page ? *page : AuthorizationErrorPage{};
    }

    static AuthorizationErrorRedirect redirect(const AuthorizationOutcome& outcome) {
        const auto* redirect = std::get_if<AuthorizationErrorRedirect>(&outcome);
        EXPECT_NE(redirect, nullptr) << "expected an error redirect";
        return redirect ? *redirect : AuthorizationErrorRedirect{};
    }

    std::shared_ptr<const tenancy::TenantSnapshot> m_tenant;
};

TEST_F(AuthorizationRequestTest, ValidRequestCarriesEveryParameter) {
    const AuthorizationOutcome outcome =
        parse(webQuery("&nonce=n-1&prompt=login&max_age=300&login_hint=ann%40example.com"
                       "&ui_locales=fr&audience=https%3A%2F%2Fapi.example&response_mode=form_post"
                       "&code_challenge=" +
                       QByteArray(kChallenge) + "&code_challenge_method=S256&foo=ignored"));
    const auto* request = std::get_if<AuthorizationRequest>(&outcome);
    ASSERT_NE(request, nullptr);
    EXPECT_EQ(request->clientId, u"web"_s);
    EXPECT_EQ(request->redirectUri, u"https://app.example.com/cb"_s);
    EXPECT_EQ(request->responseMode, ResponseMode::FormPost);
    EXPECT_EQ(request->scopes, QStringList({u"openid"_s, u"profile"_s}));
    EXPECT_EQ(request->state, u"xyz"_s);
    EXPECT_EQ(request->nonce, u"n-1"_s);
    EXPECT_TRUE(request->promptLogin);
    EXPECT_FALSE(request->promptNone);
    EXPECT_EQ(request->maxAgeSeconds, 300);
    EXPECT_EQ(request->loginHint, u"ann@example.com"_s);
    EXPECT_EQ(request->uiLocales, u"fr"_s);
    EXPECT_EQ(request->audience, u"https://api.example"_s);
    EXPECT_EQ(request->codeChallenge, QString::fromLatin1(kChallenge));
    EXPECT_TRUE(request->isOpenId());

    // The login transaction round-trips through JSON unchanged.
    Result<AuthorizationRequest> copy = AuthorizationRequest::fromJson(request->toJson());
    ASSERT_TRUE(copy.ok());
    EXPECT_EQ(*copy, *request);
}

TEST_F(AuthorizationRequestTest, UntrustedClientOrRedirectUriGetsAPageNeverARedirect) {
    EXPECT_EQ(
        page(parse("redirect_uri=https%3A%2F%2Fapp.example.com%2Fcb&response_type=code")).error,
        u"invalid_request"_s);
    EXPECT_EQ(page(parse("client_id=nobody&redirect_uri=https%3A%2F%2Fapp.example.com%2Fcb"
                         "&response_type=code"))
                  .error,
              u"invalid_client"_s);
    EXPECT_EQ(page(parse("client_id=web&response_type=code")).error, u"invalid_request"_s);
    EXPECT_EQ(page(parse("client_id=web&redirect_uri=https%3A%2F%2Fevil.io%2Fcb"
                         "&response_type=code"))
                  .error,
              u"invalid_request"_s);
    // Another client's callback is not this client's.
    EXPECT_EQ(page(parse("client_id=web&redirect_uri=https%3A%2F%2Fspa.example.com%2F"
                         "&response_type=code"))
                  .error,
              u"invalid_request"_s);
    // A bad response_type with a bad redirect_uri still only gets a page.
    page(parse("client_id=web&redirect_uri=https%3A%2F%2Fevil.io%2Fcb&response_type=token"));
}

TEST_F(AuthorizationRequestTest, DuplicateParametersAreRejectedWithAPage) {
    EXPECT_EQ(page(parse(webQuery("&state=other"))).error, u"invalid_request"_s);
    EXPECT_EQ(page(parse(webQuery("&redirect_uri=https%3A%2F%2Fevil.io%2Fcb"))).error,
              u"invalid_request"_s);
}

TEST_F(AuthorizationRequestTest, OtherErrorsRedirectWithState) {
    struct Case {
        QByteArray query;
        QString error;
    };
    const Case cases[] = {
        {"client_id=web&redirect_uri=https%3A%2F%2Fapp.example.com%2Fcb&state=xyz",
         u"invalid_request"_s},
        {"client_id=web&redirect_uri=https%3A%2F%2Fapp.example.com%2Fcb&state=xyz"
         "&response_type=token",
         u"unsupported_response_type"_s},
        {webQuery("&response_mode=fragment"), u"invalid_request"_s},
        {webQuery("&prompt=none%20login"), u"invalid_request"_s},
        {webQuery("&prompt=bogus"), u"invalid_request"_s},
        {webQuery("&max_age=-1"), u"invalid_request"_s},
        {webQuery("&max_age=1e3"), u"invalid_request"_s},
        {webQuery("&code_challenge_method=S256"), u"invalid_request"_s},
        {webQuery("&code_challenge=" + QByteArray(kChallenge)), u"invalid_request"_s},
        {webQuery("&code_challenge=" + QByteArray(kChallenge) + "&code_challenge_method=plain"),
         u"invalid_request"_s},
        {webQuery("&code_challenge=short&code_challenge_method=S256"), u"invalid_request"_s},
        {webQuery("&nonce=" + QByteArray(3000, 'n')), u"invalid_request"_s},
        {webQuery("&request=eyJhbGciOiJub25lIn0.e30."), u"request_not_supported"_s},
        {webQuery("&request_uri=https%3A%2F%2Fapp.example.com%2Fr"),
         u"request_uri_not_supported"_s},
        {webQuery("&registration=%7B%7D"), u"registration_not_supported"_s},
    };
    for (const Case& c : cases) {
        const AuthorizationErrorRedirect error = redirect(parse(c.query));
        EXPECT_EQ(error.error, c.error) << c.query.toStdString();
        EXPECT_EQ(error.redirectUri, u"https://app.example.com/cb"_s);
        EXPECT_EQ(error.state, u"xyz"_s);
        EXPECT_FALSE(error.description.isEmpty());
    }
}

TEST_F(AuthorizationRequestTest, UnknownAudienceIsAccessDenied) {
    const AuthorizationErrorRedirect error =
        redirect(parse(webQuery("&audience=https%3A%2F%2Fnope.example")));
    EXPECT_EQ(error.error, u"access_denied"_s);
    EXPECT_EQ(error.description, u"Service not found: https://nope.example"_s);
}

TEST_F(AuthorizationRequestTest, ScopeWithForbiddenCharactersIsInvalidScope) {
    EXPECT_EQ(redirect(parse("client_id=web&redirect_uri=https%3A%2F%2Fapp.example.com%2Fcb"
                             "&response_type=code&scope=openid%20a%22b"))
                  .error,
              u"invalid_scope"_s);
}

TEST_F(AuthorizationRequestTest, ClientWithoutTheCodeGrantIsUnauthorized) {
    EXPECT_EQ(redirect(parse("client_id=nocode&redirect_uri=https%3A%2F%2Fnocode.example%2Fcb"
                             "&response_type=code"))
                  .error,
              u"unauthorized_client"_s);
    // A machine-to-machine client registered no callback, so it never gets a redirect.
    EXPECT_EQ(page(parse("client_id=m2m&redirect_uri=https%3A%2F%2Fapp.example.com%2Fcb"
                         "&response_type=code"))
                  .error,
              u"invalid_request"_s);
}

TEST_F(AuthorizationRequestTest, PublicClientsMustUsePkce) {
    const QByteArray spa = "client_id=spa&redirect_uri=https%3A%2F%2Fspa.example.com%2F"
                           "&response_type=code&scope=openid&state=s";
    EXPECT_EQ(redirect(parse(spa)).error, u"invalid_request"_s);
    const AuthorizationOutcome ok =
        parse(spa + "&code_challenge=" + kChallenge + "&code_challenge_method=S256");
    EXPECT_TRUE(std::holds_alternative<AuthorizationRequest>(ok));
}

TEST_F(AuthorizationRequestTest, NativeClientLoopbackPortMayVary) {
    const QByteArray cli =
        "client_id=cli&response_type=code&code_challenge=" + QByteArray(kChallenge) +
        "&code_challenge_method=S256&redirect_uri=";
    EXPECT_TRUE(std::holds_alternative<AuthorizationRequest>(
        parse(cli + "http%3A%2F%2F127.0.0.1%3A49152%2Fcallback")));
    EXPECT_EQ(page(parse(cli + "http%3A%2F%2Flocalhost%3A49152%2Fcallback")).error,
              u"invalid_request"_s);
}

TEST_F(AuthorizationRequestTest, PromptNoneAlone) {
    const AuthorizationOutcome outcome = parse(webQuery("&prompt=none"));
    const auto* request = std::get_if<AuthorizationRequest>(&outcome);
    ASSERT_NE(request, nullptr);
    EXPECT_TRUE(request->promptNone);
}

} // namespace
} // namespace gatehouse::oidc
