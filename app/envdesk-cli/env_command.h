#pragma once

#include "app/envdesk-cli/verb.h"

#include <string>
#include <vector>

// `envdesk-cli env list`, `env remove` and `rename`, as conda's (`env export` and `env create`
// are in env_files.h); what removing, cloning and renaming decide is core/ops'
// (ops::decideRemoval, ops::decideClone in environment_removal.h and environment_copy.h).
namespace envdesk::cli {

int runEnvList(const Invocation& call);
int runEnvRemove(const Invocation& call);
int runRename(const Invocation& call);

} // namespace envdesk::cli
