#include "identity/AttackProtection.h"

#include "crypto/Digest.h"
#include "crypto/Encoding.h"
#include "identity/ClientAddress.h"
#include "identity/SecurityLog.h"
#include "store/Store.h"

#include <QJsonDocument>
#include <QJsonValue>

#include <cmath>

namespace gatehouse::identity {
namespace {

using store::AttackCounterKind;
using store::AttackCounterRecord;

// Limits as TenantSettingsApi enforces them; a stored value outside them is the default.
constexpr int kMaxBruteForceAttempts = 100;
constexpr int kMaxIpAttempts = 100'000;
constexpr qint64 kMaxMinutes = 366LL * 24 * 60;

qint64 numberSetting(const QJsonObject& object, QLatin1String name, qint64 fallback,
                     qint64 maximum) {
    const QJsonValue value = object.value(name);
    if (!value.isDouble())
        return fallback;
    const double number = value.toDouble();
    if (!std::isfinite(number) || number < 1 || number > static_cast<double>(maximum) ||
        std::trunc(number) != number)
        return fallback;
    return static_cast<qint64>(number);
}

bool boolSetting(const QJsonObject& object, QLatin1String name, bool fallback) {
    const QJsonValue value = object.value(name);
    return value.isBool() ? value.toBool() : fallback;
}

// Where one attempt is counted.
struct Counters {
    AttackCounterKind pairKind;
    QString pairSubject;
    QString ip;
};

Counters countersFor(const LoginAttempt& attempt) {
    const QString ip = attackCounterAddress(attempt.ip);
    if (attempt.userId && !attempt.userId->isEmpty())
        return {AttackCounterKind::UserIp,
                store::AttackCounterRepository::userIpSubject(*attempt.userId, ip), ip};
    const QString normalized =
        attempt.identifier.trimmed().normalized(QString::NormalizationForm_KC).toCaseFolded();
    const QByteArray hash = crypto::base64UrlEncode(crypto::sha256(normalized.toUtf8()));
    return {AttackCounterKind::Ip,
            QStringLiteral("identifier|") + QString::fromLatin1(hash) + QLatin1Char('|') + ip, ip};
}

Decision refused(Decision::Verdict verdict, const QDateTime& until, const QDateTime& now) {
    Decision decision;
    decision.verdict = verdict;
    decision.until = until;
    const qint64 ms = now.msecsTo(until);
    decision.retryAfterSeconds = std::max<qint64>(1, (ms + 999) / 1000);
    return decision;
}

// `event`: "blocked" when this failure started the block, "refused" for an attempt during one.
void logDecision(const QString& tenant, const LoginAttempt& attempt, const Counters& counters,
                 const Decision& decision, const QString& event, int failures) {
    QJsonObject line{
        {QStringLiteral("event"), event},
        {QStringLiteral("tenant"), tenant},
        {QStringLiteral("kind"), decision.verdict == Decision::Verdict::UserBlocked
                                     ? QStringLiteral("user_blocked")
                                     : QStringLiteral("ip_throttled")},
        {QStringLiteral("ip"), counters.ip},
        {QStringLiteral("until"), decision.until.toString(Qt::ISODateWithMs)},
    };
    if (attempt.userId)
        line.insert(QStringLiteral("user_id"), *attempt.userId);
    else
        line.insert(QStringLiteral("identifier"), attempt.identifier.left(256));
    if (failures > 0)
        line.insert(QStringLiteral("failures"), failures);
    qCWarning(lcSecurity).noquote()
        << QString::fromUtf8(QJsonDocument(line).toJson(QJsonDocument::Compact));
}

} // namespace

AttackProtectionSettings AttackProtectionSettings::fromTenantSettings(const QJsonObject& settings) {
    AttackProtectionSettings result;
    const QJsonObject bruteForce =
        settings.value(QLatin1String("brute_force_protection")).toObject();
    result.bruteForce.enabled = boolSetting(bruteForce, QLatin1String("enabled"), true);
    result.bruteForce.maxAttempts = static_cast<int>(
        numberSetting(bruteForce, QLatin1String("max_attempts"), 10, kMaxBruteForceAttempts));
    result.bruteForce.block = std::chrono::minutes(
        numberSetting(bruteForce, QLatin1String("block_minutes"), 60, kMaxMinutes));

    const QJsonObject ip = settings.value(QLatin1String("suspicious_ip_throttling")).toObject();
    result.ipThrottling.enabled = boolSetting(ip, QLatin1String("enabled"), true);
    result.ipThrottling.maxAttempts =
        static_cast<int>(numberSetting(ip, QLatin1String("max_attempts"), 100, kMaxIpAttempts));
    result.ipThrottling.window =
        std::chrono::minutes(numberSetting(ip, QLatin1String("window_minutes"), 60, kMaxMinutes));
    return result;
}

Error Decision::toError() const {
    switch (verdict) {
    case Verdict::UserBlocked:
        return Error{QByteArrayLiteral("too_many_attempts"),
                     QStringLiteral("Your account has been blocked after multiple consecutive "
                                    "login attempts."),
                     401};
    case Verdict::IpThrottled:
        return Error{QByteArrayLiteral("too_many_requests"),
                     QStringLiteral("Too many login attempts from your network. Try again in %1 "
                                    "seconds.")
                         .arg(retryAfterSeconds),
                     429};
    case Verdict::Allowed:
        break;
    }
    return Error{};
}

AttackProtection::AttackProtection(store::Store& store)
    : m_store(store) {}

Result<Decision> AttackProtection::check(const store::TenantRecord& tenant,
                                         const LoginAttempt& attempt) const {
    const AttackProtectionSettings settings =
        AttackProtectionSettings::fromTenantSettings(tenant.settings);
    const Counters counters = countersFor(attempt);
    const QDateTime now = m_store.database().now();
    Decision allowed;
    struct Probe {
        bool enabled;
        AttackCounterKind kind;
        QString subject;
        Decision::Verdict verdict;
    };
    for (const Probe& probe : {Probe{settings.ipThrottling.enabled, AttackCounterKind::Ip,
                                     counters.ip, Decision::Verdict::IpThrottled},
                               Probe{settings.bruteForce.enabled, counters.pairKind,
                                     counters.pairSubject, Decision::Verdict::UserBlocked}}) {
        if (!probe.enabled)
            continue;
        Result<std::optional<AttackCounterRecord>> counter =
            m_store.attackCounters().find(tenant.id, probe.kind, probe.subject);
        if (!counter)
            return counter.error();
        if (*counter && (*counter)->isBlocked(now)) {
            const Decision decision = refused(probe.verdict, (*counter)->blockedUntil, now);
            logDecision(tenant.id, attempt, counters, decision, QStringLiteral("refused"), 0);
            return decision;
        }
        if (probe.verdict == Decision::Verdict::UserBlocked)
            allowed.pairFailuresOnRecord = counter->has_value();
    }
    return allowed;
}

Result<Decision> AttackProtection::recordFailure(const store::TenantRecord& tenant,
                                                 const LoginAttempt& attempt) const {
    const AttackProtectionSettings settings =
        AttackProtectionSettings::fromTenantSettings(tenant.settings);
    const Counters counters = countersFor(attempt);
    std::optional<AttackCounterRecord> pair;
    std::optional<AttackCounterRecord> ip;
    Result<void> counted = m_store.transaction([&]() -> Result<void> {
        auto& repository = m_store.attackCounters();
        if (settings.ipThrottling.enabled) {
            Result<AttackCounterRecord> record = repository.recordFailure(
                tenant.id, AttackCounterKind::Ip, counters.ip, settings.ipThrottling.window,
                settings.ipThrottling.maxAttempts, settings.ipThrottling.window);
            if (!record)
                return record.error();
            ip = std::move(*record);
        }
        if (settings.bruteForce.enabled) {
            Result<AttackCounterRecord> record = repository.recordFailure(
                tenant.id, counters.pairKind, counters.pairSubject, kConsecutiveWindow,
                settings.bruteForce.maxAttempts, settings.bruteForce.block);
            if (!record)
                return record.error();
            pair = std::move(*record);
        }
        return {};
    });
    if (!counted)
        return counted.error();

    const QDateTime now = m_store.database().now();
    const auto decide = [&](const std::optional<AttackCounterRecord>& counter, int threshold,
                            Decision::Verdict verdict) -> std::optional<Decision> {
        if (!counter || !counter->isBlocked(now))
            return std::nullopt;
        const Decision decision = refused(verdict, counter->blockedUntil, now);
        const bool started = counter->failures == threshold;
        logDecision(tenant.id, attempt, counters, decision,
                    started ? QStringLiteral("blocked") : QStringLiteral("refused"),
                    counter->failures);
        return decision;
    };
    if (auto decision =
            decide(ip, settings.ipThrottling.maxAttempts, Decision::Verdict::IpThrottled))
        return *decision;
    if (auto decision =
            decide(pair, settings.bruteForce.maxAttempts, Decision::Verdict::UserBlocked))
        return *decision;
    return Decision{};
}

Result<void> AttackProtection::recordSuccess(const store::TenantRecord& tenant,
                                             const LoginAttempt& attempt) const {
    const Counters counters = countersFor(attempt);
    return m_store.attackCounters().reset(tenant.id, counters.pairKind, counters.pairSubject);
}

Result<void> AttackProtection::recordSuccess(const store::TenantRecord& tenant,
                                             const LoginAttempt& attempt,
                                             const Decision& checked) const {
    if (!checked.pairFailuresOnRecord)
        return {};
    return recordSuccess(tenant, attempt);
}

Result<int> AttackProtection::unblock(const QString& tenantId, const QString& userId) const {
    Result<int> removed = m_store.attackCounters().unblockUser(tenantId, userId);
    if (removed && *removed > 0)
        qCInfo(lcSecurity).noquote() << QString::fromUtf8(
            QJsonDocument(QJsonObject{{QStringLiteral("event"), QStringLiteral("unblocked")},
                                      {QStringLiteral("tenant"), tenantId},
                                      {QStringLiteral("user_id"), userId},
                                      {QStringLiteral("counters"), *removed}})
                .toJson(QJsonDocument::Compact));
    return removed;
}

Result<void> AttackProtection::unthrottle(const QString& tenantId, const QString& ip) const {
    return m_store.attackCounters().reset(tenantId, AttackCounterKind::Ip,
                                          attackCounterAddress(ip));
}

} // namespace gatehouse::identity
