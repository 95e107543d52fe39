#pragma once

#include "core/config/config.h"
#include "core/config/config_value.h"

#include <nlohmann/json.hpp>

// A configuration value as conda holds it once typed, as JSON: what `config --show --json` and
// `--get --json` print, and what a known key's value means (a boolean, a number, a word).
namespace envdesk::config {

// `value` typed by `info`, the key's entry (nullptr for an unknown key: YAML's plain scalar
// types then, so `true` is a boolean and `"true"` a string). Lists and maps type their items as
// unknown keys do.
[[nodiscard]] nlohmann::json typedJson(const ConfigValue& value, const KeyInfo* info);

} // namespace envdesk::config
