#pragma once

#include "app/envdesk-cli/channel_loading.h"
#include "app/envdesk-cli/plan.h"
#include "app/envdesk-cli/verb.h"
#include "core/ops/solve_change.h"

#include <string>
#include <vector>

namespace envdesk::cli {

// The verbs that change an environment: create, install, update and remove, with conda's
// options. The plan (or why nothing fits) is printed as conda prints it, or with --json in conda's
// shape, then carried out unless --dry-run. Returns the exit status.
int runCreate(const Invocation& call);
int runInstall(const Invocation& call);
int runUpdate(const Invocation& call);
int runRemove(const Invocation& call);

// Decides `request` with ops::decideChange, printing as conda prints (the channels, the plan or
// why nothing fits; with --json conda's shape), and carries it out unless a dry run. When
// another process changed the prefix between the decision and the transaction, decides again
// against the prefix as it is then (a few times at most). `channels` says how the channels are
// read (progress line, notes, offline). Returns the exit status.
int decideAndApply(ops::ChangeRequest request, const ChannelRequest& channels,
                   PlanOptions planOptions, const config::Config& configuration);

} // namespace envdesk::cli
