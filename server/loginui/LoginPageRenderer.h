#pragma once

#include "core/Result.h"
#include "http/HttpResponse.h"
#include "loginui/PageModel.h"
#include "loginui/StaticAssets.h"
#include "loginui/TemplateEngine.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <utility>

namespace gatehouse::loginui {

// Renders the hosted login pages as complete HTTP responses: status, HTML, no-store and the
// security headers of SECURITY.md ("Authorization endpoint"). Holds no per-request state:
// thread-safe, cheap to copy (the templates and assets are shared).
class LoginPageRenderer final {
public:
    struct Options {
        // Languages the page texts exist in; ui_locales picks among them for <html lang>.
        QStringList supportedLocales{QStringLiteral("en")};
        QString defaultPrimaryColor = QStringLiteral("#3451b2");
    };

    // The compiled-in templates and assets. Any template error stops here (at startup).
    [[nodiscard]] static Result<LoginPageRenderer> create(Options options);
    [[nodiscard]] static Result<LoginPageRenderer> create() { return create(Options()); }
    // Checks that `templates` has every page and `assets` the stylesheet and icon.
    [[nodiscard]] static Result<LoginPageRenderer> create(TemplateEngine templates,
                                                          StaticAssets assets, Options options);

    // 200 or the model's error status (an Error page with status Ok is sent as 400). A base path
    // that could leave the origin ("//host/", a backslash, …) is a bug in the caller: 500.
    [[nodiscard]] http::HttpResponse render(Page page, const PageModel& model) const;

    // OAuth 2.0 Form Post Response Mode: a page that posts `fields` to `action` (the client's
    // validated redirect_uri, absolute http(s)) by a nonce'd inline script, with a visible
    // "Continue" button when scripts are off. An invalid action: 500.
    [[nodiscard]] http::HttpResponse
    renderFormPost(const QString& action, const QList<std::pair<QString, QString>>& fields) const;

    [[nodiscard]] const StaticAssets& assets() const { return m_assets; }

private:
    LoginPageRenderer(TemplateEngine templates, StaticAssets assets, Options options);

    TemplateEngine m_templates;
    StaticAssets m_assets;
    Options m_options;
};

} // namespace gatehouse::loginui
