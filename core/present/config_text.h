#pragma once

#include "core/config/config.h"
#include "core/present/conda_text.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

// Settings as `conda config` prints them. Values come typed (config::typedJson).
namespace envdesk::present {

// conda's format_dict for one key, as --show and --show-sources print it: "key: value", a list
// as "  - item" lines, a map as "  name: value" lines (a map's list under it as "    - item").
[[nodiscard]] std::string configShowText(const std::string& key, const nlohmann::json& value);

// --get's lines for one key, each a command that sets the value again: "--add key 'item'" for
// a list, reversed so that running them in order rebuilds it (--add prepends; `channels` marks
// its lowest and highest priority), "--set key.name value" for a map, "--set key value".
[[nodiscard]] std::string configGetText(const std::string& key, const nlohmann::json& value);

// One answer of `conda config` in both shapes: the --json document and the text.
struct ConfigDocument : Shown {
    std::vector<std::string> warnings; // --get: keys conda does not know ("Unknown key: 'x'")
};

// --show for `keys` (every key when empty) of the merged configuration, secrets masked, with
// our own `envdesk_sources` (each key's sources, highest priority first). A key set nowhere
// is returned as `unknownKey` instead.
struct ConfigShown {
    std::optional<ConfigDocument> document;
    std::string unknownKey;
};
[[nodiscard]] ConfigShown configShow(const config::Config& configuration,
                                     std::vector<std::string> keys);

// --show-sources: each source's keys in the file's own order, secrets masked.
[[nodiscard]] ConfigDocument configShowSources(const config::Config& configuration);

// --get for `keys` (every key of the file, sorted, when empty) of one file's `content`, read
// from `path`; keys the file lacks are left out, and unknown ones warned about.
[[nodiscard]] ConfigDocument configGet(const config::ConfigValue& content,
                                       std::vector<std::string> keys, const std::string& path);

} // namespace envdesk::present
