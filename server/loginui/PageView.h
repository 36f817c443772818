#pragma once

#include "loginui/PageModel.h"
#include "loginui/TemplateData.h"

#include <QString>
#include <QStringList>

namespace gatehouse::loginui {

// What a page needs besides the flow's model: decided by the renderer per response.
struct PageContext {
    QString nonce;
    QString stylesheetFile; // fingerprinted asset names
    QString faviconFile;
    QStringList supportedLocales;
    QString defaultPrimaryColor;
};

// The template's name for a page ("login", "reset-request", …).
[[nodiscard]] QString templateName(Page page);

// The form fields a page has, by their POST names; an error for any other field is shown for the
// whole form so that it is never lost.
[[nodiscard]] QStringList formFields(Page page, const PageModel& model);

// Turns the model into the names the templates use (listed in server/loginui/README.md). Every
// value is validated here and escaped by the engine; URLs are built with percent-encoding.
[[nodiscard]] TemplateData buildPageData(Page page, const PageModel& model,
                                         const PageContext& context);

} // namespace gatehouse::loginui
