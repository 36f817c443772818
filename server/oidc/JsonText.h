#pragma once

#include <QByteArray>
#include <QStringView>

namespace gatehouse::oidc {

// Appends `text` as a JSON string literal (RFC 8259 §7), UTF-8 encoded. Token claims and token
// responses are written with this instead of QJsonObject: they are built once per request on the
// hot path, always with the same few members, and a map plus a serialiser costs more than the
// ECDSA signature itself.
void appendJsonString(QByteArray& out, QStringView text);

} // namespace gatehouse::oidc
