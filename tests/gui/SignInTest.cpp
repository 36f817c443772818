// The dashboard's sign-in (SECURITY.md "Dashboard"): RFC 8252 through the browser with PKCE and
// state, the refresh token in the real keychain, silent sign-in at start, sign-out, a forged
// callback refused, no keychain at all, and an untrusted certificate pinned only on request.
#include "DashboardFixture.h"

#include "models/api/ApiTransport.h"
#include "models/auth/KeychainCredentialStore.h"
#include "models/session/Session.h"

#include <QJsonObject>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTest>
#include <QUrlQuery>

namespace gatehouse::gui {
namespace {

using namespace Qt::StringLiterals;
using client::CredentialStore;
using client::Session;

// What the keychain holds for a profile, read through a store of its own.
CredentialStore::Outcome keychainEntry(const client::ServerProfile& profile) {
    client::KeychainCredentialStore store;
    QObject context;
    std::optional<CredentialStore::Outcome> outcome;
    store.read(profile.credentialKey(), &context,
               [&](const CredentialStore::Outcome& read) { outcome = read; });
    EXPECT_TRUE(QTest::qWaitFor([&] { return outcome.has_value(); }, 10000));
    return outcome.value_or(CredentialStore::Outcome{CredentialStore::Failure::Other, {}, {}});
}

class SignInTest : public DashboardTest {
protected:
    void SetUp() override {
        DashboardTest::SetUp();
        ASSERT_EQ(qgetenv("GATEHOUSE_TEST_KEYRING"), "1")
            << "run through tests/support/with-keyring.sh (ctest does)";
    }
};

TEST_F(SignInTest, TheBrowserSignInKeepsTheRefreshTokenInTheKeychainForTheNextStart) {
    auto first = makeDashboard();
    ASSERT_TRUE(signInAsOwner(*first));
    const Session& session = first->session();
    EXPECT_EQ(session.permissions().role(), u"owner"_s);
    EXPECT_EQ(session.identity(), ownerEmail());
    EXPECT_TRUE(session.tenants().contains(m_server.tenant()));
    EXPECT_TRUE(session.tenants().contains(u"system"_s));
    EXPECT_EQ(session.currentTenant(), m_server.tenant());

    // The authorization request: the dashboard's client, PKCE S256, a state, a loopback redirect.
    const QUrlQuery sent(m_lastAuthorizationUrl);
    EXPECT_EQ(sent.queryItemValue(u"client_id"_s), u"gatehouse-dashboard"_s);
    EXPECT_EQ(sent.queryItemValue(u"code_challenge_method"_s), u"S256"_s);
    EXPECT_EQ(sent.queryItemValue(u"code_challenge"_s).size(), 43);
    EXPECT_GE(sent.queryItemValue(u"state"_s).size(), 32);
    const QUrl redirect(sent.queryItemValue(u"redirect_uri"_s, QUrl::FullyDecoded));
    EXPECT_EQ(redirect.scheme(), u"http"_s);
    EXPECT_EQ(redirect.host(), u"127.0.0.1"_s);
    EXPECT_GT(redirect.port(), 0);

    // Only the keychain keeps it: the refresh token, nothing in the settings file.
    const CredentialStore::Outcome kept = keychainEntry(serverProfile());
    ASSERT_TRUE(kept.ok()) << kept.message.toStdString();
    EXPECT_TRUE(kept.secret.contains("refresh_token"));
    QFile settings(first->settings().fileName());
    ASSERT_TRUE(settings.open(QIODevice::ReadOnly));
    const QByteArray stored = settings.readAll();
    EXPECT_FALSE(stored.contains("refresh")) << stored.constData();

    // The next start signs in silently, without the browser.
    const QUrl asked = m_lastAuthorizationUrl;
    auto second = makeDashboard();
    second->useProfile(serverProfile());
    QSignalSpy restored(&second->session(), &Session::restoreFinished);
    second->session().restore();
    ASSERT_TRUE(waitFor([&] { return !restored.isEmpty(); }));
    EXPECT_TRUE(restored.first().first().toBool());
    EXPECT_TRUE(second->session().isSignedIn());
    EXPECT_EQ(second->session().permissions().role(), u"owner"_s);
    EXPECT_EQ(m_lastAuthorizationUrl, asked);

    // The refresh rotated the token: the keychain has the new one, the old one is spent.
    const CredentialStore::Outcome rotated = keychainEntry(serverProfile());
    ASSERT_TRUE(rotated.ok());
    EXPECT_NE(rotated.secret, kept.secret);

    // Sign-out forgets it in the keychain and at the server.
    second->session().signOut();
    EXPECT_FALSE(second->session().isSignedIn());
    EXPECT_TRUE(waitFor([&] {
        return keychainEntry(serverProfile()).failure == CredentialStore::Failure::NotFound;
    }));
    auto third = makeDashboard();
    third->useProfile(serverProfile());
    QSignalSpy again(&third->session(), &Session::restoreFinished);
    third->session().restore();
    ASSERT_TRUE(waitFor([&] { return !again.isEmpty(); }));
    EXPECT_FALSE(again.first().first().toBool());
    EXPECT_FALSE(third->session().isSignedIn());
}

// RFC 6749 §10.12: a callback with another state is refused with a page that says so; the
// person's own sign-in still completes afterwards.
TEST_F(SignInTest, ACallbackWithAWrongStateIsRefused) {
    auto dashboard = makeDashboard();
    dashboard->useProfile(serverProfile());
    setBrowserLogin(ownerEmail(), ownerPassword());
    client::BrowserSignIn& signIn = dashboard->browserSignIn();
    QSignalSpy refused(&signIn, &client::BrowserSignIn::callbackRefused);
    QSignalSpy opened(&signIn, &client::BrowserSignIn::browserOpened);
    signIn.start();
    ASSERT_TRUE(waitFor([&] { return !opened.isEmpty(); }));

    // A forged answer reaches the listener first.
    QUrl forged(
        QUrlQuery(m_lastAuthorizationUrl).queryItemValue(u"redirect_uri"_s, QUrl::FullyDecoded));
    forged.setQuery(u"code=stolen-code&state=not-the-state"_s);
    QNetworkAccessManager attacker;
    QNetworkReply* reply = attacker.get(QNetworkRequest(forged));
    ASSERT_TRUE(waitFor([&] { return reply->isFinished(); }));
    EXPECT_EQ(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 400);
    EXPECT_TRUE(reply->readAll().contains("does not belong to the sign-in"));
    delete reply;
    ASSERT_EQ(refused.size(), 1);
    EXPECT_FALSE(dashboard->session().isSignedIn());

    // The real login goes on (the fixture's browser has been logging in meanwhile).
    EXPECT_TRUE(waitFor([&] { return dashboard->session().isSignedIn(); }));
}

// No Secret Service here: the sign-in works for this run, the person is told, nothing is kept.
TEST_F(SignInTest, WithoutAKeychainTheSignInIsNotKeptAnywhere) {
    // A D-Bus address that does not exist: QtKeychain finds no keychain (FACTS.md).
    qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/gatehouse-no-bus");
    auto dashboard = makeDashboard();
    QSignalSpy warned(&dashboard->session(), &Session::credentialWarning);
    ASSERT_TRUE(signInAsOwner(*dashboard));
    ASSERT_TRUE(waitFor([&] { return !warned.isEmpty(); }));
    EXPECT_TRUE(warned.first().first().toString().contains(u"No keychain is available"_s))
        << warned.first().first().toString().toStdString();
    QFile settings(dashboard->settings().fileName());
    ASSERT_TRUE(settings.open(QIODevice::ReadOnly));
    EXPECT_FALSE(settings.readAll().contains("refresh"));

    auto next = makeDashboard();
    next->useProfile(serverProfile());
    QSignalSpy restored(&next->session(), &Session::restoreFinished);
    next->session().restore();
    ASSERT_TRUE(waitFor([&] { return !restored.isEmpty(); }));
    EXPECT_FALSE(restored.first().first().toBool());
}

// SECURITY.md: a certificate the system does not trust is reported with its fingerprint and
// nothing is sent; after the person pins it, the same server works.
TEST_F(SignInTest, AnUntrustedCertificateIsReportedWithItsFingerprintAndUsedOnlyOncePinned) {
    auto dashboard = makeDashboard();
    dashboard->useProfile(serverProfile(false));
    setBrowserLogin(ownerEmail(), ownerPassword());
    QSignalSpy untrusted(&dashboard->transport(), &client::ApiTransport::untrustedCertificate);
    QSignalSpy failed(&dashboard->browserSignIn(), &client::BrowserSignIn::failed);
    dashboard->browserSignIn().start();
    ASSERT_TRUE(waitFor([&] { return !failed.isEmpty(); }));
    const auto error = failed.first().first().value<client::ApiError>();
    EXPECT_EQ(error.code, u"untrusted_certificate"_s);
    ASSERT_EQ(untrusted.size(), 1);
    const auto certificate = untrusted.first().first().value<client::CertificateInfo>();
    EXPECT_EQ(certificate.sha256,
              m_server.credentials().value("tls_sha256_fingerprint"_L1).toString());
    EXPECT_TRUE(certificate.selfSigned);
    EXPECT_TRUE(m_lastAuthorizationUrl.isEmpty()) << "the browser must not have been opened";

    // Another certificate pinned: still refused.
    dashboard->transport().pinFingerprint(u"00:11"_s);
    failed.clear();
    dashboard->browserSignIn().start();
    ASSERT_TRUE(waitFor([&] { return !failed.isEmpty(); }));
    EXPECT_EQ(failed.first().first().value<client::ApiError>().code, u"untrusted_certificate"_s);

    dashboard->transport().pinFingerprint(certificate.sha256);
    dashboard->browserSignIn().start();
    EXPECT_TRUE(waitFor([&] { return dashboard->session().isSignedIn(); }));
}

// A machine client (the system management client) signs in with client credentials. The
// profile names the server 127.0.0.1 while its public URL says localhost: the token's audience
// comes from the server's discovery, not from the profile's URL, and the keychain keeps the
// credentials for the next start.
TEST_F(SignInTest, AMachineClientSignsInWithTheAudienceTheServerNames) {
    client::ServerProfile profile = serverProfile();
    QUrl byAddress = profile.primaryUrl;
    byAddress.setHost(u"127.0.0.1"_s);
    profile.primaryUrl = byAddress;
    const QJsonObject system =
        m_server.credentials().value("system_management_client"_L1).toObject();
    auto dashboard = makeDashboard();
    dashboard->useProfile(profile);
    QSignalSpy failed(&dashboard->session(), &Session::signInFailed);
    dashboard->session().signInAsClient(system.value("client_id"_L1).toString(),
                                        system.value("client_secret"_L1).toString());
    ASSERT_TRUE(waitFor([&] { return dashboard->session().isSignedIn() || !failed.isEmpty(); }));
    ASSERT_TRUE(dashboard->session().isSignedIn())
        << failed.first().first().value<client::ApiError>().summary().toStdString();
    EXPECT_TRUE(dashboard->session().tenants().contains(m_server.tenant()));

    auto next = makeDashboard();
    next->useProfile(profile);
    QSignalSpy restored(&next->session(), &Session::restoreFinished);
    next->session().restore();
    ASSERT_TRUE(waitFor([&] { return !restored.isEmpty(); }));
    EXPECT_TRUE(restored.first().first().toBool());
}

} // namespace
} // namespace gatehouse::gui
