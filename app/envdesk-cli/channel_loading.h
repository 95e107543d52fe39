#pragma once

#include "core/channels/loaded_channels.h"
#include "core/config/config.h"
#include "core/specs/channel.h"
#include "core/specs/package_record.h"
#include "core/util/result.h"

#include <optional>
#include <stop_token>
#include <string>
#include <string_view>
#include <unordered_map>
#include <variant>
#include <vector>

// What the verbs that read channels (search, create, install, update, remove) start from, and
// how a load core/ops runs for them shows on the terminal: the progress line, the notes on
// stderr, Ctrl+C as the stop.
namespace envdesk::cli {

// A failure to report with failWith(): conda's exception name and the message.
struct CliFailure {
    std::string exceptionName;
    std::string message;
};

using channels::channelContextFor;

struct ChannelRequest {
    std::vector<std::string> typed; // -c CHANNEL, in order
    bool overrideChannels = false;
    bool offline = false; // --offline (or `offline` in .condarc)
    bool quiet = false;   // --json: no progress line
};

// What every channel-reading verb starts from: the merged .condarc, the platform of
// --platform/--subdir (the machine's when absent), and the channel context for it.
struct CommandSetup {
    config::Config configuration;
    std::string platform;
    specs::ChannelContext context;
};
[[nodiscard]] std::variant<CommandSetup, CliFailure>
loadCommandSetup(const config::ConfigInputs& inputs, std::string platform);

// The options a load runs with for `request`: the progress line on a terminal (unless quiet),
// the notes on stderr (unless quiet), Ctrl+C as the stop.
[[nodiscard]] channels::LoadOptions loadOptionsFor(const ChannelRequest& request);
// Clears the progress line a load left on a terminal (nothing when quiet or not a terminal).
void clearProgressLine(const ChannelRequest& request);

// A stop token that Ctrl+C triggers, for the long steps of a command.
[[nodiscard]] std::stop_token interruptToken();

} // namespace envdesk::cli
