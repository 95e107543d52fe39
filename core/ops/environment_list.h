#pragma once

#include "core/config/config.h"
#include "core/env/environments.h"

#include <vector>

// Which environments the machine has, found the same way for `env list` and the window's list:
// the configured root and envs_dirs, the registry in the home folder, and the installations of
// conda, Miniconda, Miniforge and micromamba in their usual places, or those that
// ENVDESK_INSTALLATIONS names (a colon-separated list, for machines with installations in odd
// places and for tests).
namespace envdesk::ops {

[[nodiscard]] env::DiscoveryInputs discoveryInputs(const config::ConfigInputs& inputs,
                                                   const config::Config& configuration);

[[nodiscard]] std::vector<env::EnvironmentInfo>
listEnvironments(const config::ConfigInputs& inputs, const config::Config& configuration);

} // namespace envdesk::ops
