#include "core/config/config_value.h"

#include "core/util/strings.h"
#include "core/yaml/safe_load.h"
#include "core/yaml/yaml_documents.h"

#include <yaml-cpp/yaml.h>

#include <exception>
#include <unordered_map>

namespace envdesk::config {

namespace {

// The lines of `text`, without their line ends.
std::vector<std::string_view> splitLines(std::string_view text)
{
    std::vector<std::string_view> lines;
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) {
            lines.push_back(text.substr(start));
            break;
        }
        std::string_view line = text.substr(start, end - start);
        if (!line.empty() && line.back() == '\r') {
            line.remove_suffix(1);
        }
        lines.push_back(line);
        start = end + 1;
    }
    return lines;
}

std::string commentOf(std::string_view line)
{
    const std::size_t start = commentStart(line);
    return start == std::string_view::npos ? std::string() : std::string(line.substr(start));
}

// conda's ParameterFlag.from_string: the comment stripped of whitespace, then of '!' and '#'.
Flag flagOf(const std::string& comment)
{
    std::string_view text = util::trim(comment);
    while (!text.empty() && (text.front() == '!' || text.front() == '#')) {
        text.remove_prefix(1);
    }
    while (!text.empty() && (text.back() == '!' || text.back() == '#')) {
        text.remove_suffix(1);
    }
    if (text == "final") {
        return Flag::Final;
    }
    if (text == "top") {
        return Flag::Top;
    }
    if (text == "bottom") {
        return Flag::Bottom;
    }
    return Flag::None;
}

class Reader {
public:
    Reader(std::string_view text, std::string source)
        : m_lines(splitLines(text))
        , m_source(std::move(source))
    {
    }

    util::Result<ConfigValue> convert(const YAML::Node& node, const YAML::Mark& fallback)
    {
        ConfigValue value;
        value.source = m_source;
        YAML::Mark mark = node.Mark();
        if (mark.line < 0) {
            mark = fallback;
        }
        value.line = mark.line + 1;
        value.column = mark.column + 1;
        switch (node.Type()) {
        case YAML::NodeType::Undefined:
        case YAML::NodeType::Null:
            value.kind = ConfigValue::Kind::Null;
            return value;
        case YAML::NodeType::Scalar:
            value.kind = ConfigValue::Kind::Scalar;
            value.scalar = node.Scalar();
            value.quoted = node.Tag() == "!";
            return value;
        case YAML::NodeType::Sequence:
            value.kind = ConfigValue::Kind::Sequence;
            for (const auto& item : node) {
                auto converted = convert(item, mark);
                if (!converted) {
                    return converted.error();
                }
                converted->flag = flagOf(comment(converted->line));
                value.items.push_back(std::move(*converted));
            }
            return value;
        case YAML::NodeType::Map:
            value.kind = ConfigValue::Kind::Map;
            // Key -> index in value.entries: duplicate keys are found without a scan per key.
            std::unordered_map<std::string, std::size_t> seen;
            for (const auto& entry : node) {
                const YAML::Mark keyMark = entry.first.Mark();
                if (!entry.first.IsScalar()) {
                    return util::fail(util::ErrorCode::ParseError, "a key must be a plain string",
                                      position(keyMark));
                }
                auto converted = convert(entry.second, keyMark);
                if (!converted) {
                    return converted.error();
                }
                // A key's marker sits on the key's line: `channels: #!final` or `x: 1 #!final`.
                converted->flag = flagOf(comment(keyMark.line + 1));
                converted->keyLine = keyMark.line + 1;
                converted->keyColumn = keyMark.column + 1;
                const std::string key = entry.first.Scalar();
                const auto [found, added] = seen.emplace(key, value.entries.size());
                if (added) {
                    value.entries.push_back({key, std::move(*converted)});
                } else {
                    value.entries[found->second].value = std::move(*converted);
                }
            }
            return value;
        }
        return value;
    }

    [[nodiscard]] std::string position(const YAML::Mark& mark) const
    {
        return m_source + ":" + std::to_string(mark.line + 1) + ":"
               + std::to_string(mark.column + 1);
    }

private:
    [[nodiscard]] std::string comment(int line) const
    {
        if (line < 1 || static_cast<std::size_t>(line) > m_lines.size()) {
            return {};
        }
        return commentOf(m_lines[static_cast<std::size_t>(line - 1)]);
    }

    std::vector<std::string_view> m_lines;
    std::string m_source;
};

} // namespace

ConfigValue ConfigValue::makeScalar(std::string text, std::string source)
{
    ConfigValue value;
    value.kind = Kind::Scalar;
    value.scalar = std::move(text);
    value.source = std::move(source);
    return value;
}

const ConfigValue* ConfigValue::find(std::string_view key) const
{
    for (const auto& [name, value] : entries) {
        if (name == key) {
            return &value;
        }
    }
    return nullptr;
}

ConfigValue* ConfigValue::find(std::string_view key)
{
    for (auto& [name, value] : entries) {
        if (name == key) {
            return &value;
        }
    }
    return nullptr;
}

std::string ConfigValue::where() const
{
    if (line <= 0) {
        return source;
    }
    return source + ":" + std::to_string(line) + ":" + std::to_string(column);
}

bool ConfigValue::sameData(const ConfigValue& other) const
{
    if (kind != other.kind || scalar != other.scalar || items.size() != other.items.size()
        || entries.size() != other.entries.size()) {
        return false;
    }
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (!items[i].sameData(other.items[i])) {
            return false;
        }
    }
    for (std::size_t i = 0; i < entries.size(); ++i) {
        if (entries[i].key != other.entries[i].key
            || !entries[i].value.sameData(other.entries[i].value)) {
            return false;
        }
    }
    return true;
}

util::Result<ConfigValue> parseCondarc(std::string_view text, const std::string& source)
{
    Reader reader(text, source);
    YAML::Node root;
    try {
        // conda (ruamel's load) reads one document; a second one would be ignored silently by
        // YAML::Load, and an edit appended to the file would land in it.
        // Not YAML::LoadAll: see core/yaml for the input on which it never returns.
        const std::string whole(text);
        // First what makes yaml-cpp unsafe (size, aliases, depth), then the document count.
        auto loaded = yaml::loadDocument(whole, source);
        if (!loaded) {
            return loaded.error();
        }
        root = std::move(*loaded);
        if (const auto extra = yaml::findExtraDocument(whole)) {
            YAML::Mark mark;
            mark.line = extra->line - 1;
            mark.column = extra->column - 1;
            return util::fail(util::ErrorCode::ParseError,
                              extra->kind == yaml::ExtraDocument::Kind::Stuck
                                  ? std::string("invalid YAML: unexpected '")
                                        + (extra->offset < whole.size()
                                               ? whole.substr(extra->offset, 1)
                                               : std::string())
                                        + "'"
                                  : std::string("a .condarc holds one YAML document, this file "
                                                "has more"),
                              reader.position(mark));
        }
    } catch (const YAML::Exception& error) {
        return util::fail(util::ErrorCode::ParseError, "invalid YAML: " + error.msg,
                          reader.position(error.mark));
    } catch (const std::exception& error) {
        return util::fail(util::ErrorCode::ParseError, std::string("invalid YAML: ") + error.what(),
                          source);
    }
    if (root.IsNull() || !root.IsDefined()) {
        ConfigValue empty;
        empty.kind = ConfigValue::Kind::Map;
        empty.source = source;
        return empty;
    }
    if (!root.IsMap()) {
        return util::fail(util::ErrorCode::ParseError,
                          "the top level of a .condarc must be a mapping of keys to values",
                          reader.position(root.Mark()));
    }
    try {
        return reader.convert(root, root.Mark());
    } catch (const YAML::Exception& error) {
        return util::fail(util::ErrorCode::ParseError, "invalid YAML: " + error.msg,
                          reader.position(error.mark));
    }
}

std::size_t commentStart(std::string_view line)
{
    char quote = 0;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quote != 0) {
            if (c == quote) {
                quote = 0;
            }
            continue;
        }
        if (c == '\'' || c == '"') {
            // A quote opens a string only at the start of a scalar, not inside one (it's).
            if (i == 0 || util::isSpace(line[i - 1]) || line[i - 1] == '[' || line[i - 1] == '{'
                || line[i - 1] == ',' || line[i - 1] == ':' || line[i - 1] == '-') {
                quote = c;
            }
            continue;
        }
        if (c == '#' && (i == 0 || util::isSpace(line[i - 1]))) {
            return i;
        }
    }
    return std::string_view::npos;
}

std::string lineComment(std::string_view text, int line)
{
    const auto lines = splitLines(text);
    if (line < 1 || static_cast<std::size_t>(line) > lines.size()) {
        return {};
    }
    return commentOf(lines[static_cast<std::size_t>(line - 1)]);
}

std::optional<bool> parseBool(std::string_view text)
{
    const std::string lower = util::toLower(util::trim(text));
    if (lower == "true" || lower == "yes" || lower == "on" || lower == "y") {
        return true;
    }
    if (lower == "false" || lower == "no" || lower == "off" || lower == "n") {
        return false;
    }
    return std::nullopt;
}

std::optional<bool> parseBoolLike(std::string_view text)
{
    if (auto flag = parseBool(text)) {
        return flag;
    }
    std::string_view digits = util::trim(text);
    const auto dot = digits.find('.');
    std::string joined(digits.substr(0, dot));
    if (dot != std::string_view::npos) {
        joined += digits.substr(dot + 1);
    }
    if (joined.empty() || !util::isAllDigits(joined)) {
        return std::nullopt;
    }
    return joined.find_first_not_of('0') != std::string::npos;
}

} // namespace envdesk::config
