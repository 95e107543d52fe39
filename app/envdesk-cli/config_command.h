#pragma once

#include "app/envdesk-cli/verb.h"

#include <string>
#include <vector>

namespace envdesk::cli {

// `envdesk-cli config` with conda's flags: --show [KEY ...], --show-sources, --get [KEY ...],
// --set/--add/--prepend/--append/--remove KEY VALUE, --remove-key KEY, --file PATH, --system,
// --env, --json. Returns the process exit status (1 failures, 2 command-line mistakes).
int runConfig(const Invocation& call);

} // namespace envdesk::cli
