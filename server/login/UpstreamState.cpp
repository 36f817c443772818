#include "login/UpstreamState.h"

#include "crypto/Digest.h"
#include "crypto/Encoding.h"
#include "crypto/Random.h"
#include "identity/UpstreamOidcClient.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace gatehouse::login {

namespace {

using namespace Qt::StringLiterals;

QByteArray associatedData(const QString& tenant) {
    return "upstream_state:" + tenant.toUtf8();
}

Error invalidState() {
    return Error::badRequest("invalid_upstream_state",
                             u"This login link is not valid. Start again from the application."_s);
}

double millis(const QDateTime& time) {
    return double(time.toMSecsSinceEpoch());
}

QDateTime fromMillis(const QJsonValue& value) {
    return QDateTime::fromMSecsSinceEpoch(qint64(value.toDouble()), Qt::UTC);
}

} // namespace

UpstreamStateCodec::UpstreamStateCodec(const crypto::Sealer& master)
    : m_sealer(master.derive("gatehouse upstream state v1"))
    , m_bindingKey(master.deriveKey("gatehouse upstream binding v1")) {}

UpstreamState UpstreamStateCodec::start(oidc::LoginTransaction transaction,
                                        const store::ConnectionRecord& connection,
                                        QByteArrayView cookie, const QDateTime& now) const {
    return UpstreamState{std::move(transaction), connection.id, connection.name,
                         identity::UpstreamOidcClient::newCodeVerifier(),
                         // 128 random bits, like the verifier from the CSPRNG.
                         QString::fromLatin1(crypto::randomToken(16)), bindingOf(cookie),
                         now.addSecs(kLifetimeSeconds)};
}

QByteArray UpstreamStateCodec::seal(const UpstreamState& state) const {
    const oidc::LoginTransaction& transaction = state.transaction;
    const QJsonObject payload{
        {u"tid"_s, QString::fromLatin1(transaction.id)},
        {u"texp"_s, millis(transaction.expiresAt)},
        {u"req"_s, transaction.request.toJson()},
        {u"cid"_s, state.connectionId},
        {u"con"_s, state.connection},
        {u"cv"_s, state.codeVerifier},
        {u"n"_s, state.nonce},
        {u"b"_s, QString::fromLatin1(crypto::base64UrlEncode(state.binding))},
        {u"exp"_s, millis(state.expiresAt)},
    };
    return crypto::base64UrlEncode(m_sealer.seal(
        QJsonDocument(payload).toJson(QJsonDocument::Compact), associatedData(transaction.tenant)));
}

Result<UpstreamState> UpstreamStateCodec::open(QByteArrayView sealed, const QString& tenant,
                                               const QDateTime& now) const {
    Result<QByteArray> blob = crypto::base64UrlDecode(sealed);
    if (!blob)
        return invalidState();
    Result<QByteArray> plain = m_sealer.open(*blob, associatedData(tenant));
    if (!plain)
        return invalidState();
    const QJsonObject payload = QJsonDocument::fromJson(*plain).object();
    Result<oidc::AuthorizationRequest> request =
        oidc::AuthorizationRequest::fromJson(payload.value("req"_L1).toObject());
    Result<QByteArray> binding =
        crypto::base64UrlDecode(payload.value("b"_L1).toString().toLatin1());
    UpstreamState state{
        oidc::LoginTransaction{payload.value("tid"_L1).toString().toLatin1(), tenant,
                               request ? std::move(*request) : oidc::AuthorizationRequest{},
                               fromMillis(payload.value("texp"_L1))},
        payload.value("cid"_L1).toString(),
        payload.value("con"_L1).toString(),
        payload.value("cv"_L1).toString(),
        payload.value("n"_L1).toString(),
        binding ? *binding : QByteArray(),
        fromMillis(payload.value("exp"_L1))};
    if (!request || state.transaction.id.isEmpty() || state.connectionId.isEmpty() ||
        state.codeVerifier.isEmpty() || state.nonce.isEmpty() || state.binding.isEmpty())
        return invalidState();
    if (state.expiresAt <= now)
        return Error::badRequest("upstream_state_expired",
                                 u"This login took too long. Start again from the application."_s);
    return state;
}

bool UpstreamStateCodec::isBoundTo(const UpstreamState& state, QByteArrayView cookie) const {
    if (cookie.isEmpty())
        return false;
    return crypto::constantTimeEquals(bindingOf(cookie), state.binding);
}

QByteArray UpstreamStateCodec::bindingOf(QByteArrayView cookie) const {
    return crypto::hmacSha256(m_bindingKey, cookie);
}

} // namespace gatehouse::login
