#include "loginui/LoginPageRenderer.h"

#include "support/ResultAssertions.h"

#include <QRegularExpression>
#include <gtest/gtest.h>
#include <optional>

namespace gatehouse::loginui {
namespace {

using http::HttpResponse;

const Page kAllPages[] = {Page::Login, Page::Signup,  Page::ResetRequest,
                          Page::Reset, Page::Message, Page::Error};

QString html(const HttpResponse& response) {
    return QString::fromUtf8(response.body());
}

QString nonceIn(const QByteArray& csp) {
    const auto match = QRegularExpression(QStringLiteral("'nonce-([A-Za-z0-9_-]{16,})'"))
                           .match(QString::fromLatin1(csp));
    return match.hasMatch() ? match.captured(1) : QString();
}

// The <input …> whose name is `name`, or an empty string.
QString inputNamed(const QString& page, const QString& name) {
    const QRegularExpression pattern(QStringLiteral("<input[^>]*\\sname=\"") +
                                     QRegularExpression::escape(name) + QStringLiteral("\"[^>]*>"));
    return pattern.match(page).captured(0);
}

// Every visible input must have a <label for> (WCAG 1.3.1, 4.1.2); returns the ids that do not.
QStringList unlabelledInputs(const QString& page) {
    QStringList missing;
    const QRegularExpression input(QStringLiteral("<input[^>]*>"));
    const QRegularExpression id(QStringLiteral("\\sid=\"([^\"]+)\""));
    for (const auto& match : input.globalMatch(page)) {
        const QString tag = match.captured(0);
        if (tag.contains(QLatin1String("type=\"hidden\"")))
            continue;
        const QString inputId = id.match(tag).captured(1);
        if (inputId.isEmpty() ||
            !page.contains(QStringLiteral("<label for=\"") + inputId + QStringLiteral("\">")))
            missing.append(inputId.isEmpty() ? tag : inputId);
    }
    return missing;
}

PageModel baseModel() {
    PageModel model;
    model.basePath = QStringLiteral("/t/acme/u/");
    model.state = QStringLiteral("st_123");
    model.csrfToken = QStringLiteral("csrf_abc");
    model.ticket = QStringLiteral("tk_456");
    model.branding.displayName = QStringLiteral("Acme");
    model.signupAllowed = true;
    return model;
}

class LoginPageRendererTest : public ::testing::Test {
protected:
    void SetUp() override {
        Result<LoginPageRenderer> renderer = LoginPageRenderer::create();
        ASSERT_OK(renderer);
        m_renderer = std::move(renderer).value();
    }

    [[nodiscard]] HttpResponse render(Page page, const PageModel& model) const {
        return m_renderer->render(page, model);
    }
    [[nodiscard]] QString page(Page page, const PageModel& model = baseModel()) const {
        return html(render(page, model));
    }

    std::optional<LoginPageRenderer> m_renderer;
};

TEST_F(LoginPageRendererTest, EveryPageSendsTheSecurityHeaders) {
    for (Page page : kAllPages) {
        SCOPED_TRACE(int(page));
        const HttpResponse response = render(page, baseModel());
        EXPECT_EQ(response.header("Content-Type"), "text/html; charset=utf-8");
        EXPECT_EQ(response.header("Cache-Control"), "no-store");
        EXPECT_EQ(response.header("X-Frame-Options"), "DENY");
        EXPECT_EQ(response.header("Referrer-Policy"), "no-referrer");
        EXPECT_EQ(response.header("X-Content-Type-Options"), "nosniff");
        const QByteArray csp = response.header("Content-Security-Policy");
        for (const char* directive :
             {"default-src 'none'", "img-src 'self' https:", "frame-ancestors 'none'",
              "base-uri 'none'", "style-src 'self' 'nonce-"}) {
            EXPECT_TRUE(csp.contains(directive)) << csp.constData() << " lacks " << directive;
        }
        EXPECT_FALSE(csp.contains("unsafe-inline"));
        EXPECT_FALSE(csp.contains("script-src"));
        const QString nonce = nonceIn(csp);
        ASSERT_FALSE(nonce.isEmpty()) << csp.constData();
        const QString body = html(response);
        EXPECT_TRUE(body.contains(QStringLiteral("<style nonce=\"") + nonce + u'"'));
        EXPECT_FALSE(body.contains(QLatin1String("<script")));
        EXPECT_FALSE(body.contains(QLatin1String(" style=\""))); // CSP forbids style attributes
        EXPECT_TRUE(body.startsWith(QLatin1String("<!doctype html>")));
        EXPECT_TRUE(unlabelledInputs(body).isEmpty())
            << unlabelledInputs(body).join(u',').toStdString();
    }
}

TEST_F(LoginPageRendererTest, EveryDescribedByPointsAtAnElementOnThePage) {
    const QRegularExpression describedBy(QStringLiteral("aria-describedby=\"([^\"]+)\""));
    for (const QString& field : {QString(), QStringLiteral("username"), QStringLiteral("email"),
                                 QStringLiteral("password"), QStringLiteral("password_confirm")}) {
        PageModel model = baseModel();
        model.usernameRequired = true;
        model.passwordHint = QStringLiteral("At least 12 characters.");
        model.error = FormError{field, QStringLiteral("Check this.")};
        for (Page p : kAllPages) {
            const QString body = page(p, model);
            for (const auto& match : describedBy.globalMatch(body)) {
                for (const QString& id : match.captured(1).split(u' ')) {
                    EXPECT_TRUE(body.contains(QStringLiteral("id=\"") + id + u'"'))
                        << "page " << int(p) << " field " << field.toStdString() << ": "
                        << id.toStdString();
                }
            }
        }
    }
}

TEST_F(LoginPageRendererTest, EachResponseHasItsOwnNonce) {
    const QString a = nonceIn(render(Page::Login, baseModel()).header("Content-Security-Policy"));
    const QString b = nonceIn(render(Page::Login, baseModel()).header("Content-Security-Policy"));
    EXPECT_NE(a, b);
}

TEST_F(LoginPageRendererTest, LoginFormHasTheContractFields) {
    const QString body = page(Page::Login);
    EXPECT_TRUE(body.contains(QLatin1String("<form method=\"post\" action=\"/t/acme/u/login\"")));
    EXPECT_TRUE(inputNamed(body, QStringLiteral("state"))
                    .contains(QLatin1String("type=\"hidden\" name=\"state\" value=\"st_123\"")));
    EXPECT_TRUE(
        inputNamed(body, QStringLiteral("csrf")).contains(QLatin1String("value=\"csrf_abc\"")));
    const QString username = inputNamed(body, QStringLiteral("username"));
    EXPECT_TRUE(username.contains(QLatin1String("type=\"text\"")));
    EXPECT_TRUE(username.contains(QLatin1String("autocomplete=\"username\"")));
    EXPECT_TRUE(body.contains(QLatin1String("<label for=\"username\">Email or username</label>")));
    const QString password = inputNamed(body, QStringLiteral("password"));
    EXPECT_TRUE(password.contains(QLatin1String("type=\"password\"")));
    EXPECT_TRUE(password.contains(QLatin1String("autocomplete=\"current-password\"")));
    EXPECT_TRUE(body.contains(QLatin1String("<label for=\"password\">Password</label>")));
    EXPECT_TRUE(body.contains(QLatin1String("href=\"/t/acme/u/signup?state=st_123\"")));
    EXPECT_TRUE(
        body.contains(QLatin1String("href=\"/t/acme/u/reset-password/request?state=st_123\"")));
    EXPECT_TRUE(body.contains(QLatin1String("<h1 id=\"page-heading\">Log in</h1>")));
    EXPECT_TRUE(body.contains(QLatin1String("<html lang=\"en\">")));
    // Focus order follows the form: username, password, submit, then the links.
    EXPECT_LT(body.indexOf(QLatin1String("id=\"username\"")),
              body.indexOf(QLatin1String("id=\"password\"")));
    EXPECT_LT(body.indexOf(QLatin1String("id=\"password\"")),
              body.indexOf(QLatin1String("type=\"submit\"")));
    EXPECT_LT(body.indexOf(QLatin1String("type=\"submit\"")),
              body.indexOf(QLatin1String("Forgot password?")));
}

TEST_F(LoginPageRendererTest, LoginAdaptsToTheConnection) {
    PageModel model = baseModel();
    model.identifier = IdentifierKind::Email;
    model.signupAllowed = false;
    model.passwordResetAllowed = false;
    const QString body = page(Page::Login, model);
    EXPECT_TRUE(body.contains(QLatin1String("<label for=\"username\">Email</label>")));
    EXPECT_TRUE(
        inputNamed(body, QStringLiteral("username")).contains(QLatin1String("type=\"email\"")));
    EXPECT_FALSE(body.contains(QLatin1String("signup?")));
    EXPECT_FALSE(body.contains(QLatin1String("reset-password")));
    EXPECT_FALSE(body.contains(QLatin1String("Continue with")));
}

TEST_F(LoginPageRendererTest, UpstreamConnectionsGetOneButtonEach) {
    PageModel model = baseModel();
    model.state = QStringLiteral("s/1&x=2");
    model.upstreams = {{QStringLiteral("google-oauth2"), QStringLiteral("Google")},
                       {QStringLiteral("corp sso"), QStringLiteral("Corp SSO")}};
    const QString body = page(Page::Login, model);
    EXPECT_TRUE(body.contains(QLatin1String(
        "<a class=\"button secondary\" href=\"/t/acme/u/upstream?state=s%2F1%26x%3D2&amp;"
        "connection=google-oauth2\">Continue with Google</a>")));
    EXPECT_TRUE(body.contains(
        QLatin1String("href=\"/t/acme/u/upstream?state=s%2F1%26x%3D2&amp;connection=corp%20sso\">"
                      "Continue with Corp SSO</a>")));
}

TEST_F(LoginPageRendererTest, TypedValuesComeBackButNeverAPassword) {
    PageModel model = baseModel();
    model.username = QStringLiteral("alice");
    model.email = QStringLiteral("alice@example.com");
    model.usernameRequired = true;
    EXPECT_TRUE(inputNamed(page(Page::Login, model), QStringLiteral("username"))
                    .contains(QLatin1String("value=\"alice\"")));
    const QString signup = page(Page::Signup, model);
    EXPECT_TRUE(inputNamed(signup, QStringLiteral("email"))
                    .contains(QLatin1String("value=\"alice@example.com\"")));
    EXPECT_TRUE(
        inputNamed(signup, QStringLiteral("username")).contains(QLatin1String("value=\"alice\"")));
    EXPECT_TRUE(inputNamed(page(Page::ResetRequest, model), QStringLiteral("email"))
                    .contains(QLatin1String("value=\"alice@example.com\"")));
    for (Page p : kAllPages) {
        const QString body = page(p, model);
        for (const auto& match :
             QRegularExpression(QStringLiteral("<input[^>]*type=\"password\"[^>]*>"))
                 .globalMatch(body)) {
            EXPECT_FALSE(match.captured(0).contains(QLatin1String("value=")))
                << match.captured(0).toStdString();
        }
    }
}

TEST_F(LoginPageRendererTest, SignupFormHasTheContractFields) {
    PageModel model = baseModel();
    QString body = page(Page::Signup, model);
    EXPECT_TRUE(body.contains(QLatin1String("<form method=\"post\" action=\"/t/acme/u/signup\"")));
    EXPECT_FALSE(inputNamed(body, QStringLiteral("state")).isEmpty());
    EXPECT_FALSE(inputNamed(body, QStringLiteral("csrf")).isEmpty());
    EXPECT_TRUE(inputNamed(body, QStringLiteral("email"))
                    .contains(QLatin1String("autocomplete=\"email\"")));
    EXPECT_TRUE(inputNamed(body, QStringLiteral("password"))
                    .contains(QLatin1String("autocomplete=\"new-password\"")));
    EXPECT_TRUE(inputNamed(body, QStringLiteral("username")).isEmpty());
    EXPECT_TRUE(body.contains(QLatin1String("href=\"/t/acme/u/login?state=st_123\"")));

    model.usernameRequired = true;
    model.passwordHint = QStringLiteral("At least 12 characters.");
    body = page(Page::Signup, model);
    EXPECT_TRUE(inputNamed(body, QStringLiteral("username"))
                    .contains(QLatin1String("autocomplete=\"username\"")));
    EXPECT_TRUE(body.contains(QLatin1String("<label for=\"username\">Username</label>")));
    EXPECT_TRUE(body.contains(QLatin1String("id=\"password-hint\">At least 12 characters.</p>")));
    EXPECT_TRUE(inputNamed(body, QStringLiteral("password"))
                    .contains(QLatin1String("aria-describedby=\"password-hint\"")));
}

TEST_F(LoginPageRendererTest, ResetPagesHaveTheContractFields) {
    const QString request = page(Page::ResetRequest);
    EXPECT_TRUE(request.contains(
        QLatin1String("<form method=\"post\" action=\"/t/acme/u/reset-password/request\"")));
    EXPECT_FALSE(inputNamed(request, QStringLiteral("state")).isEmpty());
    EXPECT_FALSE(inputNamed(request, QStringLiteral("csrf")).isEmpty());
    EXPECT_TRUE(inputNamed(request, QStringLiteral("email"))
                    .contains(QLatin1String("autocomplete=\"email\"")));

    const QString reset = page(Page::Reset);
    EXPECT_TRUE(
        reset.contains(QLatin1String("<form method=\"post\" action=\"/t/acme/u/reset-password\"")));
    EXPECT_TRUE(inputNamed(reset, QStringLiteral("ticket"))
                    .contains(QLatin1String("type=\"hidden\" name=\"ticket\" value=\"tk_456\"")));
    EXPECT_FALSE(inputNamed(reset, QStringLiteral("csrf")).isEmpty());
    EXPECT_TRUE(inputNamed(reset, QStringLiteral("state")).isEmpty());
    for (const char* name : {"password", "password_confirm"}) {
        const QString input = inputNamed(reset, QString::fromLatin1(name));
        EXPECT_TRUE(input.contains(QLatin1String("autocomplete=\"new-password\""))) << name;
        EXPECT_TRUE(reset.contains(QStringLiteral("<label for=\"") + QLatin1String(name))) << name;
    }
}

TEST_F(LoginPageRendererTest, FieldErrorsAreLinkedToTheirField) {
    const struct {
        Page page;
        const char* field;
        const char* id;
    } cases[] = {{Page::Login, "username", "username-error"},
                 {Page::Login, "password", "password-error"},
                 {Page::Signup, "email", "email-error"},
                 {Page::Signup, "password", "password-error"},
                 {Page::ResetRequest, "email", "email-error"},
                 {Page::Reset, "password_confirm", "passwordConfirm-error"}};
    for (const auto& c : cases) {
        SCOPED_TRACE(c.field);
        PageModel model = baseModel();
        model.error = FormError{QString::fromLatin1(c.field), QStringLiteral("Not right.")};
        model.status = PageStatus::BadRequest;
        const HttpResponse response = render(c.page, model);
        EXPECT_EQ(response.status(), 400);
        const QString body = html(response);
        const QString input = inputNamed(body, QString::fromLatin1(c.field));
        EXPECT_TRUE(input.contains(QLatin1String("aria-invalid=\"true\""))) << input.toStdString();
        EXPECT_TRUE(
            input.contains(QStringLiteral("aria-describedby=\"") + QLatin1String(c.id) + u'"'))
            << input.toStdString();
        EXPECT_TRUE(body.contains(QStringLiteral("id=\"") + QLatin1String(c.id) +
                                  QStringLiteral("\" role=\"alert\">Not right.</p>")));
        EXPECT_FALSE(body.contains(QLatin1String("id=\"form-error\"")));
    }
}

TEST_F(LoginPageRendererTest, FormErrorsAreAnnouncedAndLinkedToTheForm) {
    PageModel model = baseModel();
    model.error = FormError{QString(), QStringLiteral("Wrong email or password.")};
    model.status = PageStatus::Unauthorized;
    const HttpResponse response = render(Page::Login, model);
    EXPECT_EQ(response.status(), 401);
    const QString body = html(response);
    EXPECT_TRUE(body.contains(QLatin1String(
        "<div class=\"alert\" id=\"form-error\" role=\"alert\">Wrong email or password.</div>")));
    EXPECT_TRUE(
        body.contains(QLatin1String("action=\"/t/acme/u/login\" aria-describedby=\"form-error\"")));
    EXPECT_FALSE(body.contains(QLatin1String("aria-invalid")));

    // An error for a field the page does not have is shown for the form, never dropped.
    model.error = FormError{QStringLiteral("email"), QStringLiteral("Lost?")};
    EXPECT_TRUE(page(Page::Login, model).contains(QLatin1String("role=\"alert\">Lost?</div>")));
    model.usernameRequired = false;
    model.error = FormError{QStringLiteral("username"), QStringLiteral("Taken.")};
    EXPECT_TRUE(page(Page::Signup, model).contains(QLatin1String("role=\"alert\">Taken.</div>")));
}

TEST_F(LoginPageRendererTest, StatusesComeFromTheModel) {
    PageModel model = baseModel();
    EXPECT_EQ(render(Page::Login, model).status(), 200);
    EXPECT_EQ(render(Page::Message, model).status(), 200);
    EXPECT_EQ(render(Page::Error, model).status(), 400); // an error page is never a 200
    model.status = PageStatus::Forbidden;
    EXPECT_EQ(render(Page::Error, model).status(), 403);
    model.status = PageStatus::TooManyRequests;
    model.retryAfterSeconds = 120;
    const HttpResponse throttled = render(Page::Login, model);
    EXPECT_EQ(throttled.status(), 429);
    EXPECT_EQ(throttled.header("Retry-After"), "120");
}

TEST_F(LoginPageRendererTest, MessageAndErrorPagesShowTheirTexts) {
    PageModel model = baseModel();
    model.title = QStringLiteral("Check your email");
    model.message = QStringLiteral("We sent a link to a***@example.com.");
    model.link =
        Link{QStringLiteral("Back to the app"), QStringLiteral("https://app.example.com/")};
    const QString message = page(Page::Message, model);
    EXPECT_TRUE(message.contains(QLatin1String("<h1 id=\"page-heading\">Check your email</h1>")));
    EXPECT_TRUE(message.contains(QLatin1String("We sent a link to a***@example.com.")));
    EXPECT_TRUE(
        message.contains(QLatin1String("href=\"https://app.example.com/\">Back to the app</a>")));

    model.title.clear();
    model.errorCode = QStringLiteral("invalid_request");
    model.link = Link{QStringLiteral("Back"), QStringLiteral("javascript:alert(1)")};
    const QString error = page(Page::Error, model);
    EXPECT_TRUE(error.contains(QLatin1String("<h1 id=\"page-heading\">Something went wrong</h1>")));
    EXPECT_TRUE(error.contains(QLatin1String("<code>invalid_request</code>")));
    EXPECT_FALSE(error.contains(QLatin1String("javascript:")));
}

TEST_F(LoginPageRendererTest, BrandingIsValidatedAndApplied) {
    PageModel model = baseModel();
    const QString plain = page(Page::Login, model);
    EXPECT_TRUE(plain.contains(QLatin1String("--brand:#3451b2;--on-brand:#ffffff")));
    EXPECT_TRUE(plain.contains(QLatin1String("<p class=\"tenant\">Acme</p>")));
    EXPECT_FALSE(plain.contains(QLatin1String("<img")));
    EXPECT_TRUE(plain.contains(QStringLiteral("<title>Log in · Acme</title>")));

    model.branding.primaryColor = QStringLiteral("#0F766E");
    model.branding.logoUrl = QStringLiteral("https://cdn.example.com/acme.svg");
    const QString branded = page(Page::Login, model);
    EXPECT_TRUE(branded.contains(QLatin1String("--brand:#0f766e;--on-brand:#ffffff")));
    EXPECT_TRUE(branded.contains(QLatin1String(
        "<img class=\"logo\" src=\"https://cdn.example.com/acme.svg\" alt=\"Acme\">")));

    model.branding.primaryColor = QStringLiteral("#fde047"); // light: dark text on it
    EXPECT_TRUE(
        page(Page::Login, model).contains(QLatin1String("--brand:#fde047;--on-brand:#111111")));

    for (const char* logo : {"http://cdn.example.com/a.png", "javascript:alert(1)",
                             "//evil.io/a.png", "data:image/png;base64,AAAA"}) {
        model.branding.logoUrl = QString::fromLatin1(logo);
        EXPECT_FALSE(page(Page::Login, model).contains(QLatin1String("<img"))) << logo;
    }
    for (const char* color : {"red", "#fff", "#000000;}body{display:none", "</style><script>"}) {
        model.branding.primaryColor = QString::fromLatin1(color);
        const QString body = page(Page::Login, model);
        EXPECT_TRUE(body.contains(QLatin1String("--brand:#3451b2;"))) << color;
        EXPECT_FALSE(body.contains(QLatin1String("display:none"))) << color;
    }
}

TEST_F(LoginPageRendererTest, LanguageComesFromUiLocales) {
    PageModel model = baseModel();
    model.uiLocales = QStringLiteral("de-CH fr");
    EXPECT_TRUE(page(Page::Login, model).contains(QLatin1String("<html lang=\"en\">")));
    LoginPageRenderer::Options options;
    options.supportedLocales = {QStringLiteral("en"), QStringLiteral("de")};
    Result<LoginPageRenderer> german = LoginPageRenderer::create(options);
    ASSERT_OK(german);
    EXPECT_TRUE(
        html(german->render(Page::Login, model)).contains(QLatin1String("<html lang=\"de\">")));
}

TEST_F(LoginPageRendererTest, EveryModelStringIsEscaped) {
    const QString attack = QStringLiteral("\"'><img src=x onerror=alert(1)>&");
    PageModel model;
    model.basePath = QStringLiteral("/t/acme/u/");
    model.state = attack;
    model.csrfToken = attack;
    model.ticket = attack;
    model.uiLocales = attack;
    model.branding = {attack, attack, attack};
    model.applicationName = attack;
    model.signupAllowed = true;
    model.usernameRequired = true;
    model.upstreams = {{attack, attack}};
    model.passwordHint = attack;
    model.username = attack;
    model.email = attack;
    model.title = attack;
    model.message = attack;
    model.errorCode = attack;
    model.link = Link{attack, QStringLiteral("/ok")};
    for (const QString& field : {QString(), QStringLiteral("username"), QStringLiteral("email"),
                                 QStringLiteral("password"), QStringLiteral("password_confirm")}) {
        model.error = FormError{field, attack};
        for (Page p : kAllPages) {
            SCOPED_TRACE(int(p));
            const HttpResponse response = render(p, model);
            const QString body = html(response);
            EXPECT_FALSE(body.contains(QLatin1String("<img src=x"))) << body.toStdString();
            EXPECT_FALSE(body.contains(QLatin1String("\"'>")));
            EXPECT_TRUE(body.contains(
                QLatin1String("&quot;&#39;&gt;&lt;img src=x onerror=alert(1)&gt;&amp;")));
            EXPECT_FALSE(response.header("Content-Security-Policy").contains("onerror"));
        }
    }
}

// A successful login or sign-up post redirects to the application's callback, which may redirect
// on anywhere (an identity broker does); Chrome and Safari check form-action against that whole
// chain, so those pages cannot restrict it. Pages whose posts answer with a page of ours can.
TEST_F(LoginPageRendererTest, FormActionIsSelfExceptWherePostsEndAtTheApplication) {
    for (Page page : kAllPages) {
        SCOPED_TRACE(int(page));
        const QByteArray csp = render(page, baseModel()).header("Content-Security-Policy");
        if (page == Page::Login || page == Page::Signup)
            EXPECT_FALSE(csp.contains("form-action")) << csp.constData();
        else
            EXPECT_TRUE(csp.contains("; form-action 'self'; ")) << csp.constData();
    }
}

TEST_F(LoginPageRendererTest, BasePathsThatLeaveTheOriginAreRefused) {
    for (const char* base : {"//evil.example/", "/\\evil.example/", "https://evil.example/",
                             "/t/a\"b/u/", "/t/acme/u"}) {
        PageModel model = baseModel();
        model.basePath = QString::fromLatin1(base);
        EXPECT_EQ(render(Page::Login, model).status(), 500) << base;
    }
}

TEST_F(LoginPageRendererTest, PagesReferenceTheFingerprintedAssets) {
    const QString body = page(Page::Login);
    const QString css = m_renderer->assets().fingerprintedName(u"login.css");
    EXPECT_TRUE(body.contains(QStringLiteral("<link rel=\"stylesheet\" href=\"/t/acme/u/assets/") +
                              css + u'"'));
    EXPECT_NE(m_renderer->assets().find(css), nullptr);
    EXPECT_TRUE(body.contains(QStringLiteral("href=\"/t/acme/u/assets/") +
                              m_renderer->assets().fingerprintedName(u"favicon.svg") + u'"'));
}

TEST_F(LoginPageRendererTest, FormPostSubmitsEscapedFieldsToTheClient) {
    const HttpResponse response = m_renderer->renderFormPost(
        QStringLiteral("https://app.example.com:8443/callback?x=1"),
        {{QStringLiteral("code"), QStringLiteral("abc")},
         {QStringLiteral("state"), QStringLiteral("\"><script>alert(1)</script>")}});
    EXPECT_EQ(response.status(), 200);
    EXPECT_EQ(response.header("Cache-Control"), "no-store");
    EXPECT_EQ(response.header("X-Frame-Options"), "DENY");
    const QByteArray csp = response.header("Content-Security-Policy");
    EXPECT_TRUE(csp.contains("form-action https://app.example.com:8443;")) << csp.constData();
    EXPECT_TRUE(csp.contains("frame-ancestors 'none'"));
    EXPECT_TRUE(csp.contains("default-src 'none'"));
    EXPECT_FALSE(csp.contains("unsafe-inline"));
    const QString nonce = nonceIn(csp);
    ASSERT_FALSE(nonce.isEmpty());
    EXPECT_TRUE(csp.contains(QByteArray("script-src 'nonce-" + nonce.toLatin1() + "'")));
    const QString body = html(response);
    EXPECT_TRUE(body.contains(QLatin1String(
        "<form method=\"post\" action=\"https://app.example.com:8443/callback?x=1\">")));
    EXPECT_TRUE(
        body.contains(QLatin1String("<input type=\"hidden\" name=\"code\" value=\"abc\">")));
    EXPECT_TRUE(body.contains(
        QLatin1String("name=\"state\" value=\"&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\"")));
    EXPECT_EQ(body.count(QLatin1String("<script")), 1);
    EXPECT_TRUE(body.contains(QStringLiteral("<script nonce=\"") + nonce + u'"'));
    EXPECT_TRUE(body.contains(QLatin1String("<button type=\"submit\">Continue</button>")));
}

TEST_F(LoginPageRendererTest, FormPostRefusesActionsThatAreNotHttp) {
    for (const char* action :
         {"javascript:alert(1)", "data:text/html,x", "/relative", "", "https://"}) {
        EXPECT_EQ(m_renderer->renderFormPost(QString::fromLatin1(action), {}).status(), 500)
            << action;
    }
}

} // namespace
} // namespace gatehouse::loginui
