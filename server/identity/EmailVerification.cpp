#include "identity/EmailVerification.h"

#include "crypto/Digest.h"
#include "crypto/Encoding.h"
#include "crypto/Random.h"
#include "store/Store.h"

#include <QUrl>

namespace gatehouse::identity {

namespace {

using namespace Qt::StringLiterals;

Error invalidTicket() {
    return Error::badRequest(EmailVerification::kInvalidTicket,
                             u"This verification link is invalid, has expired or was used "
                             "already."_s);
}

} // namespace

Result<QString> EmailVerification::issueLink(store::Store& store, const store::UserRecord& user,
                                             const QString& issuer) {
    if (user.email.isEmpty())
        return Error::badRequest(QByteArrayLiteral("invalid_request"),
                                 u"the user has no e-mail address"_s);
    const QByteArray ticket = crypto::base64UrlEncode(crypto::randomBytes(32));
    store::PasswordResetRecord record;
    record.tenant = user.tenant;
    record.userId = user.userId;
    record.tokenHash = crypto::sha256(ticket);
    record.purpose = store::PasswordResetRepository::kEmailVerification;
    record.email = user.email;
    if (Result<store::PasswordResetRecord> made =
            store.passwordResets().create(std::move(record), kTicketLifetime);
        !made)
        return made.error();
    return QString(issuer + kPagePath + u"?ticket="_s + QString::fromLatin1(ticket));
}

Result<store::UserRecord> EmailVerification::verify(store::Store& store, const QString& tenant,
                                                    QByteArrayView ticket) {
    // Tickets are 32 bytes, base64url: anything else is not looked up.
    if (ticket.size() != 43)
        return invalidTicket();
    if (Result<QByteArray> bytes = crypto::base64UrlDecode(ticket); !bytes || bytes->size() != 32)
        return invalidTicket();
    std::optional<Error> refused;
    Result<store::UserRecord> verified =
        store.database().transaction<store::UserRecord>([&]() -> Result<store::UserRecord> {
            refused.reset(); // a retried transaction starts over
            Result<store::PasswordResetRecord> used = store.passwordResets().consume(
                tenant, crypto::sha256(ticket), store::PasswordResetRepository::kEmailVerification);
            if (!used) {
                if (used.error().code != store::PasswordResetRepository::kInvalidToken)
                    return used.error();
                refused = invalidTicket();
                return store::UserRecord();
            }
            Result<std::optional<store::UserRecord>> user =
                store.users().find(tenant, used->userId);
            if (!user)
                return user.error();
            // The ticket is used either way: a link for an old address is worth nothing now.
            if (!*user || (*user)->email.isEmpty() || (*user)->email != used->email) {
                refused = invalidTicket();
                return store::UserRecord();
            }
            if ((*user)->emailVerified)
                return std::move(**user);
            store::UserRecord changed = std::move(**user);
            changed.emailVerified = true;
            return store.users().update(std::move(changed));
        });
    if (!verified)
        return verified.error();
    if (refused)
        return *refused;
    return verified;
}

mail::MailMessage EmailVerification::mail(const QString& to, const QString& tenantName,
                                          const QString& link) {
    return mail::MailMessage{
        {},
        to,
        u"Verify your email address at "_s + tenantName,
        u"Hello,\n\n"
        "please confirm that "_s +
            to + u" is your address at "_s + tenantName + u" by opening this link:\n\n"_s + link +
            u"\n\nThe link works once, for 5 days. If you did not expect this message, you can "
            "ignore it.\n"_s,
        std::nullopt};
}

} // namespace gatehouse::identity
