#include "oidc/JsonText.h"

namespace gatehouse::oidc {

void appendJsonString(QByteArray& out, QStringView text) {
    static constexpr char kHex[] = "0123456789abcdef";
    const QByteArray utf8 = text.toUtf8();
    out.reserve(out.size() + utf8.size() + 2);
    out.append('"');
    for (const char c : utf8) {
        const auto byte = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            out.append('\\').append(c);
        } else if (byte < 0x20) {
            out.append("\\u00", 4).append(kHex[byte >> 4]).append(kHex[byte & 0xF]);
        } else {
            out.append(c);
        }
    }
    out.append('"');
}

} // namespace gatehouse::oidc
