#pragma once

#include "core/repodata/channel_index.h"

#include <nlohmann/json.hpp>

#include <string>

// What `envdesk-cli index` reports for a channel folder it indexed.
namespace envdesk::present {

// {"channel", "success", "subdirs": [{subdir, repodata, created, packages, indexed, reused,
// skipped: [{fn, path, reason}], warnings}]}.
[[nodiscard]] nlohmann::json indexJson(const repodata::ChannelIndexResult& result);

// One line per subdir ("linux-64: 12 packages (3 read, 9 from cache)"), then what was skipped
// and why, and the warnings.
[[nodiscard]] std::string indexText(const repodata::ChannelIndexResult& result);

} // namespace envdesk::present
