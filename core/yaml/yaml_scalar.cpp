#include "core/yaml/yaml_scalar.h"

#include "core/util/strings.h"

#include <algorithm>
#include <array>
#include <regex>
#include <string>

namespace envdesk::yaml {

namespace {

bool isIndicatorStart(std::string_view text)
{
    const char first = text.front();
    if (std::string_view("#,[]{}&*!|>'\"%@`").find(first) != std::string_view::npos) {
        return true;
    }
    if (first == '-' || first == '?' || first == ':') {
        return text.size() == 1 || text[1] == ' ' || text[1] == '\t';
    }
    return false;
}

// Plain text that a YAML 1.1 reader (conda's PyYAML days) or a 1.2 one would type as null, bool
// or number. Over-matching only costs a pair of quotes.
bool readsAsOtherType(std::string_view text)
{
    static const std::array<std::string_view, 16> kWords = {
        "~", "null", "true", "false", "yes",  "no",    "on",    "off",
        "y", "n",    "<<",   "=",     ".inf", "-.inf", "+.inf", ".nan"};
    const std::string lower = util::toLower(text);
    if (std::find(kWords.begin(), kWords.end(), lower) != kWords.end()) {
        return true;
    }
    std::string_view digits = text;
    if (!digits.empty() && std::string_view("+-.").find(digits.front()) != std::string_view::npos) {
        digits.remove_prefix(1);
    }
    if (digits.empty() || !util::isDigit(digits.front())) {
        return false;
    }
    return text.find_first_not_of("0123456789abcdefABCDEFxXoOtTzZ_.:+- ") == std::string_view::npos;
}

// YAML line breaks beyond \n and \r: NEL, LINE SEPARATOR, PARAGRAPH SEPARATOR.
std::string_view unicodeBreakEscape(std::string_view rest)
{
    // \u rather than \N, \L, \P: yaml-cpp decodes \N to a lone 0x85 byte, not UTF-8.
    if (util::startsWith(rest, "\xC2\x85")) {
        return "\\u0085";
    }
    if (util::startsWith(rest, "\xE2\x80\xA8")) {
        return "\\u2028";
    }
    if (util::startsWith(rest, "\xE2\x80\xA9")) {
        return "\\u2029";
    }
    return {};
}

// Whether plain text would read back as something else, or not as one scalar.
bool needsQuotes(std::string_view text, const ScalarOptions& options)
{
    if (text.empty() || util::isSpace(text.front()) || util::isSpace(text.back())
        || isIndicatorStart(text)) {
        return true;
    }
    if (text.find(": ") != std::string_view::npos || text.find(":\t") != std::string_view::npos
        || util::endsWith(text, ":") || text.find(" #") != std::string_view::npos
        || text.find("\t#") != std::string_view::npos) {
        return true;
    }
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto byte = static_cast<unsigned char>(text[i]);
        if (byte < 0x20 || byte == 0x7f || !unicodeBreakEscape(text.substr(i)).empty()) {
            return true;
        }
    }
    if (options.inFlow && text.find_first_of(",[]{}") != std::string_view::npos) {
        return true;
    }
    return !options.typed && readsAsOtherType(text);
}

bool hasControlOrBreak(std::string_view text)
{
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto byte = static_cast<unsigned char>(text[i]);
        if (byte < 0x20 || byte == 0x7f || !unicodeBreakEscape(text.substr(i)).empty()) {
            return true;
        }
    }
    return false;
}

std::string doubleQuoted(std::string_view text)
{
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out = "\"";
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        const auto byte = static_cast<unsigned char>(c);
        if (const std::string_view escape = unicodeBreakEscape(text.substr(i)); !escape.empty()) {
            out += escape;
            i += (byte == 0xC2 ? 1 : 2);
        } else if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (c == '\n') {
            out += "\\n";
        } else if (c == '\t') {
            out += "\\t";
        } else if (c == '\r') {
            out += "\\r";
        } else if (byte < 0x20 || byte == 0x7f) {
            out += "\\x";
            out += kHex[byte >> 4];
            out += kHex[byte & 0xF];
        } else {
            out += c;
        }
    }
    return out + "\"";
}

// Plain scalars that YAML 1.1 (PyYAML, which conda-lock uses) or 1.2 would read as a number,
// boolean, null or date; quoting them keeps "0.1" and "1.10" strings.
bool resolvesToNonString(std::string_view text)
{
    static const std::array<std::string_view, 24> words = {
        "y",    "Y",     "yes",   "Yes",   "YES", "n",  "N",  "no",  "No",  "NO",  "true", "True",
        "TRUE", "false", "False", "FALSE", "on",  "On", "ON", "off", "Off", "OFF", "null", "~"};
    if (std::find(words.begin(), words.end(), text) != words.end() || text == "Null"
        || text == "NULL" || text == "=") {
        return true;
    }
    if (text.empty() || !(util::isDigit(text.front()) || text.front() == '.')) {
        return false;
    }
    static const std::regex number(
        "[-+]?(0|[1-9][0-9_]*)|[-+]?0b[01_]+|[-+]?0[0-7_]+|[-+]?0o[0-7]+|[-+]?0x[0-9a-fA-F_]+"
        "|[-+]?[1-9][0-9_]*(:[0-5]?[0-9])+(\\.[0-9_]*)?"
        "|[-+]?([0-9][0-9_]*)?\\.[0-9_]*([eE][-+]?[0-9]+)?|[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+"
        "|[-+]?\\.(inf|Inf|INF)|\\.(nan|NaN|NAN)|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt ].*)?");
    return std::regex_match(text.begin(), text.end(), number);
}

// PyYAML leaves plain only this conservative set.
bool isPlainSafe(std::string_view text)
{
    if (text.empty() || text.front() == ' ' || text.back() == ' ' || text.back() == ':') {
        return false;
    }
    const char first = text.front();
    if (!util::isAlpha(first) && !util::isDigit(first) && first != '_' && first != '/'
        && first != '.') {
        return false;
    }
    constexpr std::string_view allowed = "_./-:+=~,()*<>^$@!% ";
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (!util::isAlpha(c) && !util::isDigit(c) && allowed.find(c) == std::string_view::npos) {
            return false;
        }
        if (c == ':' && i + 1 < text.size() && text[i + 1] == ' ') {
            return false;
        }
    }
    return !resolvesToNonString(text);
}

} // namespace

std::string scalar(std::string_view text, const ScalarOptions& options)
{
    if (options.style == QuoteStyle::Double || hasControlOrBreak(text)) {
        return needsQuotes(text, options) ? doubleQuoted(text) : std::string(text);
    }
    if (isPlainSafe(text)
        && !(options.inFlow && text.find_first_of(",[]{}") != std::string_view::npos)) {
        return std::string(text);
    }
    std::string out = "'";
    for (char c : text) {
        out += c == '\'' ? std::string("''") : std::string(1, c);
    }
    return out + "'";
}

} // namespace envdesk::yaml
