#pragma once

#include "app/envdesk-cli/arguments.h"
#include "app/envdesk-cli/plan.h"
#include "app/envdesk-cli/target_prefix.h"
#include "app/envdesk-cli/verb.h"

#include <string>
#include <vector>

// The files users bring and take away: `env export` (environment.yml, full, --no-builds,
// --from-history), and creating an environment from environment.yml, an explicit file or a
// conda-lock file (`env create -f`, `create --file`). What the files hold is read and made in
// core/ops (environment_export.h, environment_from_file.h); here are conda's options, output and
// exception names.
namespace envdesk::cli {

int runEnvExport(const Invocation& call);
int runEnvCreate(const Invocation& call);

// What `create --file FILE` and `env create -f FILE` do with each kind of file: a solve (an
// environment.yml, a list of specs) is decided by ops as every create is; explicit and lock
// files install their exact packages. The options are those `parsed` holds; `commandLine` is
// the command as typed, for the history (conda records its whole command line).
int createFromFile(const std::string& file, const Arguments& parsed, const std::string& commandLine,
                   bool fromEnvCreate);

// `create --clone SOURCE`: the same packages (from the cache, else fetched) and the files no
// package owns, in a new prefix.
int cloneEnvironment(const std::string& source, const std::string& target,
                     const PlanOptions& options, const config::Config& configuration);

} // namespace envdesk::cli
