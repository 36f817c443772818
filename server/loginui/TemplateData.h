#pragma once

#include <QHash>
#include <QString>
#include <QStringView>
#include <vector>

namespace gatehouse::loginui {

class TemplateData;

// One value a template can see: text (shown escaped by {{name}}, true when non-empty in a
// section), a flag, or a list of objects that {{#name}} repeats over.
struct TemplateValue {
    enum class Kind { Text, Flag, List };

    Kind kind = Kind::Text;
    QString text;
    bool flag = false;
    std::vector<TemplateData> items; // std::vector: allowed with the incomplete element type

    [[nodiscard]] bool isTruthy() const;
};

// The object a template renders: names to values. There is deliberately no "HTML" kind: every
// text value is escaped on output, so model strings can never become markup.
class TemplateData final {
public:
    TemplateData& set(const QString& name, QString text);
    TemplateData& setFlag(const QString& name, bool flag);
    TemplateData& setList(const QString& name, std::vector<TemplateData> items);

    [[nodiscard]] const TemplateValue* find(QStringView name) const;

private:
    QHash<QString, TemplateValue> m_values;
};

} // namespace gatehouse::loginui
