#pragma once

#include "core/config/config.h"
#include "core/download/download.h"
#include "core/repodata/local_channel.h"
#include "core/repodata/record_index.h"
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
// `--override-channels`, `--platform` and .condarc into records: local channels are read whole,
// remote ones are fetched into the cache and opened as record indexes, from which only the names
// a command asks for are decoded.
namespace envdesk::cli {

// A failure to report with failWith(): conda's exception name and the message.
struct CliFailure {
    std::string exceptionName;
    std::string message;
};

// One subdir of one channel, ready to answer for a package name.
class ChannelSubdir {
public:
    ChannelSubdir(repodata::SubdirRecords local, int channelRank);
    ChannelSubdir(std::string channel, std::string subdir, repodata::RecordIndex index,
                  int channelRank);

    [[nodiscard]] const std::string& channel() const { return m_channel; } // canonical name
    [[nodiscard]] const std::string& subdir() const { return m_subdir; }
    // The position of the channel in the user's list: 0 is the first, the most preferred.
    [[nodiscard]] int channelRank() const { return m_channelRank; }
    [[nodiscard]] std::vector<std::string_view> names() const;
    [[nodiscard]] util::Result<std::vector<specs::PackageRecord>>
    recordsFor(std::string_view name) const;

private:
    std::string m_channel;
    std::string m_subdir;
    int m_channelRank = 0;
    std::optional<repodata::SubdirRecords> m_local;
    std::unordered_map<std::string, std::vector<std::size_t>> m_localByName;
    std::optional<repodata::RecordIndex> m_index;
};

struct LoadedChannels {
    std::vector<ChannelSubdir> subdirs;    // in channel order
    std::vector<std::string> channelUrls;  // every subdir URL, credentials removed
    std::vector<std::string> channelNames; // the canonical names, in order, once each
    std::size_t channelCount = 0;          // channels after multichannels were expanded
};

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

// The configured channel context, restricted to `platform` and noarch.
[[nodiscard]] specs::ChannelContext channelContextFor(const config::Config& configuration,
                                                      const std::string& platform);

// Resolves `channels` with `context` and loads each subdir (fetching remote repodata, with a
// progress line on a terminal and Ctrl+C honoured). Notes about cached stand-ins go to stderr
// unless quiet.
[[nodiscard]] std::optional<CliFailure> loadChannels(const std::vector<std::string>& channels,
                                                     const specs::ChannelContext& context,
                                                     const ChannelRequest& request,
                                                     const config::Config& configuration,
                                                     LoadedChannels& loaded);

// The download settings of .condarc (timeouts, retries, proxies, ssl_verify), for fetching
// repodata and packages alike.
[[nodiscard]] download::Options downloadOptions(const config::Config& configuration, bool offline);

// A stop token that Ctrl+C triggers, for the long steps of a command.
[[nodiscard]] std::stop_token interruptToken();

} // namespace envdesk::cli
