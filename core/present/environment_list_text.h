#pragma once

#include "core/env/environments.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

// The environments as `conda env list` shows them, with Envdesk's details.
namespace envdesk::present {

struct ListedEnvironment {
    env::EnvironmentInfo info;
    std::optional<env::EnvironmentUsage> usage; // measured for --details
};

// conda's {"envs": [prefix...], "envs_details": {prefix: {...}}}: `envs` holds the usable
// ones, as conda's does; the details say each one's state, packages, python and, when
// measured, its size.
[[nodiscard]] nlohmann::json environmentListJson(const std::vector<ListedEnvironment>& listed,
                                                 const std::string& activePrefix);

// "# conda environments:", then one line per environment (name in 20 columns, '*' for the
// active one, prefix), the measured details in brackets, the state of one that is not usable.
[[nodiscard]] std::string environmentListText(const std::vector<ListedEnvironment>& listed,
                                              const std::string& activePrefix);

} // namespace envdesk::present
