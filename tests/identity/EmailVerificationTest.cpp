// Address-verification links over a real store, on SQLite and PostgreSQL, with the store's fake
// clock: single use, 5 days, only the address the link was sent to, and never a password reset.

#include "identity/EmailVerification.h"

#include "crypto/Digest.h"
#include "store/TransactionalTestSupport.h"

#include <QUrl>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

namespace gatehouse::identity::test {
namespace {

using store::test::TransactionalTest;

const QString kIssuer = u"https://id.example/t/acme/"_s;

class EmailVerificationTest : public TransactionalTest {
protected:
    store::UserRecord alice() {
        Result<std::optional<store::UserRecord>> user = store().users().find(u"acme"_s, m_userId);
        EXPECT_OK(user);
        return user.ok() && user->has_value() ? **user : store::UserRecord();
    }

    // The ticket of a link that issueLink made, checking the link's shape.
    QByteArray issue() {
        Result<QString> link = EmailVerification::issueLink(store(), alice(), kIssuer);
        EXPECT_OK(link);
        if (!link)
            return {};
        const QUrl url(*link);
        EXPECT_TRUE(link->startsWith(kIssuer + u"u/verify-email?ticket="_s)) << link->toStdString();
        return QUrlQuery(url).queryItemValue(u"ticket"_s).toLatin1();
    }

    void expectInvalid(const Result<store::UserRecord>& result) {
        ASSERT_FALSE(result.ok());
        EXPECT_EQ(result.error().code, EmailVerification::kInvalidTicket);
        EXPECT_EQ(result.error().httpStatus, 400);
    }
};

TEST_P(EmailVerificationTest, ALinkVerifiesTheAddressOnce) {
    ASSERT_FALSE(alice().emailVerified);
    const QByteArray ticket = issue();
    EXPECT_EQ(ticket.size(), 43);
    // Only the hash is stored.
    EXPECT_EQ(store::test::countRows(db(), u"password_resets"_s), 1);
    Result<store::UserRecord> verified = EmailVerification::verify(store(), u"acme"_s, ticket);
    ASSERT_OK(verified);
    EXPECT_TRUE(verified->emailVerified);
    EXPECT_TRUE(alice().emailVerified);
    expectInvalid(EmailVerification::verify(store(), u"acme"_s, ticket));
}

TEST_P(EmailVerificationTest, BadExpiredForeignAndStaleTicketsVerifyNothing) {
    const QByteArray ticket = issue();
    ASSERT_OK(store().tenants().create(store::test::tenant(u"beta"_s)));
    expectInvalid(EmailVerification::verify(store(), u"beta"_s, ticket));
    for (const QByteArray& bad :
         QList<QByteArray>{QByteArray(), QByteArray("x"), QByteArray(ticket.size(), 'A'),
                           QByteArray(ticket + "A"), QByteArray(ticket.left(42) + '='),
                           QByteArray(ticket).replace(0, 1, "+")})
        expectInvalid(EmailVerification::verify(store(), u"acme"_s, bad));
    // A verification ticket is no password reset, and vice versa.
    expectInvalid(EmailVerification::verify(store(), u"acme"_s, QByteArray(43, 'r')));
    EXPECT_FALSE(store().passwordResets().consume(u"acme"_s, crypto::sha256(ticket)).ok());
    EXPECT_FALSE(alice().emailVerified);

    // Five days, then it has expired.
    m_clock.advance(5LL * 24 * 3600 * 1000);
    expectInvalid(EmailVerification::verify(store(), u"acme"_s, ticket));

    // A link for the address the user had before verifies nothing now.
    const QByteArray old = issue();
    store::UserRecord changed = alice();
    changed.email = u"new@example.com"_s;
    ASSERT_OK(store().users().update(changed));
    expectInvalid(EmailVerification::verify(store(), u"acme"_s, old));
    EXPECT_FALSE(alice().emailVerified);

    // No address, no link.
    changed.email.clear();
    ASSERT_OK(store().users().update(changed));
    EXPECT_FALSE(EmailVerification::issueLink(store(), alice(), kIssuer).ok());
}

GATEHOUSE_INSTANTIATE_ENGINES(EmailVerificationTest);

} // namespace
} // namespace gatehouse::identity::test
