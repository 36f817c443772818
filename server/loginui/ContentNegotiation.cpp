#include "loginui/ContentNegotiation.h"

#include <optional>

namespace gatehouse::loginui {

namespace {

// qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )  (RFC 9110 §12.4.2), in thousandths.
std::optional<int> parseQValue(QByteArrayView text) {
    if (text.isEmpty() || (text[0] != '0' && text[0] != '1'))
        return std::nullopt;
    int value = text[0] == '1' ? 1000 : 0;
    if (text.size() == 1)
        return value;
    if (text[1] != '.' || text.size() > 5)
        return std::nullopt;
    int scale = 100;
    for (qsizetype i = 2; i < text.size(); ++i, scale /= 10) {
        if (text[i] < '0' || text[i] > '9')
            return std::nullopt;
        value += (text[i] - '0') * scale;
    }
    if (value > 1000)
        return std::nullopt;
    return value;
}

// The qvalue of one list member ("gzip;q=0.5"), 1000 when it has none, 0 when it is malformed.
int weightOf(QByteArrayView parameters) {
    int weight = 1000;
    for (QByteArrayView parameter : parameters.toByteArray().split(';')) {
        parameter = parameter.trimmed();
        const qsizetype equals = parameter.indexOf('=');
        if (equals < 0)
            continue;
        const QByteArrayView name = parameter.first(equals).trimmed();
        if (name.compare("q", Qt::CaseInsensitive) != 0)
            continue;
        weight = parseQValue(parameter.sliced(equals + 1).trimmed()).value_or(0);
    }
    return weight;
}

} // namespace

bool acceptsGzip(const QList<QByteArray>& acceptEncoding) {
    std::optional<int> gzip;
    std::optional<int> any;
    for (const QByteArray& line : acceptEncoding) {
        for (const QByteArray& member : line.split(',')) {
            const qsizetype semicolon = member.indexOf(';');
            const QByteArrayView coding =
                QByteArrayView(member).first(semicolon < 0 ? member.size() : semicolon).trimmed();
            const int weight =
                semicolon < 0 ? 1000 : weightOf(QByteArrayView(member).sliced(semicolon + 1));
            if (coding.compare("gzip", Qt::CaseInsensitive) == 0 ||
                coding.compare("x-gzip", Qt::CaseInsensitive) == 0) {
                gzip = std::min(gzip.value_or(1000), weight);
            } else if (coding == "*") {
                any = std::min(any.value_or(1000), weight);
            }
        }
    }
    if (gzip)
        return *gzip > 0;
    return any.value_or(0) > 0;
}

bool ifNoneMatchHits(const QList<QByteArray>& ifNoneMatch, QByteArrayView etag) {
    for (const QByteArray& line : ifNoneMatch) {
        for (const QByteArray& member : line.split(',')) {
            QByteArrayView tag = QByteArrayView(member).trimmed();
            if (tag == "*")
                return true;
            if (tag.startsWith("W/"))
                tag = tag.sliced(2);
            if (tag == etag)
                return true;
        }
    }
    return false;
}

} // namespace gatehouse::loginui
