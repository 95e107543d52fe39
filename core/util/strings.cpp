#include "core/util/strings.h"

#include "core/util/secrets.h"

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

constexpr char kHex[] = "0123456789abcdef";

void appendByteEscape(std::string& out, unsigned char c)
{
    out += "\\x";
    out += kHex[c >> 4];
    out += kHex[c & 0xf];
}

bool isContinuation(unsigned char c)
{
    return (c & 0xc0) == 0x80;
}

// The length of the well-formed UTF-8 sequence at `i` (RFC 3629: no overlong forms, no
// surrogates, nothing past U+10FFFF), or 0 when the bytes there are not one.
std::size_t utf8Length(std::string_view text, std::size_t i)
{
    const auto at = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned char lead = at(i);
    if (lead < 0x80) {
        return 1;
    }
    std::size_t length = 0;
    unsigned char low = 0x80;
    unsigned char high = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) {
        length = 2;
    } else if (lead >= 0xe0 && lead <= 0xef) {
        length = 3;
        low = lead == 0xe0 ? 0xa0 : 0x80;
        high = lead == 0xed ? 0x9f : 0xbf;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
        length = 4;
        low = lead == 0xf0 ? 0x90 : 0x80;
        high = lead == 0xf4 ? 0x8f : 0xbf;
    } else {
        return 0;
    }
    if (i + length > text.size() || at(i + 1) < low || at(i + 1) > high) {
        return 0;
    }
    for (std::size_t k = 2; k < length; ++k) {
        if (!isContinuation(at(i + k))) {
            return 0;
        }
    }
    return length;
}

// Characters a terminal obeys rather than shows: U+0080..U+009F (C1 controls, escape sequences
// on some terminals), U+2028/2029 (line breaks) and the bidirectional overrides U+202A..U+202E,
// U+2066..U+2069 (text that reads otherwise than it is).
bool isInvisibleControl(std::string_view sequence)
{
    const auto at = [&](std::size_t k) { return static_cast<unsigned char>(sequence[k]); };
    if (sequence.size() == 2) {
        return at(0) == 0xc2 && at(1) <= 0x9f;
    }
    if (sequence.size() == 3 && at(0) == 0xe2) {
        return (at(1) == 0x80 && at(2) >= 0xa8 && at(2) <= 0xae)
               || (at(1) == 0x81 && at(2) >= 0xa6 && at(2) <= 0xa9);
    }
    return false;
}

// Appends `text` with control characters escaped: ASCII ones and bytes that are not UTF-8 as
// \xNN, invisible Unicode controls as \uNNNN. `keepLines` leaves newline and tab as they are.
void appendEscaped(std::string& out, std::string_view text, bool keepLines)
{
    for (std::size_t i = 0; i < text.size();) {
        const auto c = static_cast<unsigned char>(text[i]);
        const std::size_t length = utf8Length(text, i);
        if (length == 0) {
            appendByteEscape(out, c);
            ++i;
            continue;
        }
        if (length == 1) {
            if (keepLines && (c == '\n' || c == '\t')) {
                out += static_cast<char>(c);
            } else if (c < 0x20 || c == 0x7f) {
                appendByteEscape(out, c);
            } else {
                out += static_cast<char>(c);
            }
            ++i;
            continue;
        }
        const std::string_view sequence = text.substr(i, length);
        if (isInvisibleControl(sequence)) {
            // Decode the code point (two or three bytes here) and write it as \uNNNN.
            const unsigned code =
                length == 2
                    ? ((c & 0x1fU) << 6) | (static_cast<unsigned char>(sequence[1]) & 0x3fU)
                    : ((c & 0x0fU) << 12) | ((static_cast<unsigned char>(sequence[1]) & 0x3fU) << 6)
                          | (static_cast<unsigned char>(sequence[2]) & 0x3fU);
            out += "\\u";
            for (int shift = 12; shift >= 0; shift -= 4) {
                out += kHex[(code >> shift) & 0xfU];
            }
        } else {
            out += sequence;
        }
        i += length;
    }
}

// Moves `at` back to the start of a UTF-8 character (at most three bytes: further back the
// bytes are not UTF-8 anyway), so a cut never splits a character.
std::size_t characterStart(std::string_view text, std::size_t at)
{
    for (int step = 0; step < 3 && at > 0 && at < text.size()
                       && isContinuation(static_cast<unsigned char>(text[at]));
         ++step) {
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
    // Room for the ellipsis and " (N bytes)" within maxBytes, so that a shortened plain line is
    // not shortened again by a second pass (Error::message(), then the CLI's printer).
    const std::size_t budget = maxBytes > 64 ? maxBytes - 32 : maxBytes;
    const std::size_t tail = budget / 3;
    const std::size_t headEnd = characterStart(text, budget - tail);
    const std::size_t tailStart = std::max(headEnd, characterStart(text, text.size() - tail));
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
    // Masked before it is cut: a cut through `user:password@` or `/t/<token>/` would hide the
    // secret's shape from maskSecrets and show part of it.
    return shortened(maskSecrets(text), maxBytes, false, "'");
}

std::string printableMessage(std::string_view rawText, std::size_t maxLineBytes)
{
    constexpr std::size_t kMaxTotal = std::size_t{64} << 10;
    const std::string text = maskSecrets(rawText);
    std::string out;
    out.reserve(std::min(text.size(), kMaxTotal));
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string::npos) {
            end = text.size();
        }
        if (out.size() > kMaxTotal) {
            const auto lines =
                std::count(text.begin() + static_cast<std::ptrdiff_t>(start), text.end(), '\n') + 1;
            out += "\u2026 (" + std::to_string(lines) + " more lines)";
            break;
        }
        out += shortened(std::string_view(text).substr(start, end - start), maxLineBytes, true, {});
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

bool isShellVariableName(std::string_view name)
{
    if (name.empty() || (name.front() >= '0' && name.front() <= '9')) {
        return false;
    }
    return std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
               || c == '_';
    });
}

} // namespace envdesk::util
