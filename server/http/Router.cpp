#include "http/Router.h"

#include <QStringList>
#include <QVarLengthArray>
#include <array>
#include <vector>

namespace gatehouse::http {

class Router::Node final {
public:
    std::vector<std::pair<QByteArray, std::unique_ptr<Node>>> literals;
    std::unique_ptr<Node> param;
    // Set on nodes where a pattern ends.
    QByteArray pattern;
    QStringList paramNames;
    std::array<RequestHandler, 8> handlers; // indexed by Method

    [[nodiscard]] bool isEndpoint() const { return !pattern.isEmpty(); }
    [[nodiscard]] const RequestHandler* handlerFor(Method method) const {
        const RequestHandler& handler = handlers[static_cast<size_t>(method)];
        if (handler)
            return &handler;
        if (method == Method::Head && handlers[static_cast<size_t>(Method::Get)])
            return &handlers[static_cast<size_t>(Method::Get)];
        return nullptr;
    }
};

namespace {

using Captures = QVarLengthArray<QByteArrayView, 8>;

constexpr std::array<Method, 7> kAllowOrder{Method::Get,    Method::Head,  Method::Post,
                                            Method::Put,    Method::Patch, Method::Delete,
                                            Method::Options};

// Splits off the first segment of `rest` (which has no leading '/').
std::pair<QByteArrayView, QByteArrayView> firstSegment(QByteArrayView rest, bool& last) {
    const qsizetype slash = rest.indexOf('/');
    last = slash < 0;
    if (last)
        return {rest, {}};
    return {rest.first(slash), rest.sliced(slash + 1)};
}

bool isParamSegment(QByteArrayView segment) {
    return segment.size() > 2 && segment.startsWith('{') && segment.endsWith('}');
}

const Router::Node* match(const Router::Node* node, QByteArrayView rest, Captures& captures) {
    bool last = false;
    const auto [segment, remainder] = firstSegment(rest, last);
    for (const auto& [literal, child] : node->literals) {
        if (literal == segment) {
            const Router::Node* found =
                last ? child.get() : match(child.get(), remainder, captures);
            if (found && found->isEndpoint())
                return found;
        }
    }
    if (node->param && !segment.isEmpty()) {
        captures.append(segment);
        const Router::Node* found =
            last ? node->param.get() : match(node->param.get(), remainder, captures);
        if (found && found->isEndpoint())
            return found;
        captures.removeLast();
    }
    return nullptr;
}

QByteArray allowHeader(const Router::Node& node) {
    QByteArray allow;
    for (Method method : kAllowOrder) {
        if (!node.handlerFor(method))
            continue;
        if (!allow.isEmpty())
            allow += ", ";
        allow += methodName(method);
    }
    return allow;
}

} // namespace

Router::Router()
    : m_root(std::make_unique<Node>()) {}

Router::~Router() = default;
Router::Router(Router&&) noexcept = default;
Router& Router::operator=(Router&&) noexcept = default;

void Router::add(Method method, QByteArrayView pattern, RequestHandler handler) {
    Q_ASSERT_X(pattern.startsWith('/'), "Router::add", "patterns start with '/'");
    Node* node = m_root.get();
    QStringList names;
    QByteArrayView rest = pattern.sliced(pattern.startsWith('/') ? 1 : 0);
    for (bool last = false; !last;) {
        const auto split = firstSegment(rest, last);
        const QByteArrayView segment = split.first; // not a structured binding: lambdas capture it
        rest = split.second;
        if (isParamSegment(segment)) {
            names.append(QString::fromUtf8(segment.sliced(1, segment.size() - 2)));
            if (!node->param)
                node->param = std::make_unique<Node>();
            node = node->param.get();
            continue;
        }
        auto it = std::find_if(node->literals.begin(), node->literals.end(),
                               [segment](const auto& entry) { return entry.first == segment; });
        if (it == node->literals.end()) {
            node->literals.emplace_back(segment.toByteArray(), std::make_unique<Node>());
            it = std::prev(node->literals.end());
        }
        node = it->second.get();
    }
    node->pattern = pattern.toByteArray();
    node->paramNames = std::move(names);
    node->handlers[static_cast<size_t>(method)] = std::move(handler);
}

void Router::dispatch(HttpRequest request, QByteArrayView path, const Responder& responder) const {
    Captures captures;
    const Node* node =
        path.startsWith('/') ? match(m_root.get(), path.sliced(1), captures) : nullptr;
    if (!node) {
        responder.send(HttpResponse::error(404, "not_found", QStringLiteral("No such resource.")));
        return;
    }
    responder.setRoutePattern(node->pattern);
    const RequestHandler* handler = node->handlerFor(request.method());
    if (!handler)
        handler = node->handlerFor(Method::Other);
    if (!handler) {
        HttpResponse response =
            HttpResponse::error(405, "method_not_allowed",
                                QStringLiteral("Method %1 is not allowed here.")
                                    .arg(QString::fromLatin1(request.methodName())));
        response.setHeader("Allow", allowHeader(*node));
        responder.send(std::move(response));
        return;
    }
    if (!captures.isEmpty()) {
        QList<std::pair<QString, QString>> params;
        params.reserve(captures.size());
        for (qsizetype i = 0; i < captures.size() && i < node->paramNames.size(); ++i) {
            params.emplace_back(
                node->paramNames.at(i),
                QString::fromUtf8(QByteArray::fromPercentEncoding(captures.at(i).toByteArray())));
        }
        request.setPathParams(std::move(params));
    }
    request.setRoutePattern(node->pattern);
    (*handler)(std::move(request), responder);
}

RequestHandler Router::handler() const {
    return [this](HttpRequest request, Responder responder) {
        const QByteArray path = request.path();
        dispatch(std::move(request), path, responder);
    };
}

} // namespace gatehouse::http
