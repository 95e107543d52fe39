#pragma once

#include <string>
#include <vector>

namespace envdesk::cli {

// The verbs that change an environment: create, install, update and remove, with conda's
// options. The plan (or why nothing fits) is printed as conda prints it, or with --json in conda's
// shape, then carried out unless --dry-run. Returns the exit status.
int runCreate(const std::vector<std::string>& args);
int runInstall(const std::vector<std::string>& args);
int runUpdate(const std::vector<std::string>& args);
int runRemove(const std::vector<std::string>& args);

} // namespace envdesk::cli
