// UserRepository::search and countMatching: the store runs a WHERE fragment made elsewhere
// (identity::toSql), always inside the tenant, sorted by a whitelisted column, paged.
#include "StoreTestSupport.h"

using namespace Qt::StringLiterals;

namespace gatehouse::store::test {
namespace {

class UserSearchTest : public EngineTest {
protected:
    void SetUp() override {
        EngineTest::SetUp();
        if (HasFatalFailure())
            return;
        for (const QString& id : {u"acme"_s, u"globex"_s}) {
            ASSERT_OK(store().tenants().create(tenant(id)));
            ASSERT_OK(store().connections().create(ConnectionRepository::defaultDatabase(id)));
        }
        // acme: carol (no name), alice, bob; globex: alice.
        UserRecord carol = user(u"acme"_s, u"carol@example.com"_s);
        ASSERT_OK(store().users().create(carol));
        UserRecord alice = user(u"acme"_s, u"alice@example.com"_s);
        alice.name = u"Alice"_s;
        ASSERT_OK(store().users().create(alice));
        UserRecord bob = user(u"acme"_s, u"bob@example.com"_s);
        bob.name = u"Bob"_s;
        ASSERT_OK(store().users().create(bob));
        ASSERT_OK(store().users().create(user(u"globex"_s, u"alice@example.com"_s)));
    }

    QStringList emails(const Result<QList<UserRecord>>& users) {
        EXPECT_TRUE(users.ok()) << users.error().toString().toStdString();
        QStringList result;
        if (users.ok()) {
            for (const UserRecord& found : *users)
                result << found.email;
        }
        return result;
    }
};

TEST_P(UserSearchTest, AnEmptyFragmentListsTheTenantsUsers) {
    EXPECT_EQ(emails(store().users().search(u"acme"_s, {}, {}, u"email"_s, true, 0, 50)),
              (QStringList{u"alice@example.com"_s, u"bob@example.com"_s, u"carol@example.com"_s}));
    const Result<qint64> count = store().users().countMatching(u"acme"_s, {}, {});
    ASSERT_OK(count);
    EXPECT_EQ(*count, 3);
}

TEST_P(UserSearchTest, TheFragmentNeverEscapesTheTenant) {
    // A fragment that would match every row of the table still sees only acme's.
    const QString everything = u"(email = ?) OR (1 = 1)"_s;
    const QVariantList bindings{u"nobody@example.com"_s};
    EXPECT_EQ(
        emails(store().users().search(u"acme"_s, everything, bindings, u"email"_s, true, 0, 50))
            .size(),
        3);
    const Result<qint64> count = store().users().countMatching(u"globex"_s, everything, bindings);
    ASSERT_OK(count);
    EXPECT_EQ(*count, 1);

    const QString byEmail = u"(email = ?)"_s;
    EXPECT_EQ(emails(store().users().search(u"globex"_s, byEmail, {u"alice@example.com"_s},
                                            u"email"_s, true, 0, 50)),
              QStringList{u"alice@example.com"_s});
    EXPECT_TRUE(emails(store().users().search(u"acme"_s, byEmail, {u"nobody@example.com"_s},
                                              u"email"_s, true, 0, 50))
                    .isEmpty());
}

TEST_P(UserSearchTest, SortsEitherWayWithNullsLastAndPages) {
    EXPECT_EQ(emails(store().users().search(u"acme"_s, {}, {}, u"name"_s, true, 0, 50)),
              (QStringList{u"alice@example.com"_s, u"bob@example.com"_s, u"carol@example.com"_s}));
    EXPECT_EQ(emails(store().users().search(u"acme"_s, {}, {}, u"name"_s, false, 0, 50)),
              (QStringList{u"bob@example.com"_s, u"alice@example.com"_s, u"carol@example.com"_s}));
    EXPECT_EQ(emails(store().users().search(u"acme"_s, {}, {}, u"email"_s, false, 1, 1)),
              QStringList{u"bob@example.com"_s});
    EXPECT_TRUE(
        emails(store().users().search(u"acme"_s, {}, {}, u"email"_s, true, 3, 10)).isEmpty());
}

TEST_P(UserSearchTest, OnlyWhitelistedColumnsSort) {
    const Result<QList<UserRecord>> injected =
        store().users().search(u"acme"_s, {}, {}, u"email; DROP TABLE users"_s, true, 0, 10);
    ASSERT_FALSE(injected.ok());
    EXPECT_EQ(injected.error().code, "invalid_request");
    const Result<QList<UserRecord>> hash =
        store().users().search(u"acme"_s, {}, {}, u"password_hash"_s, true, 0, 10);
    ASSERT_FALSE(hash.ok());
    EXPECT_EQ(countRows(db(), u"users"_s), 4);
}

GATEHOUSE_INSTANTIATE_ENGINES(UserSearchTest);

} // namespace
} // namespace gatehouse::store::test
