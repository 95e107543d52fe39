#include "core/specs/regex.h"

#include "core/util/strings.h"

#include <regex>
#include <vector>

namespace envdesk::specs {

namespace {
// Long enough for any real spec; short enough that std::regex's recursion stays shallow.
constexpr std::size_t kMaxPatternLength = 256;
constexpr std::size_t kMaxSubjectLength = 128;
constexpr int kMaxGroupDepth = 16;
// std::regex backtracks: nested or stacked repetition (`(a+)+`, `a++`) and long chains of
// `.*` are exponential or high-degree polynomial in the subject. Version, build and name
// regexes in the wild use a handful of plain repetitions (conda's own tests use at most three),
// so a pattern is accepted only in that safe shape.
constexpr int kMaxRepetitions = 4;

// Escapes of punctuation and the usual classes; no backreferences (`\1`) or code escapes,
// which std::regex handles poorly and no version needs.
bool isSafeEscape(char c)
{
    return std::string_view(".+*?()[]{}|^$\\-/_dDwWsS").find(c) != std::string_view::npos;
}

bool isQuantifier(char c)
{
    return c == '*' || c == '+' || c == '?';
}

// Returns an empty string when the pattern is safe to run, else why it is not.
std::string unsafeShape(std::string_view pattern)
{
    struct Group {
        bool hasRepetitionOrChoice = false;
    };
    std::vector<Group> groups{Group{}};
    int repetitions = 0;
    bool previousWasQuantifier = false;
    bool previousClosedRiskyGroup = false;
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        const char c = pattern[i];
        if (c == '\\') {
            if (i + 1 >= pattern.size() || !isSafeEscape(pattern[i + 1])) {
                return "unsupported escape sequence";
            }
            ++i; // an escaped character is a literal (or a class such as \d)
            previousWasQuantifier = previousClosedRiskyGroup = false;
            continue;
        }
        if (c == '[') {
            // Skip a character class: its '*', '+' and '?' are literals. In ECMAScript `[]` is
            // an empty class and `[^]` any character: a ']' right after '[' closes the class, it
            // is not a literal as in POSIX (reading it as one let `[]++++` past this check).
            std::size_t j = i + 1;
            if (j < pattern.size() && pattern[j] == '^') {
                ++j;
            }
            while (j < pattern.size() && pattern[j] != ']') {
                if (pattern[j] == '\\') {
                    if (j + 1 >= pattern.size() || !isSafeEscape(pattern[j + 1])) {
                        return "unsupported escape sequence";
                    }
                    ++j;
                }
                ++j;
            }
            i = j;
            previousWasQuantifier = previousClosedRiskyGroup = false;
            continue;
        }
        if (c == '{' || c == '}') {
            return "counted repetition ('{n,m}') is not supported";
        }
        if (isQuantifier(c)) {
            if (previousWasQuantifier) {
                return "a repetition cannot follow another repetition";
            }
            if (previousClosedRiskyGroup) {
                return "a group that repeats or chooses cannot itself repeat";
            }
            if (++repetitions > kMaxRepetitions) {
                return "more than " + std::to_string(kMaxRepetitions) + " repetitions";
            }
            groups.back().hasRepetitionOrChoice = true;
            previousWasQuantifier = true;
            previousClosedRiskyGroup = false;
            continue;
        }
        previousWasQuantifier = false;
        previousClosedRiskyGroup = false;
        if (c == '(') {
            if (static_cast<int>(groups.size()) > kMaxGroupDepth) {
                return "groups nest too deeply";
            }
            groups.push_back(Group{});
        } else if (c == ')') {
            if (groups.size() > 1) {
                const bool risky = groups.back().hasRepetitionOrChoice;
                groups.pop_back();
                groups.back().hasRepetitionOrChoice |= risky;
                previousClosedRiskyGroup = risky;
            }
        } else if (c == '|') {
            groups.back().hasRepetitionOrChoice = true;
        }
    }
    return {};
}
} // namespace

struct Regex::Impl {
    std::regex re;
};

Regex::Regex()
    : m_impl(std::make_unique<Impl>())
{
}
Regex::~Regex() = default;

util::Result<std::shared_ptr<const Regex>> Regex::compile(std::string_view pattern)
{
    if (pattern.size() > kMaxPatternLength) {
        return util::fail(util::ErrorCode::InvalidVersionSpec,
                          "regular expression longer than " + std::to_string(kMaxPatternLength)
                              + " characters");
    }
    if (const auto why = unsafeShape(pattern); !why.empty()) {
        return util::fail(util::ErrorCode::InvalidVersionSpec, "regular expression "
                                                                   + util::quoted(pattern)
                                                                   + " is not supported: " + why);
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
