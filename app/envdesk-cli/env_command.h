#pragma once

#include <string>
#include <vector>

// `envdesk-cli env list|remove|export|create` and `envdesk-cli rename`, as conda's; the checks
// and steps of removing, cloning and renaming are core/ops' (environment_removal.h,
// environment_copy.h).
namespace envdesk::cli {

int runEnv(const std::vector<std::string>& args);
int runRename(const std::vector<std::string>& args);

} // namespace envdesk::cli
