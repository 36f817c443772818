#include "identity/PasswordPolicy.h"

#include "crypto/PasswordHasher.h"

#include <QJsonValue>
#include <QStringList>
#include <array>
#include <utility>

namespace gatehouse::identity {

namespace {

using namespace Qt::StringLiterals;

Error invalidPolicy(const QString& message) {
    return Error::badRequest(QByteArrayLiteral("invalid_password_policy"), message);
}

qsizetype codePoints(QStringView text) {
    qsizetype count = 0;
    for (const QChar c : text)
        count += c.isLowSurrogate() ? 0 : 1;
    return count;
}

Result<int> minLengthFrom(const QJsonValue& value, const QString& name) {
    const double number = value.toDouble(-1);
    if (!value.isDouble() || number != static_cast<int>(number) || number < 1 ||
        number > PasswordPolicy::kMaxMinLength)
        return invalidPolicy(
            u"%1 must be an integer from 1 to %2"_s.arg(name).arg(PasswordPolicy::kMaxMinLength));
    return static_cast<int>(number);
}

Result<int> fromGatehouseOptions(const QJsonValue& value) {
    if (!value.isObject())
        return invalidPolicy(u"password_policy must be an object"_s);
    const QJsonObject policy = value.toObject();
    for (auto it = policy.begin(); it != policy.end(); ++it) {
        if (it.key() != "min_length"_L1)
            return invalidPolicy(u"password_policy has no option '%1'"_s.arg(it.key()));
    }
    if (!policy.contains("min_length"_L1))
        return PasswordPolicy::kDefaultMinLength;
    return minLengthFrom(policy.value("min_length"_L1), u"password_policy.min_length"_s);
}

// Auth0's named levels. Only their lengths are kept: the character-class requirements of
// fair/good/excellent are composition rules, which SP 800-63B §5.1.1.2 says not to impose.
Result<int> fromAuth0Level(const QJsonValue& value) {
    static constexpr std::array<std::pair<const char*, int>, 5> kLevels{{
        {"none", 1},
        {"low", 6},
        {"fair", 8},
        {"good", 8},
        {"excellent", 10},
    }};
    const QString name = value.toString();
    for (const auto& [level, length] : kLevels) {
        if (name == QLatin1String(level))
            return length;
    }
    return invalidPolicy(u"passwordPolicy must be one of none, low, fair, good, excellent"_s);
}

bool sameIgnoringCase(const QString& normalizedPassword, const QString& identifier) {
    return !identifier.isEmpty() &&
           normalizedPassword.compare(PasswordPolicy::normalize(identifier), Qt::CaseInsensitive) ==
               0;
}

} // namespace

PasswordPolicy::PasswordPolicy(int minLength, const CommonPasswords& commonPasswords)
    : m_minLength(qBound(1, minLength, kMaxMinLength))
    , m_commonPasswords(&commonPasswords) {}

Result<PasswordPolicy> PasswordPolicy::fromConnectionOptions(const QJsonObject& options,
                                                             const CommonPasswords& common) {
    Result<int> minLength = kDefaultMinLength;
    if (options.contains("password_policy"_L1)) {
        minLength = fromGatehouseOptions(options.value("password_policy"_L1));
    } else if (const QJsonValue auth0 = options.value("password_complexity_options"_L1);
               auth0.isObject() && auth0.toObject().contains("min_length"_L1)) {
        minLength = minLengthFrom(auth0.toObject().value("min_length"_L1),
                                  u"password_complexity_options.min_length"_s);
    } else if (options.contains("passwordPolicy"_L1) &&
               !options.value("passwordPolicy"_L1).isNull()) {
        minLength = fromAuth0Level(options.value("passwordPolicy"_L1));
    }
    if (!minLength)
        return minLength.error();
    return PasswordPolicy(*minLength, common);
}

QString PasswordPolicy::normalize(QStringView password) {
    return password.toString().normalized(QString::NormalizationForm_KC);
}

Result<void> PasswordPolicy::check(QStringView password, const PasswordContext& context) const {
    constexpr qsizetype maxBytes = crypto::PasswordHasher::kMaxPasswordBytes;
    const QString tooLong =
        u"The password is too long: at most %1 bytes of UTF-8 are accepted."_s.arg(maxBytes);
    // Every UTF-16 unit is at least one UTF-8 byte: refuse megabytes before normalising them.
    if (password.size() > maxBytes)
        return Error::badRequest(QByteArrayLiteral("password_too_long"), tooLong);
    const QString normalized = normalize(password);
    if (normalized.toUtf8().size() > maxBytes)
        return Error::badRequest(QByteArrayLiteral("password_too_long"), tooLong);
    if (codePoints(normalized) < m_minLength)
        return Error::badRequest(
            QByteArrayLiteral("password_too_short"),
            u"The password is too short: use at least %1 characters."_s.arg(m_minLength));
    const QString emailLocalPart = context.email.section(u'@', 0, -2);
    if (sameIgnoringCase(normalized, context.email) ||
        sameIgnoringCase(normalized, emailLocalPart) ||
        sameIgnoringCase(normalized, context.username))
        return Error::badRequest(QByteArrayLiteral("password_same_as_identifier"),
                                 u"The password must not be your e-mail address or username."_s);
    if (m_commonPasswords->contains(normalized))
        return Error::badRequest(QByteArrayLiteral("password_too_common"),
                                 u"This password is too common and easy to guess: choose "
                                 u"another one, for example a few unrelated words."_s);
    return {};
}

QJsonObject PasswordPolicy::toJson() const {
    return QJsonObject{{"min_length"_L1, m_minLength}};
}

} // namespace gatehouse::identity
