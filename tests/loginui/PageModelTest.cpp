#include "loginui/PageModel.h"

#include <gtest/gtest.h>

namespace gatehouse::loginui {
namespace {

TEST(PageModelTest, ColoursMustBeSixDigitHex) {
    for (const char* good : {"#000000", "#3451b2", "#ABCDEF"})
        EXPECT_TRUE(isValidColor(QString::fromLatin1(good))) << good;
    for (const char* bad : {"", "red", "#fff", "#12345g", "#1234567", "3451b2", "#3451b2;",
                            "#3451b2}body{display:none", " #3451b2"}) {
        EXPECT_FALSE(isValidColor(QString::fromLatin1(bad))) << bad;
    }
}

TEST(PageModelTest, ImageUrlsMustBeHttpsOrRelative) {
    for (const char* good : {"https://cdn.example.com/logo.png", "/t/acme/logo.svg", "logo.png",
                             "https://cdn.example.com/a%20b.png?v=2"}) {
        EXPECT_TRUE(isSafeImageUrl(QString::fromLatin1(good))) << good;
    }
    for (const char* bad :
         {"", "http://cdn.example.com/logo.png", "javascript:alert(1)", "JAVASCRIPT:alert(1)",
          "data:image/svg+xml,<svg onload=alert(1)>", "//evil.example/logo.png",
          "/\\evil.example/logo.png", "https://user:pw@evil.example/x.png", "https:///x.png",
          "logo.png\" onerror=\"alert(1)", " https://cdn.example.com/logo.png", "vbscript:x",
          "ftp://cdn.example.com/logo.png"}) {
        EXPECT_FALSE(isSafeImageUrl(QString::fromLatin1(bad))) << bad;
    }
}

TEST(PageModelTest, LanguageIsTheFirstSupportedUiLocale) {
    const QStringList supported{QStringLiteral("en"), QStringLiteral("de"),
                                QStringLiteral("pt-BR")};
    EXPECT_EQ(resolveLanguage(QStringLiteral("fr-CA de-CH en"), supported), QStringLiteral("de"));
    EXPECT_EQ(resolveLanguage(QStringLiteral("pt-br"), supported), QStringLiteral("pt-BR"));
    EXPECT_EQ(resolveLanguage(QStringLiteral("fr ja"), supported), QStringLiteral("en"));
    EXPECT_EQ(resolveLanguage(QString(), supported), QStringLiteral("en"));
    EXPECT_EQ(resolveLanguage(QStringLiteral("\"><x de"), supported), QStringLiteral("de"));
    EXPECT_EQ(resolveLanguage(QStringLiteral("de"), {QStringLiteral("en")}), QStringLiteral("en"));
}

TEST(PageModelTest, FormActionSourcesAreOriginsOrAppSchemes) {
    EXPECT_EQ(cspSourceFor(QStringLiteral("https://app.example.com")),
              QStringLiteral("https://app.example.com"));
    EXPECT_EQ(cspSourceFor(QStringLiteral("https://app.example.com/")),
              QStringLiteral("https://app.example.com"));
    EXPECT_EQ(cspSourceFor(QStringLiteral("http://127.0.0.1:8765")),
              QStringLiteral("http://127.0.0.1:8765"));
    EXPECT_EQ(cspSourceFor(QStringLiteral("HTTPS://App.Example.com:8443")),
              QStringLiteral("https://app.example.com:8443"));
    EXPECT_EQ(cspSourceFor(QStringLiteral("com.example.app:")), QStringLiteral("com.example.app:"));
    for (const char* bad :
         {"", "https:", "javascript:", "data:", "*", "'unsafe-inline'",
          "https://a.example; script-src *", "https://a.example, https://b.example",
          "https://a.example/path", "https://a.example?x", "https://user@a.example",
          "ftp://a.example", "https://a.example 'unsafe-eval'"}) {
        EXPECT_TRUE(cspSourceFor(QString::fromLatin1(bad)).isEmpty()) << bad;
    }
}

} // namespace
} // namespace gatehouse::loginui
