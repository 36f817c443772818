#pragma once

#include "http/HttpRequest.h"
#include "http/Responder.h"

#include <functional>

namespace gatehouse::http {

// Handles one request and answers it through the responder, now or later, from any thread.
// HttpServer calls it on its worker threads, concurrently: it must be thread-safe. It must not
// block: slow work goes to a pool and answers from there.
using RequestHandler = std::function<void(HttpRequest request, Responder responder)>;

} // namespace gatehouse::http
