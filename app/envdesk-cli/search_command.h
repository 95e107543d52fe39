#pragma once

#include <string>
#include <vector>

namespace envdesk::cli {

// `envdesk-cli search SPEC -c CHANNEL ... [--override-channels] [--platform SUBDIR] [--json]`.
// Returns the process exit status.
int runSearch(const std::vector<std::string>& args);

} // namespace envdesk::cli
