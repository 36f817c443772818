#include "loginui/PageView.h"

#include <QStringBuilder>
#include <QUrl>
#include <cmath>

namespace gatehouse::loginui {

namespace {

const QString kUsername = QStringLiteral("username");
const QString kEmail = QStringLiteral("email");
const QString kPassword = QStringLiteral("password");
const QString kPasswordConfirm = QStringLiteral("password_confirm");

QString encoded(const QString& value) {
    return QString::fromLatin1(QUrl::toPercentEncoding(value));
}

// "{base}{path}?state=…" – the base path is the flow's, the state is percent-encoded.
QString withState(const PageModel& model, QLatin1String path) {
    return model.basePath % path % QStringLiteral("?state=") % encoded(model.state);
}

// WCAG 2 relative luminance of an sRGB channel.
double linear(int channel) {
    const double c = channel / 255.0;
    return c <= 0.03928 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
}

// Text on a tenant's button must stay readable whatever colour the tenant picks: black or white,
// whichever contrasts more with the background.
QString textColorOn(const QString& background) {
    const int r = background.mid(1, 2).toInt(nullptr, 16);
    const int g = background.mid(3, 2).toInt(nullptr, 16);
    const int b = background.mid(5, 2).toInt(nullptr, 16);
    const double luminance = 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
    const double onWhite = 1.05 / (luminance + 0.05);
    const double onBlack = (luminance + 0.05) / 0.05;
    return onWhite >= onBlack ? QStringLiteral("#ffffff") : QStringLiteral("#111111");
}

QString headingFor(Page page, const PageModel& model) {
    switch (page) {
    case Page::Login:
        return QStringLiteral("Log in");
    case Page::Signup:
        return QStringLiteral("Create your account");
    case Page::ResetRequest:
        return QStringLiteral("Reset your password");
    case Page::Reset:
        return QStringLiteral("Choose a new password");
    case Page::Message:
        return model.title.isEmpty() ? QStringLiteral("Check your email") : model.title;
    case Page::Error:
        return model.title.isEmpty() ? QStringLiteral("Something went wrong") : model.title;
    }
    return {};
}

// The template names of a form field: "password_confirm" → "passwordConfirm".
QString variableFor(const QString& field) {
    return field == kPasswordConfirm ? QStringLiteral("passwordConfirm") : field;
}

// Field errors, the form-level error, and aria-describedby for every field that has a hint or an
// error, so that a screen reader reads them with the field.
void addErrors(TemplateData& data, Page page, const PageModel& model) {
    const QStringList fields = formFields(page, model);
    const bool hasError = model.error.has_value() && !model.error->message.isEmpty();
    const bool onField = hasError && fields.contains(model.error->field);
    if (hasError && !onField)
        data.set(QStringLiteral("formError"), model.error->message);
    // Only the pages that set a new password show the hint.
    const bool hinted =
        !model.passwordHint.isEmpty() && (page == Page::Signup || page == Page::Reset);
    for (const QString& field : fields) {
        const QString name = variableFor(field);
        QStringList describedBy;
        if (field == kPassword && hinted)
            describedBy.append(QStringLiteral("password-hint"));
        if (onField && model.error->field == field) {
            data.set(name % QStringLiteral("Error"), model.error->message);
            describedBy.append(name % QStringLiteral("-error"));
        }
        data.set(name % QStringLiteral("DescribedBy"), describedBy.join(u' '));
    }
    data.set(QStringLiteral("passwordHint"), model.passwordHint);
}

void addBranding(TemplateData& data, const PageModel& model, const PageContext& context) {
    const Branding& branding = model.branding;
    const QString tenantName =
        branding.displayName.isEmpty() ? QStringLiteral("Gatehouse") : branding.displayName;
    const QString color = isValidColor(branding.primaryColor) ? branding.primaryColor.toLower()
                                                              : context.defaultPrimaryColor;
    data.set(QStringLiteral("tenantName"), tenantName)
        .set(QStringLiteral("logoUrl"),
             isSafeImageUrl(branding.logoUrl) ? branding.logoUrl : QString())
        .set(QStringLiteral("brandColor"), color)
        .set(QStringLiteral("brandTextColor"), textColorOn(color));
}

void addLoginFields(TemplateData& data, const PageModel& model) {
    const bool email = model.identifier == IdentifierKind::Email;
    data.set(QStringLiteral("usernameLabel"),
             email ? QStringLiteral("Email") : QStringLiteral("Email or username"))
        .set(QStringLiteral("usernameType"),
             email ? QStringLiteral("email") : QStringLiteral("text"))
        .set(QStringLiteral("loginAction"), model.basePath % QStringLiteral("login"));
    if (model.signupAllowed)
        data.set(QStringLiteral("signupUrl"), withState(model, QLatin1String("signup")));
    if (model.passwordResetAllowed) {
        data.set(QStringLiteral("resetUrl"),
                 withState(model, QLatin1String("reset-password/request")));
    }
    std::vector<TemplateData> upstreams;
    for (const UpstreamConnection& upstream : model.upstreams) {
        TemplateData item;
        item.set(QStringLiteral("displayName"),
                 upstream.displayName.isEmpty() ? upstream.name : upstream.displayName)
            .set(QStringLiteral("url"), withState(model, QLatin1String("upstream")) %
                                            QStringLiteral("&connection=") %
                                            encoded(upstream.name));
        upstreams.push_back(std::move(item));
    }
    data.setFlag(QStringLiteral("hasUpstreams"), !upstreams.empty());
    data.setList(QStringLiteral("upstreams"), std::move(upstreams));
}

} // namespace

QString templateName(Page page) {
    switch (page) {
    case Page::Login:
        return QStringLiteral("login");
    case Page::Signup:
        return QStringLiteral("signup");
    case Page::ResetRequest:
        return QStringLiteral("reset-request");
    case Page::Reset:
        return QStringLiteral("reset");
    case Page::Message:
        return QStringLiteral("message");
    case Page::Error:
        return QStringLiteral("error");
    }
    return {};
}

QStringList formFields(Page page, const PageModel& model) {
    switch (page) {
    case Page::Login:
        return {kUsername, kPassword};
    case Page::Signup:
        return model.usernameRequired ? QStringList{kEmail, kUsername, kPassword}
                                      : QStringList{kEmail, kPassword};
    case Page::ResetRequest:
        return {kEmail};
    case Page::Reset:
        return {kPassword, kPasswordConfirm};
    case Page::Message:
    case Page::Error:
        return {};
    }
    return {};
}

TemplateData buildPageData(Page page, const PageModel& model, const PageContext& context) {
    TemplateData data;
    const QString heading = headingFor(page, model);
    data.set(QStringLiteral("lang"), resolveLanguage(model.uiLocales, context.supportedLocales))
        .set(QStringLiteral("nonce"), context.nonce)
        .set(QStringLiteral("heading"), heading)
        .set(QStringLiteral("stylesheetUrl"),
             model.basePath % QStringLiteral("assets/") % context.stylesheetFile)
        .set(QStringLiteral("faviconUrl"),
             model.basePath % QStringLiteral("assets/") % context.faviconFile)
        .set(QStringLiteral("applicationName"), model.applicationName)
        .set(QStringLiteral("state"), model.state)
        .set(QStringLiteral("csrf"), model.csrfToken)
        .set(QStringLiteral("ticket"), model.ticket)
        .set(QStringLiteral("username"), model.username)
        .set(QStringLiteral("email"), model.email)
        .setFlag(QStringLiteral("usernameRequired"), model.usernameRequired)
        .set(QStringLiteral("loginUrl"), withState(model, QLatin1String("login")))
        .set(QStringLiteral("signupAction"), model.basePath % QStringLiteral("signup"))
        .set(QStringLiteral("resetRequestAction"),
             model.basePath % QStringLiteral("reset-password/request"))
        .set(QStringLiteral("resetAction"), model.basePath % QStringLiteral("reset-password"))
        .set(QStringLiteral("message"), model.message)
        .set(QStringLiteral("errorCode"), model.errorCode);
    addBranding(data, model, context);
    addErrors(data, page, model);
    if (page == Page::Login)
        addLoginFields(data, model);
    if (model.link && !model.link->text.isEmpty() && isSafeLinkUrl(model.link->url)) {
        data.set(QStringLiteral("linkUrl"), model.link->url)
            .set(QStringLiteral("linkText"), model.link->text);
    }
    return data;
}

} // namespace gatehouse::loginui
