#pragma once

#include "core/channels/loaded_channels.h"
#include "core/cli/arguments.h"
#include "core/config/config.h"
#include "core/ops/environment_list.h"
#include "core/ops/solve_change.h"
#include "core/present/failure.h"
#include "core/specs/channel.h"

#include <stop_token>
#include <string>
#include <variant>
#include <vector>

// What the verbs start from (the merged .condarc, the platform, the environment -n/-p names)
// and how a load core/ops runs for them shows on the terminal: the progress line, the notes on
// stderr, Ctrl+C as the stop.
namespace envdesk::cli {

// A failure to report with failWith(): conda's exception name and the message.
using CliFailure = present::CondaFailure;

using channels::channelContextFor;
// conda prints a record's channel by its canonical name (core/ops).
using ops::canonicalChannel;

struct ChannelRequest {
    std::vector<std::string> typed; // -c CHANNEL, in order
    bool overrideChannels = false;
    bool offline = false; // --offline (or `offline` in .condarc)
    bool quiet = false;   // --json: no progress line
};

// The merged .condarc, the platform of --platform/--subdir (the machine's when absent), and the
// channel context for it.
struct CommandSetup {
    config::Config configuration;
    std::string platform;
    specs::ChannelContext context;
};
[[nodiscard]] std::variant<CommandSetup, CliFailure>
loadCommandSetup(const config::ConfigInputs& inputs, std::string platform);

// The environment a NAME-or-PATH argument names (DESTINATION, --clone SOURCE, ENV): a path when
// it holds a '/', else a name, as conda reads them.
[[nodiscard]] env::PrefixChoice choiceOf(const std::string& nameOrPath);
// The environment -n NAME or -p PATH names in `arguments`; nullopt when neither is given.
[[nodiscard]] std::optional<env::PrefixChoice> typedTarget(const Arguments& arguments);
// The absolute prefix `arguments` name, as ops::targetPrefix (conda's determine_target_prefix)
// decides; a failure is a CondaValueError.
[[nodiscard]] std::variant<std::string, CliFailure>
targetPrefix(const Arguments& arguments, const config::ConfigInputs& inputs,
             const config::Config& configuration, ops::PrefixUse use = ops::PrefixUse::Existing);
// The prefix a DESTINATION or SOURCE argument names: a path when it holds a '/', else a name.
[[nodiscard]] std::variant<std::string, CliFailure>
prefixOf(const std::string& nameOrPath, const config::ConfigInputs& inputs,
         const config::Config& configuration, ops::PrefixUse use = ops::PrefixUse::Existing);

// loadCommandSetup() for `platform` (the machine's when empty), then targetPrefix().
struct PrefixCommandSetup {
    CommandSetup command;
    std::string prefix;
};
[[nodiscard]] std::variant<PrefixCommandSetup, CliFailure>
loadPrefixCommand(const Arguments& arguments, const config::ConfigInputs& inputs,
                  std::string platform, ops::PrefixUse use = ops::PrefixUse::Existing);

// The options a load runs with for `request`: the progress line on a terminal (unless quiet),
// the notes on stderr (unless quiet), Ctrl+C as the stop.
[[nodiscard]] channels::LoadOptions loadOptionsFor(const ChannelRequest& request);
// Clears the progress line a load left on a terminal (nothing when quiet or not a terminal).
void clearProgressLine(const ChannelRequest& request);

// Starts the thread that turns Ctrl+C into a stop request; main() calls it first, so that the
// thread is settled long before any work forks (see command_setup.cpp). Idempotent.
void watchForInterrupt();
// A stop token that Ctrl+C triggers, for the long steps of a command.
[[nodiscard]] std::stop_token interruptToken();

} // namespace envdesk::cli
