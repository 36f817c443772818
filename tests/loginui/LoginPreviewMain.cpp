// Writes every login page variant as HTML, with the assets beside them, so that a person can
// look at the pages in a browser (or screenshot them headlessly) without running the server:
//   loginui_preview [directory]     (default /tmp/loginui-preview)
#include "loginui/LoginPageRenderer.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QTextStream>

using namespace gatehouse::loginui;

namespace {

bool writeFile(const QString& path, const QByteArray& bytes) {
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return false;
    return file.write(bytes) == bytes.size();
}

PageModel plainModel() {
    PageModel model;
    model.basePath.clear(); // relative: "assets/…", reachable from file://
    model.state = QStringLiteral("preview-state");
    model.csrfToken = QStringLiteral("preview-csrf");
    model.ticket = QStringLiteral("preview-ticket");
    model.branding.displayName = QStringLiteral("Acme Corp");
    model.signupAllowed = true;
    model.passwordHint = QStringLiteral("At least 12 characters. Avoid common passwords.");
    return model;
}

PageModel brandedModel(const StaticAssets& assets) {
    PageModel model = plainModel();
    model.branding.primaryColor = QStringLiteral("#0f766e");
    model.branding.logoUrl = QStringLiteral("assets/") + assets.fingerprintedName(u"favicon.svg");
    model.applicationName = QStringLiteral("Acme Dashboard");
    model.upstreams = {{QStringLiteral("google-oauth2"), QStringLiteral("Google")},
                       {QStringLiteral("corp-sso"), QStringLiteral("Acme SSO")}};
    return model;
}

using Previews = QList<std::pair<QString, std::pair<Page, PageModel>>>;

// Each page plain and branded, with a form error and with a field error.
Previews previewPages(const StaticAssets& assets) {
    Previews pages;
    const PageModel plain = plainModel();
    const PageModel branded = brandedModel(assets);
    pages.append({QStringLiteral("login"), {Page::Login, plain}});
    pages.append({QStringLiteral("login-branded"), {Page::Login, branded}});
    PageModel failed = branded;
    failed.username = QStringLiteral("alice@example.com");
    failed.error = FormError{QString(), QStringLiteral("Wrong email or password.")};
    failed.status = PageStatus::Unauthorized;
    pages.append({QStringLiteral("login-error"), {Page::Login, failed}});
    PageModel emailOnly = plain;
    emailOnly.identifier = IdentifierKind::Email;
    emailOnly.error = FormError{QStringLiteral("username"), QStringLiteral("Enter your email.")};
    pages.append({QStringLiteral("login-field-error"), {Page::Login, emailOnly}});
    PageModel signup = plain;
    signup.usernameRequired = true;
    pages.append({QStringLiteral("signup"), {Page::Signup, signup}});
    signup.email = QStringLiteral("alice@example");
    signup.error =
        FormError{QStringLiteral("email"), QStringLiteral("Enter a valid email address.")};
    pages.append({QStringLiteral("signup-error"), {Page::Signup, signup}});
    pages.append({QStringLiteral("reset-request"), {Page::ResetRequest, plain}});
    pages.append({QStringLiteral("reset"), {Page::Reset, plain}});
    PageModel reset = branded;
    reset.error = FormError{QStringLiteral("password_confirm"),
                            QStringLiteral("The passwords do not match.")};
    pages.append({QStringLiteral("reset-error"), {Page::Reset, reset}});
    PageModel message = plain;
    message.title = QStringLiteral("Check your email");
    message.message = QStringLiteral("If an account exists for that address, we have sent a link "
                                     "to choose a new password. It expires in 30 minutes.");
    message.link = Link{QStringLiteral("Back to log in"), QStringLiteral("login.html")};
    pages.append({QStringLiteral("message"), {Page::Message, message}});
    PageModel error = plain;
    error.message = QStringLiteral("The login link has expired. Go back to the application and "
                                   "try again.");
    error.errorCode = QStringLiteral("invalid_request");
    pages.append({QStringLiteral("error"), {Page::Error, error}});

    return pages;
}

} // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    const QString out =
        argc > 1 ? QString::fromLocal8Bit(argv[1]) : QStringLiteral("/tmp/loginui-preview");
    QTextStream err(stderr);
    auto renderer = LoginPageRenderer::create();
    if (!renderer) {
        err << renderer.error().toString() << '\n';
        return 1;
    }
    const StaticAssets& assets = renderer->assets();
    QDir().mkpath(out + QStringLiteral("/assets"));
    for (const QString& name : assets.fileNames()) {
        const QString served = assets.fingerprintedName(name);
        if (!writeFile(out + QStringLiteral("/assets/") + served, assets.find(served)->body())) {
            err << "cannot write " << served << '\n';
            return 1;
        }
    }

    const auto pages = previewPages(assets);
    for (const auto& [name, page] : pages) {
        const QByteArray body = renderer->render(page.first, page.second).body();
        if (!writeFile(out + u'/' + name + QStringLiteral(".html"), body)) {
            err << "cannot write " << name << '\n';
            return 1;
        }
    }
    const auto formPost =
        renderer->renderFormPost(QStringLiteral("https://app.example.com/callback"),
                                 {{QStringLiteral("code"), QStringLiteral("preview-code")},
                                  {QStringLiteral("state"), QStringLiteral("preview-state")}});
    writeFile(out + QStringLiteral("/form-post.html"), formPost.body());
    QTextStream(stdout) << "wrote " << pages.size() + 1 << " pages to " << out << '\n';
    return 0;
}
