#include "core/specs/build_number_spec.h"

#include "core/util/strings.h"

#include <charconv>

namespace envdesk::specs {

namespace {
struct Token {
    std::string_view text;
    BuildNumberSpec::Operator op;
};
constexpr Token kOperators[] = {
    {"==", BuildNumberSpec::Operator::Equal},     {"!=", BuildNumberSpec::Operator::NotEqual},
    {"<=", BuildNumberSpec::Operator::LessEqual}, {">=", BuildNumberSpec::Operator::GreaterEqual},
    {"<", BuildNumberSpec::Operator::Less},       {">", BuildNumberSpec::Operator::Greater},
    {"=", BuildNumberSpec::Operator::Equal},
};
} // namespace

util::Result<BuildNumberSpec> BuildNumberSpec::parse(std::string_view input)
{
    const std::string_view text = util::trim(input);
    const auto invalid = [&](std::string detail) {
        return util::fail(util::ErrorCode::InvalidBuildNumberSpec, std::move(detail),
                          "build number spec " + util::quoted(input));
    };
    BuildNumberSpec spec;
    if (text == "*") {
        return spec;
    }
    std::string_view number = text;
    spec.m_op = Operator::Equal;
    for (const auto& token : kOperators) {
        if (util::startsWith(text, token.text)) {
            spec.m_op = token.op;
            number = util::trim(text.substr(token.text.size()));
            break;
        }
    }
    if (!util::isAllDigits(number)) {
        return invalid("expected a non-negative integer, optionally after one of == != < <= > >=");
    }
    const auto [end, ec] =
        std::from_chars(number.data(), number.data() + number.size(), spec.m_value);
    if (ec != std::errc() || end != number.data() + number.size()) {
        return invalid("build number out of range");
    }
    return spec;
}

bool BuildNumberSpec::contains(std::uint64_t buildNumber) const
{
    switch (m_op) {
    case Operator::Any:
        return true;
    case Operator::Equal:
        return buildNumber == m_value;
    case Operator::NotEqual:
        return buildNumber != m_value;
    case Operator::Less:
        return buildNumber < m_value;
    case Operator::LessEqual:
        return buildNumber <= m_value;
    case Operator::Greater:
        return buildNumber > m_value;
    case Operator::GreaterEqual:
        return buildNumber >= m_value;
    }
    return false;
}

std::string BuildNumberSpec::str() const
{
    const std::string number = std::to_string(m_value);
    switch (m_op) {
    case Operator::Any:
        return "*";
    case Operator::Equal:
        return number;
    case Operator::NotEqual:
        return "!=" + number;
    case Operator::Less:
        return "<" + number;
    case Operator::LessEqual:
        return "<=" + number;
    case Operator::Greater:
        return ">" + number;
    case Operator::GreaterEqual:
        return ">=" + number;
    }
    return number;
}

} // namespace envdesk::specs
