#include "login/LoginMails.h"

namespace gatehouse::login::mails {

namespace {

using namespace Qt::StringLiterals;

mail::MailMessage message(const QString& to, QString subject, QString body) {
    return mail::MailMessage{{}, to, std::move(subject), std::move(body), std::nullopt};
}

} // namespace

mail::MailMessage welcome(const QString& to, const QString& tenant, const QString& verifyLink) {
    const QString verify = verifyLink.isEmpty()
                               ? QString()
                               : u"Please confirm that this is your address by opening this "
                                 "link (it works once, for 5 days):\n\n"_s +
                                     verifyLink + u"\n\n"_s;
    return message(to, u"Welcome to "_s + tenant,
                   u"Hello,\n\n"
                   "an account for "_s +
                       to + u" was created at "_s + tenant + u".\n\n"_s + verify +
                       u"If you did not sign up yourself, someone else used your address: you "
                       "can ignore this message, or choose a new password with \"Forgot "
                       "password?\" on the login page to take the account over.\n"_s);
}

mail::MailMessage signupWithExistingAddress(const QString& to, const QString& tenant) {
    return message(to, u"Someone tried to sign up with your address at "_s + tenant,
                   u"Hello,\n\n"
                   "someone tried to create an account at "_s +
                       tenant + u" with your address, "_s + to +
                       u", which already has an account. Nothing was changed.\n\n"
                       "If it was you: log in with your password, or use \"Forgot password?\" on "
                       "the login page to choose a new one. If it was not you, you can ignore "
                       "this message.\n"_s);
}

mail::MailMessage usernameTaken(const QString& to, const QString& tenant, const QString& username) {
    return message(to, u"Your sign-up at "_s + tenant + u" is not complete"_s,
                   u"Hello,\n\n"
                   "the username \""_s +
                       username + u"\" you chose at "_s + tenant +
                       u" is not available, so no account was created. Sign up again with "
                       "another username.\n\n"
                       "If you did not try to sign up, you can ignore this message.\n"_s);
}

mail::MailMessage passwordReset(const QString& to, const QString& tenant, const QString& link,
                                int lifetimeMinutes) {
    return message(to, u"Choose a new password for "_s + tenant,
                   u"Hello,\n\n"
                   "someone asked to choose a new password for your account at "_s +
                       tenant + u". To choose one, open this link:\n\n"_s + link +
                       u"\n\nThe link works once, within "_s + QString::number(lifetimeMinutes) +
                       u" minutes. If you did not ask for it, ignore this message: your "
                       "password stays as it is.\n"_s);
}

mail::MailMessage passwordChanged(const QString& to, const QString& tenant) {
    return message(to, u"Your password at "_s + tenant + u" was changed"_s,
                   u"Hello,\n\n"
                   "the password of your account at "_s +
                       tenant +
                       u" was just changed, and every device that was logged in was logged "
                       "out.\n\n"
                       "If you did not do this, choose a new password at once with \"Forgot "
                       "password?\" on the login page.\n"_s);
}

} // namespace gatehouse::login::mails
