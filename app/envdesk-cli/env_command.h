#pragma once

#include <string>
#include <vector>

// `envdesk-cli env list|remove|export|create` and `envdesk-cli rename`, as conda's.
namespace envdesk::cli {

int runEnv(const std::vector<std::string>& args);
int runRename(const std::vector<std::string>& args);

} // namespace envdesk::cli
