#pragma once

#include "app/envdesk-cli/arguments.h"
#include "app/envdesk-cli/plan.h"
#include "app/envdesk-cli/target_prefix.h"
#include "app/envdesk-cli/verb.h"

#include <string>
#include <vector>

// The revisions of an environment (conda-meta/history) and going back to one.
namespace envdesk::cli {

// `envdesk-cli history [-n|-p] [--json]`.
int runHistory(const Invocation& call);

// Prints the revisions of the environment -n/-p names, as conda's `list --revisions` (its
// `--json` shape with --json); shared by `history` and `list --revisions`.
int printRevisions(const Arguments& parsed);

// `install --revision N`: the plan that returns the environment to the packages it held after
// revision N, taken from the prefix, the package cache or the channels, then carried out.
int revertToRevision(const Arguments& parsed, const std::string& revisionText,
                     const PrefixCommandSetup& setup, const PlanOptions& planOptions);

} // namespace envdesk::cli
