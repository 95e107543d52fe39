#pragma once

#include "core/util/result.h"

#include <memory>
#include <string>
#include <string_view>

namespace envdesk::specs {

// A compiled `^...$` pattern for the rare version, build or name specs written as regexes.
// Kept behind this small type so std::regex stays out of the spec headers, and its size and
// match input are bounded: std::regex recurses, and specs come from untrusted files.
class Regex {
public:
    [[nodiscard]] static util::Result<std::shared_ptr<const Regex>>
    compile(std::string_view pattern);
    [[nodiscard]] bool matches(std::string_view text) const;
    [[nodiscard]] const std::string& pattern() const { return m_pattern; }

    ~Regex();
    Regex(const Regex&) = delete;
    Regex& operator=(const Regex&) = delete;

private:
    Regex();
    struct Impl;
    std::unique_ptr<Impl> m_impl;
    std::string m_pattern;
};

} // namespace envdesk::specs
