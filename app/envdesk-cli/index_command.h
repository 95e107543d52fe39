#pragma once

#include "app/envdesk-cli/verb.h"

#include <string>
#include <vector>

namespace envdesk::cli {

// `envdesk-cli index DIR [--subdir SUBDIR ...] [--no-cache] [--json]`: writes repodata.json and
// repodata.json.zst for each subdir of a local channel. Returns the process exit status: 0 when
// every package was indexed, 1 when one was skipped or DIR is not a folder, 2 for a mistake on
// the command line.
int runIndex(const Invocation& call);

} // namespace envdesk::cli
