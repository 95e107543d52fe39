#include "core/specs/glob.h"

#include "core/specs/regex.h"
#include "core/util/strings.h"

namespace envdesk::specs {

bool globMatch(std::string_view pattern, std::string_view text)
{
    // Iterative wildcard matching with one backtrack point: linear in practice, no recursion.
    std::size_t p = 0;
    std::size_t t = 0;
    std::size_t starP = std::string_view::npos;
    std::size_t starT = 0;
    while (t < text.size()) {
        if (p < pattern.size() && pattern[p] == '*') {
            starP = p++;
            starT = t;
        } else if (p < pattern.size() && pattern[p] == text[t]) {
            ++p;
            ++t;
        } else if (starP != std::string_view::npos) {
            p = starP + 1;
            t = ++starT;
        } else {
            return false;
        }
    }
    while (p < pattern.size() && pattern[p] == '*') {
        ++p;
    }
    return p == pattern.size();
}

util::Result<StringMatcher> StringMatcher::parse(std::string_view text, bool caseInsensitive)
{
    StringMatcher matcher;
    matcher.m_caseInsensitive = caseInsensitive;
    matcher.m_text = std::string(util::trim(text));
    if (matcher.m_text.empty()) {
        return util::fail(util::ErrorCode::InvalidMatchSpec, "empty value");
    }
    if (matcher.m_text.size() > 1 && matcher.m_text.front() == '^'
        && matcher.m_text.back() == '$') {
        auto regex =
            Regex::compile(caseInsensitive ? util::toLower(matcher.m_text) : matcher.m_text);
        if (!regex) {
            return regex.error();
        }
        matcher.m_kind = Kind::Regex;
        matcher.m_regex = std::move(*regex);
    } else if (matcher.m_text.find('*') != std::string::npos) {
        matcher.m_kind = Kind::Glob;
    }
    return matcher;
}

bool StringMatcher::matches(std::string_view value) const
{
    if (m_caseInsensitive) {
        const std::string lowered = util::toLower(value);
        const std::string pattern = util::toLower(m_text);
        switch (m_kind) {
        case Kind::Exact:
            return lowered == pattern;
        case Kind::Glob:
            return globMatch(pattern, lowered);
        case Kind::Regex:
            return m_regex->matches(lowered);
        }
        return false;
    }
    switch (m_kind) {
    case Kind::Exact:
        return value == m_text;
    case Kind::Glob:
        return globMatch(m_text, value);
    case Kind::Regex:
        return m_regex->matches(value);
    }
    return false;
}

} // namespace envdesk::specs
