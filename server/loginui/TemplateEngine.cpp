#include "loginui/TemplateEngine.h"

#include <QDir>
#include <QFile>
#include <QHash>
#include <QStringBuilder>
#include <algorithm>
#include <functional>
#include <optional>

namespace gatehouse::loginui {

QString escapeHtml(QStringView text) {
    QString out;
    out.reserve(text.size() + text.size() / 8);
    for (const QChar c : text) {
        switch (c.unicode()) {
        case u'&':
            out += QLatin1String("&amp;");
            break;
        case u'<':
            out += QLatin1String("&lt;");
            break;
        case u'>':
            out += QLatin1String("&gt;");
            break;
        case u'"':
            out += QLatin1String("&quot;");
            break;
        case u'\'':
            out += QLatin1String("&#39;");
            break;
        default:
            out += c;
        }
    }
    return out;
}

namespace {

struct Node {
    enum class Kind { Text, Variable, Section, Inverted, Partial, Parent, Block };

    Kind kind = Kind::Text;
    QString value; // the text, or the tag's name
    int line = 0;
    std::vector<Node> children;
};
using Nodes = std::vector<Node>;

Error templateError(const QString& name, int line, const QString& message) {
    return Error{"template_error",
                 QStringLiteral("template '") % name % QStringLiteral("', line ") %
                     QString::number(line) % QStringLiteral(": ") % message,
                 500};
}

bool isNameChar(QChar c) {
    return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9') ||
           c == u'_' || c == u'-';
}

bool isValidName(QStringView name) {
    return !name.isEmpty() && std::all_of(name.begin(), name.end(), isNameChar);
}

// Recursive descent over "{{…}}" tags: each section's contents are parsed by a nested call that
// returns at the matching {{/name}}.
class Parser final {
public:
    Parser(const QString& name, QStringView text)
        : m_name(name)
        , m_text(text) {}

    Result<Nodes> parse() {
        Nodes nodes;
        if (!parseInto(nodes, nullptr))
            return *m_error;
        return nodes;
    }

private:
    bool fail(int line, const QString& message) {
        m_error = templateError(m_name, line, message);
        return false;
    }

    void appendText(Nodes& out, QStringView text) {
        if (text.isEmpty())
            return;
        out.push_back(Node{Node::Kind::Text, text.toString(), m_line, {}});
        m_line += int(text.count(u'\n'));
    }

    // Parses until the end of the text (open == nullptr) or the {{/name}} that closes `open`.
    bool parseInto(Nodes& out, const Node* open) {
        while (true) {
            const qsizetype start = m_text.indexOf(QLatin1String("{{"), m_pos);
            if (start < 0) {
                appendText(out, m_text.mid(m_pos));
                m_pos = m_text.size();
                if (open) {
                    return fail(open->line, QStringLiteral("section '") % open->value %
                                                QStringLiteral("' is never closed"));
                }
                return true;
            }
            appendText(out, m_text.mid(m_pos, start - m_pos));
            const qsizetype end = m_text.indexOf(QLatin1String("}}"), start + 2);
            if (end < 0)
                return fail(m_line, QStringLiteral("'{{' without a closing '}}'"));
            const QStringView content = m_text.mid(start + 2, end - start - 2);
            const int line = m_line;
            m_line += int(content.count(u'\n'));
            m_pos = end + 2;
            std::optional<bool> closed = parseTag(out, open, content, line);
            if (!closed.has_value())
                return false;
            if (*closed)
                return true;
        }
    }

    // Returns true when the tag closed `open`, false to go on, nullopt on an error.
    std::optional<bool> parseTag(Nodes& out, const Node* open, QStringView content, int line) {
        if (content.startsWith(u'{') || content.startsWith(u'&')) {
            fail(line, QStringLiteral("unescaped output ({{{…}}} or {{&…}}) is not supported"));
            return std::nullopt;
        }
        if (content.startsWith(u'=')) {
            fail(line, QStringLiteral("delimiter changes are not supported"));
            return std::nullopt;
        }
        if (content.startsWith(u'!'))
            return false;

        QChar sigil;
        QStringView name = content.trimmed();
        if (!name.isEmpty() && QStringView(u"#^/<>$").contains(name.front())) {
            sigil = name.front();
            name = name.mid(1).trimmed();
        }
        if (!isValidName(name)) {
            fail(line, QStringLiteral("unknown tag '{{") % content % QStringLiteral("}}'"));
            return std::nullopt;
        }

        if (sigil == u'/') {
            if (!open) {
                fail(line,
                     QStringLiteral("'{{/") % name % QStringLiteral("}}' closes no open section"));
                return std::nullopt;
            }
            if (name != open->value) {
                fail(line, QStringLiteral("'{{/") % name % QStringLiteral("}}' does not close '") %
                               open->value % QStringLiteral("' opened on line ") %
                               QString::number(open->line));
                return std::nullopt;
            }
            return true;
        }

        Node node{Node::Kind::Variable, name.toString(), line, {}};
        if (sigil == u'>') {
            node.kind = Node::Kind::Partial;
        } else if (!sigil.isNull()) {
            node.kind = sigil == u'#'   ? Node::Kind::Section
                        : sigil == u'^' ? Node::Kind::Inverted
                        : sigil == u'<' ? Node::Kind::Parent
                                        : Node::Kind::Block;
            if (!parseInto(node.children, &node))
                return std::nullopt;
            if (node.kind == Node::Kind::Parent && !checkParentContents(node))
                return std::nullopt;
        }
        out.push_back(std::move(node));
        return false;
    }

    // Inside {{<parent}} only block overrides mean anything; other content would be silently
    // dropped, so it is an error instead.
    bool checkParentContents(const Node& parent) {
        for (const Node& child : parent.children) {
            const bool blank = child.kind == Node::Kind::Text && child.value.trimmed().isEmpty();
            if (child.kind != Node::Kind::Block && !blank) {
                return fail(child.line, QStringLiteral("only {{$block}} overrides may appear in "
                                                       "'{{<") %
                                            parent.value % QStringLiteral("}}'"));
            }
        }
        return true;
    }

    const QString& m_name;
    QStringView m_text;
    qsizetype m_pos = 0;
    int m_line = 1;
    std::optional<Error> m_error;
};

void collectReferences(const Nodes& nodes, QList<const Node*>& out) {
    for (const Node& node : nodes) {
        if (node.kind == Node::Kind::Partial || node.kind == Node::Kind::Parent)
            out.append(&node);
        collectReferences(node.children, out);
    }
}

} // namespace

class TemplateEngine::Compiled final {
public:
    QHash<QString, Nodes> templates;
};

namespace {

using Templates = QHash<QString, Nodes>;

// Every {{> x}} and {{< x}} names a template, and no template includes itself, however indirectly
// (rendering would never end).
Result<void> checkReferences(const Templates& templates) {
    enum class Mark { Visiting, Done };
    QHash<QString, Mark> marks;
    std::function<Result<void>(const QString&)> visit = [&](const QString& name) -> Result<void> {
        marks.insert(name, Mark::Visiting);
        QList<const Node*> references;
        collectReferences(*templates.constFind(name), references);
        for (const Node* ref : references) {
            if (!templates.contains(ref->value)) {
                return templateError(name, ref->line,
                                     QStringLiteral("unknown partial '") % ref->value %
                                         QStringLiteral("'"));
            }
            const auto mark = marks.constFind(ref->value);
            if (mark != marks.cend() && *mark == Mark::Visiting) {
                return templateError(name, ref->line,
                                     QStringLiteral("'") % ref->value %
                                         QStringLiteral("' includes itself"));
            }
            if (mark == marks.cend()) {
                Result<void> nested = visit(ref->value);
                if (!nested)
                    return nested;
            }
        }
        marks.insert(name, Mark::Done);
        return {};
    };
    QStringList names = templates.keys();
    names.sort(); // deterministic error messages
    for (const QString& name : names) {
        if (!marks.contains(name)) {
            Result<void> checked = visit(name);
            if (!checked)
                return checked;
        }
    }
    return {};
}

using Blocks = QHash<QString, const Nodes*>;

class Renderer final {
public:
    explicit Renderer(const Templates& templates, const TemplateData& root)
        : m_templates(templates)
        , m_stack{&root} {}

    void render(const Nodes& nodes, const Blocks& blocks) {
        for (const Node& node : nodes)
            renderNode(node, blocks);
    }

    QString m_out;

private:
    // compile() has checked that every referenced template exists.
    const Nodes& templateNodes(const QString& name) const { return *m_templates.constFind(name); }

    const TemplateValue* lookup(const QString& name) const {
        for (auto it = m_stack.rbegin(); it != m_stack.rend(); ++it) {
            if (const TemplateValue* value = (*it)->find(name))
                return value;
        }
        return nullptr;
    }

    void renderNode(const Node& node, const Blocks& blocks) {
        switch (node.kind) {
        case Node::Kind::Text:
            m_out += node.value;
            return;
        case Node::Kind::Variable:
            if (const TemplateValue* value = lookup(node.value)) {
                if (value->kind == TemplateValue::Kind::Text)
                    m_out += escapeHtml(value->text);
            }
            return;
        case Node::Kind::Section:
            renderSection(node, blocks);
            return;
        case Node::Kind::Inverted: {
            const TemplateValue* value = lookup(node.value);
            if (!value || !value->isTruthy())
                render(node.children, blocks);
            return;
        }
        case Node::Kind::Partial:
            render(templateNodes(node.value), blocks);
            return;
        case Node::Kind::Parent: {
            // The outermost override of a block wins (Mustache inheritance).
            Blocks inherited = blocks;
            for (const Node& child : node.children) {
                if (child.kind == Node::Kind::Block && !inherited.contains(child.value))
                    inherited.insert(child.value, &child.children);
            }
            render(templateNodes(node.value), inherited);
            return;
        }
        case Node::Kind::Block: {
            const auto override = blocks.constFind(node.value);
            if (override == blocks.cend()) {
                render(node.children, blocks);
                return;
            }
            Blocks rest = blocks;
            rest.remove(node.value); // an override cannot expand itself again
            render(**override, rest);
            return;
        }
        }
    }

    void renderSection(const Node& node, const Blocks& blocks) {
        const TemplateValue* value = lookup(node.value);
        if (!value || !value->isTruthy())
            return;
        if (value->kind != TemplateValue::Kind::List) {
            render(node.children, blocks);
            return;
        }
        for (const TemplateData& item : value->items) {
            m_stack.push_back(&item);
            render(node.children, blocks);
            m_stack.pop_back();
        }
    }

    const Templates& m_templates;
    std::vector<const TemplateData*> m_stack;
};

} // namespace

TemplateEngine::TemplateEngine(std::shared_ptr<const Compiled> compiled)
    : m_compiled(std::move(compiled)) {}

Result<TemplateEngine> TemplateEngine::compile(const QList<Source>& sources) {
    auto compiled = std::make_shared<Compiled>();
    for (const Source& source : sources) {
        if (!isValidName(source.name)) {
            return templateError(source.name, 0,
                                 QStringLiteral("template names are [A-Za-z0-9_-]+"));
        }
        if (compiled->templates.contains(source.name))
            return templateError(source.name, 0, QStringLiteral("defined twice"));
        Result<Nodes> nodes = Parser(source.name, source.text).parse();
        if (!nodes)
            return nodes.error();
        compiled->templates.insert(source.name, std::move(nodes).value());
    }
    Result<void> references = checkReferences(compiled->templates);
    if (!references)
        return references.error();
    return TemplateEngine(std::move(compiled));
}

Result<TemplateEngine> TemplateEngine::compileDirectory(const QString& directory) {
    const QDir dir(directory);
    if (!dir.exists())
        return Error::internal(QStringLiteral("no template directory ") % directory);
    QList<Source> sources;
    const QStringList files =
        dir.entryList({QStringLiteral("*.html")}, QDir::Files | QDir::Readable, QDir::Name);
    for (const QString& file : files) {
        QFile in(dir.filePath(file));
        if (!in.open(QIODevice::ReadOnly))
            return Error::internal(QStringLiteral("cannot read template ") % in.fileName());
        sources.append(Source{file.chopped(5), QString::fromUtf8(in.readAll())});
    }
    return compile(sources);
}

bool TemplateEngine::contains(QStringView name) const {
    return m_compiled->templates.contains(name.toString());
}

QStringList TemplateEngine::names() const {
    QStringList names = m_compiled->templates.keys();
    names.sort();
    return names;
}

QString TemplateEngine::render(QStringView name, const TemplateData& data) const {
    const auto it = m_compiled->templates.constFind(name.toString());
    if (it == m_compiled->templates.cend())
        return {};
    Renderer renderer(m_compiled->templates, data);
    renderer.render(*it, {});
    return std::move(renderer.m_out);
}

} // namespace gatehouse::loginui
