#include "core/specs/regex.h"

#include "core/util/strings.h"

#include <regex>

namespace envdesk::specs {

namespace {
// Long enough for any real spec; short enough that std::regex's recursion stays shallow.
constexpr std::size_t kMaxPatternLength = 256;
constexpr std::size_t kMaxSubjectLength = 1024;
constexpr int kMaxGroupDepth = 16;

bool nestingTooDeep(std::string_view pattern)
{
    int depth = 0;
    bool escaped = false;
    for (char c : pattern) {
        if (escaped) {
            escaped = false;
        } else if (c == '\\') {
            escaped = true;
        } else if (c == '(') {
            if (++depth > kMaxGroupDepth) {
                return true;
            }
        } else if (c == ')') {
            --depth;
        }
    }
    return false;
}
} // namespace

struct Regex::Impl {
    std::regex re;
};

Regex::Regex() : m_impl(std::make_unique<Impl>()) {}
Regex::~Regex() = default;

util::Result<std::shared_ptr<const Regex>> Regex::compile(std::string_view pattern)
{
    if (pattern.size() > kMaxPatternLength) {
        return util::fail(util::ErrorCode::InvalidVersionSpec,
                          "regular expression longer than " + std::to_string(kMaxPatternLength)
                              + " characters");
    }
    if (nestingTooDeep(pattern)) {
        return util::fail(util::ErrorCode::InvalidVersionSpec,
                          "regular expression " + util::quoted(pattern) + " nests too deeply");
    }
    std::shared_ptr<Regex> regex(new Regex());
    regex->m_pattern = std::string(pattern);
    try {
        regex->m_impl->re = std::regex(regex->m_pattern, std::regex::ECMAScript);
    } catch (const std::regex_error& e) {
        return util::fail(util::ErrorCode::InvalidVersionSpec,
                          "invalid regular expression " + util::quoted(pattern) + ": " + e.what());
    }
    return std::shared_ptr<const Regex>(std::move(regex));
}

bool Regex::matches(std::string_view text) const
{
    if (text.size() > kMaxSubjectLength) {
        return false;
    }
    try {
        return std::regex_search(text.begin(), text.end(), m_impl->re);
    } catch (const std::regex_error&) {
        // Catastrophic backtracking (error_complexity / error_stack): treat as no match.
        return false;
    }
}

} // namespace envdesk::specs
