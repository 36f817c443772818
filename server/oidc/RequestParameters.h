#pragma once

#include "core/Result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QLatin1String>
#include <QString>

#include <utility>
#include <vector>

namespace gatehouse::oidc {

// The parameters of a token request body, from either encoding Auth0 accepts:
// application/x-www-form-urlencoded (RFC 6749 §4.4.2, Appendix B) or a flat JSON object of strings.
// Duplicate parameters are rejected (RFC 6749 §3.2: "Request and response parameters MUST NOT be
// included more than once"), also when a JSON object repeats a name, so that two components can
// never read two different values for one parameter. A parameter sent without a value is treated
// as omitted (RFC 6749 §3.1). Errors are "invalid_request" (400).
class RequestParameters final {
public:
    static constexpr int kMaxParameters = 64;

    [[nodiscard]] static Result<RequestParameters> fromForm(QByteArrayView body);
    [[nodiscard]] static Result<RequestParameters> fromJson(QByteArrayView body);

    // Empty when absent or sent empty.
    [[nodiscard]] QString value(QLatin1String name) const;
    [[nodiscard]] bool has(QLatin1String name) const { return !value(name).isEmpty(); }
    [[nodiscard]] qsizetype size() const { return qsizetype(m_values.size()); }

private:
    RequestParameters() = default;
    [[nodiscard]] Result<void> add(QByteArray name, QString value);

    std::vector<std::pair<QByteArray, QString>> m_values;
};

} // namespace gatehouse::oidc
