#pragma once

#include "core/util/result.h"

#include <memory>
#include <string>
#include <string_view>

namespace envdesk::specs {

class Regex;

// `*` matches any run of characters; everything else is literal.
[[nodiscard]] bool globMatch(std::string_view pattern, std::string_view text);

// How a text field of a match spec (name, build string, license, ...) matches: exactly, by a
// `*` glob, or by a `^...$` regular expression; optionally ignoring ASCII case.
class StringMatcher {
public:
    enum class Kind { Exact, Glob, Regex };

    [[nodiscard]] static util::Result<StringMatcher> parse(std::string_view text,
                                                           bool caseInsensitive = false);

    [[nodiscard]] bool matches(std::string_view value) const;
    [[nodiscard]] const std::string& str() const { return m_text; }
    [[nodiscard]] Kind kind() const { return m_kind; }
    [[nodiscard]] bool isExact() const { return m_kind == Kind::Exact; }
    // `*` alone: no constraint at all.
    [[nodiscard]] bool isAny() const { return m_text == "*"; }

    bool operator==(const StringMatcher& other) const { return m_text == other.m_text; }

private:
    std::string m_text;
    Kind m_kind = Kind::Exact;
    bool m_caseInsensitive = false;
    std::shared_ptr<const Regex> m_regex;
};

} // namespace envdesk::specs
