#pragma once

#include "mail/MailMessage.h"
#include "management/ManagementEndpoint.h"

#include <QList>
#include <functional>

namespace gatehouse::store {
class Store;
}

namespace gatehouse::management {

// /api/v2/jobs: Auth0's jobs, of which Gatehouse runs one, at once rather than queued:
//   POST /api/v2/jobs/verification-email {user_id, client_id?}  (update:users)
// makes an address-verification link (identity::EmailVerification) for the user's current
// address and mails it; 201 with Auth0's job shape ({type, status, created_at, id}). An unknown
// user (or one of another tenant) or client is 404; a user without an address is 400. The mail
// goes through `sendMail` (the login flow's mail thread in gatehoused); without one the job is
// refused with 503, since a link nobody receives verifies nothing.
class JobsApi final {
public:
    using MailSender = std::function<void(mail::MailMessage message)>;

    JobsApi(store::Store& store, MailSender sendMail);

    [[nodiscard]] QList<Endpoint> endpoints();

private:
    [[nodiscard]] Result<http::HttpResponse> verificationEmail(const ManagementCall& call);

    store::Store& m_store;
    MailSender m_sendMail;
};

} // namespace gatehouse::management
