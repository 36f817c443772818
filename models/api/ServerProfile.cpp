#include "models/api/ServerProfile.h"

#include <QCryptographicHash>

namespace gatehouse::client {

using namespace Qt::StringLiterals;

namespace {

QString checkUrl(const QUrl& url, const QString& which) {
    if (!url.isValid() || url.host().isEmpty())
        return u"The %1 URL is not a valid URL."_s.arg(which);
    if (url.scheme() != "https"_L1 && url.scheme() != "http"_L1)
        return u"The %1 URL must start with https:// (or http:// for a local test server)."_s.arg(
            which);
    if (url.hasQuery() || url.hasFragment())
        return u"The %1 URL must be the server's root, without a query or fragment."_s.arg(which);
    return {};
}

// "https://h" and "https://h/" are the same server root.
QUrl root(const QUrl& url) {
    QUrl normalized = url.adjusted(QUrl::StripTrailingSlash | QUrl::NormalizePathSegments);
    if (normalized.path() == u"/"_s)
        normalized.setPath({});
    return normalized;
}

} // namespace

QString ServerProfile::validationError() const {
    if (name.trimmed().isEmpty())
        return u"A profile needs a name."_s;
    if (QString error = checkUrl(primaryUrl, u"primary"_s); !error.isEmpty())
        return error;
    if (!secondaryUrl.isEmpty()) {
        if (QString error = checkUrl(secondaryUrl, u"secondary"_s); !error.isEmpty())
            return error;
        if (root(secondaryUrl) == root(primaryUrl))
            return u"The secondary URL must differ from the primary URL."_s;
    }
    return {};
}

QString ServerProfile::credentialKey() const {
    const QByteArray url = root(primaryUrl).toEncoded();
    return u"gatehouse:"_s +
           QString::fromLatin1(
               QCryptographicHash::hash(url, QCryptographicHash::Sha256).toHex().left(24));
}

ServerProfiles::ServerProfiles(QSettings& settings)
    : m_settings(settings) {}

QList<ServerProfile> ServerProfiles::all() const {
    QList<ServerProfile> profiles;
    const int count = m_settings.beginReadArray(u"profiles"_s);
    for (int i = 0; i < count; ++i) {
        m_settings.setArrayIndex(i);
        ServerProfile profile;
        profile.name = m_settings.value(u"name"_s).toString();
        profile.primaryUrl = m_settings.value(u"primary_url"_s).toUrl();
        profile.secondaryUrl = m_settings.value(u"secondary_url"_s).toUrl();
        profile.pinnedFingerprint = m_settings.value(u"pinned_fingerprint"_s).toString();
        profile.localServer = m_settings.value(u"local_server"_s).toBool();
        profiles.append(profile);
    }
    m_settings.endArray();
    return profiles;
}

std::optional<ServerProfile> ServerProfiles::find(const QString& name) const {
    for (const ServerProfile& profile : all()) {
        if (profile.name == name)
            return profile;
    }
    return std::nullopt;
}

void ServerProfiles::save(const ServerProfile& profile) {
    QList<ServerProfile> profiles = all();
    bool replaced = false;
    for (ServerProfile& existing : profiles) {
        if (existing.name == profile.name) {
            existing = profile;
            replaced = true;
        }
    }
    if (!replaced)
        profiles.append(profile);
    writeAll(profiles);
}

void ServerProfiles::remove(const QString& name) {
    QList<ServerProfile> profiles = all();
    profiles.removeIf([&](const ServerProfile& p) { return p.name == name; });
    writeAll(profiles);
}

void ServerProfiles::writeAll(const QList<ServerProfile>& profiles) {
    m_settings.remove(u"profiles"_s);
    m_settings.beginWriteArray(u"profiles"_s, int(profiles.size()));
    for (int i = 0; i < profiles.size(); ++i) {
        m_settings.setArrayIndex(i);
        const ServerProfile& p = profiles.at(i);
        m_settings.setValue(u"name"_s, p.name);
        m_settings.setValue(u"primary_url"_s, p.primaryUrl);
        m_settings.setValue(u"secondary_url"_s, p.secondaryUrl);
        m_settings.setValue(u"pinned_fingerprint"_s, p.pinnedFingerprint);
        m_settings.setValue(u"local_server"_s, p.localServer);
    }
    m_settings.endArray();
    m_settings.sync();
}

QString ServerProfiles::lastUsed() const {
    return m_settings.value(u"last_profile"_s).toString();
}

void ServerProfiles::setLastUsed(const QString& name) {
    m_settings.setValue(u"last_profile"_s, name);
    m_settings.sync();
}

} // namespace gatehouse::client
