#include "management/JobsApi.h"

#include "crypto/Random.h"
#include "identity/EmailVerification.h"
#include "management/RequestBody.h"
#include "store/Store.h"
#include "tenancy/TenantSnapshot.h"

#include <QDateTime>
#include <array>

namespace gatehouse::management {
namespace {

using namespace Qt::StringLiterals;

constexpr QLatin1String kUserId{"user_id"};
constexpr QLatin1String kClientId{"client_id"};

} // namespace

JobsApi::JobsApi(store::Store& store, MailSender sendMail)
    : m_store(store)
    , m_sendMail(std::move(sendMail)) {}

QList<Endpoint> JobsApi::endpoints() {
    return {
        {http::Method::Post, QByteArrayLiteral("/api/v2/jobs/verification-email"),
         QLatin1String("update:users"), Access::Write, Reach::EveryTenant,
         [this](const ManagementCall& call) {
             return verificationEmail(call);
         }},
    };
}

Result<http::HttpResponse> JobsApi::verificationEmail(const ManagementCall& call) {
    static const std::array<Field, 2> fields{
        Field{.name = kUserId, .presence = Presence::Required, .maxLength = 512, .nonEmpty = true},
        Field{.name = kClientId, .maxLength = 128, .nonEmpty = true},
    };
    auto body =
        RequestBody::parse(call.request.header("Content-Type"), call.request.body(), fields);
    if (!body)
        return body.error();
    const QString userId = body->string(kUserId);
    auto user = requireFound(m_store.users().find(call.tenantId(), userId), "user"_L1, userId);
    if (!user)
        return user.error();
    // Auth0 uses the client for the mail's template; here it must at least be one of the tenant's.
    if (body->has(kClientId) && call.route.tenant->client(body->string(kClientId)) == nullptr)
        return notFoundInTenant("client"_L1, body->string(kClientId));
    if (user->email.isEmpty())
        return Error::badRequest(QByteArrayLiteral("invalid_body"),
                                 u"the user %1 has no email address to verify"_s.arg(userId));
    if (!m_sendMail)
        return Error{QByteArrayLiteral("temporarily_unavailable"), u"this server sends no mail"_s,
                     503};
    Result<QString> link =
        identity::EmailVerification::issueLink(m_store, *user, call.route.issuer);
    if (!link)
        return link.error();
    const store::TenantRecord& tenant = call.route.tenant->record();
    m_sendMail(identity::EmailVerification::mail(
        user->email, tenant.displayName.isEmpty() ? tenant.id : tenant.displayName, *link));
    return jsonResponse(
        201, QJsonObject{
                 {u"type"_s, u"verification_email"_s},
                 {u"status"_s, u"pending"_s},
                 {u"created_at"_s, timestamp(QDateTime::currentDateTimeUtc())},
                 {u"id"_s, QString(u"job_"_s + QString::fromLatin1(crypto::randomToken(12)))},
             });
}

} // namespace gatehouse::management
