#pragma once

#include "core/channels/channel_probe.h"
#include "core/config/config.h"
#include "core/download/download.h"
#include "core/repodata/local_channel.h"
#include "core/repodata/record_index.h"
#include "core/repodata/repodata_fetcher.h"
#include "core/repodata/sharded_subdir.h"
#include "core/specs/channel.h"
#include "core/specs/package_record.h"
#include "core/util/result.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stop_token>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

// Channels ready to answer for package names, however they were given (`-c`, .condarc, a
// folder, a URL, a mirror): local channels are read whole, remote ones fetched into the
// repodata cache and opened as record indexes, from which only the names a request asks for
// are decoded. What search, solves and the GUI's package views share.
namespace envdesk::channels {

// One subdir of one channel, ready to answer for a package name.
class ChannelSubdir {
public:
    ChannelSubdir(repodata::SubdirRecords local, int channelRank);
    ChannelSubdir(std::string channel, std::string subdir, repodata::RecordIndex index,
                  int channelRank);
    // An index shared with others (the session's repodata::IndexMemory).
    ChannelSubdir(std::string channel, std::string subdir,
                  std::shared_ptr<const repodata::RecordIndex> index, int channelRank);
    // A subdir served as shards (CEP 16): records are fetched by name when first asked for.
    ChannelSubdir(std::shared_ptr<const repodata::ShardedSubdir> sharded, int channelRank);

    [[nodiscard]] const std::string& channel() const { return m_channel; } // canonical name
    [[nodiscard]] const std::string& subdir() const { return m_subdir; }
    // The position of the channel in the user's list: 0 is the first, the most preferred.
    [[nodiscard]] int channelRank() const { return m_channelRank; }
    [[nodiscard]] std::vector<std::string_view> names() const;
    [[nodiscard]] util::Result<std::vector<specs::PackageRecord>>
    recordsFor(std::string_view name) const;
    // The sharded subdir behind this one, or null when its records are all at hand.
    [[nodiscard]] const repodata::ShardedSubdir* sharded() const { return m_sharded.get(); }

private:
    std::string m_channel;
    std::string m_subdir;
    int m_channelRank = 0;
    std::optional<repodata::SubdirRecords> m_local;
    std::unordered_map<std::string, std::vector<std::size_t>> m_localByName;
    std::shared_ptr<const repodata::RecordIndex> m_index;
    std::shared_ptr<const repodata::ShardedSubdir> m_sharded;
};

// How one remote subdir's metadata came, for `-v` and `--json`.
struct SubdirSource {
    std::string url;      // the subdir URL, secrets masked
    bool sharded = false; // CEP 16 shards; else the whole repodata.json
    // "downloaded", "not modified", "fresh cache", "offline cache", "cache after failure",
    // "session memory".
    std::string origin;
    std::uint64_t bytesFetched = 0; // repodata.json or the shard index, as sent
    // The sharded subdir, whose counts say what its shards cost so far (null when not sharded).
    std::shared_ptr<const repodata::ShardedSubdir> shards;
};

struct LoadedChannels {
    std::vector<ChannelSubdir> subdirs;    // in channel order
    std::vector<std::string> channelUrls;  // every subdir URL, credentials removed
    std::vector<std::string> channelNames; // the canonical names, in order, once each
    std::vector<specs::Channel> channels;  // as resolved, multichannels expanded, in order
    std::size_t channelCount = 0;          // channels after multichannels were expanded
    // Subdir URLs taken as empty because the load was offline and nothing of them was cached
    // (credentials removed): what a "nothing found" should name as the likely reason.
    std::vector<std::string> uncachedOffline;
    std::vector<SubdirSource> sources; // remote subdirs, in the order they were loaded
};

// Loads, all at once, the shards of `names` in every sharded subdir of `loaded` that has them
// (nothing to do for the others): what a caller about to read several names does first, so that
// their shards come in parallel rather than one by one.
[[nodiscard]] util::Result<void> prefetchNames(const LoadedChannels& loaded,
                                               const std::vector<std::string>& names,
                                               std::stop_token stop = {},
                                               const repodata::ShardProgressFn& progress = {});

// The channels to read, in conda's order: `typed` (-c) first, then the configured `channels`
// unless `overrideChannels`, each once.
[[nodiscard]] std::vector<std::string> channelList(const std::vector<std::string>& typed,
                                                   bool overrideChannels,
                                                   const config::Config& configuration);

// The configured channel context, restricted to `platform` and noarch.
[[nodiscard]] specs::ChannelContext channelContextFor(const config::Config& configuration,
                                                      const std::string& platform);

// The download settings of .condarc (timeouts, retries, proxies, ssl_verify, offline), for
// fetching repodata and packages alike; `offline` adds to .condarc's, it cannot turn it off.
[[nodiscard]] download::Options downloadOptions(const config::Config& configuration, bool offline);

// The same connection settings (proxies, ssl_verify, connect timeout) for probing servers.
[[nodiscard]] ProbeOptions probeOptions(const config::Config& configuration);

struct LoadOptions {
    bool offline = false;               // --offline, or `offline` in .condarc
    repodata::FetchProgressFn progress; // remote fetches; may be empty
    // Shards fetched while a solve gathers what it can reach (sharded channels); may be empty.
    repodata::ShardProgressFn shardProgress;
    // Records read into a subdir's index, the first time its repodata.json is read (a large
    // channel takes seconds); may be empty. `stop` stops that too.
    repodata::RecordIndexProgressFn indexProgress;
    // Things worth telling the user that do not stop the load (a subdir the channel lacks, a
    // cached stand-in for a failing server). May be empty.
    std::function<void(const std::string&)> note;
    std::stop_token stop;
};

// Where a load failed, so that callers can name the failure the way conda does.
enum class LoadStep { Resolve, ReadLocal, Fetch, OpenIndex };

struct LoadFailure {
    LoadStep step = LoadStep::Resolve;
    util::Error error;
};

// Resolves `channels` with `context` and loads each subdir. A stop gives a Fetch failure with
// ErrorCode::Cancelled.
[[nodiscard]] std::optional<LoadFailure> loadChannels(const std::vector<std::string>& channels,
                                                      const specs::ChannelContext& context,
                                                      const config::Config& configuration,
                                                      const LoadOptions& options,
                                                      LoadedChannels& loaded);

} // namespace envdesk::channels
