// Authorization responses (RFC 6749 §4.1.2, §4.1.2.1; RFC 9207; Form Post Response Mode).
#include "oidc/AuthorizationResponse.h"

#include "loginui/LoginPageRenderer.h"

#include <QUrl>
#include <QUrlQuery>
#include <gtest/gtest.h>

namespace gatehouse::oidc {
namespace {

using namespace Qt::StringLiterals;

const QString kIssuer = u"https://localhost:8443/t/acme/"_s;

class AuthorizationResponseTest : public ::testing::Test {
protected:
    void SetUp() override {
        Result<loginui::LoginPageRenderer> renderer = loginui::LoginPageRenderer::create();
        ASSERT_TRUE(renderer.ok());
        m_renderer.emplace(std::move(*renderer));
        m_responses.emplace(*m_renderer);
        m_request.clientId = u"web"_s;
        m_request.redirectUri = u"https://app.example.com/cb?tab=1"_s;
        m_request.state = u"a b&c=d+e"_s;
    }

    std::optional<loginui::LoginPageRenderer> m_renderer;
    std::optional<AuthorizationResponse> m_responses;
    AuthorizationRequest m_request;
};

TEST_F(AuthorizationResponseTest, CodeGoesInTheQueryWithStateAndIssuer) {
    const http::HttpResponse response = m_responses->code(m_request, kIssuer, u"c0de"_s);
    EXPECT_EQ(response.status(), 302);
    EXPECT_EQ(response.header("Cache-Control"), "no-store");
    const QUrl location(QString::fromUtf8(response.header("Location")));
    EXPECT_EQ(location.adjusted(QUrl::RemoveQuery).toString(), u"https://app.example.com/cb"_s);
    const QUrlQuery query(location);
    EXPECT_EQ(query.queryItemValue(u"tab"_s), u"1"_s); // the client's own query is kept
    EXPECT_EQ(query.queryItemValue(u"code"_s), u"c0de"_s);
    EXPECT_EQ(query.queryItemValue(u"state"_s, QUrl::FullyDecoded), u"a b&c=d+e"_s);
    EXPECT_EQ(query.queryItemValue(u"iss"_s, QUrl::FullyDecoded), kIssuer);
    // '+' and '&' in state are escaped, so the client reads back exactly what it sent.
    EXPECT_TRUE(response.header("Location").contains("state=a%20b%26c%3Dd%2Be"));
}

TEST_F(AuthorizationResponseTest, ErrorCarriesDescriptionAndStateButNoCode) {
    const AuthorizationErrorRedirect error{u"https://app.example.com/cb"_s, ResponseMode::Query,
                                           u"s1"_s, u"login_required"_s, u"no session"_s};
    const QUrlQuery query(
        QUrl(QString::fromUtf8(m_responses->error(error, kIssuer).header("Location"))));
    EXPECT_EQ(query.queryItemValue(u"error"_s), u"login_required"_s);
    EXPECT_EQ(query.queryItemValue(u"error_description"_s, QUrl::FullyDecoded), u"no session"_s);
    EXPECT_EQ(query.queryItemValue(u"state"_s), u"s1"_s);
    EXPECT_FALSE(query.hasQueryItem(u"code"_s));
}

TEST_F(AuthorizationResponseTest, NoStateMeansNoStateParameter) {
    m_request.state.clear();
    const QUrlQuery query(
        QUrl(QString::fromUtf8(m_responses->code(m_request, kIssuer, u"c"_s).header("Location"))));
    EXPECT_FALSE(query.hasQueryItem(u"state"_s));
}

TEST_F(AuthorizationResponseTest, FormPostRendersAPageThatPostsTheParameters) {
    m_request.responseMode = ResponseMode::FormPost;
    m_request.state = u"<script>x</script>"_s;
    const http::HttpResponse response = m_responses->code(m_request, kIssuer, u"c0de"_s);
    EXPECT_EQ(response.status(), 200);
    EXPECT_EQ(response.header("Cache-Control"), "no-store");
    const QString html = QString::fromUtf8(response.body());
    EXPECT_TRUE(html.contains(u"method=\"post\""_s, Qt::CaseInsensitive)) << html.toStdString();
    EXPECT_TRUE(html.contains(u"https://app.example.com/cb?tab=1"_s));
    EXPECT_TRUE(html.contains(u"c0de"_s));
    EXPECT_FALSE(html.contains(u"<script>x</script>"_s)); // escaped
}

TEST(AuthorizationResponseQueryTest, FragmentIsDroppedAndSeparatorsAreRight) {
    const AuthorizationResponse::Parameters code{{u"code"_s, u"1"_s}};
    EXPECT_EQ(AuthorizationResponse::appendQuery(u"https://a/cb#frag"_s, code),
              u"https://a/cb?code=1"_s);
    EXPECT_EQ(AuthorizationResponse::appendQuery(u"https://a/cb?"_s, code),
              u"https://a/cb?code=1"_s);
    EXPECT_EQ(AuthorizationResponse::appendQuery(u"https://a/cb?x=1&"_s, code),
              u"https://a/cb?x=1&code=1"_s);
}

} // namespace
} // namespace gatehouse::oidc
