#pragma once

#include "core/util/result.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace envdesk::specs {

// A build-number constraint: `3`, `==3`, `!=3`, `<3`, `<=3`, `>3`, `>=3`, or `*`.
class BuildNumberSpec {
public:
    enum class Operator { Any, Equal, NotEqual, Less, LessEqual, Greater, GreaterEqual };

    [[nodiscard]] static util::Result<BuildNumberSpec> parse(std::string_view text);

    [[nodiscard]] bool contains(std::uint64_t buildNumber) const;
    // As conda prints it: the number alone for equality, else operator and number.
    [[nodiscard]] std::string str() const;
    [[nodiscard]] bool isAny() const { return m_op == Operator::Any; }
    [[nodiscard]] bool isExact() const { return m_op == Operator::Equal; }
    [[nodiscard]] Operator op() const { return m_op; }
    [[nodiscard]] std::uint64_t value() const { return m_value; }

    bool operator==(const BuildNumberSpec&) const = default;

private:
    Operator m_op = Operator::Any;
    std::uint64_t m_value = 0;
};

} // namespace envdesk::specs
