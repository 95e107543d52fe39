#include "core/channels/loaded_channels.h"

#include "core/repodata/compression.h"
#include "core/repodata/index_memory.h"
#include "core/util/file_io.h"

#include <unistd.h>

#include <algorithm>
#include <filesystem>

namespace envdesk::channels {

namespace {

repodata::FetchOptions fetchOptions(const config::Config& configuration, bool offline)
{
    repodata::FetchOptions options;
    options.cacheDir = configuration.inputs().userCacheDir() + "/repodata";
    options.localRepodataTtl = configuration.localRepodataTtl();
    options.useZst = configuration.repodataUseZst();
    options.useShards = configuration.repodataUseShards();
    options.download = downloadOptions(configuration, offline);
    // One pool for the load: the shard indexes, the repodata, and every later round of shards
    // the solve asks for (the ShardedSubdirs keep these options) reuse its connections.
    options.download.connections = std::make_shared<download::ConnectionPool>();
    return options;
}

// What a subdir's remembered index is kept under: its URL as requested (credentials and all,
// in memory only) and the channel's name, which its records carry.
std::string memoryKey(const specs::Channel& channel, const std::string& subdir)
{
    return channel.canonicalName + "\n" + channel.platformUrl(subdir);
}

// True when `folder` exists (it is made if need be) and this process may write in it.
bool writableFolder(const std::string& folder)
{
    std::error_code ec;
    std::filesystem::create_directories(folder, ec);
    return !folder.empty() && ::access(folder.c_str(), W_OK | X_OK) == 0;
}

// Records refused for unsafe names are not offered, but the user hears of each: otherwise a
// package a channel lists would only be "not found", with no hint why.
void noteRefused(const std::vector<std::string>& refused, const LoadOptions& options)
{
    if (!options.note) {
        return;
    }
    // A hostile channel may hold any number: the first few say what and where, a count the rest.
    constexpr std::size_t kShown = 20;
    for (std::size_t i = 0; i < refused.size() && i < kShown; ++i) {
        options.note(refused[i]);
    }
    if (refused.size() > kShown) {
        options.note("and " + std::to_string(refused.size() - kShown)
                     + " more records of the same subdir refused for names that are not plain");
    }
}

std::string originName(repodata::FetchedSubdir::Origin origin)
{
    using Origin = repodata::FetchedSubdir::Origin;
    switch (origin) {
    case Origin::Downloaded:
        return "downloaded";
    case Origin::NotModified:
        return "not modified";
    case Origin::FreshCache:
        return "fresh cache";
    case Origin::CacheWhileOffline:
        return "offline cache";
    case Origin::CacheAfterFailure:
        return "cache after failure";
    }
    return "downloaded";
}

// A fetched shard index, opened: its shards are fetched later, by name, into the shard cache
// beside the repodata cache, with the same connection settings.
util::Result<std::shared_ptr<const repodata::ShardedSubdir>>
openSharded(const repodata::FetchedSubdir& fetched, const repodata::FetchOptions& fetching)
{
    auto raw = util::readFile(fetched.shardIndexPath);
    if (!raw) {
        return raw.error();
    }
    const std::string indexUrl =
        fetched.sourceUrl + "/" + std::string(repodata::kShardIndexFileName);
    auto unpacked =
        repodata::decompress(*raw, repodata::Compression::Zstd, specs::maskSecrets(indexUrl));
    if (!unpacked) {
        return unpacked.error();
    }
    auto index = repodata::parseShardIndex(*unpacked, specs::maskSecrets(indexUrl));
    if (!index) {
        return index.error();
    }
    const auto& channel = fetched.target.channel;
    repodata::RepodataSource source{channel.canonicalName,
                                    channel.platformUrl(fetched.target.platform),
                                    fetched.target.platform, specs::maskSecrets(indexUrl)};
    const std::string channelRoot = fetched.sourceUrl.substr(0, fetched.sourceUrl.rfind('/'));
    return repodata::ShardedSubdir::create(std::move(*index), indexUrl, std::move(source),
                                           channelRoot,
                                           {fetching.cacheDir + "/shards", fetching.download});
}

} // namespace

util::Result<void> prefetchNames(const LoadedChannels& loaded,
                                 const std::vector<std::string>& names, std::stop_token stop,
                                 const repodata::ShardProgressFn& progress)
{
    std::vector<const repodata::ShardedSubdir*> sharded;
    for (const auto& subdir : loaded.subdirs) {
        if (subdir.sharded() != nullptr) {
            sharded.push_back(subdir.sharded());
        }
    }
    if (sharded.empty() || names.empty()) {
        return {};
    }
    return repodata::ShardedSubdir::load(sharded, names, stop, progress);
}

ChannelSubdir::ChannelSubdir(repodata::SubdirRecords local, int channelRank)
    : m_channel(local.channel)
    , m_subdir(local.subdir)
    , m_channelRank(channelRank)
{
    for (std::size_t i = 0; i < local.records.size(); ++i) {
        m_localByName[local.records[i].name].push_back(i);
    }
    m_local = std::move(local);
}

ChannelSubdir::ChannelSubdir(std::string channel, std::string subdir, repodata::RecordIndex index,
                             int channelRank)
    : ChannelSubdir(std::move(channel), std::move(subdir),
                    std::make_shared<const repodata::RecordIndex>(std::move(index)), channelRank)
{
}

ChannelSubdir::ChannelSubdir(std::string channel, std::string subdir,
                             std::shared_ptr<const repodata::RecordIndex> index, int channelRank)
    : m_channel(std::move(channel))
    , m_subdir(std::move(subdir))
    , m_channelRank(channelRank)
    , m_index(std::move(index))
{
}

ChannelSubdir::ChannelSubdir(std::shared_ptr<const repodata::ShardedSubdir> sharded,
                             int channelRank)
    : m_channel(sharded->channel())
    , m_subdir(sharded->subdir())
    , m_channelRank(channelRank)
    , m_sharded(std::move(sharded))
{
}

std::vector<std::string_view> ChannelSubdir::names() const
{
    if (m_sharded) {
        return m_sharded->names();
    }
    if (m_index) {
        return m_index->names();
    }
    std::vector<std::string_view> out;
    out.reserve(m_localByName.size());
    for (const auto& [name, unused] : m_localByName) {
        out.push_back(name);
    }
    std::sort(out.begin(), out.end());
    return out;
}

util::Result<std::vector<specs::PackageRecord>>
ChannelSubdir::recordsFor(std::string_view name) const
{
    if (m_sharded) {
        return m_sharded->recordsFor(name);
    }
    if (m_index) {
        return m_index->recordsFor(name);
    }
    std::vector<specs::PackageRecord> out;
    if (const auto it = m_localByName.find(std::string(name)); it != m_localByName.end()) {
        for (const std::size_t i : it->second) {
            out.push_back(m_local->records[i]);
        }
    }
    return out;
}

std::vector<std::string> channelList(const std::vector<std::string>& typed, bool overrideChannels,
                                     const config::Config& configuration)
{
    std::vector<std::string> channels;
    for (const auto& channel : typed) {
        if (std::find(channels.begin(), channels.end(), channel) == channels.end()) {
            channels.push_back(channel);
        }
    }
    if (!overrideChannels) {
        for (const auto& channel : configuration.channels()) {
            if (std::find(channels.begin(), channels.end(), channel) == channels.end()) {
                channels.push_back(channel);
            }
        }
    }
    return channels;
}

specs::ChannelContext channelContextFor(const config::Config& configuration,
                                        const std::string& platform)
{
    specs::ChannelContext context = configuration.channelContext();
    context.platforms = platform == "noarch" ? std::vector<std::string>{"noarch"}
                                             : std::vector<std::string>{platform, "noarch"};
    return context;
}

ProbeOptions probeOptions(const config::Config& configuration)
{
    const download::Options download = downloadOptions(configuration, false);
    ProbeOptions options;
    options.connectTimeoutSecs = download.connectTimeoutSecs;
    options.proxies = download.proxies;
    options.sslVerify = download.sslVerify;
    options.caBundle = download.caBundle;
    options.offline = configuration.offline();
    return options;
}

download::Options downloadOptions(const config::Config& configuration, bool offline)
{
    download::Options options;
    options.connectTimeoutSecs = configuration.remoteConnectTimeoutSecs();
    options.readTimeoutSecs = configuration.remoteReadTimeoutSecs();
    options.maxRetries = configuration.remoteMaxRetries();
    options.retryBackoffSecs = configuration.remoteBackoffFactor();
    options.proxies = configuration.proxyServers();
    options.unreachable = configuration.inputs().unreachableServers;
    const auto ssl = configuration.sslVerify();
    options.sslVerify = ssl.enabled;
    options.caBundle = ssl.caBundle;
    // .condarc's `offline` holds whoever asks (packages and repodata, CLI and GUI alike).
    options.offline = offline || configuration.offline();
    return options;
}

std::optional<LoadFailure> loadChannels(const std::vector<std::string>& channels,
                                        const specs::ChannelContext& context,
                                        const config::Config& configuration,
                                        const LoadOptions& options, LoadedChannels& loaded)
{
    std::vector<repodata::SubdirTarget> targets;
    std::vector<int> targetRanks;
    int rank = 0;
    const bool offline = configuration.offline() || options.offline;
    const auto fetching = fetchOptions(configuration, offline);
    // Local channels are indexed into the repodata cache when it can be written, else read whole.
    const std::string& cacheDir = fetching.cacheDir;
    const bool cacheWritable = writableFolder(cacheDir);
    repodata::IndexMemory* memory = configuration.inputs().indexMemory.get();
    for (const auto& typed : channels) {
        auto resolved = specs::resolve(typed, context);
        if (!resolved) {
            return LoadFailure{LoadStep::Resolve, resolved.error()};
        }
        // Each channel a multichannel expands to has a rank of its own, as in conda's
        // prioritize_channels.
        for (const auto& channel : *resolved) {
            const int channelRank = rank++;
            loaded.channels.push_back(channel);
            if (std::find(loaded.channelNames.begin(), loaded.channelNames.end(),
                          channel.canonicalName)
                == loaded.channelNames.end()) {
                loaded.channelNames.push_back(channel.canonicalName);
            }
            for (const auto& url : channel.urls(false)) {
                loaded.channelUrls.push_back(url);
            }
            auto indexed =
                channel.isLocal() && cacheWritable ? std::optional(repodata::indexLocalChannel(
                    channel, channel.platforms, cacheDir, {options.indexProgress, options.stop}))
                                                   : std::nullopt;
            // An index that could not be written (a full disk, another process's index
            // renamed in between): the folder is read whole instead.
            const bool unwritable =
                indexed && !*indexed
                && (indexed->error().code == util::ErrorCode::IoError
                    || indexed->error().code == util::ErrorCode::PermissionDenied
                    || (indexed->error().code == util::ErrorCode::NotFound
                        && indexed->error().context.rfind(cacheDir, 0) == 0));
            if (indexed && !unwritable) {
                auto& subdirs = *indexed;
                if (!subdirs) {
                    return LoadFailure{LoadStep::ReadLocal, subdirs.error()};
                }
                for (auto& subdir : *subdirs) {
                    noteRefused(subdir.refused, options);
                    loaded.subdirs.emplace_back(channel.canonicalName, subdir.subdir,
                                                std::move(subdir.index), channelRank);
                }
            } else if (channel.isLocal()) {
                auto subdirs = repodata::loadLocalChannel(channel, channel.platforms);
                if (!subdirs) {
                    return LoadFailure{LoadStep::ReadLocal, subdirs.error()};
                }
                for (auto& subdir : *subdirs) {
                    noteRefused(subdir.refused, options);
                    loaded.subdirs.emplace_back(std::move(subdir), channelRank);
                }
            } else {
                for (const auto& subdir : channel.platforms) {
                    if (memory != nullptr) {
                        auto kept = memory->find(memoryKey(channel, subdir));
                        // A sharded subdir fetches shards as it goes, with the settings it was
                        // opened with: an offline load opens its own from the cache instead.
                        if (kept && kept->sharded && offline) {
                            kept.reset();
                        }
                        if (kept) {
                            noteRefused(kept->refused, options);
                            loaded.sources.push_back(
                                {specs::maskSecrets(channel.platformUrl(subdir, false)),
                                 kept->sharded != nullptr, "session memory", 0, kept->sharded});
                            if (kept->sharded) {
                                loaded.subdirs.emplace_back(std::move(kept->sharded), channelRank);
                            } else {
                                loaded.subdirs.emplace_back(channel.canonicalName, subdir,
                                                            std::move(kept->index), channelRank);
                            }
                            continue;
                        }
                    }
                    targets.push_back(repodata::SubdirTarget{channel, subdir});
                    targetRanks.push_back(channelRank);
                }
            }
        }
    }
    loaded.channelCount = static_cast<std::size_t>(rank);
    if (targets.empty()) {
        return std::nullopt;
    }
    auto fetched = repodata::fetchRepodata(targets, fetching, options.progress, options.stop);
    for (std::size_t i = 0; i < fetched.size(); ++i) {
        auto& result = fetched[i];
        // As conda: a platform subdir the channel does not have is empty (many channels hold
        // only noarch); a missing noarch means the URL is not a channel at all. Offline, a
        // remote channel with nothing cached is empty, every subdir of it alike (conda reads
        // an empty repodata there), so the cache and the other channels still serve.
        if (!result && result.error().code == util::ErrorCode::NotFound) {
            const bool uncachedOffline = offline && !targets[i].channel.isLocal();
            if (uncachedOffline || targets[i].platform != "noarch") {
                if (uncachedOffline) {
                    loaded.uncachedOffline.push_back(result.error().context);
                }
                if (options.note) {
                    options.note(result.error().context
                                 + (uncachedOffline
                                        ? ": offline, and nothing cached; taken as an empty subdir"
                                        : ": no repodata there; taken as an empty subdir"));
                }
                continue;
            }
        }
        if (!result) {
            return LoadFailure{LoadStep::Fetch, result.error()};
        }
        if (!result->note.empty() && options.note) {
            options.note(specs::maskSecrets(result->url) + ": " + result->note);
        }
        using Origin = repodata::FetchedSubdir::Origin;
        const bool current = result->origin != Origin::CacheWhileOffline
                             && result->origin != Origin::CacheAfterFailure;
        loaded.sources.push_back({specs::maskSecrets(result->url), result->sharded,
                                  originName(result->origin), result->bytesFetched});
        if (result->sharded) {
            auto sharded = openSharded(*result, fetching);
            if (!sharded) {
                return LoadFailure{LoadStep::OpenIndex, sharded.error()};
            }
            auto refused = (*sharded)->refused();
            noteRefused(refused, options);
            loaded.sources.back().shards = *sharded;
            if (memory != nullptr && current) {
                memory->remember(memoryKey(result->target.channel, result->target.platform),
                                 {nullptr, *sharded, refused});
            }
            loaded.subdirs.emplace_back(std::move(*sharded), targetRanks[i]);
            continue;
        }
        std::vector<std::string> refused;
        auto index =
            repodata::openRecordIndex(*result, &refused, {options.indexProgress, options.stop});
        if (!index) {
            return LoadFailure{LoadStep::OpenIndex, index.error()};
        }
        noteRefused(refused, options);
        auto shared = std::make_shared<const repodata::RecordIndex>(std::move(*index));
        if (memory != nullptr && current) {
            memory->remember(memoryKey(result->target.channel, result->target.platform),
                             {shared, nullptr, refused});
        }
        loaded.subdirs.emplace_back(result->target.channel.canonicalName, result->target.platform,
                                    std::move(shared), targetRanks[i]);
    }
    // Offline with nothing cached anywhere, there is nothing to answer from: say so, rather
    // than report every package as missing.
    if (loaded.subdirs.empty() && !loaded.uncachedOffline.empty()) {
        return LoadFailure{
            LoadStep::Fetch,
            util::because(util::Error{util::ErrorCode::NotFound,
                                      "offline, and no channel has cached repodata yet (run once "
                                      "online, or add a local channel)",
                                      loaded.uncachedOffline.front()},
                          util::ErrorReason::OfflineNothingCached)};
    }
    // Local and remote subdirs were gathered apart; channel order is what ranks mean.
    std::stable_sort(loaded.subdirs.begin(), loaded.subdirs.end(),
                     [](const ChannelSubdir& a, const ChannelSubdir& b) {
                         return a.channelRank() < b.channelRank();
                     });
    return std::nullopt;
}

} // namespace envdesk::channels
