#include "loginui/StaticAssets.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QStringBuilder>

namespace gatehouse::loginui {

class StaticAssets::Data final {
public:
    QHash<QString, CachedContent> served;     // fingerprinted and plain names
    QHash<QString, QString> fingerprintedFor; // plain name → fingerprinted name
};

namespace {

QByteArray contentTypeFor(const QString& fileName) {
    const QString suffix = QFileInfo(fileName).suffix().toLower();
    if (suffix == QLatin1String("css"))
        return QByteArrayLiteral("text/css; charset=utf-8");
    if (suffix == QLatin1String("svg"))
        return QByteArrayLiteral("image/svg+xml");
    if (suffix == QLatin1String("png"))
        return QByteArrayLiteral("image/png");
    if (suffix == QLatin1String("ico"))
        return QByteArrayLiteral("image/x-icon");
    if (suffix == QLatin1String("woff2"))
        return QByteArrayLiteral("font/woff2");
    return {};
}

// "login.css" + "0123456789" → "login.0123456789.css"
QString insertFingerprint(const QString& fileName, const QByteArray& sha256Hex) {
    const QString fingerprint = QString::fromLatin1(sha256Hex.left(10));
    const qsizetype dot = fileName.lastIndexOf(u'.');
    if (dot <= 0)
        return fileName % u'.' % fingerprint;
    return fileName.left(dot) % u'.' % fingerprint % fileName.mid(dot);
}

} // namespace

StaticAssets::StaticAssets(std::shared_ptr<const Data> data)
    : m_data(std::move(data)) {}

Result<StaticAssets> StaticAssets::load(const QString& directory) {
    const QDir dir(directory);
    if (!dir.exists())
        return Error::internal(QStringLiteral("no asset directory ") % directory);
    auto data = std::make_shared<Data>();
    const QStringList files = dir.entryList(QDir::Files | QDir::Readable, QDir::Name);
    for (const QString& file : files) {
        const QByteArray contentType = contentTypeFor(file);
        if (contentType.isEmpty()) {
            return Error::internal(QStringLiteral("asset ") % file %
                                   QStringLiteral(" has no known content type"));
        }
        QFile in(dir.filePath(file));
        if (!in.open(QIODevice::ReadOnly))
            return Error::internal(QStringLiteral("cannot read asset ") % in.fileName());
        const QByteArray bytes = in.readAll();
        CachedContent immutable(bytes, contentType, CachedContent::immutable);
        const QString fingerprinted = insertFingerprint(file, immutable.sha256Hex());
        data->served.insert(fingerprinted, std::move(immutable));
        data->served.insert(file, CachedContent(bytes, contentType, CachedContent::revalidate));
        data->fingerprintedFor.insert(file, fingerprinted);
    }
    return StaticAssets(std::move(data));
}

QString StaticAssets::fingerprintedName(QStringView fileName) const {
    return m_data->fingerprintedFor.value(fileName.toString());
}

QStringList StaticAssets::fileNames() const {
    QStringList names = m_data->fingerprintedFor.keys();
    names.sort();
    return names;
}

const CachedContent* StaticAssets::find(QStringView servedName) const {
    const auto it = m_data->served.constFind(servedName.toString());
    return it == m_data->served.cend() ? nullptr : &it.value();
}

http::HttpResponse StaticAssets::respond(QStringView servedName,
                                         const http::HttpRequest& request) const {
    if (const CachedContent* content = find(servedName))
        return content->respond(request);
    return http::HttpResponse::error(404, "not_found", QStringLiteral("No such resource."));
}

http::RequestHandler StaticAssets::handler(QString parameter) const {
    return [assets = *this, parameter = std::move(parameter)](http::HttpRequest request,
                                                              http::Responder responder) {
        responder.send(assets.respond(request.pathParam(parameter), request));
    };
}

} // namespace gatehouse::loginui
