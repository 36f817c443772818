#pragma once

#include "http/HttpRequest.h"
#include "http/Method.h"
#include "http/RequestHandler.h"
#include "http/Responder.h"

#include <QByteArrayView>
#include <memory>

namespace gatehouse::http {

// Maps (method, path) to handlers. Patterns are literal segments and "{name}" segments that match
// exactly one non-empty segment: "/oauth/token", "/api/v2/clients/{id}/rotate-secret". A literal
// segment wins over a "{name}" one at the same position ("/clients/new" before "/clients/{id}").
// Matching is on the raw, still percent-encoded path, so "/oauth%2Ftoken" is not "/oauth/token";
// captured values are percent-decoded (UTF-8). A trailing slash is a different path.
//
// Unknown path: 404 `not_found`. Known path, no handler for the method: 405
// `method_not_allowed` with an `Allow` header. HEAD uses the GET handler when there is no HEAD
// handler (the connection drops the body). Method::Other routes every unlisted method.
//
// Build the router completely before serving: add() is not thread-safe, dispatch() is (const).
class Router final {
public:
    Router();
    ~Router();
    Router(const Router&) = delete;
    Router& operator=(const Router&) = delete;
    Router(Router&&) noexcept;
    Router& operator=(Router&&) noexcept;

    // A second handler for the same method and pattern replaces the first.
    void add(Method method, QByteArrayView pattern, RequestHandler handler);

    // Matches `path` rather than request.path() so that a caller can strip a prefix (the tenant's
    // "/t/{tenant}") first. `path` must stay valid during the call; don't pass a view into the
    // request you move into the call.
    void dispatch(HttpRequest request, QByteArrayView path, const Responder& responder) const;

    // A handler that dispatches on request.path(); the router must outlive it.
    [[nodiscard]] RequestHandler handler() const;

    class Node;

private:
    std::unique_ptr<Node> m_root;
};

} // namespace gatehouse::http
