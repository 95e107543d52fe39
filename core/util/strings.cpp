#include "core/util/strings.h"

#include <algorithm>

namespace envdesk::util {

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

bool isAlpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

std::string_view trim(std::string_view text)
{
    while (!text.empty() && isSpace(text.front())) {
        text.remove_prefix(1);
    }
    while (!text.empty() && isSpace(text.back())) {
        text.remove_suffix(1);
    }
    return text;
}

std::string toLower(std::string_view text)
{
    std::string out(text);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') {
            c = static_cast<char>(c - 'A' + 'a');
        }
    }
    return out;
}

bool isAllDigits(std::string_view text)
{
    if (text.empty()) {
        return false;
    }
    for (char c : text) {
        if (!isDigit(c)) {
            return false;
        }
    }
    return true;
}

std::vector<std::string_view> split(std::string_view text, char separator)
{
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    while (true) {
        const std::size_t pos = text.find(separator, start);
        if (pos == std::string_view::npos) {
            parts.push_back(text.substr(start));
            return parts;
        }
        parts.push_back(text.substr(start, pos - start));
        start = pos + 1;
    }
}

bool startsWith(std::string_view text, std::string_view prefix)
{
    return text.substr(0, prefix.size()) == prefix;
}

bool endsWith(std::string_view text, std::string_view suffix)
{
    return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

std::string join(const std::vector<std::string>& parts, std::string_view separator)
{
    std::string out;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        if (i > 0) {
            out += separator;
        }
        out += parts[i];
    }
    return out;
}

namespace {

// Appends `text` with control characters escaped; `keepLines` leaves newline and tab as they are.
void appendEscaped(std::string& out, std::string_view text, bool keepLines)
{
    static constexpr char kHex[] = "0123456789abcdef";
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        const bool c1 = c == 0xc2 && i + 1 < text.size()
                        && static_cast<unsigned char>(text[i + 1]) >= 0x80
                        && static_cast<unsigned char>(text[i + 1]) <= 0x9f;
        if (keepLines && (c == '\n' || c == '\t')) {
            out += static_cast<char>(c);
        } else if (c < 0x20 || c == 0x7f) {
            out += "\\x";
            out += kHex[c >> 4];
            out += kHex[c & 0xf];
        } else if (c1) {
            // U+0080..U+009F: C1 controls, which some terminals obey as escape sequences.
            const auto next = static_cast<unsigned char>(text[++i]);
            out += "\\u00";
            out += kHex[next >> 4];
            out += kHex[next & 0xf];
        } else {
            out += static_cast<char>(c);
        }
    }
}

// Moves `at` back to the start of a UTF-8 character, so a cut never splits one.
std::size_t characterStart(std::string_view text, std::size_t at)
{
    while (at > 0 && at < text.size() && (static_cast<unsigned char>(text[at]) & 0xc0) == 0x80) {
        --at;
    }
    return at;
}

// `text` escaped, and when longer than `maxBytes`, its start and end around an ellipsis.
std::string shortened(std::string_view text, std::size_t maxBytes, bool keepLines,
                      std::string_view quote)
{
    std::string out;
    if (text.size() <= maxBytes) {
        out.reserve(text.size() + 2 * quote.size());
        out += quote;
        appendEscaped(out, text, keepLines);
        out += quote;
        return out;
    }
    const std::size_t tail = maxBytes / 3;
    const std::size_t headEnd = characterStart(text, maxBytes - tail);
    const std::size_t tailStart = characterStart(text, text.size() - tail);
    out += quote;
    appendEscaped(out, text.substr(0, headEnd), keepLines);
    out += "\u2026"; // …
    appendEscaped(out, text.substr(tailStart), keepLines);
    out += quote;
    out += " (" + std::to_string(text.size()) + " bytes)";
    return out;
}

} // namespace

std::string quoted(std::string_view text, std::size_t maxBytes)
{
    return shortened(text, maxBytes, false, "'");
}

std::string printableMessage(std::string_view text, std::size_t maxLineBytes)
{
    std::string out;
    out.reserve(std::min(text.size(), std::size_t{1} << 16));
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) {
            end = text.size();
        }
        out += shortened(text.substr(start, end - start), maxLineBytes, true, {});
        if (end == text.size()) {
            break;
        }
        out += '\n';
        start = end + 1;
    }
    return out;
}

std::string
expandVariables(std::string_view text,
                const std::function<std::optional<std::string>(const std::string&)>& lookup)
{
    std::string out;
    std::size_t i = 0;
    while (i < text.size()) {
        if (text[i] != '$') {
            out += text[i++];
            continue;
        }
        std::size_t start = i + 1;
        const bool braced = start < text.size() && text[start] == '{';
        if (braced) {
            ++start;
        }
        std::size_t end = start;
        while (end < text.size()
               && (util::isAlpha(text[end]) || util::isDigit(text[end]) || text[end] == '_')) {
            ++end;
        }
        const bool closed = !braced || (end < text.size() && text[end] == '}');
        const std::string name(text.substr(start, end - start));
        const std::optional<std::string> value =
            name.empty() || !closed || !lookup ? std::nullopt : lookup(name);
        if (!value) {
            out += text[i++];
            continue;
        }
        out += *value;
        i = braced ? end + 1 : end;
    }
    return out;
}

bool isSafePathComponent(std::string_view text)
{
    if (text.empty() || text == "." || text == "..") {
        return false;
    }
    return std::none_of(text.begin(), text.end(), [](char c) {
        const auto byte = static_cast<unsigned char>(c);
        return c == '/' || c == '\\' || byte < 0x20 || byte == 0x7f;
    });
}

} // namespace envdesk::util
