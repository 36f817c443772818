#include "loginui/TemplateEngine.h"

#include "support/ResultAssertions.h"

#include <gtest/gtest.h>

namespace gatehouse::loginui {
namespace {

QString render(const QString& text, const TemplateData& data,
               const QList<TemplateEngine::Source>& partials = {}) {
    QList<TemplateEngine::Source> sources = partials;
    sources.append({QStringLiteral("main"), text});
    Result<TemplateEngine> engine = TemplateEngine::compile(sources);
    EXPECT_TRUE(engine.ok()) << engine.error().toString().toStdString();
    return engine ? engine->render(u"main", data) : QString();
}

TemplateData item(const QString& name) {
    TemplateData data;
    data.set(QStringLiteral("name"), name);
    return data;
}

TEST(TemplateEngineTest, EscapesEveryHtmlSpecialCharacter) {
    EXPECT_EQ(escapeHtml(u"&<>\"'"), QStringLiteral("&amp;&lt;&gt;&quot;&#39;"));
    EXPECT_EQ(escapeHtml(u"plain é ✓"), QStringLiteral("plain é ✓"));
    TemplateData data;
    data.set(QStringLiteral("v"), QStringLiteral("<a href=\"x\" title='y'>&amp;</a>"));
    EXPECT_EQ(
        render(QStringLiteral("[{{v}}] [{{ v }}]"), data),
        QStringLiteral("[&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;] "
                       "[&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;]"));
}

TEST(TemplateEngineTest, MissingNamesAndCommentsRenderAsNothing) {
    EXPECT_EQ(render(QStringLiteral("a{{missing}}b{{! a comment }}c"), {}), QStringLiteral("abc"));
}

TEST(TemplateEngineTest, SectionsShowForTruthyValues) {
    TemplateData data;
    data.setFlag(QStringLiteral("yes"), true)
        .setFlag(QStringLiteral("no"), false)
        .set(QStringLiteral("text"), QStringLiteral("t"))
        .set(QStringLiteral("empty"), QString());
    EXPECT_EQ(render(QStringLiteral("{{#yes}}Y{{/yes}}{{#no}}N{{/no}}{{#text}}[{{text}}]{{/text}}"
                                    "{{#empty}}E{{/empty}}{{#missing}}M{{/missing}}"),
                     data),
              QStringLiteral("Y[t]"));
}

TEST(TemplateEngineTest, SectionsRepeatOverListsWithOuterNamesVisible) {
    TemplateData data;
    data.set(QStringLiteral("outer"), QStringLiteral("o"))
        .set(QStringLiteral("name"), QStringLiteral("shadowed"))
        .setList(QStringLiteral("items"), {item(QStringLiteral("a")), item(QStringLiteral("<b>"))});
    EXPECT_EQ(render(QStringLiteral("{{#items}}({{name}}{{outer}}){{/items}}{{name}}"), data),
              QStringLiteral("(ao)(&lt;b&gt;o)shadowed"));
}

TEST(TemplateEngineTest, InvertedSectionsShowForFalsyValues) {
    TemplateData data;
    data.setFlag(QStringLiteral("yes"), true)
        .setFlag(QStringLiteral("no"), false)
        .setList(QStringLiteral("none"), {})
        .set(QStringLiteral("empty"), QString());
    EXPECT_EQ(render(QStringLiteral("{{^yes}}Y{{/yes}}{{^no}}N{{/no}}{{^none}}L{{/none}}"
                                    "{{^empty}}E{{/empty}}{{^missing}}M{{/missing}}"),
                     data),
              QStringLiteral("NLEM"));
}

TEST(TemplateEngineTest, PartialsRenderInTheCurrentContext) {
    TemplateData data;
    data.setList(QStringLiteral("items"), {item(QStringLiteral("x")), item(QStringLiteral("y"))});
    EXPECT_EQ(render(QStringLiteral("{{#items}}{{> row}}{{/items}}"), data,
                     {{QStringLiteral("row"), QStringLiteral("<li>{{name}}</li>")}}),
              QStringLiteral("<li>x</li><li>y</li>"));
}

TEST(TemplateEngineTest, LayoutBlocksTakeOverridesOrTheirDefault) {
    const QList<TemplateEngine::Source> layout{
        {QStringLiteral("layout"),
         QStringLiteral(
             "<h1>{{$title}}Default{{/title}}</h1><main>{{$content}}{{/content}}</main>")}};
    TemplateData data;
    data.set(QStringLiteral("who"), QStringLiteral("<you>"));
    EXPECT_EQ(
        render(QStringLiteral("{{<layout}}\n  {{$content}}Hi {{who}}{{/content}}\n{{/layout}}"),
               data, layout),
        QStringLiteral("<h1>Default</h1><main>Hi &lt;you&gt;</main>"));
    EXPECT_EQ(render(QStringLiteral("{{<layout}}{{$title}}T{{/title}}{{/layout}}"), data, layout),
              QStringLiteral("<h1>T</h1><main></main>"));
}

struct BrokenTemplate {
    const char* text;
    int line;
    const char* message;
};

class TemplateErrorTest : public ::testing::TestWithParam<BrokenTemplate> {};

TEST_P(TemplateErrorTest, IsAStartupErrorWithNameAndLine) {
    const BrokenTemplate& broken = GetParam();
    Result<TemplateEngine> engine =
        TemplateEngine::compile({{QStringLiteral("partial"), QStringLiteral("ok")},
                                 {QStringLiteral("broken"), QString::fromUtf8(broken.text)}});
    ASSERT_FALSE(engine.ok()) << broken.text;
    EXPECT_EQ(engine.error().code, "template_error");
    const QString message = engine.error().message;
    EXPECT_TRUE(message.startsWith(QStringLiteral("template 'broken', line ") +
                                   QString::number(broken.line) + QStringLiteral(": ")))
        << message.toStdString();
    EXPECT_TRUE(message.contains(QString::fromUtf8(broken.message))) << message.toStdString();
}

INSTANTIATE_TEST_SUITE_P(
    Broken, TemplateErrorTest,
    ::testing::Values(
        BrokenTemplate{"a\n{{#open}}\nb", 2, "section 'open' is never closed"},
        BrokenTemplate{"a\n\n{{/stray}}", 3, "'{{/stray}}' closes no open section"},
        BrokenTemplate{"{{#a}}\n{{#b}}\n{{/a}}{{/b}}", 3, "does not close 'b' opened on line 2"},
        BrokenTemplate{"1\n2\n{{{raw}}}", 3, "unescaped output"},
        BrokenTemplate{"{{&raw}}", 1, "unescaped output"},
        BrokenTemplate{"x\n{{=<% %>=}}", 2, "delimiter changes are not supported"},
        BrokenTemplate{"\n{{two words}}", 2, "unknown tag '{{two words}}'"},
        BrokenTemplate{"{{}}", 1, "unknown tag"}, BrokenTemplate{"{{#}}{{/}}", 1, "unknown tag"},
        BrokenTemplate{"{{?x}}", 1, "unknown tag"},
        BrokenTemplate{"{{user.name}}", 1, "unknown tag"},
        BrokenTemplate{"a\nb {{oops", 2, "'{{' without a closing '}}'"},
        BrokenTemplate{"{{#a}}\n{{> nowhere}}{{/a}}", 2, "unknown partial 'nowhere'"},
        BrokenTemplate{"\n\n{{<nowhere}}{{/nowhere}}", 3, "unknown partial 'nowhere'"},
        BrokenTemplate{"{{<partial}}\ntext{{/partial}}", 1, "only {{$block}} overrides"},
        BrokenTemplate{"\n{{> broken}}", 2, "'broken' includes itself"}));

TEST(TemplateEngineTest, IndirectPartialCyclesAreStartupErrors) {
    Result<TemplateEngine> engine =
        TemplateEngine::compile({{QStringLiteral("a"), QStringLiteral("{{> b}}")},
                                 {QStringLiteral("b"), QStringLiteral("x\n{{> a}}")}});
    ASSERT_FALSE(engine.ok());
    EXPECT_EQ(engine.error().message, QStringLiteral("template 'b', line 2: 'a' includes itself"));
}

TEST(TemplateEngineTest, TheLoginTemplatesCompile) {
    Result<TemplateEngine> engine = TemplateEngine::compileDirectory(QStringLiteral(":/login"));
    ASSERT_OK(engine);
    for (const char* name : {"layout", "form-error", "login", "signup", "reset-request", "reset",
                             "message", "error", "form-post"}) {
        EXPECT_TRUE(engine->contains(QString::fromLatin1(name))) << name;
    }
}

TEST(TemplateEngineTest, AMissingDirectoryIsAnError) {
    EXPECT_FALSE(TemplateEngine::compileDirectory(QStringLiteral(":/no/such/dir")).ok());
}

} // namespace
} // namespace gatehouse::loginui
