#include "core/envfile/environment_file.h"

#include "core/specs/channel.h"
#include "core/specs/spec_name.h"
#include "core/util/strings.h"
#include "core/yaml/safe_load.h"
#include "core/yaml/yaml_documents.h"
#include "core/yaml/yaml_scalar.h"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <exception>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <system_error>

namespace envdesk::envfile {

namespace {

using util::ErrorCode;

// conda's env spec reads these and warns about (and ignores) any other top-level key.
constexpr std::array<std::string_view, 5> kKnownKeys = {"name", "channels", "dependencies",
                                                        "variables", "prefix"};

std::string position(const std::string& path, int line, int column)
{
    return path + ":" + std::to_string(line) + ":" + std::to_string(column);
}

std::string position(const std::string& path, const YAML::Mark& mark)
{
    if (mark.is_null()) {
        return path;
    }
    return position(path, mark.line + 1, mark.column + 1);
}

// ---------------------------------------------------------------------------------------------
// Selectors

std::vector<std::string> splitLines(std::string_view text)
{
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) {
            end = text.size();
        }
        std::string_view line = text.substr(start, end - start);
        if (!line.empty() && line.back() == '\r') {
            line.remove_suffix(1);
        }
        lines.emplace_back(line);
        start = end + 1;
    }
    return lines;
}

// Where a YAML comment starts: a '#' at the start or after whitespace, outside quotes. A quote
// only opens a string at the start of a token, so the apostrophe in `- don't  # [win]` does not
// hide the selector.
std::size_t commentStart(std::string_view line)
{
    char quote = 0;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quote == '"') {
            if (c == '\\') {
                ++i;
            } else if (c == '"') {
                quote = 0;
            }
            continue;
        }
        if (quote == '\'') {
            if (c == '\'' && i + 1 < line.size() && line[i + 1] == '\'') {
                ++i; // '' is a quote inside the string
            } else if (c == '\'') {
                quote = 0;
            }
            continue;
        }
        const bool tokenStart =
            i == 0 || std::string_view(" \t[{,").find(line[i - 1]) != std::string_view::npos;
        if ((c == '"' || c == '\'') && tokenStart) {
            quote = c;
            continue;
        }
        if (c == '#' && (i == 0 || line[i - 1] == ' ' || line[i - 1] == '\t')) {
            return i;
        }
    }
    return std::string_view::npos;
}

struct Selector {
    std::string expression;
    int column = 0; // 1-based, of the '['
};

// `- item  # [expr]`: the whole comment is the bracketed expression. A comment that merely
// mentions brackets (`# see [1] below`) and a line that is only a comment are not selectors.
std::optional<Selector> selectorOf(std::string_view line)
{
    const std::size_t hash = commentStart(line);
    if (hash == std::string_view::npos || util::trim(line.substr(0, hash)).empty()) {
        return std::nullopt;
    }
    const std::string_view comment = line.substr(hash + 1);
    const std::size_t open = comment.find_first_not_of(" \t");
    if (open == std::string_view::npos || comment[open] != '[') {
        return std::nullopt;
    }
    const std::string_view bracketed = util::trim(comment.substr(open));
    if (bracketed.size() < 2 || bracketed.back() != ']') {
        return std::nullopt;
    }
    return Selector{std::string(bracketed.substr(1, bracketed.size() - 2)),
                    static_cast<int>(hash + 1 + open) + 1};
}

std::size_t indentOf(std::string_view line)
{
    const std::size_t first = line.find_first_not_of(' ');
    return first == std::string_view::npos ? line.size() : first;
}

bool isBlankOrComment(std::string_view line)
{
    const std::string_view content = util::trim(line);
    return content.empty() || content.front() == '#';
}

bool startsSequenceItem(std::string_view line)
{
    const std::string_view content = util::trim(line);
    return content == "-" || util::startsWith(content, "- ");
}

// Blanking only the selected line would leave its children (a `- pip:` list) to be read as a
// continuation of the item before it, so they go too. Lines are blanked, not removed, so every
// later error still names the line the user sees.
void dropBlock(std::vector<std::string>& lines, std::size_t first)
{
    const std::size_t indent = indentOf(lines[first]);
    const std::string_view content =
        util::trim(std::string_view(lines[first]).substr(0, commentStart(lines[first])));
    // `key:` may hold a list at its own indentation (`dependencies:` then `- numpy` in column 1);
    // `- key:` may not.
    const bool opensKey = util::endsWith(content, ":") && !startsSequenceItem(content);
    lines[first].clear();
    for (std::size_t i = first + 1; i < lines.size(); ++i) {
        if (isBlankOrComment(lines[i])) {
            continue;
        }
        const std::size_t childIndent = indentOf(lines[i]);
        const bool child = childIndent > indent
                           || (opensKey && childIndent == indent && startsSequenceItem(lines[i]));
        if (!child) {
            break;
        }
        lines[i].clear();
    }
}

util::Result<std::string> applySelectors(std::string_view text, const std::string& path,
                                         std::string_view platform)
{
    std::vector<std::string> lines = splitLines(text);
    bool changed = false;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const std::optional<Selector> selector = selectorOf(lines[i]);
        if (!selector) {
            continue;
        }
        const util::Result<bool> keep = evaluateSelector(selector->expression, platform);
        if (!keep) {
            return util::fail(ErrorCode::ParseError, keep.error().detail,
                              position(path, static_cast<int>(i) + 1, selector->column));
        }
        if (!*keep) {
            dropBlock(lines, i);
            changed = true;
        }
    }
    return changed ? util::join(lines, "\n") : std::string(text);
}

// conda-build's selector namespace (ns_cfg) for one subdir, plus conda-lock's osx64.
std::optional<bool> platformName(std::string_view name, std::string_view platform)
{
    const std::size_t dash = platform.find('-');
    const std::string_view os = platform.substr(0, dash);
    const std::string_view arch =
        dash == std::string_view::npos ? std::string_view() : platform.substr(dash + 1);
    if (name == "linux" || name == "osx" || name == "win") {
        return os == name;
    }
    if (name == "unix") {
        return os == "linux" || os == "osx" || os == "emscripten";
    }
    static const std::map<std::string_view, std::string_view> kSubdirNames = {
        {"linux32", "linux-32"}, {"linux64", "linux-64"}, {"osx64", "osx-64"},
        {"win32", "win-32"},     {"win64", "win-64"},
    };
    if (auto found = kSubdirNames.find(name); found != kSubdirNames.end()) {
        return platform == found->second;
    }
    if (name == "x86") {
        return arch == "32" || arch == "64";
    }
    if (name == "x86_64") {
        return arch == "64";
    }
    if (name == "arm") {
        return os == "linux" && util::startsWith(arch, "arm");
    }
    static const std::array<std::string_view, 8> kArchitectures = {
        "arm64", "aarch64", "ppc64le", "ppc64", "s390x", "armv6l", "armv7l", "riscv64"};
    if (std::find(kArchitectures.begin(), kArchitectures.end(), name) != kArchitectures.end()) {
        return arch == name;
    }
    if (specs::isKnownPlatform(name)) {
        return platform == name;
    }
    return std::nullopt;
}

// and/or/not with parentheses over platform names. Every name is checked even where the value is
// already decided, so a typo is reported whichever platform is asked about.
class SelectorParser {
public:
    SelectorParser(std::string_view expression, std::string_view platform)
        : m_expression(expression)
        , m_platform(platform)
    {
    }

    util::Result<bool> parse()
    {
        if (auto tokens = tokenize(); !tokens) {
            return tokens.error();
        }
        if (m_tokens.empty()) {
            return unsupported("it is empty");
        }
        util::Result<bool> value = parseOr(0);
        if (value && m_pos < m_tokens.size()) {
            return unsupported("unexpected '" + m_tokens[m_pos] + "'");
        }
        return value;
    }

private:
    static constexpr int kMaxDepth = 64;

    util::Result<void> tokenize()
    {
        std::size_t i = 0;
        while (i < m_expression.size()) {
            const char c = m_expression[i];
            if (util::isSpace(c)) {
                ++i;
            } else if (c == '(' || c == ')') {
                m_tokens.emplace_back(1, c);
                ++i;
            } else if (isNameChar(c)) {
                const std::size_t start = i;
                while (i < m_expression.size() && isNameChar(m_expression[i])) {
                    ++i;
                }
                m_tokens.emplace_back(m_expression.substr(start, i - start));
            } else {
                return unsupported(std::string("'") + c
                                   + "' is not understood: only platform names, and, or, not "
                                     "and parentheses are");
            }
        }
        return {};
    }

    static bool isNameChar(char c)
    {
        return util::isAlpha(c) || util::isDigit(c) || c == '_' || c == '-';
    }

    util::Unexpected unsupported(const std::string& why) const
    {
        return util::fail(ErrorCode::ParseError, "cannot evaluate the selector "
                                                     + util::quoted(m_expression, 60) + ": " + why);
    }

    [[nodiscard]] bool atWord(std::string_view word) const
    {
        return m_pos < m_tokens.size() && m_tokens[m_pos] == word;
    }

    util::Result<bool> parseOr(int depth)
    {
        util::Result<bool> left = parseAnd(depth);
        while (left && atWord("or")) {
            ++m_pos;
            util::Result<bool> right = parseAnd(depth);
            if (!right) {
                return right;
            }
            left = *left || *right;
        }
        return left;
    }

    util::Result<bool> parseAnd(int depth)
    {
        util::Result<bool> left = parseNot(depth);
        while (left && atWord("and")) {
            ++m_pos;
            util::Result<bool> right = parseNot(depth);
            if (!right) {
                return right;
            }
            left = *left && *right;
        }
        return left;
    }

    util::Result<bool> parseNot(int depth)
    {
        if (depth > kMaxDepth) {
            return unsupported("it is nested too deeply");
        }
        if (atWord("not")) {
            ++m_pos;
            util::Result<bool> operand = parseNot(depth + 1);
            if (!operand) {
                return operand;
            }
            return !*operand;
        }
        return parsePrimary(depth);
    }

    util::Result<bool> parsePrimary(int depth)
    {
        if (m_pos >= m_tokens.size()) {
            return unsupported("it ends where a name was expected");
        }
        const std::string& token = m_tokens[m_pos++];
        if (token == "(") {
            util::Result<bool> inner = parseOr(depth + 1);
            if (!inner) {
                return inner;
            }
            if (!atWord(")")) {
                return unsupported("a '(' is not closed");
            }
            ++m_pos;
            return inner;
        }
        if (token == ")" || token == "and" || token == "or") {
            return unsupported("unexpected '" + token + "'");
        }
        const std::optional<bool> value = platformName(token, m_platform);
        if (!value) {
            return unsupported("unknown name " + util::quoted(token, 60));
        }
        return *value;
    }

    std::string m_expression;
    std::string m_platform;
    std::vector<std::string> m_tokens;
    std::size_t m_pos = 0;
};

// ---------------------------------------------------------------------------------------------
// Reading the YAML

std::string describe(const YAML::Node& node)
{
    switch (node.Type()) {
    case YAML::NodeType::Scalar:
        return util::quoted(node.Scalar(), 60);
    case YAML::NodeType::Sequence:
        return "a list";
    case YAML::NodeType::Map:
        return "a mapping";
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
        break;
    }
    return "empty";
}

std::size_t editDistance(std::string_view a, std::string_view b)
{
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) {
        row[j] = j;
    }
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] != b[j - 1])});
            diagonal = above;
        }
    }
    return row[b.size()];
}

std::string unknownKeyMessage(const std::string& key)
{
    std::string message = "unknown key " + util::quoted(key, 60) + " is ignored";
    if (key.size() <= 64) {
        for (const std::string_view known : kKnownKeys) {
            if (editDistance(key, known) <= 2) {
                return message + "; did you mean " + util::quoted(known) + "?";
            }
        }
    }
    return message + "; conda reads only name, channels, dependencies, variables and prefix";
}

// "conda-forge::pip >=23" names pip; "pipx" and "pip-tools" do not.
bool namesPip(std::string_view spec)
{
    const auto name = specs::specName(util::trim(spec));
    return name && *name == "pip";
}

class Reader {
public:
    Reader(const std::string& path, std::string_view platform, std::string_view text)
        : m_path(path)
        , m_platform(platform)
        , m_lines(splitLines(text))
    {
    }

    util::Result<EnvironmentFile> read(const YAML::Node& root)
    {
        std::map<std::string, int> seen;
        for (const auto& entry : root) {
            const YAML::Mark keyMark = entry.first.Mark();
            if (!entry.first.IsScalar()) {
                return fail("a top-level key must be a plain name, not " + describe(entry.first),
                            keyMark);
            }
            const std::string key = entry.first.Scalar();
            if (auto first = seen.find(key); first != seen.end()) {
                return fail("duplicate key " + util::quoted(key, 60) + " (first at line "
                                + std::to_string(first->second) + ")",
                            keyMark);
            }
            seen.emplace(key, keyMark.line + 1);
            if (auto read = readEntry(key, entry.second, keyMark); !read) {
                return read.error();
            }
        }
        warnAboutMissingPip();
        return std::move(m_file);
    }

private:
    util::Unexpected fail(std::string detail, const YAML::Mark& mark) const
    {
        return util::fail(ErrorCode::ParseError, std::move(detail), position(m_path, mark));
    }

    // A null value carries the mark of whatever follows it; the key's line is the one to name.
    static YAML::Mark markOf(const YAML::Node& node, const YAML::Mark& fallback)
    {
        const YAML::Mark mark = node.Mark();
        return mark.is_null() || node.IsNull() ? fallback : mark;
    }

    // yaml-cpp marks an empty item (`-` alone) where the next token starts, a line or more later;
    // the item is the last `-` line before that. An explicit `~` or `null` is marked where it is.
    [[nodiscard]] YAML::Mark emptyItemMark(const YAML::Node& item, const YAML::Mark& previous) const
    {
        const YAML::Mark next = item.Mark();
        if (next.is_null() || next.line < 0 || next.column < 0) {
            return previous;
        }
        const auto nextLine = static_cast<std::size_t>(next.line);
        if (nextLine < m_lines.size()) {
            const std::string_view rest =
                std::string_view(m_lines[nextLine])
                    .substr(
                        std::min(static_cast<std::size_t>(next.column), m_lines[nextLine].size()));
            if (util::startsWith(rest, "~") || util::startsWith(util::toLower(rest), "null")) {
                return next;
            }
        }
        for (int i = std::min(next.line, static_cast<int>(m_lines.size())) - 1; i > previous.line;
             --i) {
            const std::string& line = m_lines[static_cast<std::size_t>(i)];
            if (startsSequenceItem(line)) {
                YAML::Mark mark;
                mark.line = i;
                mark.column = static_cast<int>(indentOf(line));
                return mark;
            }
        }
        return previous;
    }

    void warn(const std::string& message, const YAML::Mark& mark)
    {
        m_file.warnings.push_back(position(m_path, mark) + ": " + message);
    }

    util::Result<void> readEntry(const std::string& key, const YAML::Node& value,
                                 const YAML::Mark& keyMark)
    {
        if (key == "name" || key == "prefix") {
            auto text = optionalString(key, value, keyMark);
            if (!text) {
                return text.error();
            }
            (key == "name" ? m_file.name : m_file.prefix) = std::move(*text);
            return {};
        }
        if (key == "channels") {
            auto channels = stringList(key, value, keyMark);
            if (!channels) {
                return channels.error();
            }
            m_file.channels = std::move(*channels);
            return {};
        }
        if (key == "dependencies") {
            return readDependencies(value, keyMark);
        }
        if (key == "variables") {
            return readVariables(value, keyMark);
        }
        warn(unknownKeyMessage(key), keyMark);
        return {};
    }

    util::Result<std::optional<std::string>>
    optionalString(const std::string& key, const YAML::Node& value, const YAML::Mark& keyMark) const
    {
        if (value.IsNull()) {
            return std::optional<std::string>();
        }
        if (!value.IsScalar()) {
            return fail(key + " must be a string, not " + describe(value), markOf(value, keyMark));
        }
        return std::optional<std::string>(value.Scalar());
    }

    // Items are trimmed: a quoted "numpy " is still numpy.
    util::Result<std::string> listItem(const std::string& key, const YAML::Node& item,
                                       const YAML::Mark& fallback) const
    {
        if (item.IsNull()) {
            return fail(key + " items must be strings, not an empty item",
                        emptyItemMark(item, fallback));
        }
        if (!item.IsScalar()) {
            return fail(key + " items must be strings, not " + describe(item), item.Mark());
        }
        const std::string_view text = util::trim(item.Scalar());
        if (text.empty()) {
            return fail(key + " items must be strings, not an empty item", item.Mark());
        }
        return std::string(text);
    }

    util::Result<std::vector<std::string>>
    stringList(const std::string& key, const YAML::Node& value, const YAML::Mark& keyMark) const
    {
        std::vector<std::string> items;
        if (value.IsNull()) {
            return items;
        }
        if (!value.IsSequence()) {
            return fail(key + " must be a list, not " + describe(value), markOf(value, keyMark));
        }
        YAML::Mark previous = keyMark;
        for (const auto& item : value) {
            auto text = listItem(key, item, previous);
            if (!text) {
                return text.error();
            }
            items.push_back(std::move(*text));
            previous = item.Mark();
        }
        return items;
    }

    util::Result<void> readDependencies(const YAML::Node& value, const YAML::Mark& keyMark)
    {
        if (value.IsNull()) {
            return {};
        }
        if (!value.IsSequence()) {
            return fail("dependencies must be a list, not " + describe(value),
                        markOf(value, keyMark));
        }
        YAML::Mark previous = keyMark;
        for (const auto& item : value) {
            if (item.IsMap()) {
                if (auto read = readDependencyMap(item); !read) {
                    return read.error();
                }
            } else {
                auto spec = listItem("dependencies", item, previous);
                if (!spec) {
                    return spec.error();
                }
                m_file.dependencies.push_back(std::move(*spec));
            }
            previous = item.Mark();
        }
        return {};
    }

    // `- pip: [...]`, or micromamba's `- sel(linux): spec`. conda would hand any other key to an
    // installer of that name, which it does not have; saying so beats ignoring the packages.
    util::Result<void> readDependencyMap(const YAML::Node& item)
    {
        for (const auto& entry : item) {
            const YAML::Mark keyMark = entry.first.Mark();
            const std::string key = entry.first.IsScalar() ? entry.first.Scalar() : std::string();
            util::Result<void> read;
            if (key == "pip") {
                read = readPip(entry.second, keyMark);
            } else if (util::startsWith(key, "sel(") && util::endsWith(key, ")")) {
                read = readMambaSelector(key, entry.second, keyMark);
            } else {
                read = fail("unexpected mapping " + describe(entry.first)
                                + " in dependencies: only a 'pip:' list may appear there",
                            keyMark);
            }
            if (!read) {
                return read;
            }
        }
        return {};
    }

    util::Result<void> readPip(const YAML::Node& value, const YAML::Mark& keyMark)
    {
        auto items = stringList("pip", value, keyMark);
        if (!items) {
            return items.error();
        }
        if (m_file.pip) {
            // conda keeps the last one (the items are dict updates).
            warn("a second 'pip:' list replaces the one at line " + std::to_string(m_pipLine),
                 keyMark);
        }
        m_file.pip = std::move(*items);
        m_pipMark = keyMark;
        m_pipLine = keyMark.line + 1;
        return {};
    }

    util::Result<void> readMambaSelector(const std::string& key, const YAML::Node& value,
                                         const YAML::Mark& keyMark)
    {
        const std::string expression = key.substr(4, key.size() - 5);
        const util::Result<bool> keep = evaluateSelector(expression, m_platform);
        if (!keep) {
            return util::fail(ErrorCode::ParseError, keep.error().detail,
                              position(m_path, keyMark));
        }
        const std::string_view spec = value.IsScalar() ? util::trim(value.Scalar()) : "";
        if (spec.empty()) {
            const std::string what = value.IsScalar() ? "an empty item" : describe(value);
            return fail(key + " must hold one dependency, not " + what, markOf(value, keyMark));
        }
        if (*keep) {
            m_file.dependencies.emplace_back(spec);
        }
        return {};
    }

    util::Result<void> readVariables(const YAML::Node& value, const YAML::Mark& keyMark)
    {
        if (value.IsNull()) {
            return {};
        }
        if (!value.IsMap()) {
            return fail("variables must be a mapping of names to values, not " + describe(value),
                        markOf(value, keyMark));
        }
        for (const auto& entry : value) {
            const YAML::Mark nameMark = entry.first.Mark();
            if (!entry.first.IsScalar()) {
                return fail("a variable name must be a string, not " + describe(entry.first),
                            nameMark);
            }
            const std::string name = entry.first.Scalar();
            if (!util::isShellVariableName(name)) {
                return fail("variable name " + util::quoted(name, 60)
                                + " is not one a shell can set (letters, digits and _, not "
                                  "starting with a digit)",
                            nameMark);
            }
            const bool duplicate =
                std::any_of(m_file.variables.begin(), m_file.variables.end(),
                            [&](const auto& variable) { return variable.first == name; });
            if (duplicate) {
                return fail("duplicate variable " + util::quoted(name, 60), nameMark);
            }
            if (!entry.second.IsNull() && !entry.second.IsScalar()) {
                return fail("variable " + util::quoted(name, 60) + " must be a string, not "
                                + describe(entry.second),
                            markOf(entry.second, nameMark));
            }
            m_file.variables.emplace_back(name, entry.second.IsNull() ? std::string()
                                                                      : entry.second.Scalar());
        }
        return {};
    }

    // conda env create prints the same warning: the pip list would run with whatever pip the
    // environment happens to have, if any.
    void warnAboutMissingPip()
    {
        if (!m_file.pip || m_file.pip->empty()) {
            return;
        }
        if (std::none_of(m_file.dependencies.begin(), m_file.dependencies.end(),
                         [](const std::string& spec) { return namesPip(spec); })) {
            warn("the pip list has entries but pip is not among the dependencies", m_pipMark);
        }
    }

    std::string m_path;
    std::string m_platform;
    std::vector<std::string> m_lines;
    EnvironmentFile m_file;
    YAML::Mark m_pipMark;
    int m_pipLine = 0;
};

// conda reads exactly one document (see core/yaml for why not YAML::LoadAll).
util::Result<void> checkSingleDocument(const std::string& text, const std::string& path)
{
    const auto extra = yaml::findExtraDocument(text);
    if (!extra) {
        return {};
    }
    if (extra->kind == yaml::ExtraDocument::Kind::Stuck) {
        const std::string token =
            extra->offset < text.size() ? text.substr(extra->offset, 1) : std::string();
        return util::fail(ErrorCode::ParseError,
                          "invalid YAML: unexpected " + util::quoted(token, 60),
                          position(path, extra->line, extra->column));
    }
    return util::fail(ErrorCode::ParseError,
                      "an environment file holds one YAML document; a second one starts here",
                      position(path, extra->line, extra->column));
}

util::Result<EnvironmentFile> parseUnguarded(std::string_view text, const std::string& path,
                                             const ParseOptions& options)
{
    const std::string platform =
        options.platform.empty() ? specs::currentPlatform() : options.platform;
    const util::Result<std::string> prepared = applySelectors(text, path, platform);
    if (!prepared) {
        return prepared.error();
    }
    // First what makes yaml-cpp unsafe (size, aliases, depth), then the document count.
    const util::Result<YAML::Node> loaded = yaml::loadDocument(*prepared, path);
    if (!loaded) {
        return loaded.error();
    }
    if (auto single = checkSingleDocument(*prepared, path); !single) {
        return single.error();
    }
    const YAML::Node& root = *loaded;
    if (root.IsNull()) {
        return util::fail(ErrorCode::ParseError,
                          "the file is empty: it needs at least a dependencies list",
                          position(path, 1, 1));
    }
    if (!root.IsMap()) {
        return util::fail(ErrorCode::ParseError,
                          "the top level must be a mapping of keys (name, channels, "
                          "dependencies, ...), not "
                              + describe(root),
                          position(path, root.Mark()));
    }
    return Reader(path, platform, *prepared).read(root);
}

// ---------------------------------------------------------------------------------------------
// Writing

void appendItems(std::string& out, const std::vector<std::string>& items, std::string_view indent)
{
    for (const auto& item : items) {
        out.append(indent).append("- ").append(yaml::scalar(item)).append("\n");
    }
}

} // namespace

util::Result<bool> evaluateSelector(std::string_view expression, std::string_view platform)
{
    return SelectorParser(expression, platform).parse();
}

util::Result<EnvironmentFile> parseEnvironmentFile(std::string_view text, const std::string& path,
                                                   const ParseOptions& options)
{
    try {
        return parseUnguarded(text, path, options);
    } catch (const YAML::Exception& error) {
        return util::fail(ErrorCode::ParseError, "invalid YAML: " + error.msg,
                          position(path, error.mark));
    } catch (const std::exception& error) {
        return util::fail(ErrorCode::ParseError, std::string("cannot read: ") + error.what(), path);
    } catch (...) {
        return util::fail(ErrorCode::Internal, "unexpected failure while reading", path);
    }
}

util::Result<EnvironmentFile> readEnvironmentFile(const std::string& path,
                                                  const ParseOptions& options)
{
    try {
        std::error_code error;
        if (std::filesystem::is_directory(path, error)) {
            return util::fail(ErrorCode::IoError,
                              "cannot read " + util::quoted(path) + ": it is a folder", path);
        }
        std::ifstream in(path, std::ios::binary);
        if (!in) {
            return util::fail(ErrorCode::IoError,
                              "cannot open " + util::quoted(path) + ": " + std::strerror(errno),
                              path);
        }
        std::ostringstream buffer;
        buffer << in.rdbuf();
        if (in.bad()) {
            return util::fail(ErrorCode::IoError, "cannot read " + util::quoted(path), path);
        }
        return parseEnvironmentFile(buffer.str(), path, options);
    } catch (const std::exception& error) {
        return util::fail(ErrorCode::IoError,
                          "cannot read " + util::quoted(path) + ": " + error.what(), path);
    }
}

int dependencyLine(std::string_view text, std::string_view needle)
{
    if (needle.empty()) {
        return 0;
    }
    int line = 1;
    std::size_t pos = 0;
    while (pos <= text.size()) {
        std::size_t end = text.find('\n', pos);
        if (end == std::string_view::npos) {
            end = text.size();
        }
        std::string_view item = util::trim(text.substr(pos, end - pos));
        if (!item.empty() && item.front() == '-') {
            item = util::trim(item.substr(1));
            if (!item.empty() && (item.front() == '"' || item.front() == '\'')) {
                item.remove_prefix(1);
            }
            if (util::startsWith(item, needle)) {
                const std::string_view rest = item.substr(needle.size());
                if (rest.empty() || util::isSpace(rest.front()) || rest.front() == '#'
                    || rest.front() == '"' || rest.front() == '\'') {
                    return line;
                }
            }
        }
        pos = end + 1;
        ++line;
    }
    return 0;
}

std::string formatEnvironmentFile(const EnvironmentFile& file)
{
    std::string out;
    if (file.name) {
        out += "name: " + yaml::scalar(*file.name) + "\n";
    }
    if (!file.channels.empty()) {
        out += "channels:\n";
        appendItems(out, file.channels, "  ");
    }
    if (!file.dependencies.empty() || file.pip) {
        out += "dependencies:\n";
        appendItems(out, file.dependencies, "  ");
        if (file.pip && file.pip->empty()) {
            out += "  - pip: []\n";
        } else if (file.pip) {
            out += "  - pip:\n";
            appendItems(out, *file.pip, "    ");
        }
    }
    if (!file.variables.empty()) {
        out += "variables:\n";
        for (const auto& [name, value] : file.variables) {
            out += "  " + yaml::scalar(name) + ": " + yaml::scalar(value) + "\n";
        }
    }
    if (file.prefix) {
        out += "prefix: " + yaml::scalar(*file.prefix) + "\n";
    }
    // An empty mapping still reads back as a (blank) environment file, not an empty one.
    return out.empty() ? "{}\n" : out;
}

std::string
expandVariables(std::string_view text,
                const std::function<std::optional<std::string>(const std::string&)>& lookup)
{
    return util::expandVariables(text, lookup);
}

} // namespace envdesk::envfile
