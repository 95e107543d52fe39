#pragma once

#include "app/envdesk-cli/verb.h"

#include <string>
#include <vector>

// `envdesk-cli env list|remove|export|create` and `envdesk-cli rename`, as conda's; the checks
// and steps of removing, cloning and renaming are core/ops' (environment_removal.h,
// environment_copy.h).
namespace envdesk::cli {

int runEnvList(const Invocation& call);
int runEnvRemove(const Invocation& call);
int runRename(const Invocation& call);

} // namespace envdesk::cli
