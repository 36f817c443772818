#include "oidc/Pkce.h"

#include "crypto/Digest.h"
#include "crypto/Encoding.h"

namespace gatehouse::oidc {

namespace {

bool isUnreserved(QChar c) {
    const char16_t u = c.unicode();
    return (u >= u'A' && u <= u'Z') || (u >= u'a' && u <= u'z') || (u >= u'0' && u <= u'9') ||
           u == u'-' || u == u'.' || u == u'_' || u == u'~';
}

bool isBase64Url(QChar c) {
    const char16_t u = c.unicode();
    return (u >= u'A' && u <= u'Z') || (u >= u'a' && u <= u'z') || (u >= u'0' && u <= u'9') ||
           u == u'-' || u == u'_';
}

} // namespace

bool Pkce::isValidChallenge(QStringView challenge) {
    if (challenge.size() != 43)
        return false;
    for (QChar c : challenge) {
        if (!isBase64Url(c))
            return false;
    }
    return true;
}

bool Pkce::isValidVerifier(QStringView verifier) {
    if (verifier.size() < 43 || verifier.size() > 128)
        return false;
    for (QChar c : verifier) {
        if (!isUnreserved(c))
            return false;
    }
    return true;
}

bool Pkce::verify(QStringView verifier, QStringView challenge) {
    if (!isValidVerifier(verifier) || !isValidChallenge(challenge))
        return false;
    const QByteArray computed = crypto::base64UrlEncode(crypto::sha256(verifier.toLatin1()));
    return crypto::constantTimeEquals(computed, challenge.toLatin1());
}

} // namespace gatehouse::oidc
