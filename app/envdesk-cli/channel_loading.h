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

// How the verbs that read channels (search, create, install, update, remove) turn `-c`,
// `--override-channels`, `--platform` and .condarc into records (core/channels does the
// loading; this adds the terminal's progress line, the notes on stderr, Ctrl+C and conda's
// names for failures).
namespace envdesk::cli {

// A failure to report with failWith(): conda's exception name and the message.
struct CliFailure {
    std::string exceptionName;
    std::string message;
};

// The core's loaded channels, under the names the verbs use.
using channels::channelContextFor;
using channels::ChannelSubdir;
using channels::downloadOptions;
using channels::LoadedChannels;

struct ChannelRequest {
    std::vector<std::string> typed; // -c CHANNEL, in order
    bool overrideChannels = false;
    bool offline = false; // --offline (or `offline` in .condarc)
    bool quiet = false;   // --json: no progress line
};

// The channels to read, in conda's order: -c first, then the configured `channels` unless
// --override-channels, each once.
[[nodiscard]] std::vector<std::string> channelList(const ChannelRequest& request,
                                                   const config::Config& configuration);

// The platform named by --platform/--subdir (the machine's when empty); nullopt with a failure
// for a platform conda does not know.
[[nodiscard]] std::optional<CliFailure> checkPlatform(std::string& platform);
// What every channel-reading verb starts from: the merged .condarc, the platform of
// --platform/--subdir (the machine's when absent), and the channel context for it.
struct CommandSetup {
    config::Config configuration;
    std::string platform;
    specs::ChannelContext context;
};
[[nodiscard]] std::variant<CommandSetup, CliFailure>
loadCommandSetup(const config::ConfigInputs& inputs, std::string platform);

// Resolves `channels` with `context` and loads each subdir (fetching remote repodata, with a
// progress line on a terminal and Ctrl+C honoured). Notes about cached stand-ins go to stderr
// unless quiet.
[[nodiscard]] std::optional<CliFailure> loadChannels(const std::vector<std::string>& channels,
                                                     const specs::ChannelContext& context,
                                                     const ChannelRequest& request,
                                                     const config::Config& configuration,
                                                     LoadedChannels& loaded);

// The options a load runs with for `request`: the progress line on a terminal (unless quiet),
// the notes on stderr (unless quiet), Ctrl+C as the stop.
[[nodiscard]] channels::LoadOptions loadOptionsFor(const ChannelRequest& request);
// Clears the progress line a load left on a terminal (nothing when quiet or not a terminal).
void clearProgressLine(const ChannelRequest& request);

// A stop token that Ctrl+C triggers, for the long steps of a command.
[[nodiscard]] std::stop_token interruptToken();

} // namespace envdesk::cli
