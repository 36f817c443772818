#pragma once

#include "core/Result.h"
#include "http/HttpRequest.h"
#include "http/HttpResponse.h"
#include "http/RequestHandler.h"
#include "loginui/CachedContent.h"

#include <QString>
#include <QStringList>
#include <QStringView>
#include <memory>

namespace gatehouse::loginui {

// The login pages' files (CSS, icons), loaded once from a directory (the compiled-in
// ":/login/assets" by default) and served under "{base}assets/". Each file is served under two
// names: fingerprinted, "login.<first 10 hex of its SHA-256>.css", cached for a year as
// immutable (a new deployment changes the name, not the content behind it), and its plain name,
// revalidated on every use (for references that cannot change, such as /favicon.svg).
// Immutable after load(); copies share the data and every method is thread-safe.
class StaticAssets final {
public:
    [[nodiscard]] static Result<StaticAssets>
    load(const QString& directory = QStringLiteral(":/login/assets"));

    // "login.css" → "login.0123456789.css"; empty for an unknown file.
    [[nodiscard]] QString fingerprintedName(QStringView fileName) const;
    [[nodiscard]] QStringList fileNames() const; // the plain names, sorted

    // The content served for a fingerprinted or plain name, or nullptr.
    [[nodiscard]] const CachedContent* find(QStringView servedName) const;

    // `servedName` is the last path segment after "{base}assets/". Unknown: 404 `not_found`.
    [[nodiscard]] http::HttpResponse respond(QStringView servedName,
                                             const http::HttpRequest& request) const;

    // For a GET route whose last segment is "{<parameter>}", e.g.
    //   router.add(Method::Get, "/t/{tenant}/u/assets/{file}", assets.handler());
    // HEAD reaches it through the router's GET fallback.
    [[nodiscard]] http::RequestHandler handler(QString parameter = QStringLiteral("file")) const;

    class Data;

private:
    explicit StaticAssets(std::shared_ptr<const Data> data);

    std::shared_ptr<const Data> m_data;
};

} // namespace gatehouse::loginui
