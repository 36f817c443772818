#include "app/pages/applications/ApplicationTypeIcons.h"

#include "models/applications/ClientsModel.h"
#include "widgets/Icons.h"

#include <QHash>
#include <QPainter>
#include <QPixmap>
#include <QSvgRenderer>

namespace gatehouse::app {

using namespace Qt::StringLiterals;

namespace {

// 24×24 line drawings with the stroke of resources/icons.
QByteArray svgFor(const QString& appType) {
    static const QHash<QString, QByteArray> shapes{
        // A browser window with code brackets.
        {u"spa"_s, R"(<rect x="3" y="4" width="18" height="16" rx="2"/><path d="M3 8h18"/>)"
                   R"(<path d="M10 11.5l-2.5 2.5 2.5 2.5M14 11.5l2.5 2.5-2.5 2.5"/>)"},
        // A globe: a site rendered by its server.
        {u"regular_web"_s, R"(<circle cx="12" cy="12" r="9"/><path d="M3 12h18"/>)"
                           R"(<path d="M12 3c2.5 2.6 3.8 5.6 3.8 9s-1.3 6.4-3.8 9"/>)"
                           R"(<path d="M12 3c-2.5 2.6-3.8 5.6-3.8 9s1.3 6.4 3.8 9"/>)"},
        // A phone.
        {u"native"_s, R"(<rect x="6.5" y="2.5" width="11" height="19" rx="2"/>)"
                      R"(<path d="M10.5 18.5h3"/>)"},
        // Two servers talking to each other.
        {u"non_interactive"_s, R"(<rect x="3" y="3.5" width="18" height="7" rx="1.5"/>)"
                               R"(<rect x="3" y="13.5" width="18" height="7" rx="1.5"/>)"
                               R"(<path d="M7 7h.01M7 17h.01M11 7h6M11 17h6"/>)"},
    };
    const auto it = shapes.constFind(appType);
    if (it == shapes.cend())
        return {};
    return R"(<svg xmlns="http://www.w3.org/2000/svg" width="24" height="24" viewBox="0 0 24 24" )"
           R"(fill="none" stroke="#3b4a5e" stroke-width="1.8" stroke-linecap="round" )"
           R"(stroke-linejoin="round">)" +
           *it + "</svg>";
}

QPixmap render(QSvgRenderer& renderer, int size) {
    QPixmap pixmap(size, size);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    renderer.render(&painter);
    return pixmap;
}

} // namespace

QIcon applicationTypeIcon(const QString& appType) {
    static QHash<QString, QIcon> cache;
    if (const auto it = cache.constFind(appType); it != cache.cend())
        return *it;
    const QByteArray svg = svgFor(appType);
    if (svg.isEmpty())
        return widgets::icon(u"applications"_s);
    QSvgRenderer renderer(svg);
    QIcon icon;
    for (int size : {16, 20, 24, 32, 48})
        icon.addPixmap(render(renderer, size));
    cache.insert(appType, icon);
    return icon;
}

void ApplicationTypeDelegate::initStyleOption(QStyleOptionViewItem* option,
                                              const QModelIndex& index) const {
    QStyledItemDelegate::initStyleOption(option, index);
    const QString type = index.data(client::ClientsModel::AppTypeRole).toString();
    if (type.isEmpty())
        return;
    option->features |= QStyleOptionViewItem::HasDecoration;
    option->icon = applicationTypeIcon(type);
    option->decorationSize = QSize(16, 16);
}

} // namespace gatehouse::app
