#include "loginui/TemplateData.h"

namespace gatehouse::loginui {

bool TemplateValue::isTruthy() const {
    switch (kind) {
    case Kind::Text:
        return !text.isEmpty();
    case Kind::Flag:
        return flag;
    case Kind::List:
        return !items.empty();
    }
    return false;
}

TemplateData& TemplateData::set(const QString& name, QString text) {
    TemplateValue value;
    value.kind = TemplateValue::Kind::Text;
    value.text = std::move(text);
    m_values.insert(name, std::move(value));
    return *this;
}

TemplateData& TemplateData::setFlag(const QString& name, bool flag) {
    TemplateValue value;
    value.kind = TemplateValue::Kind::Flag;
    value.flag = flag;
    m_values.insert(name, std::move(value));
    return *this;
}

TemplateData& TemplateData::setList(const QString& name, std::vector<TemplateData> items) {
    TemplateValue value;
    value.kind = TemplateValue::Kind::List;
    value.items = std::move(items);
    m_values.insert(name, std::move(value));
    return *this;
}

const TemplateValue* TemplateData::find(QStringView name) const {
    const auto it = m_values.constFind(name.toString());
    return it == m_values.cend() ? nullptr : &it.value();
}

} // namespace gatehouse::loginui
