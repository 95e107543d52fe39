#include "app/envdesk-cli/channel_loading.h"

#include "core/repodata/repodata_fetcher.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <thread>

namespace envdesk::cli {

namespace {

std::string userCacheDir()
{
    if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg != nullptr && *xdg != '\0') {
        return std::string(xdg) + "/envdesk";
    }
    if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0') {
        return std::string(home) + "/.cache/envdesk";
    }
    return "/tmp/envdesk-cache";
}

repodata::FetchOptions fetchOptions(const config::Config& configuration, bool offline)
{
    repodata::FetchOptions options;
    options.cacheDir = userCacheDir() + "/repodata";
    options.localRepodataTtl = configuration.localRepodataTtl();
    options.useZst = configuration.repodataUseZst();
    options.download = downloadOptions(configuration, offline);
    return options;
}

// Ctrl+C stops the transfers of this command cleanly. The handler only sets a flag (all a signal
// handler may safely do); a watcher thread turns it into a stop request.
std::atomic<bool> g_interrupted{false};

// One status line on a terminal ("Fetching 3/8 · 12.3 MB conda-forge/linux-64"); nothing otherwise.
repodata::FetchProgressFn progressPrinter(bool quiet)
{
    if (quiet || !isatty(STDERR_FILENO)) {
        return {};
    }
    return [](const repodata::FetchProgress& progress) {
        std::cerr << "\r\033[KFetching repodata " << progress.done << "/" << progress.total;
        if (progress.bytes > 0) {
            char size[32];
            std::snprintf(size, sizeof size, " \u00b7 %.1f MB",
                          static_cast<double>(progress.bytes) / 1e6);
            std::cerr << size;
        }
        if (!progress.current.empty()) {
            std::cerr << " " << progress.current;
        }
        std::cerr << std::flush;
    };
}

} // namespace

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
    : m_channel(std::move(channel))
    , m_subdir(std::move(subdir))
    , m_channelRank(channelRank)
    , m_index(std::move(index))
{
}

std::vector<std::string_view> ChannelSubdir::names() const
{
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

std::vector<std::string> channelList(const ChannelRequest& request,
                                     const config::Config& configuration)
{
    std::vector<std::string> channels;
    for (const auto& channel : request.typed) {
        if (std::find(channels.begin(), channels.end(), channel) == channels.end()) {
            channels.push_back(channel);
        }
    }
    if (!request.overrideChannels) {
        for (const auto& channel : configuration.channels()) {
            if (std::find(channels.begin(), channels.end(), channel) == channels.end()) {
                channels.push_back(channel);
            }
        }
    }
    return channels;
}

download::Options downloadOptions(const config::Config& configuration, bool offline)
{
    download::Options options;
    options.connectTimeoutSecs = configuration.remoteConnectTimeoutSecs();
    options.readTimeoutSecs = configuration.remoteReadTimeoutSecs();
    options.maxRetries = configuration.remoteMaxRetries();
    options.proxies = configuration.proxyServers();
    const auto ssl = configuration.sslVerify();
    options.sslVerify = ssl.enabled;
    options.caBundle = ssl.caBundle;
    options.offline = offline;
    return options;
}

std::optional<CliFailure> checkPlatform(std::string& platform)
{
    if (platform.empty()) {
        platform = specs::currentPlatform();
        return std::nullopt;
    }
    if (!specs::isKnownPlatform(platform)) {
        return CliFailure{"ArgumentError", "unknown platform '" + platform + "'"};
    }
    return std::nullopt;
}

std::variant<CommandSetup, CliFailure> loadCommandSetup(const config::ConfigInputs& inputs,
                                                        std::string platform)
{
    auto configuration = config::Config::load(inputs);
    if (!configuration) {
        return CliFailure{"ConfigurationError", configuration.error().message()};
    }
    if (auto failure = checkPlatform(platform)) {
        return *failure;
    }
    specs::ChannelContext context = channelContextFor(*configuration, platform);
    return CommandSetup{std::move(*configuration), std::move(platform), std::move(context)};
}

specs::ChannelContext channelContextFor(const config::Config& configuration,
                                        const std::string& platform)
{
    specs::ChannelContext context = configuration.channelContext();
    context.platforms = platform == "noarch" ? std::vector<std::string>{"noarch"}
                                             : std::vector<std::string>{platform, "noarch"};
    return context;
}

std::optional<CliFailure> loadChannels(const std::vector<std::string>& channels,
                                       const specs::ChannelContext& context,
                                       const ChannelRequest& request,
                                       const config::Config& configuration, LoadedChannels& loaded)
{
    std::vector<repodata::SubdirTarget> targets;
    std::vector<int> targetRanks;
    int rank = 0;
    for (const auto& typed : channels) {
        auto resolved = specs::resolve(typed, context);
        if (!resolved) {
            return CliFailure{"ChannelError", resolved.error().message()};
        }
        // Each channel a multichannel expands to has a rank of its own, as in conda's
        // prioritize_channels.
        for (const auto& channel : *resolved) {
            const int channelRank = rank++;
            if (std::find(loaded.channelNames.begin(), loaded.channelNames.end(),
                          channel.canonicalName)
                == loaded.channelNames.end()) {
                loaded.channelNames.push_back(channel.canonicalName);
            }
            for (const auto& url : channel.urls(false)) {
                loaded.channelUrls.push_back(url);
            }
            if (channel.isLocal()) {
                auto subdirs = repodata::loadLocalChannel(channel, channel.platforms);
                if (!subdirs) {
                    return CliFailure{"ChannelError", subdirs.error().message()};
                }
                for (auto& subdir : *subdirs) {
                    loaded.subdirs.emplace_back(std::move(subdir), channelRank);
                }
            } else {
                for (const auto& subdir : channel.platforms) {
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
    const bool offline = configuration.offline() || request.offline;
    auto fetched = repodata::fetchRepodata(targets, fetchOptions(configuration, offline),
                                           progressPrinter(request.quiet), interruptToken());
    if (!request.quiet && isatty(STDERR_FILENO)) {
        std::cerr << "\r\033[K";
    }
    for (std::size_t i = 0; i < fetched.size(); ++i) {
        auto& result = fetched[i];
        // As conda: a platform subdir the channel does not have is empty (many channels hold
        // only noarch); a missing noarch means the URL is not a channel at all.
        if (!result && result.error().code == util::ErrorCode::NotFound
            && targets[i].platform != "noarch") {
            if (!request.quiet) {
                std::cerr << "note: " << result.error().context
                          << ": no repodata there; taken as an empty subdir\n";
            }
            continue;
        }
        if (!result) {
            return CliFailure{result.error().code == util::ErrorCode::Cancelled
                                  ? "KeyboardInterrupt"
                                  : "CondaHTTPError",
                              result.error().message()};
        }
        if (!result->note.empty() && !request.quiet) {
            std::cerr << "note: " << specs::maskSecrets(result->url) << ": " << result->note
                      << "\n";
        }
        auto index = repodata::openRecordIndex(*result);
        if (!index) {
            return CliFailure{"ChannelError", index.error().message()};
        }
        loaded.subdirs.emplace_back(result->target.channel.canonicalName, result->target.platform,
                                    std::move(*index), targetRanks[i]);
    }
    // Local and remote subdirs were gathered apart; channel order is what ranks mean.
    std::stable_sort(loaded.subdirs.begin(), loaded.subdirs.end(),
                     [](const ChannelSubdir& a, const ChannelSubdir& b) {
                         return a.channelRank() < b.channelRank();
                     });
    return std::nullopt;
}

std::stop_token interruptToken()
{
    static std::stop_source source;
    static std::jthread watcher([](std::stop_token stop) {
        while (!stop.stop_requested()) {
            if (g_interrupted.load()) {
                source.request_stop();
                return;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
    });
    std::signal(SIGINT, [](int) { g_interrupted.store(true); });
    return source.get_token();
}

} // namespace envdesk::cli
