#pragma once

#include "app/envdesk-cli/verb.h"

#include <string>
#include <vector>

namespace envdesk::cli {

// `envdesk-cli search SPEC -c CHANNEL ... [--override-channels] [--platform SUBDIR] [--json]`.
// Returns the process exit status.
int runSearch(const Invocation& call);

} // namespace envdesk::cli
