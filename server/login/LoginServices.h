#pragma once

#include "crypto/PasswordHasher.h"
#include "store/Store.h"
#include "tenancy/Clock.h"

namespace gatehouse::identity {
class AttackProtection;
class SessionService;
} // namespace gatehouse::identity
namespace gatehouse::loginui {
class LoginPageRenderer;
}
namespace gatehouse::oidc {
class CodeIssuer;
class LoginTransactionCodec;
class SigningPool;
} // namespace gatehouse::oidc
namespace gatehouse::tenancy {
class TenantResolver;
}

namespace gatehouse::login {

// What the hosted login pages work with; every member outlives the handlers.
struct LoginServices {
    const tenancy::TenantResolver& resolver;
    mutable store::Store store; // copies share the database; repositories are not const
    identity::SessionService& sessions;
    identity::AttackProtection& attacks;
    oidc::CodeIssuer& codes;
    const oidc::LoginTransactionCodec& transactions;
    const loginui::LoginPageRenderer& pages;
    const crypto::PasswordHasher& hasher;
    // argon2id takes ~55 ms and 19 MiB per hash: it runs here, bounded, never on an HTTP worker.
    oidc::SigningPool& hashingPool;
    tenancy::Clock clock;
};

} // namespace gatehouse::login
