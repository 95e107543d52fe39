#include "core/config/config_json.h"

#include "core/util/strings.h"

#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>

namespace envdesk::config {

namespace {

std::optional<std::int64_t> asInt(const std::string& text)
{
    if (text.empty() || text.size() > 18) {
        return std::nullopt;
    }
    std::size_t start = text[0] == '-' ? 1 : 0;
    if (start == text.size() || !util::isAllDigits(std::string_view(text).substr(start))) {
        return std::nullopt;
    }
    return std::strtoll(text.c_str(), nullptr, 10);
}

std::optional<double> asFloat(const std::string& text)
{
    if (text.empty()) {
        return std::nullopt;
    }
    char* end = nullptr;
    const double value = std::strtod(text.c_str(), &end);
    if (end != text.c_str() + text.size()) {
        return std::nullopt;
    }
    return value;
}

// A scalar as conda would hold it after typing: the key's type for a known key, YAML's plain
// scalar types for an unknown one.
nlohmann::json scalarJson(const ConfigValue& value, const KeyInfo* info)
{
    const std::string& text = value.scalar;
    if (info) {
        switch (info->type) {
        case KeyType::Bool:
        case KeyType::OptionalBool:
            return parseBoolLike(text).value_or(false);
        case KeyType::Int:
            return asInt(text).value_or(0);
        case KeyType::Float:
            return asFloat(text).value_or(0.0);
        case KeyType::BoolOrInt:
            if (auto seconds = asInt(text)) {
                return *seconds;
            }
            return parseBool(text).value_or(true);
        case KeyType::SslVerify:
            if (auto flag = parseBool(text)) {
                return *flag;
            }
            return text;
        case KeyType::ChannelPriority:
            if (auto flag = parseBool(text)) {
                return *flag ? "flexible" : "disabled";
            }
            return util::toLower(text);
        default:
            return text;
        }
    }
    if (value.quoted) {
        return text;
    }
    if (text == "true" || text == "True" || text == "TRUE") {
        return true;
    }
    if (text == "false" || text == "False" || text == "FALSE") {
        return false;
    }
    if (auto number = asInt(text)) {
        return *number;
    }
    if (auto number = asFloat(text); number && text.find_first_of(".eE") != std::string::npos) {
        return *number;
    }
    return text;
}

} // namespace

nlohmann::json typedJson(const ConfigValue& value, const KeyInfo* info)
{
    switch (value.kind) {
    case ConfigValue::Kind::Null:
        return nullptr;
    case ConfigValue::Kind::Scalar:
        return scalarJson(value, info);
    case ConfigValue::Kind::Sequence: {
        nlohmann::json out = nlohmann::json::array();
        for (const auto& item : value.items) {
            out.push_back(typedJson(item, nullptr));
        }
        return out;
    }
    case ConfigValue::Kind::Map: {
        nlohmann::json out = nlohmann::json::object();
        for (const auto& [name, entry] : value.entries) {
            out[name] = typedJson(entry, nullptr);
        }
        return out;
    }
    }
    return nullptr;
}

} // namespace envdesk::config
