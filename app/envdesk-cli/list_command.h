#pragma once

#include "app/envdesk-cli/verb.h"

#include <string>
#include <vector>

namespace envdesk::cli {

// `list`: the packages installed in an environment, as conda lists them: the human table, conda's
// JSON records (--json), `name=version=build` lines (--export), dist names (--canonical), or an
// explicit file (--explicit, with --md5 or --sha256 after each URL). Returns the exit status.
int runList(const Invocation& call);

} // namespace envdesk::cli
