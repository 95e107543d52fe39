#pragma once

#include <nlohmann/json.hpp>

#include <string>

// Settings as `conda config` prints them. Values come typed (config::typedJson).
namespace envdesk::present {

// conda's format_dict for one key, as --show and --show-sources print it: "key: value", a list
// as "  - item" lines, a map as "  name: value" lines (a map's list under it as "    - item").
[[nodiscard]] std::string configShowText(const std::string& key, const nlohmann::json& value);

// --get's lines for one key, each a command that sets the value again: "--add key 'item'" for
// a list, reversed so that running them in order rebuilds it (--add prepends; `channels` marks
// its lowest and highest priority), "--set key.name value" for a map, "--set key value".
[[nodiscard]] std::string configGetText(const std::string& key, const nlohmann::json& value);

} // namespace envdesk::present
