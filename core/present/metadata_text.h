#pragma once

#include "core/channels/loaded_channels.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

// How each remote subdir's metadata came (sharded or whole repodata.json, from where, how many
// bytes): what `-v` prints and `--json` holds under "repodata", so a user or a CI log can see
// which was used and what it cost.
namespace envdesk::present {

// [{"url", "format": "shards"|"repodata.json", "origin", "bytes_fetched", and for shards
//   "shards_fetched", "shards_cached", "names"}], in load order.
[[nodiscard]] nlohmann::json
metadataSourcesJson(const std::vector<channels::SubdirSource>& sources);

// One line per subdir, sizes as conda prints them (humanBytes): "  <url>: shards, 12 fetched
// (48 KB), 3 from the cache, of 31022 names; index not modified". Empty when there are none.
[[nodiscard]] std::string metadataSourcesText(const std::vector<channels::SubdirSource>& sources);

} // namespace envdesk::present
