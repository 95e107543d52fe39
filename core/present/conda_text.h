#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

// The small pieces of Python formatting conda's output is made of, so that what Envdesk prints
// lines up with what conda prints (docs/cli.md).
namespace envdesk::present {

// One answer in both of a verb's shapes: the --json document and the text for a terminal.
struct Shown {
    nlohmann::json json;
    std::string text;
};

// conda's human_bytes: "512 B", "37 KB", "12.3 MB", "1.25 GB".
[[nodiscard]] std::string humanBytes(std::uint64_t bytes);

// `text` filled with spaces to `width` on the right (padRight) or the left (padLeft); longer
// text is kept whole, as Python's %-20s and %20s do.
[[nodiscard]] std::string padRight(const std::string& text, std::size_t width);
[[nodiscard]] std::string padLeft(const std::string& text, std::size_t width);

// Python's str() of a JSON-typed value ("True", "None", "1.0"), as conda prints settings.
[[nodiscard]] std::string pythonStr(const nlohmann::json& value);
// Python's repr() of a string: quoted with ' (or " when only ' occurs inside), escaped.
[[nodiscard]] std::string pythonRepr(const std::string& text);

// conda info's layout: the label right-aligned in 23 columns, " : ", the first value, further
// values on lines of their own under it. Ends with a newline.
[[nodiscard]] std::string labelledLines(const std::string& label,
                                        const std::vector<std::string>& values);

// Every string inside `value` with its tokens and passwords masked (specs::maskSecrets).
void maskSecretsIn(nlohmann::json& value);

} // namespace envdesk::present
