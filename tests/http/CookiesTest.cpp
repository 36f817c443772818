#include "http/Cookies.h"

#include "http/HttpRequest.h"
#include "http/HttpResponse.h"

#include <gtest/gtest.h>

namespace gatehouse::http {
namespace {

HttpRequest withCookies(std::initializer_list<QByteArray> headers) {
    HttpRequest request;
    for (const QByteArray& header : headers)
        request.addHeader("Cookie", header);
    return request;
}

TEST(CookiesTest, FindsTheNamedCookie) {
    const HttpRequest request = withCookies({"a=1; gh_session=abc_-9; b=2"});
    EXPECT_EQ(cookieValue(request, "gh_session"), "abc_-9");
    EXPECT_EQ(cookieValue(request, "a"), "1");
    EXPECT_EQ(cookieValue(request, "b"), "2");
    EXPECT_EQ(cookieValue(request, "gh"), "");
    EXPECT_EQ(cookieValue(request, "session"), "");
    EXPECT_EQ(cookieValue(withCookies({}), "a"), "");
}

TEST(CookiesTest, QuotesWhitespaceAndSeveralHeaders) {
    EXPECT_EQ(cookieValue(withCookies({"x=\"quoted\""}), "x"), "quoted");
    EXPECT_EQ(cookieValue(withCookies({" x = v ;y=w"}), "x"), "v");
    EXPECT_EQ(cookieValue(withCookies({"y=1", "x=2"}), "x"), "2");
    EXPECT_EQ(cookieValue(withCookies({"novalue; x=3; =4"}), "x"), "3");
}

// A second cookie of the same name (another path, or injected by a sibling domain) makes the
// value ambiguous: it counts as absent rather than letting either one win.
TEST(CookiesTest, DuplicateNameCountsAsAbsent) {
    EXPECT_EQ(cookieValue(withCookies({"s=real; s=forged"}), "s"), "");
    EXPECT_EQ(cookieValue(withCookies({"s=real", "s=forged"}), "s"), "");
}

TEST(CookiesTest, SetCookieAttributes) {
    SetCookie cookie{"gh_session", "v4lue", "/t/acme/", SameSite::Lax, true, -1};
    EXPECT_EQ(cookie.toHeaderValue(),
              "gh_session=v4lue; Path=/t/acme/; HttpOnly; Secure; SameSite=Lax");
    cookie.secure = false;
    cookie.sameSite = SameSite::Strict;
    cookie.maxAgeSeconds = 0;
    EXPECT_EQ(cookie.toHeaderValue(),
              "gh_session=v4lue; Path=/t/acme/; HttpOnly; SameSite=Strict; Max-Age=0");

    HttpResponse response;
    cookie.addTo(response);
    SetCookie{"other", "x"}.addTo(response);
    int setCookies = 0;
    for (const auto& [name, value] : response.headers())
        setCookies += name == "Set-Cookie";
    EXPECT_EQ(setCookies, 2);
}

} // namespace
} // namespace gatehouse::http
