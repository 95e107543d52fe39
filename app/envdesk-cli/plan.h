#pragma once

#include "core/channels/loaded_channels.h"
#include "core/config/config.h"
#include "core/ops/apply_change.h"
#include "core/ops/plan_change.h"
#include "core/ops/solve_change.h"

#include <string>
#include <vector>

// A decided change of one environment, however it was decided (a solve, a revision of the
// history, an explicit file, a clone), and the one way it is shown and carried out: conda's
// package plan (or its --json actions), a confirmation, then the transaction.
namespace envdesk::cli {

using ops::Plan;
using ops::planFromTarget;

struct PlanOptions {
    bool create = false;                // a new environment: register it, print how to activate
    bool remove = false;                // `# remove specs:` in the history, "removed specs:"
    std::vector<std::string> specTexts; // the user's specs, for the plan and the history
    std::string command;                // the command line, for the history
    bool json = false;
    bool dryRun = false;
    bool yes = false;
    bool offline = false;
    bool compilePyc = true; // byte-compile noarch: python modules (--no-pyc: off)
    bool verbose = false;   // -v: also print what link scripts and byte-compiling wrote
    // Print nothing, ask nothing: the plan is one step of a larger command (a rename, a whole
    // environment's removal) that reports the outcome itself. Failures still go to stderr.
    bool quiet = false;
    // When another process changed the prefix after the plan was decided, return
    // kDecideAgain (after a note on stderr) so the caller decides again, instead of failing.
    bool decideAgainWhenStale = false;
    // How the channels' metadata came: in --json as "repodata", with -v as lines of text.
    std::vector<channels::SubdirSource> sources;
};

// What presentAndApply() returns for a plan gone stale (see above).
inline constexpr int kDecideAgain = -2;

// Waiting for another process's lock and a recovered transaction of `prefix`, as the CLI says
// them (notes on stderr; nothing with --json).
ops::ChangeObserver changeObserver(bool json, const std::string& prefix);

// The progress of a transaction on one line of stderr when `terminal` (the caller clears the
// line after); waiting for another process's lock is said on any output.
ops::ApplyProgressFn transactionProgress(bool terminal, bool json);

// Prints the plan (or its JSON), asks unless --yes/--json, then fetches and extracts what the
// package cache lacks and changes the prefix in one all-or-nothing transaction (ops::applyChange),
// with progress on a terminal and the result after. An empty plan for an existing environment
// is "All requested packages already installed.". Returns the exit status.
int presentAndApply(const Plan& plan, const PlanOptions& options,
                    const config::Config& configuration);

} // namespace envdesk::cli
