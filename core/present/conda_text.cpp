#include "core/present/conda_text.h"

#include "core/specs/channel.h"

#include <cmath>
#include <cstdio>

namespace envdesk::present {

std::string humanBytes(std::uint64_t bytes)
{
    char text[32];
    if (bytes < 1024) {
        std::snprintf(text, sizeof text, "%llu B", static_cast<unsigned long long>(bytes));
        return text;
    }
    const double k = static_cast<double>(bytes) / 1024;
    if (k < 1024) {
        std::snprintf(text, sizeof text, "%d KB", static_cast<int>(std::lround(k)));
        return text;
    }
    const double m = k / 1024;
    if (m < 1024) {
        std::snprintf(text, sizeof text, "%.1f MB", m);
        return text;
    }
    std::snprintf(text, sizeof text, "%.2f GB", m / 1024);
    return text;
}

std::string padRight(const std::string& text, std::size_t width)
{
    return text.size() >= width ? text : text + std::string(width - text.size(), ' ');
}

std::string padLeft(const std::string& text, std::size_t width)
{
    return text.size() >= width ? text : std::string(width - text.size(), ' ') + text;
}

std::string pythonStr(const nlohmann::json& value)
{
    if (value.is_null()) {
        return "None";
    }
    if (value.is_boolean()) {
        return value.get<bool>() ? "True" : "False";
    }
    if (value.is_string()) {
        return value.get<std::string>();
    }
    if (value.is_number_float()) {
        std::string text = value.dump();
        if (text.find_first_of(".eE") == std::string::npos) {
            text += ".0";
        }
        return text;
    }
    return value.dump();
}

std::string pythonRepr(const std::string& text)
{
    const char quote =
        text.find('\'') != std::string::npos && text.find('"') == std::string::npos ? '"' : '\'';
    std::string out(1, quote);
    for (const char c : text) {
        if (c == '\\' || c == quote) {
            out += '\\';
        }
        out += c;
    }
    return out + quote;
}

std::string labelledLines(const std::string& label, const std::vector<std::string>& values)
{
    constexpr std::size_t kWidth = 23;
    std::string out =
        padLeft(label, kWidth) + " : " + (values.empty() ? "" : values.front()) + "\n";
    for (std::size_t i = 1; i < values.size(); ++i) {
        out += std::string(kWidth + 3, ' ') + values[i] + "\n";
    }
    return out;
}

void maskSecretsIn(nlohmann::json& value)
{
    if (value.is_string()) {
        value = specs::maskSecrets(value.get<std::string>());
        return;
    }
    // (A primitive iterates over itself in nlohmann::json: only descend into containers.)
    if (value.is_array() || value.is_object()) {
        for (auto& item : value) {
            maskSecretsIn(item);
        }
    }
}

} // namespace envdesk::present
