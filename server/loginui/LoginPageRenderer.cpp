#include "loginui/LoginPageRenderer.h"

#include "crypto/Random.h"
#include "loginui/ContentSecurityPolicy.h"
#include "loginui/PageView.h"

#include <QLoggingCategory>
#include <QStringBuilder>
#include <QUrl>

namespace gatehouse::loginui {

namespace {

Q_LOGGING_CATEGORY(lcLoginUi, "gatehouse.loginui")

const QString kStylesheet = QStringLiteral("login.css");
const QString kFavicon = QStringLiteral("favicon.svg");
const QString kFormPost = QStringLiteral("form-post");

// Empty (relative, for previews) or an absolute path that stays on this origin and needs no
// escaping in a URL: "/t/acme/u/".
bool isValidBasePath(const QString& path) {
    if (path.isEmpty())
        return true;
    if (!path.startsWith(u'/') || path.startsWith(QLatin1String("//")) || !path.endsWith(u'/'))
        return false;
    return std::all_of(path.begin(), path.end(), [](QChar c) {
        return c.unicode() > 0x20 && c.unicode() < 0x7f && c != u'\\' && c != u'"' && c != u'\'' &&
               c != u'<' && c != u'>' && c != u'?' && c != u'#';
    });
}

QByteArray newNonce() {
    return crypto::randomToken(16); // base64url: valid in a CSP nonce-source
}

http::HttpResponse htmlResponse(int status, const QString& html, QByteArray csp) {
    http::HttpResponse response(status);
    response.setBody(html.toUtf8(), QByteArrayLiteral("text/html; charset=utf-8"));
    applyPageHeaders(response, std::move(csp));
    return response;
}

http::HttpResponse serverError(const QString& why) {
    qCWarning(lcLoginUi).noquote() << why;
    return http::HttpResponse::error(500, "server_error",
                                     QStringLiteral("The page could not be shown."));
}

} // namespace

LoginPageRenderer::LoginPageRenderer(TemplateEngine templates, StaticAssets assets, Options options)
    : m_templates(std::move(templates))
    , m_assets(std::move(assets))
    , m_options(std::move(options)) {}

Result<LoginPageRenderer> LoginPageRenderer::create(Options options) {
    Result<TemplateEngine> templates = TemplateEngine::compileDirectory(QStringLiteral(":/login"));
    if (!templates)
        return templates.error();
    Result<StaticAssets> assets = StaticAssets::load();
    if (!assets)
        return assets.error();
    return create(std::move(templates).value(), std::move(assets).value(), std::move(options));
}

Result<LoginPageRenderer> LoginPageRenderer::create(TemplateEngine templates, StaticAssets assets,
                                                    Options options) {
    QStringList needed{kFormPost};
    for (Page page :
         {Page::Login, Page::Signup, Page::ResetRequest, Page::Reset, Page::Message, Page::Error}) {
        needed.append(templateName(page));
    }
    for (const QString& name : needed) {
        if (!templates.contains(name))
            return Error::internal(QStringLiteral("login template missing: ") % name);
    }
    for (const QString& file : {kStylesheet, kFavicon}) {
        if (assets.fingerprintedName(file).isEmpty())
            return Error::internal(QStringLiteral("login asset missing: ") % file);
    }
    if (!isValidColor(options.defaultPrimaryColor))
        return Error::internal(QStringLiteral("the default login colour must be #rrggbb"));
    if (options.supportedLocales.isEmpty())
        options.supportedLocales.append(QStringLiteral("en"));
    return LoginPageRenderer(std::move(templates), std::move(assets), std::move(options));
}

http::HttpResponse LoginPageRenderer::render(Page page, const PageModel& model) const {
    if (!isValidBasePath(model.basePath))
        return serverError(QStringLiteral("login page: invalid base path ") % model.basePath);

    const QByteArray nonce = newNonce();
    PageContext context{QString::fromLatin1(nonce), m_assets.fingerprintedName(kStylesheet),
                        m_assets.fingerprintedName(kFavicon), m_options.supportedLocales,
                        m_options.defaultPrimaryColor};
    const QString html =
        m_templates.render(templateName(page), buildPageData(page, model, context));

    const FormTarget forms =
        page == Page::Login || page == Page::Signup ? FormTarget::Application : FormTarget::Self;

    int status = int(model.status);
    if (page == Page::Error && model.status == PageStatus::Ok)
        status = 400;
    http::HttpResponse response = htmlResponse(status, html, loginPageCsp(nonce, forms));
    if (model.status == PageStatus::TooManyRequests && model.retryAfterSeconds &&
        *model.retryAfterSeconds > 0) {
        response.setHeader(QByteArrayLiteral("Retry-After"),
                           QByteArray::number(*model.retryAfterSeconds));
    }
    return response;
}

http::HttpResponse
LoginPageRenderer::renderFormPost(const QString& action,
                                  const QList<std::pair<QString, QString>>& fields) const {
    const QUrl url(action, QUrl::StrictMode);
    const QString scheme = url.scheme();
    if (!url.isValid() || (scheme != QLatin1String("https") && scheme != QLatin1String("http")) ||
        url.host().isEmpty()) {
        return serverError(QStringLiteral("form_post: invalid action ") % action);
    }
    const QString source =
        cspSourceFor(QString::fromLatin1(url.adjusted(QUrl::RemovePath | QUrl::RemoveQuery |
                                                      QUrl::RemoveFragment | QUrl::RemoveUserInfo)
                                             .toEncoded()));
    if (source.isEmpty())
        return serverError(QStringLiteral("form_post: no origin for ") % action);

    const QByteArray nonce = newNonce();
    std::vector<TemplateData> items;
    for (const auto& [name, value] : fields) {
        TemplateData item;
        item.set(QStringLiteral("name"), name).set(QStringLiteral("value"), value);
        items.push_back(std::move(item));
    }
    TemplateData data;
    data.set(QStringLiteral("nonce"), QString::fromLatin1(nonce))
        .set(QStringLiteral("action"), QString::fromUtf8(url.toEncoded()))
        .setList(QStringLiteral("fields"), std::move(items));
    return htmlResponse(200, m_templates.render(kFormPost, data), formPostCsp(nonce, source));
}

} // namespace gatehouse::loginui
