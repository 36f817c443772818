#include "oidc/LoginTransaction.h"

#include "crypto/Digest.h"
#include "crypto/Encoding.h"
#include "crypto/Random.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace gatehouse::oidc {

namespace {

using namespace Qt::StringLiterals;

QByteArray associatedData(const QString& tenant) {
    return "login_transaction:" + tenant.toUtf8();
}

Error invalidTransaction() {
    return Error::badRequest("invalid_transaction",
                             u"This login link is not valid. Start again from the application."_s);
}

} // namespace

LoginTransactionCodec::LoginTransactionCodec(const crypto::Sealer& master)
    : m_sealer(master.derive("gatehouse login transaction v1"))
    , m_csrfKey(master.deriveKey("gatehouse login csrf v1")) {}

LoginTransaction LoginTransactionCodec::start(const QString& tenant, AuthorizationRequest request,
                                              const QDateTime& now) const {
    return LoginTransaction{crypto::base64UrlEncode(crypto::randomBytes(16)), tenant,
                            std::move(request), now.addSecs(kLifetimeSeconds)};
}

QByteArray LoginTransactionCodec::seal(const LoginTransaction& transaction) const {
    const QJsonObject payload{
        {u"id"_s, QString::fromLatin1(transaction.id)},
        {u"exp"_s, double(transaction.expiresAt.toMSecsSinceEpoch())},
        {u"request"_s, transaction.request.toJson()},
    };
    return crypto::base64UrlEncode(m_sealer.seal(
        QJsonDocument(payload).toJson(QJsonDocument::Compact), associatedData(transaction.tenant)));
}

Result<LoginTransaction> LoginTransactionCodec::open(QByteArrayView sealed, const QString& tenant,
                                                     const QDateTime& now) const {
    Result<QByteArray> blob = crypto::base64UrlDecode(sealed);
    if (!blob)
        return invalidTransaction();
    Result<QByteArray> plain = m_sealer.open(*blob, associatedData(tenant));
    if (!plain)
        return invalidTransaction();
    const QJsonObject payload = QJsonDocument::fromJson(*plain).object();
    Result<AuthorizationRequest> request =
        AuthorizationRequest::fromJson(payload.value("request"_L1).toObject());
    const QString id = payload.value("id"_L1).toString();
    if (!request || id.isEmpty())
        return invalidTransaction();
    LoginTransaction transaction{
        id.toLatin1(), tenant, std::move(*request),
        QDateTime::fromMSecsSinceEpoch(qint64(payload.value("exp"_L1).toDouble()), Qt::UTC)};
    if (transaction.expiresAt <= now)
        return Error::badRequest("transaction_expired",
                                 u"This login took too long. Start again from the application."_s);
    return transaction;
}

QByteArray LoginTransactionCodec::csrfToken(QByteArrayView cookie,
                                            const LoginTransaction& transaction) const {
    return csrfToken(cookie, QByteArrayView(transaction.id));
}

bool LoginTransactionCodec::verifyCsrf(QByteArrayView cookie, QByteArrayView token,
                                       const LoginTransaction& transaction) const {
    return verifyCsrf(cookie, token, QByteArrayView(transaction.id));
}

QByteArray LoginTransactionCodec::csrfToken(QByteArrayView cookie, QByteArrayView binding) const {
    const QByteArray message = cookie.toByteArray() + '|' + binding.toByteArray();
    return crypto::base64UrlEncode(crypto::hmacSha256(m_csrfKey, message));
}

bool LoginTransactionCodec::verifyCsrf(QByteArrayView cookie, QByteArrayView token,
                                       QByteArrayView binding) const {
    if (cookie.isEmpty() || token.isEmpty() || binding.isEmpty())
        return false;
    return crypto::constantTimeEquals(csrfToken(cookie, binding), token);
}

} // namespace gatehouse::oidc
