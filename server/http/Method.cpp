#include "http/Method.h"

namespace gatehouse::http {

Method methodFromName(QByteArrayView name) {
    if (name == "GET")
        return Method::Get;
    if (name == "POST")
        return Method::Post;
    if (name == "HEAD")
        return Method::Head;
    if (name == "PUT")
        return Method::Put;
    if (name == "PATCH")
        return Method::Patch;
    if (name == "DELETE")
        return Method::Delete;
    if (name == "OPTIONS")
        return Method::Options;
    return Method::Other;
}

QByteArray methodName(Method method) {
    // fromRawData over string literals: no allocation on the request path.
    switch (method) {
    case Method::Get:
        return QByteArray::fromRawData("GET", 3);
    case Method::Head:
        return QByteArray::fromRawData("HEAD", 4);
    case Method::Post:
        return QByteArray::fromRawData("POST", 4);
    case Method::Put:
        return QByteArray::fromRawData("PUT", 3);
    case Method::Patch:
        return QByteArray::fromRawData("PATCH", 5);
    case Method::Delete:
        return QByteArray::fromRawData("DELETE", 6);
    case Method::Options:
        return QByteArray::fromRawData("OPTIONS", 7);
    case Method::Other:
        break;
    }
    return QByteArray::fromRawData("OTHER", 5);
}

} // namespace gatehouse::http
