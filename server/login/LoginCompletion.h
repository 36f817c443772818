#pragma once

#include "http/HttpRequest.h"
#include "http/HttpResponse.h"
#include "store/Records.h"

namespace gatehouse::login {

struct LoginContext;
struct LoginServices;

// The end of every successful login (password, sign-up, upstream): records the login on the
// user, starts the SSO session (cookie), issues the authorization code and sends the browser back
// to the application (docs/login.md, step 5). Runs on whichever thread verified the user.
class LoginCompletion final {
public:
    LoginCompletion() = delete;

    [[nodiscard]] static http::HttpResponse complete(const LoginServices& services,
                                                     const LoginContext& context,
                                                     const http::HttpRequest& request,
                                                     const store::UserRecord& user);

    // The client's address as attack protection and the user's last_ip see it.
    [[nodiscard]] static QString clientIp(const http::HttpRequest& request);
};

} // namespace gatehouse::login
