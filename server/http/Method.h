#pragma once

#include <QByteArray>
#include <QByteArrayView>

namespace gatehouse::http {

// The request methods the server routes on (RFC 9110 §9). Anything else (CONNECT, TRACE,
// extension methods) is `Other`; its name stays available through HttpRequest::methodName().
enum class Method { Get, Head, Post, Put, Patch, Delete, Options, Other };

// Case-sensitive, as RFC 9110 §9.1 requires: `get` is not GET.
[[nodiscard]] Method methodFromName(QByteArrayView name);

// The canonical upper-case token; "OTHER" for Method::Other.
[[nodiscard]] QByteArray methodName(Method method);

} // namespace gatehouse::http
