#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <optional>

namespace gatehouse::http::internal {

// RFC 9112 §3.2: a Host field value is `uri-host [ ":" port ]` (RFC 3986 §3.2.2–3.2.3); empty is
// allowed for targets without an authority. Tenants are chosen by Host, so anything else (spaces,
// userinfo, an unclosed IPv6 literal, a port that is not a number up to 65535) is a 400.
[[nodiscard]] bool isValidHostValue(QByteArrayView value);

// RFC 9112 §3.2.2: an absolute-form target `http://authority/path?query` must be accepted, and
// then its authority replaces the Host field. Returns the origin-form target and the authority,
// or nullopt when `target` is not in absolute form (scheme http or https, case-insensitive).
struct AbsoluteTarget {
    QByteArray originForm; // "/path?query", "/" when the path is empty
    QByteArray authority;
};
[[nodiscard]] std::optional<AbsoluteTarget> splitAbsoluteForm(QByteArrayView target);

} // namespace gatehouse::http::internal
