#pragma once

#include "core/Result.h"
#include "identity/CommonPasswords.h"

#include <QJsonObject>
#include <QString>
#include <QStringView>

namespace gatehouse::identity {

// Who the password is for: a password equal to one of these is refused.
struct PasswordContext {
    QString email;
    QString username;
};

// A database connection's password rules, after NIST SP 800-63B §5.1.1.2: a minimum length
// counted in Unicode code points, a maximum only to bound hashing cost, a common-password list,
// no composition rules ("one digit, one symbol"), no truncation and no periodic expiry.
class PasswordPolicy final {
public:
    static constexpr int kDefaultMinLength = 8; // SP 800-63B: at least 8 for user-chosen secrets
    static constexpr int kMaxMinLength = 128;   // as Auth0's password_complexity_options

    // minLength is clamped to [1, kMaxMinLength]; commonPasswords must outlive the policy (the
    // built-in list lives as long as the program).
    explicit PasswordPolicy(int minLength = kDefaultMinLength,
                            const CommonPasswords& commonPasswords = CommonPasswords::builtIn());

    // From a connection's options JSON. Recognised, first match wins for the minimum length:
    //   {"password_policy": {"min_length": 12}}              Gatehouse's own; other keys refused
    //   {"password_complexity_options": {"min_length": 12}}  Auth0's
    //   {"passwordPolicy": "none"|"low"|"fair"|"good"|"excellent"}
    //                                     Auth0's names, mapped to min lengths 1/6/8/8/10 only:
    //                                     their character-class rules are deliberately not applied
    // Nothing recognised: kDefaultMinLength. The common-password and identifier checks always
    // apply. Errors: "invalid_password_policy" (400) naming the offending option.
    [[nodiscard]] static Result<PasswordPolicy>
    fromConnectionOptions(const QJsonObject& options,
                          const CommonPasswords& commonPasswords = CommonPasswords::builtIn());

    // The form a password is checked, hashed and verified in: NFKC (SP 800-63B §5.1.1.2), so that
    // the same password typed on different keyboards or input methods is the same password.
    [[nodiscard]] static QString normalize(QStringView password);

    // Errors (all 400; messages never contain the password):
    //   password_too_long            over crypto::PasswordHasher::kMaxPasswordBytes in UTF-8
    //   password_too_short           fewer code points than minLength()
    //   password_same_as_identifier  equal, ignoring case, to the e-mail address, its local part
    //                                or the username
    //   password_too_common          in the common-password list
    [[nodiscard]] Result<void> check(QStringView password, const PasswordContext& context) const;

    [[nodiscard]] int minLength() const { return m_minLength; }

    // {"min_length": N}: what the dashboard shows and the login page hints at.
    [[nodiscard]] QJsonObject toJson() const;

private:
    int m_minLength;
    const CommonPasswords* m_commonPasswords;
};

} // namespace gatehouse::identity
