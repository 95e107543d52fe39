#include "core/config/condarc_editor.h"

#include "core/config/config.h"
#include "core/specs/channel.h"
#include "core/util/strings.h"
#include "core/yaml/yaml_scalar.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

namespace envdesk::config {

namespace fs = std::filesystem;

namespace {

std::string stripEol(std::string_view line)
{
    if (!line.empty() && line.back() == '\n') {
        line.remove_suffix(1);
    }
    if (!line.empty() && line.back() == '\r') {
        line.remove_suffix(1);
    }
    return std::string(line);
}

bool isBlankOrComment(std::string_view line)
{
    const std::string_view text = util::trim(line);
    return text.empty() || text.front() == '#';
}

// A line that starts the next top-level key (or a document marker) ends the current key's block.
// A "- item" at column 0 still belongs to the key above it.
bool endsBlock(std::string_view line)
{
    if (line.empty() || util::isSpace(line.front()) || line.front() == '#') {
        return false;
    }
    if (util::startsWith(line, "---") || util::startsWith(line, "...")) {
        return true;
    }
    // A top-level key has its colon on its line; a line without one at column 0 is the rest
    // of a flow value (a closing "}" or "]").
    return line.front() != '-' && line.find(':') != std::string_view::npos;
}

std::size_t indentOf(std::string_view line)
{
    std::size_t i = 0;
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) {
        ++i;
    }
    return i;
}

// A YAML scalar for `text`: plain when YAML reads it back unchanged (and, for a string, still as
// a string), else double-quoted.
std::string renderScalar(const std::string& text, bool asString, bool inFlow = false)
{
    yaml::ScalarOptions options;
    options.typed = !asString;
    options.inFlow = inFlow;
    return yaml::scalar(text, options);
}

// Names conda accepts as keys; anything else would need quoting and is most likely a typo.
bool isValidKeyName(std::string_view key)
{
    if (key.empty()) {
        return false;
    }
    return std::all_of(key.begin(), key.end(), [](char c) {
        return util::isAlpha(c) || util::isDigit(c) || c == '_' || c == '-';
    });
}

// A value in YAML flow style (`{a: [b, c]}`): scalars that hold flow punctuation are quoted.
std::string renderFlow(const ConfigValue& value)
{
    switch (value.kind) {
    case ConfigValue::Kind::Null:
        return "null";
    case ConfigValue::Kind::Scalar: {
        return renderScalar(value.scalar, value.quoted, true);
    }
    case ConfigValue::Kind::Sequence: {
        std::string out = "[";
        for (std::size_t i = 0; i < value.items.size(); ++i) {
            out += (i > 0 ? ", " : "") + renderFlow(value.items[i]);
        }
        return out + "]";
    }
    case ConfigValue::Kind::Map: {
        std::string out = "{";
        for (std::size_t i = 0; i < value.entries.size(); ++i) {
            out += (i > 0 ? ", " : "") + renderScalar(value.entries[i].key, false, true) + ": "
                   + renderFlow(value.entries[i].value);
        }
        return out + "}";
    }
    }
    return "null";
}

// A value re-rendered in block style (used when a flow value like `[a, b]` must change).
void renderEntry(const std::string& key, const ConfigValue& value, const std::string& indent,
                 const std::string& keyComment, std::vector<std::string>& out)
{
    const std::string head = indent + renderScalar(key, false) + ":";
    switch (value.kind) {
    case ConfigValue::Kind::Null:
        out.push_back(head + keyComment);
        return;
    case ConfigValue::Kind::Scalar:
        out.push_back(head + " " + renderScalar(value.scalar, value.quoted) + keyComment);
        return;
    case ConfigValue::Kind::Sequence:
        if (value.items.empty()) {
            out.push_back(head + " []" + keyComment);
            return;
        }
        out.push_back(head + keyComment);
        for (const auto& item : value.items) {
            if (item.isScalar()) {
                out.push_back(indent + "  - " + renderScalar(item.scalar, item.quoted));
            } else if (item.isNull()) {
                out.push_back(indent + "  -");
            } else {
                // A collection inside a list (only unknown keys have them) is written in
                // flow style on the item's line, which keeps all of it.
                out.push_back(indent + "  - " + renderFlow(item));
            }
        }
        return;
    case ConfigValue::Kind::Map:
        if (value.entries.empty()) {
            out.push_back(head + " {}" + keyComment);
            return;
        }
        out.push_back(head + keyComment);
        for (const auto& [name, entry] : value.entries) {
            renderEntry(name, entry, indent + "  ", "", out);
        }
        return;
    }
}

bool isBlockSequence(const ConfigValue& value, const std::vector<std::string>& lines)
{
    if (!value.isSequence() || value.items.empty()) {
        return false;
    }
    int previous = value.keyLine;
    for (const auto& item : value.items) {
        if (!item.isScalar() || item.line <= previous
            || static_cast<std::size_t>(item.line) > lines.size()) {
            return false;
        }
        const std::string text = stripEol(lines[static_cast<std::size_t>(item.line - 1)]);
        const std::string prefix = text.substr(0, static_cast<std::size_t>(item.column - 1));
        const std::string_view dash = util::trim(prefix);
        if (dash != "-") {
            return false;
        }
        previous = item.line;
    }
    return true;
}

// A mapping written as indented "name: value" lines under its key, not `{...}` (which may also
// span lines): the key's own line ends at its colon.
bool isBlockMap(const ConfigValue& value, const std::vector<std::string>& lines)
{
    if (!value.isMap() || value.entries.empty() || value.keyLine < 1
        || static_cast<std::size_t>(value.keyLine) > lines.size()) {
        return false;
    }
    std::string keyLine = stripEol(lines[static_cast<std::size_t>(value.keyLine - 1)]);
    if (const auto comment = commentStart(keyLine); comment != std::string::npos) {
        keyLine.resize(comment);
    }
    if (!util::endsWith(util::trim(keyLine), ":")) {
        return false;
    }
    return std::all_of(value.entries.begin(), value.entries.end(),
                       [&](const auto& entry) { return entry.value.keyLine > value.keyLine; });
}

// "path:line:column" of a key, for errors about what it holds.
std::string keyPositionIn(const std::string& path, const ConfigValue& value)
{
    return path + ":" + std::to_string(value.keyLine) + ":" + std::to_string(value.keyColumn);
}

util::Unexpected notInFile(const std::string& path, const std::string& detail)
{
    return util::fail(util::ErrorCode::NotFound, detail, path);
}

util::Result<std::string> readWholeFile(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return util::fail(util::ErrorCode::IoError, "cannot read the file", path);
    }
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

util::Result<void> writeThroughTemporary(const fs::path& target, std::string_view bytes,
                                         mode_t mode)
{
    const fs::path folder = target.parent_path();
    std::string pattern =
        (folder / ("." + target.filename().string() + ".envdesk-XXXXXX")).string();
    std::vector<char> name(pattern.begin(), pattern.end());
    name.push_back('\0');
    const int fd = mkstemp(name.data());
    if (fd < 0) {
        return util::fail(util::ErrorCode::IoError,
                          std::string("cannot create a temporary file: ") + std::strerror(errno),
                          folder.string());
    }
    const std::string temporary(name.data());
    auto failWith = [&](const std::string& what) -> util::Result<void> {
        const int saved = errno;
        ::close(fd);
        ::unlink(temporary.c_str());
        return util::fail(util::ErrorCode::IoError, what + ": " + std::strerror(saved),
                          target.string());
    };
    std::size_t written = 0;
    while (written < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return failWith("cannot write");
        }
        written += static_cast<std::size_t>(n);
    }
    if (::fchmod(fd, mode) != 0) {
        return failWith("cannot set the permissions");
    }
    if (::fsync(fd) != 0) {
        return failWith("cannot flush to disk");
    }
    if (::close(fd) != 0) {
        ::unlink(temporary.c_str());
        return util::fail(util::ErrorCode::IoError, "cannot close the temporary file",
                          target.string());
    }
    if (::rename(temporary.c_str(), target.c_str()) != 0) {
        const int saved = errno;
        ::unlink(temporary.c_str());
        return util::fail(util::ErrorCode::IoError,
                          std::string("cannot replace the file: ") + std::strerror(saved),
                          target.string());
    }
    // The rename is durable only once the folder itself is flushed.
    const int dirFd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY);
    if (dirFd >= 0) {
        ::fsync(dirFd);
        ::close(dirFd);
    }
    return {};
}

} // namespace

bool containsSecrets(std::string_view text)
{
    return specs::maskSecrets(text) != text;
}

util::Result<void> saveFileAtomically(const std::string& path, std::string_view text)
{
    std::error_code error;
    fs::path target = fs::absolute(path, error);
    if (fs::is_symlink(target, error)) {
        target = fs::weakly_canonical(target, error);
    }
    fs::create_directories(target.parent_path(), error);
    if (error) {
        return util::fail(util::ErrorCode::IoError, "cannot create the folder: " + error.message(),
                          target.parent_path().string());
    }
    mode_t mode = 0644;
    struct stat info {};
    const bool existed = ::stat(target.c_str(), &info) == 0;
    if (existed) {
        mode = info.st_mode & 07777;
        auto previous = readWholeFile(target.string());
        if (!previous) {
            return previous.error();
        }
        const mode_t backupMode = containsSecrets(*previous) ? 0600 : mode;
        if (auto backup = writeThroughTemporary(target.string() + ".bak", *previous, backupMode);
            !backup) {
            return backup;
        }
    }
    if (containsSecrets(text)) {
        mode = 0600;
    }
    return writeThroughTemporary(target, text, mode);
}

util::Result<CondarcEditor> CondarcEditor::open(const std::string& path)
{
    std::error_code error;
    if (!fs::exists(path, error)) {
        auto editor = fromText({}, path);
        return editor;
    }
    auto text = readWholeFile(path);
    if (!text) {
        return text.error();
    }
    auto editor = fromText(std::move(*text), path);
    if (editor) {
        editor->m_existed = true;
    }
    return editor;
}

util::Result<CondarcEditor> CondarcEditor::fromText(std::string text, std::string path)
{
    CondarcEditor editor;
    editor.m_path = std::move(path);
    std::size_t start = 0;
    while (start < text.size()) {
        const std::size_t end = text.find('\n', start);
        if (end == std::string::npos) {
            editor.m_lines.push_back(text.substr(start));
            break;
        }
        editor.m_lines.push_back(text.substr(start, end + 1 - start));
        start = end + 1;
    }
    if (!editor.m_lines.empty() && util::endsWith(editor.m_lines.front(), "\r\n")) {
        editor.m_eol = "\r\n";
    }
    auto content = parseCondarc(text, editor.m_path);
    if (!content) {
        return content.error();
    }
    editor.m_content = std::move(*content);
    return editor;
}

std::string CondarcEditor::text() const
{
    std::string out;
    for (const auto& line : m_lines) {
        out += line;
    }
    return out;
}

std::string CondarcEditor::lineText(std::size_t line) const
{
    return stripEol(m_lines.at(line));
}

std::string CondarcEditor::commentSuffix(std::size_t line) const
{
    const std::string text = lineText(line);
    std::size_t start = commentStart(text);
    if (start == std::string::npos) {
        return {};
    }
    while (start > 0 && util::isSpace(text[start - 1])) {
        --start;
    }
    return text.substr(start);
}

util::Result<void> CondarcEditor::checkEditable() const
{
    // Line-based editing needs every top-level key at the start of its line; a file written
    // as one flow mapping or indented as a whole is read, but not edited.
    for (const auto& entry : m_content.entries) {
        if (entry.value.keyColumn != 1) {
            return util::fail(util::ErrorCode::ParseError,
                              "cannot edit this file: its key " + util::quoted(entry.key)
                                  + " does not start a line (flow style or indented keys)",
                              m_path + ":" + std::to_string(entry.value.keyLine) + ":"
                                  + std::to_string(entry.value.keyColumn));
        }
    }
    return {};
}

util::Result<CondarcEditor::Block> CondarcEditor::topLevelBlock(const std::string& key) const
{
    const ConfigValue* value = m_content.find(key);
    if (!value || value->keyLine < 1) {
        return notInFile(m_path, "key " + util::quoted(key) + " is not in the config file");
    }
    if (value->keyColumn != 1) {
        return util::fail(util::ErrorCode::ParseError,
                          "cannot edit key " + util::quoted(key)
                              + ": it does not start a line (a flow-style file)",
                          m_path + ":" + std::to_string(value->keyLine) + ":"
                              + std::to_string(value->keyColumn));
    }
    Block block;
    block.begin = static_cast<std::size_t>(value->keyLine - 1);
    block.end = block.begin + 1;
    while (block.end < m_lines.size() && !endsBlock(lineText(block.end))) {
        ++block.end;
    }
    // Comments and blank lines before the next key belong to what follows.
    while (block.end > block.begin + 1 && isBlankOrComment(lineText(block.end - 1))) {
        --block.end;
    }
    return block;
}

void CondarcEditor::appendLines(const std::vector<std::string>& lines)
{
    // A new key goes at the end of the document: before a "..." end marker, if there is one.
    for (std::size_t i = 0; i < m_lines.size(); ++i) {
        if (util::startsWith(m_lines[i], "...")) {
            replaceLines(i, i, lines);
            return;
        }
    }
    replaceLines(m_lines.size(), m_lines.size(), lines);
}

void CondarcEditor::replaceLines(std::size_t begin, std::size_t end,
                                 const std::vector<std::string>& lines)
{
    if (begin == m_lines.size() && !lines.empty() && !m_lines.empty()
        && !util::endsWith(m_lines.back(), "\n")) {
        // Inserting after a last line that has no line end: end it first.
        m_lines.back() += m_eol;
    }
    // A replaced last line that had no line end keeps having none.
    const bool lastHadNoEol =
        end == m_lines.size() && end > begin && !util::endsWith(m_lines.back(), "\n");
    std::vector<std::string> replacement;
    for (const auto& line : lines) {
        replacement.push_back(line + m_eol);
    }
    if (lastHadNoEol && !replacement.empty()) {
        replacement.back().resize(replacement.back().size() - m_eol.size());
    }
    m_lines.erase(m_lines.begin() + static_cast<std::ptrdiff_t>(begin),
                  m_lines.begin() + static_cast<std::ptrdiff_t>(end));
    m_lines.insert(m_lines.begin() + static_cast<std::ptrdiff_t>(begin), replacement.begin(),
                   replacement.end());
}

util::Result<void> CondarcEditor::reparse(std::vector<std::string> previous)
{
    auto content = parseCondarc(text(), m_path);
    if (!content) {
        m_lines = std::move(previous);
        return util::fail(util::ErrorCode::Internal,
                          "the edit would leave invalid YAML (" + content.error().message()
                              + "); nothing was changed",
                          m_path);
    }
    m_content = std::move(*content);
    return {};
}

util::Result<void> CondarcEditor::set(const std::string& key, const std::string& value)
{
    if (auto editable = checkEditable(); !editable) {
        return editable;
    }
    const auto dot = key.find('.');
    const std::string topKey = key.substr(0, dot);
    if (!isValidKeyName(topKey)) {
        return util::fail(util::ErrorCode::ParseError, "invalid key " + util::quoted(key), m_path);
    }
    const KeyInfo* info = findKey(topKey);
    auto previous = m_lines;

    if (dot != std::string::npos) {
        const std::string sub = key.substr(dot + 1);
        if (sub.empty()) {
            return util::fail(util::ErrorCode::ParseError, "invalid key " + util::quoted(key),
                              m_path);
        }
        if (info && info->type != KeyType::StringMap) {
            return util::fail(util::ErrorCode::ParseError,
                              "key " + util::quoted(topKey)
                                  + " is not a mapping of names to strings; cannot set "
                                  + util::quoted(key),
                              m_path);
        }
        const std::string rendered = renderScalar(value, info != nullptr);
        ConfigValue* map = m_content.find(topKey);
        if (!map) {
            appendLines({topKey + ":", "  " + renderScalar(sub, false) + ": " + rendered});
            return reparse(std::move(previous));
        }
        if (!map->isMap() && !map->isNull()) {
            return util::fail(util::ErrorCode::ParseError,
                              "key " + util::quoted(topKey) + " is not a mapping", map->where());
        }
        auto block = topLevelBlock(topKey);
        if (!block) {
            return block.error();
        }
        if (isBlockMap(*map, m_lines)) {
            if (const ConfigValue* entry = map->find(sub)) {
                const auto begin = static_cast<std::size_t>(entry->keyLine - 1);
                const auto indent = static_cast<std::size_t>(entry->keyColumn - 1);
                std::size_t end = begin + 1;
                while (end < block->end
                       && (isBlankOrComment(lineText(end)) || indentOf(lineText(end)) > indent)) {
                    ++end;
                }
                while (end > begin + 1 && isBlankOrComment(lineText(end - 1))) {
                    --end;
                }
                const std::string line = lineText(begin).substr(0, indent)
                                         + renderScalar(sub, false) + ": " + rendered
                                         + commentSuffix(begin);
                replaceLines(begin, end, {line});
            } else {
                const auto& first = map->entries.front().value;
                const std::string indent =
                    lineText(static_cast<std::size_t>(first.keyLine - 1))
                        .substr(0, static_cast<std::size_t>(first.keyColumn - 1));
                replaceLines(block->end, block->end,
                             {indent + renderScalar(sub, false) + ": " + rendered});
            }
            return reparse(std::move(previous));
        }
        ConfigValue updated = map->isMap() ? *map : ConfigValue{};
        updated.kind = ConfigValue::Kind::Map;
        if (ConfigValue* entry = updated.find(sub)) {
            *entry = ConfigValue::makeScalar(value);
            entry->quoted = info != nullptr;
        } else {
            updated.entries.push_back({sub, ConfigValue::makeScalar(value)});
            updated.entries.back().value.quoted = info != nullptr;
        }
        std::vector<std::string> lines;
        renderEntry(topKey, updated, "", commentSuffix(block->begin), lines);
        replaceLines(block->begin, block->end, lines);
        return reparse(std::move(previous));
    }

    std::string rendered;
    if (info) {
        const ConfigValue typed = ConfigValue::makeScalar(value, m_path);
        switch (info->type) {
        case KeyType::StringList:
            return util::fail(
                util::ErrorCode::ParseError,
                "key " + util::quoted(key) + " is a list: use --add, --append or --remove", m_path);
        case KeyType::StringMap:
        case KeyType::StringListMap:
            return util::fail(util::ErrorCode::ParseError,
                              "key " + util::quoted(key) + " is a mapping: use --set " + key
                                  + ".NAME VALUE",
                              m_path);
        default:
            break;
        }
        if (auto valid = validateKey(key, typed); !valid) {
            return valid;
        }
        const bool boolKey = info->type == KeyType::Bool || info->type == KeyType::OptionalBool;
        const auto flag = boolKey ? parseBoolLike(value) : parseBool(value);
        if (flag && info->type != KeyType::String && info->type != KeyType::ChannelPriority) {
            rendered = *flag ? "true" : "false";
        } else if (info->type == KeyType::String || info->type == KeyType::SslVerify) {
            rendered = renderScalar(std::string(util::trim(value)), true);
        } else {
            rendered = std::string(util::trim(value));
        }
    } else {
        rendered = renderScalar(value, false);
    }
    const std::string line = key + ": " + rendered;
    if (m_content.find(key)) {
        auto block = topLevelBlock(key);
        if (!block) {
            return block.error();
        }
        replaceLines(block->begin, block->end, {line + commentSuffix(block->begin)});
    } else {
        appendLines({line});
    }
    return reparse(std::move(previous));
}

util::Result<void> CondarcEditor::add(const std::string& key, const std::string& item, ListEnd end)
{
    if (auto editable = checkEditable(); !editable) {
        return editable;
    }
    if (!isValidKeyName(key)) {
        return util::fail(
            util::ErrorCode::ParseError,
            "invalid key " + util::quoted(key) + " (only top-level lists can be edited)", m_path);
    }
    const KeyInfo* info = findKey(key);
    if (info && info->type != KeyType::StringList) {
        return util::fail(util::ErrorCode::ParseError,
                          "key " + util::quoted(key) + " is not a list; use --set", m_path);
    }
    if (util::trim(item).empty()) {
        return util::fail(util::ErrorCode::ParseError, "an empty item cannot be added", m_path);
    }
    auto previous = m_lines;
    const std::string rendered = renderScalar(item, true);
    const ConfigValue* list = m_content.find(key);
    if (!list) {
        appendLines({key + ":", "  - " + rendered});
        return reparse(std::move(previous));
    }
    if (!list->isSequence() && !list->isNull()) {
        return util::fail(util::ErrorCode::ParseError,
                          "key " + util::quoted(key) + " is not a list; use --set", list->where());
    }
    auto block = topLevelBlock(key);
    if (!block) {
        return block.error();
    }
    const auto position = std::find_if(list->items.begin(), list->items.end(),
                                       [&](const ConfigValue& v) { return v.scalar == item; });
    if (position != list->items.end()) {
        const bool alreadyThere = end == ListEnd::Front ? position == list->items.begin()
                                                        : position + 1 == list->items.end();
        m_warnings.push_back(util::quoted(item) + " already in " + util::quoted(key)
                             + " list, moving to the "
                             + (end == ListEnd::Front ? "top" : "bottom"));
        if (alreadyThere) {
            return {};
        }
    }
    if (isBlockSequence(*list, m_lines)) {
        if (position != list->items.end()) {
            // Move: drop the old line(s) first, then add as if it were new.
            std::vector<std::size_t> drop;
            for (const auto& existing : list->items) {
                if (existing.scalar == item) {
                    drop.push_back(static_cast<std::size_t>(existing.line - 1));
                }
            }
            for (auto it = drop.rbegin(); it != drop.rend(); ++it) {
                replaceLines(*it, *it + 1, {});
            }
            if (auto parsed = reparse(previous); !parsed) {
                return parsed;
            }
            list = m_content.find(key);
            if (!list || !isBlockSequence(*list, m_lines)) {
                // The item was the only one: the key is now empty; fall through to a rewrite.
                ConfigValue fresh;
                fresh.kind = ConfigValue::Kind::Sequence;
                fresh.items.push_back(ConfigValue::makeScalar(item));
                fresh.items.back().quoted = true;
                auto emptied = topLevelBlock(key);
                if (!emptied) {
                    return emptied.error();
                }
                std::vector<std::string> lines;
                renderEntry(key, fresh, "", commentSuffix(emptied->begin), lines);
                replaceLines(emptied->begin, emptied->end, lines);
                return reparse(std::move(previous));
            }
        }
        const ConfigValue& anchor =
            end == ListEnd::Front ? list->items.front() : list->items.back();
        const auto anchorLine = static_cast<std::size_t>(anchor.line - 1);
        const std::string prefix =
            lineText(anchorLine).substr(0, static_cast<std::size_t>(anchor.column - 1));
        const std::size_t at = end == ListEnd::Front ? anchorLine : anchorLine + 1;
        m_lines.insert(m_lines.begin() + static_cast<std::ptrdiff_t>(at),
                       prefix + rendered + m_eol);
        if (at == m_lines.size() - 1 && at > 0 && !util::endsWith(m_lines[at - 1], "\n")) {
            // Appended after a last line that had no line end.
            m_lines[at - 1] += m_eol;
        }
        return reparse(std::move(previous));
    }
    // A flow list (`[a, b]`), an empty one or a null value: rewrite the key in block style.
    ConfigValue updated = list->isSequence() ? *list : ConfigValue{};
    updated.kind = ConfigValue::Kind::Sequence;
    std::erase_if(updated.items, [&](const ConfigValue& v) { return v.scalar == item; });
    ConfigValue added = ConfigValue::makeScalar(item);
    added.quoted = true;
    if (end == ListEnd::Front) {
        updated.items.insert(updated.items.begin(), added);
    } else {
        updated.items.push_back(added);
    }
    std::vector<std::string> lines;
    renderEntry(key, updated, "", commentSuffix(block->begin), lines);
    replaceLines(block->begin, block->end, lines);
    return reparse(std::move(previous));
}

util::Result<void> CondarcEditor::remove(const std::string& key, const std::string& item)
{
    if (auto editable = checkEditable(); !editable) {
        return editable;
    }
    const ConfigValue* list = m_content.find(key);
    if (!list) {
        return notInFile(m_path, "key " + util::quoted(key) + " is not in the config file");
    }
    const bool present = list->isSequence()
                         && std::any_of(list->items.begin(), list->items.end(),
                                        [&](const ConfigValue& v) { return v.scalar == item; });
    if (!present) {
        return util::fail(util::ErrorCode::NotFound,
                          util::quoted(item) + " is not in the " + util::quoted(key)
                              + " key of the config file",
                          keyPositionIn(m_path, *list));
    }
    auto block = topLevelBlock(key);
    if (!block) {
        return block.error();
    }
    auto previous = m_lines;
    ConfigValue updated = *list;
    std::erase_if(updated.items, [&](const ConfigValue& v) { return v.scalar == item; });
    if (isBlockSequence(*list, m_lines) && !updated.items.empty()) {
        for (auto it = list->items.rbegin(); it != list->items.rend(); ++it) {
            if (it->scalar == item) {
                const auto line = static_cast<std::size_t>(it->line - 1);
                replaceLines(line, line + 1, {});
            }
        }
        return reparse(std::move(previous));
    }
    // A flow list, or the last item: rewrite (an emptied list is written `key: []`, as conda
    // does, so that it still overrides lower-priority files).
    if (updated.items.empty() && isBlockSequence(*list, m_lines)) {
        replaceLines(block->begin, block->end, {key + ": []" + commentSuffix(block->begin)});
        return reparse(std::move(previous));
    }
    std::vector<std::string> lines;
    renderEntry(key, updated, "", commentSuffix(block->begin), lines);
    replaceLines(block->begin, block->end, lines);
    return reparse(std::move(previous));
}

util::Result<void> CondarcEditor::removeKey(const std::string& key)
{
    if (auto editable = checkEditable(); !editable) {
        return editable;
    }
    const auto dot = key.find('.');
    const std::string topKey = key.substr(0, dot);
    const ConfigValue* value = m_content.find(topKey);
    if (!value) {
        return notInFile(m_path, "key " + util::quoted(key) + " is not in the config file");
    }
    auto block = topLevelBlock(topKey);
    if (!block) {
        return block.error();
    }
    auto previous = m_lines;
    if (dot == std::string::npos) {
        replaceLines(block->begin, block->end, {});
        return reparse(std::move(previous));
    }
    const std::string sub = key.substr(dot + 1);
    const ConfigValue* entry = value->isMap() ? value->find(sub) : nullptr;
    if (!entry) {
        return util::fail(util::ErrorCode::NotFound,
                          "key " + util::quoted(key) + " is not in the config file",
                          keyPositionIn(m_path, *value));
    }
    if (isBlockMap(*value, m_lines) && value->entries.size() > 1) {
        const auto begin = static_cast<std::size_t>(entry->keyLine - 1);
        const auto indent = static_cast<std::size_t>(entry->keyColumn - 1);
        std::size_t end = begin + 1;
        while (end < block->end
               && (isBlankOrComment(lineText(end)) || indentOf(lineText(end)) > indent)) {
            ++end;
        }
        while (end > begin + 1 && isBlankOrComment(lineText(end - 1))) {
            --end;
        }
        replaceLines(begin, end, {});
        return reparse(std::move(previous));
    }
    ConfigValue updated = *value;
    std::erase_if(updated.entries, [&](const auto& e) { return e.key == sub; });
    std::vector<std::string> lines;
    renderEntry(topKey, updated, "", commentSuffix(block->begin), lines);
    replaceLines(block->begin, block->end, lines);
    return reparse(std::move(previous));
}

util::Result<void> CondarcEditor::save() const
{
    // Never write over a file that stopped parsing since it was opened.
    std::error_code error;
    if (fs::exists(m_path, error)) {
        auto current = readWholeFile(m_path);
        if (!current) {
            return current.error();
        }
        if (auto parsed = parseCondarc(*current, m_path); !parsed) {
            return parsed.error();
        }
    }
    return saveFileAtomically(m_path, text());
}

} // namespace envdesk::config
