#include "login/PasswordVerification.h"

#include "identity/PasswordPolicy.h"
#include "login/LoginServices.h"
#include "oidc/SigningPool.h"
#include "tenancy/TenantSnapshot.h"

#include <sys/resource.h>
#include <unistd.h>

namespace gatehouse::login {

namespace {

// At peak, argon2id keeps every core busy. A lower CPU priority (nice 5) for the hashing threads
// lets the HTTP workers' cheap requests (health checks, JWKS, token refreshes) run first when
// they wake, and costs the logins nothing while nothing else wants the CPU. Linux applies nice
// per thread; the pool's threads come and go, so each lowers itself on its first job.
void lowerHashingThreadPriority() {
    thread_local bool lowered = false;
    if (lowered)
        return;
    lowered = true;
    (void)setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), 5);
}

// What a login of an unknown account verifies against, so that it costs what a real one does.
const QByteArray& dummyHash(const crypto::PasswordHasher& hasher) {
    static const QByteArray hash = [&] {
        Result<QByteArray> made = hasher.hash("gatehouse-dummy-password");
        return made ? *made : QByteArray();
    }();
    return hash;
}

PasswordVerdict verdict(PasswordVerdict::Outcome outcome) {
    PasswordVerdict result;
    result.outcome = outcome;
    return result;
}

PasswordVerdict failed(Error error) {
    PasswordVerdict result = verdict(PasswordVerdict::Outcome::Failed);
    result.error = std::move(error);
    return result;
}

PasswordVerdict refused(const identity::Decision& decision) {
    PasswordVerdict result = verdict(PasswordVerdict::Outcome::Refused);
    result.decision = decision;
    return result;
}

} // namespace

PasswordVerification::PasswordVerification(const LoginServices& services)
    : m_services(services) {}

void PasswordVerification::verify(PasswordAttempt attempt, Done done) const {
    const QString tenantId = attempt.tenant->id();
    const QString lowered = attempt.identifier.toLower();
    Result<std::optional<store::UserRecord>> user =
        attempt.identifier.contains(u'@')
            ? m_services.store.users().findByEmail(tenantId, attempt.connection, lowered)
            : m_services.store.users().findByUsername(tenantId, attempt.connection, lowered);
    if (!user)
        return done(failed(user.error()));
    identity::LoginAttempt counted{attempt.identifier,
                                   *user ? std::optional<QString>((*user)->userId) : std::nullopt,
                                   attempt.ip};
    Result<identity::Decision> decision =
        m_services.attacks.check(attempt.tenant->record(), counted);
    if (!decision)
        return done(failed(decision.error()));
    if (!decision->allowed())
        return done(refused(*decision));

    auto work = [services = &m_services, tenant = attempt.tenant, counted, done,
                 checked = *decision, user = std::move(*user),
                 password = identity::PasswordPolicy::normalize(attempt.password).toUtf8()] {
        lowerHashingThreadPriority();
        const crypto::PasswordHasher& hasher = services->hasher;
        const QByteArray& stored = user ? user->passwordHash : dummyHash(hasher);
        const bool verified = hasher.verify(password, stored) && user.has_value();
        const store::TenantRecord& record = tenant->record();
        if (!verified) {
            Result<identity::Decision> after = services->attacks.recordFailure(record, counted);
            done(after && !after->allowed() ? refused(*after)
                                            : verdict(PasswordVerdict::Outcome::WrongCredentials));
            return;
        }
        if (user->blocked)
            return done(verdict(PasswordVerdict::Outcome::AccountBlocked));
        (void)services->attacks.recordSuccess(record, counted, checked);
        PasswordVerdict result = verdict(PasswordVerdict::Outcome::Verified);
        result.user = *user;
        if (hasher.needsRehash(user->passwordHash)) {
            if (Result<QByteArray> rehashed = hasher.hash(password); rehashed) {
                result.user->passwordHash = *rehashed;
                if (Result<store::UserRecord> updated =
                        services->store.users().update(*result.user);
                    updated)
                    result.user = *updated;
            }
        }
        done(std::move(result));
    };
    if (!m_services.hashingPool.trySubmit(std::move(work)))
        done(verdict(PasswordVerdict::Outcome::Busy));
}

} // namespace gatehouse::login
