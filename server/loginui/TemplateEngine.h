#pragma once

#include "core/Result.h"
#include "loginui/TemplateData.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <QStringView>
#include <memory>
#include <utility>

namespace gatehouse::loginui {

// HTML-escapes & < > " ' (the last two so that values are safe in attributes of either quote).
[[nodiscard]] QString escapeHtml(QStringView text);

// A deliberately small Mustache subset, compiled once at startup:
//   {{name}}                   the value, always HTML-escaped
//   {{#name}}…{{/name}}        shown when truthy; repeated with each object of a list
//   {{^name}}…{{/name}}        shown when falsy (missing, false, empty text, empty list)
//   {{> partial}}              another template, in the current context
//   {{< parent}}{{$block}}…{{/block}}{{/parent}}   template inheritance (the layout): renders
//                              `parent`, whose {{$block}}default{{/block}} slots take the overrides
//   {{! comment}}
// Names are [A-Za-z0-9_-]+ and are looked up from the innermost list item outwards; a missing
// name renders as nothing. There is no raw output: {{{x}}}, {{&x}} and {{=…=}} are errors.
//
// Every syntax error, unbalanced section, unknown partial and partial cycle is reported by
// compile() as `template_error` naming the template and line, so it stops the server at startup.
// A compiled engine is immutable; copies share it and render() is thread-safe.
class TemplateEngine final {
public:
    struct Source {
        QString name;
        QString text;
    };

    [[nodiscard]] static Result<TemplateEngine> compile(const QList<Source>& sources);
    // Every *.html file in `directory` (also a ":/…" resource directory), named by its base name.
    [[nodiscard]] static Result<TemplateEngine> compileDirectory(const QString& directory);

    [[nodiscard]] bool contains(QStringView name) const;
    [[nodiscard]] QStringList names() const;
    // An unknown name renders as an empty string: callers check contains() at startup.
    [[nodiscard]] QString render(QStringView name, const TemplateData& data) const;

    class Compiled;

private:
    explicit TemplateEngine(std::shared_ptr<const Compiled> compiled);

    std::shared_ptr<const Compiled> m_compiled;
};

} // namespace gatehouse::loginui
