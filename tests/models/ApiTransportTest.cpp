#include "models/api/ApiTransport.h"

#include <gtest/gtest.h>

using gatehouse::client::ApiTransport;
using gatehouse::client::ServerProfile;

// Paths are relative to the server root, which may itself sit below a path (a reverse proxy);
// what the caller percent-encoded (a '/' inside a user id) stays encoded, one path segment.
TEST(ApiTransport, JoinsPathsBelowTheServerRootAndKeepsEncodedSegments) {
    QNetworkAccessManager network;
    ServerProfile profile;
    profile.name = QStringLiteral("p");
    profile.primaryUrl = QUrl(QStringLiteral("https://auth.example.com:8443/gatehouse"));
    ApiTransport transport(network, profile);
    EXPECT_EQ(transport.urlFor(QStringLiteral("t/acme/api/v2/users/oidc%7Cabc%2Fdef"))
                  .toEncoded()
                  .toStdString(),
              "https://auth.example.com:8443/gatehouse/t/acme/api/v2/users/oidc%7Cabc%2Fdef");
    profile.primaryUrl = QUrl(QStringLiteral("https://auth.example.com/"));
    transport.setProfile(profile);
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("q"), QStringLiteral("email:\"a b\""));
    EXPECT_EQ(transport.urlFor(QStringLiteral("t/x/api/v2/users"), query).toEncoded().toStdString(),
              "https://auth.example.com/t/x/api/v2/users?q=email:%22a%20b%22");
}
