#pragma once

#include "core/env/history.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

// An environment's history (conda-meta/history) as `conda list --revisions` shows it.
namespace envdesk::present {

// Each revision's date and number, then its changes as conda's pretty_diff writes them
// (" name  {old -> new}", "-name-version", "+name-version"; the channel in brackets unless it
// is defaults); a revision that records a full state lists its packages.
[[nodiscard]] std::string historyText(const std::vector<env::Revision>& revisions);

// conda's History.object_log(): one event per revision (date, rev, install, remove, upgrade,
// downgrade), with the command that made it as `cmd`.
[[nodiscard]] nlohmann::json historyJson(const std::vector<env::Revision>& revisions);

} // namespace envdesk::present
