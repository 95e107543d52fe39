#pragma once

#include "app/envdesk-cli/command_setup.h"
#include "app/envdesk-cli/plan.h"
#include "core/cli/arguments.h"
#include "core/cli/command_table.h"
#include "core/ops/solve_change.h"

#include <string>

// The verbs verbs.cpp declares, each given what it parsed; each returns the exit status. What
// they decide is core/ops', how they print it core/present's; here is what conda's options
// mean and which result is shown.
namespace envdesk::cli {

// Every verb of envdesk-cli, declared once (verbs.cpp).
[[nodiscard]] const CommandTable& commandTable();

// create, install, update, remove (solve_command.cpp): the plan, or why nothing fits, then the
// change unless --dry-run.
int runCreate(const Invocation& call);
int runInstall(const Invocation& call);
int runUpdate(const Invocation& call);
int runRemove(const Invocation& call);
// list, history (list_command.cpp).
int runList(const Invocation& call);
int runHistory(const Invocation& call);
// search (search_command.cpp).
int runSearch(const Invocation& call);
// env list, env remove, rename (env_command.cpp).
int runEnvList(const Invocation& call);
int runEnvRemove(const Invocation& call);
int runRename(const Invocation& call);
// env export, env create (env_files.cpp).
int runEnvExport(const Invocation& call);
int runEnvCreate(const Invocation& call);
// env diff A B: 0 when the two are the same, 1 when they differ, 2 on an error, as diff(1)
// (diff_command.cpp).
int runEnvDiff(const Invocation& call);
// config (config_command.cpp), info (info_command.cpp), index (index_command.cpp).
int runConfig(const Invocation& call);
int runInfo(const Invocation& call);
int runIndex(const Invocation& call);
// run, shell hook|activate|deactivate|reactivate|init (use_command.cpp).
int runRun(const Invocation& call);
// shell hook, activate, deactivate and reactivate, told apart by the verb's name.
int runShellScript(const Invocation& call);
int runShellInit(const Invocation& call);
// kernel add|remove|list: Jupyter kernelspecs (use_command.cpp).
int runKernel(const Invocation& call);
// clean (clean_command.cpp); pin, unpin (pin_command.cpp).
int runClean(const Invocation& call);
int runPin(const Invocation& call);
int runUnpin(const Invocation& call);

// ---- steps several verbs share ------------------------------------------------------------

// Decides `request` with ops::decideChange, printing as conda prints (the channels, the plan or
// why nothing fits), and carries it out unless a dry run. When another process changed the
// prefix between the decision and the transaction, decides again against the prefix as it is
// then (a few times at most). `channels` says how the channels are read.
int decideAndApply(ops::ChangeRequest request, const ChannelRequest& channels,
                   PlanOptions planOptions, const config::Config& configuration);

// `create --file FILE` and `env create -f FILE`: an environment.yml or a list of specs is
// decided as every create is; explicit and lock files install their exact packages; then the
// file's variables and pip packages. `commandLine` goes into the history.
int createFromFile(const std::string& file, const Arguments& parsed, const std::string& commandLine,
                   bool fromEnvCreate);

// `create --clone SOURCE`: the same packages (from the cache, else fetched) and the files no
// package owns, in a new prefix.
int cloneEnvironment(const std::string& source, const std::string& target,
                     const PlanOptions& options, const config::Config& configuration);

// `install --revision N`: back to the packages the environment held after revision N, taken
// from the prefix, the package cache or the channels.
int revertToRevision(const Arguments& parsed, const std::string& revisionText,
                     const PrefixCommandSetup& setup, const PlanOptions& planOptions);

} // namespace envdesk::cli
