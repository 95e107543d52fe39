#include "app/envdesk-cli/search_command.h"

#include "app/envdesk-cli/arguments.h"
#include "app/envdesk-cli/cli_errors.h"
#include "core/config/config.h"
#include "core/repodata/local_channel.h"
#include "core/repodata/repodata_fetcher.h"
#include "core/specs/channel.h"
#include "core/specs/match_spec.h"

#include <nlohmann/json.hpp>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <stop_token>
#include <thread>

namespace envdesk::cli {

namespace {

const std::vector<OptionSpec>& searchOptions()
{
    static const std::vector<OptionSpec> options = {
        {"--channel", "-c", true, true, "CHANNEL",
         "Channel to search: a name, a URL, a folder or a file:// URL (repeatable)"},
        {"--override-channels", "", false, false, "", "Do not search the configured channels"},
        {"--platform", "", true, false, "SUBDIR", "Search this platform's subdir (and noarch)"},
        {"--subdir", "", true, false, "SUBDIR", "Same as --platform"},
        {"--offline", "", false, false, "", "Use cached repodata only, fetch nothing"},
        {"--json", "", false, false, "", "Print the result as JSON, in conda's shape"},
        {"--help", "-h", false, false, "", "Show this help"},
    };
    return options;
}

void printHelp()
{
    std::cout
        << "usage: envdesk-cli search [options] SPEC\n\n"
           "Search channels for packages matching SPEC, a conda match spec such as\n"
           "'numpy', 'numpy>=1.26', 'numpy=1.26=*py312*' or 'conda-forge::numpy'.\n\n"
           "Options:\n"
        << formatOptionsHelp(searchOptions())
        << "\nChannels: those given with -c, then the `channels` of .condarc (unless\n"
           "--override-channels). A channel is a name resolved as conda does (channel_alias,\n"
           "custom_channels, default_channels), a URL, or a folder / file:// URL holding\n"
           "<subdir>/repodata.json. Remote repodata is cached in ~/.cache/envdesk/repodata\n"
           "(or $XDG_CACHE_HOME/envdesk/repodata) and revalidated with the server.\n";
}

nlohmann::json toJson(const specs::PackageRecord& record)
{
    nlohmann::json out;
    out["name"] = record.name;
    out["version"] = record.version;
    out["build"] = record.build;
    out["build_number"] = record.buildNumber;
    out["channel"] = specs::maskSecrets(record.channel);
    out["subdir"] = record.subdir;
    out["fn"] = record.fn;
    out["url"] = specs::maskSecrets(record.url);
    out["depends"] = record.depends;
    out["constrains"] = record.constrains;
    out["track_features"] = record.trackFeatures.empty() ? std::string() : [&] {
        std::string joined;
        for (const auto& f : record.trackFeatures) {
            joined += (joined.empty() ? "" : " ") + f;
        }
        return joined;
    }();
    if (!record.md5.empty()) {
        out["md5"] = record.md5;
    }
    if (!record.sha256.empty()) {
        out["sha256"] = record.sha256;
    }
    if (!record.license.empty()) {
        out["license"] = record.license;
    }
    if (!record.licenseFamily.empty()) {
        out["license_family"] = record.licenseFamily;
    }
    if (!record.noarch.empty()) {
        out["noarch"] = record.noarch;
    }
    if (record.size != 0) {
        out["size"] = record.size;
    }
    if (record.timestamp != 0) {
        out["timestamp"] = record.timestamp;
    }
    return out;
}

std::string formatRow(const std::string& name, const std::string& version, const std::string& build,
                      const std::string& channel, bool header)
{
    // conda search's layout: "%-20s %15s %15s  %-20s", the header starting with "# ".
    char line[512];
    if (header) {
        std::snprintf(line, sizeof line, "# %-18s %15s %15s  %-20s", name.c_str(), version.c_str(),
                      build.c_str(), channel.c_str());
    } else {
        std::snprintf(line, sizeof line, "%-20s %15s %15s  %-20s", name.c_str(), version.c_str(),
                      build.c_str(), channel.c_str());
    }
    std::string text = line;
    while (!text.empty() && text.back() == ' ') {
        text.pop_back();
    }
    return text;
}

// Where the records of a search come from: local channels read whole, remote ones through
// their record indexes, of which only the names the spec can match are decoded.
struct ChannelSources {
    std::vector<repodata::SubdirRecords> local;
    std::vector<repodata::RecordIndex> remote;
    std::vector<std::string> channelUrls;

    util::Result<std::vector<specs::PackageRecord>> query(const specs::MatchSpec& spec) const
    {
        std::vector<repodata::SubdirRecords> candidates = local;
        for (const auto& index : remote) {
            repodata::SubdirRecords subdir;
            std::vector<std::string_view> names;
            if (spec.hasExactName()) {
                names.push_back(spec.name());
            } else {
                for (auto name : index.names()) {
                    if (spec.nameMatcher().matches(name)) {
                        names.push_back(name);
                    }
                }
            }
            for (auto name : names) {
                auto records = index.recordsFor(name);
                if (!records) {
                    return records.error();
                }
                for (auto& record : *records) {
                    subdir.records.push_back(std::move(record));
                }
            }
            candidates.push_back(std::move(subdir));
        }
        return repodata::query(candidates, spec);
    }
};

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
    options.download.connectTimeoutSecs = configuration.remoteConnectTimeoutSecs();
    options.download.readTimeoutSecs = configuration.remoteReadTimeoutSecs();
    options.download.maxRetries = configuration.remoteMaxRetries();
    options.download.proxies = configuration.proxyServers();
    const auto ssl = configuration.sslVerify();
    options.download.sslVerify = ssl.enabled;
    options.download.caBundle = ssl.caBundle;
    options.download.offline = offline;
    return options;
}

// Ctrl+C stops the transfers of this command cleanly. The handler only sets a flag (all a signal
// handler may safely do); a watcher thread turns it into a stop request.
std::atomic<bool> g_interrupted{false};

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

// One status line on a terminal ("Fetching 3/8 · 12.3 MB conda-forge/linux-64"); nothing otherwise.
repodata::FetchProgressFn progressPrinter(bool json)
{
    if (json || !isatty(STDERR_FILENO)) {
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

int runSearch(const std::vector<std::string>& args)
{
    auto parsed = parseArguments(args, searchOptions());
    const bool json = parsed && parsed->flag("--json");
    if (!parsed) {
        std::cerr << "envdesk-cli search: " << parsed.error().message() << "\n"
                  << "Try 'envdesk-cli search --help'.\n";
        return 2;
    }
    if (parsed->flag("--help")) {
        printHelp();
        return 0;
    }
    if (parsed->positionals.size() > 1) {
        std::cerr << "envdesk-cli search: expected one SPEC, got " << parsed->positionals.size()
                  << " (quote a spec that contains spaces)\n";
        return 2;
    }
    const std::string specText = parsed->positionals.empty() ? "*" : parsed->positionals.front();

    auto loadedConfig = config::Config::load(config::ConfigInputs::fromProcess());
    if (!loadedConfig) {
        return failWith(json, "ConfigurationError", loadedConfig.error().message());
    }
    const config::Config& configuration = *loadedConfig;
    specs::ChannelContext context = configuration.channelContext();
    std::string platform = parsed->value("--platform", parsed->value("--subdir"));
    if (platform.empty()) {
        platform = specs::currentPlatform();
    } else if (!specs::isKnownPlatform(platform)) {
        return failWith(json, "ArgumentError", "unknown platform '" + platform + "'");
    }
    context.platforms = platform == "noarch" ? std::vector<std::string>{"noarch"}
                                             : std::vector<std::string>{platform, "noarch"};

    auto spec = specs::MatchSpec::parse(specText, context);
    if (!spec) {
        return failWith(json, "InvalidMatchSpec",
                        "Invalid spec '" + specText + "': " + spec.error().detail);
    }

    // As conda: channels given with -c come first, then the configured ones, unless
    // --override-channels.
    std::vector<std::string> typedChannels = parsed->all("--channel");
    if (!parsed->flag("--override-channels")) {
        for (const auto& channel : configuration.channels()) {
            if (std::find(typedChannels.begin(), typedChannels.end(), channel)
                == typedChannels.end()) {
                typedChannels.push_back(channel);
            }
        }
    }
    if (typedChannels.empty()) {
        return failWith(json, "ArgumentError",
                        "no channels to search: name one or more with -c CHANNEL, or configure "
                        "`channels` in .condarc");
    }

    ChannelSources sources;
    std::vector<repodata::SubdirTarget> targets;
    for (const auto& typed : typedChannels) {
        auto channels = specs::resolve(typed, context);
        if (!channels) {
            return failWith(json, "ChannelError", channels.error().message());
        }
        for (const auto& channel : *channels) {
            for (const auto& url : channel.urls(false)) {
                sources.channelUrls.push_back(url);
            }
            if (channel.isLocal()) {
                auto loaded = repodata::loadLocalChannel(channel, channel.platforms);
                if (!loaded) {
                    return failWith(json, "ChannelError", loaded.error().message());
                }
                for (auto& subdir : *loaded) {
                    sources.local.push_back(std::move(subdir));
                }
            } else {
                for (const auto& subdir : channel.platforms) {
                    targets.push_back(repodata::SubdirTarget{channel, subdir});
                }
            }
        }
    }
    if (!targets.empty()) {
        const bool offline = configuration.offline() || parsed->flag("--offline");
        auto fetched = repodata::fetchRepodata(targets, fetchOptions(configuration, offline),
                                               progressPrinter(json), interruptToken());
        if (!json && isatty(STDERR_FILENO)) {
            std::cerr << "\r\033[K";
        }
        for (auto& result : fetched) {
            if (!result) {
                return failWith(json,
                                result.error().code == util::ErrorCode::Cancelled
                                    ? "KeyboardInterrupt"
                                    : "CondaHTTPError",
                                result.error().message());
            }
            if (!result->note.empty() && !json) {
                std::cerr << "note: " << specs::maskSecrets(result->url) << ": " << result->note
                          << "\n";
            }
            auto index = repodata::openRecordIndex(*result);
            if (!index) {
                return failWith(json, "ChannelError", index.error().message());
            }
            sources.remote.push_back(std::move(*index));
        }
    }

    auto matches = sources.query(*spec);
    if (!matches) {
        return failWith(json, "ChannelError", matches.error().message());
    }
    if (matches->empty() && spec->hasExactName()) {
        // As conda does: a plain name that finds nothing is retried as *name*.
        const std::string flexible = "*" + spec->name() + "*";
        auto flexSpec = specs::MatchSpec::parse(flexible, context);
        if (flexSpec) {
            if (!json) {
                std::cerr << "No match found for: " << spec->str() << ". Search: " << flexible
                          << "\n";
            }
            matches = sources.query(*flexSpec);
            if (!matches) {
                return failWith(json, "ChannelError", matches.error().message());
            }
        }
    }
    if (matches->empty()) {
        nlohmann::json extra;
        extra["packages"] = nlohmann::json::array({spec->str()});
        extra["channel_urls"] = sources.channelUrls;
        std::string message =
            "The following packages are not available from current channels:\n\n  - " + spec->str()
            + "\n\nCurrent channels:\n\n";
        for (const auto& url : sources.channelUrls) {
            message += "  - " + specs::maskSecrets(url) + "\n";
        }
        return failWith(json, "PackagesNotFoundError", message, extra);
    }

    if (json) {
        nlohmann::json out = nlohmann::json::object();
        for (const auto& record : *matches) {
            out[record.name].push_back(toJson(record));
        }
        std::cout << out.dump(2) << "\n";
        return 0;
    }
    std::cerr << "Loading channels: done\n";
    std::cout << formatRow("Name", "Version", "Build", "Channel", true) << "\n";
    for (const auto& record : *matches) {
        std::cout << formatRow(record.name, record.version, record.build,
                               specs::maskSecrets(record.channel), false)
                  << "\n";
    }
    return 0;
}

} // namespace envdesk::cli
