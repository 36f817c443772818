#include "models/api/ServerProfile.h"

#include <QTemporaryDir>
#include <gtest/gtest.h>

using gatehouse::client::ServerProfile;
using gatehouse::client::ServerProfiles;

namespace {

ServerProfile profile(const char* name, const char* primary, const char* secondary = "") {
    ServerProfile result;
    result.name = QString::fromUtf8(name);
    result.primaryUrl = QUrl(QString::fromUtf8(primary));
    result.secondaryUrl = QUrl(QString::fromUtf8(secondary));
    return result;
}

} // namespace

TEST(ServerProfile, SaysWhatIsWrong) {
    EXPECT_EQ(profile("Prod", "https://auth.example.com").validationError(), QString());
    EXPECT_EQ(profile("Prod", "https://a.example.com", "https://b.example.com").validationError(),
              QString());
    EXPECT_EQ(profile("", "https://a.example.com").validationError(),
              QStringLiteral("A profile needs a name."));
    EXPECT_EQ(profile("P", "ftp://a.example.com").validationError(),
              QStringLiteral("The primary URL must start with https:// (or http:// for a local "
                             "test server)."));
    EXPECT_EQ(profile("P", "https://a.example.com?x=1").validationError(),
              QStringLiteral("The primary URL must be the server's root, without a query or "
                             "fragment."));
    EXPECT_EQ(profile("P", "https://a.example.com", "https://a.example.com/").validationError(),
              QStringLiteral("The secondary URL must differ from the primary URL."));
    EXPECT_EQ(profile("P", "https://a.example.com", "nonsense").validationError(),
              QStringLiteral("The secondary URL is not a valid URL."));
}

TEST(ServerProfiles, AreKeptInSettingsWithoutSecrets) {
    QTemporaryDir dir;
    QSettings settings(dir.filePath(QStringLiteral("s.ini")), QSettings::IniFormat);
    ServerProfiles profiles(settings);
    ServerProfile a = profile("A", "https://a.example.com");
    a.pinnedFingerprint = QStringLiteral("AB:CD");
    profiles.save(a);
    profiles.save(profile("B", "https://b.example.com", "https://b2.example.com"));
    profiles.save(profile("A", "https://a2.example.com"));
    ASSERT_EQ(profiles.all().size(), 2);
    EXPECT_EQ(profiles.find(QStringLiteral("A"))->primaryUrl,
              QUrl(QStringLiteral("https://a2.example.com")));
    EXPECT_EQ(profiles.find(QStringLiteral("B"))->secondaryUrl,
              QUrl(QStringLiteral("https://b2.example.com")));
    profiles.remove(QStringLiteral("A"));
    ASSERT_EQ(profiles.all().size(), 1);
    EXPECT_FALSE(profiles.find(QStringLiteral("A")).has_value());
    profiles.setLastUsed(QStringLiteral("B"));
    EXPECT_EQ(ServerProfiles(settings).lastUsed(), QStringLiteral("B"));
    // The keychain key follows the URL, not the name.
    EXPECT_EQ(profile("X", "https://b.example.com/").credentialKey(),
              profile("Y", "https://b.example.com").credentialKey());
    EXPECT_NE(profile("X", "https://b.example.com").credentialKey(),
              profile("X", "https://c.example.com").credentialKey());
}
