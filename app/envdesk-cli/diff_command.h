#pragma once

#include "app/envdesk-cli/verb.h"

#include <string>
#include <vector>

namespace envdesk::cli {

// `env diff A B`: compares two environments, each an environment.yml, an explicit file, a
// conda-lock file, a pixi.lock, an environment folder or an environment's name. Prints a report
// (coloured on a terminal), JSON (--json) and/or one HTML page (--html FILE). Returns 0 when the
// two are the same, 1 when they differ, 2 on an error, as diff(1) does.
int runEnvDiff(const Invocation& call);

} // namespace envdesk::cli
