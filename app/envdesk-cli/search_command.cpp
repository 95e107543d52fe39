#include "app/envdesk-cli/search_command.h"

#include "app/envdesk-cli/arguments.h"
#include "core/repodata/local_channel.h"
#include "core/specs/channel.h"
#include "core/specs/match_spec.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>

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
        {"--json", "", false, false, "", "Print the result as JSON, in conda's shape"},
        {"--help", "-h", false, false, "", "Show this help"},
    };
    return options;
}

void printHelp()
{
    std::cout << "usage: envdesk-cli search [options] SPEC\n\n"
                 "Search channels for packages matching SPEC, a conda match spec such as\n"
                 "'numpy', 'numpy>=1.26', 'numpy=1.26=*py312*' or 'conda-forge::numpy'.\n\n"
                 "Options:\n"
              << formatOptionsHelp(searchOptions())
              << "\nThis version reads local channels (a folder or file:// URL holding\n"
                 "<subdir>/repodata.json) and does not yet read .condarc: name the channels\n"
                 "with -c.\n";
}

// Reports a failure the way conda does: a line on stderr, or with --json an error object on
// stdout (what scripts parse).
int failWith(bool json, const std::string& exceptionName, const std::string& message,
             nlohmann::json extra = nlohmann::json::object())
{
    if (json) {
        nlohmann::json out = std::move(extra);
        out["exception_name"] = exceptionName;
        out["error"] = exceptionName + ": " + message;
        out["message"] = message;
        std::cout << out.dump(2) << "\n";
    } else {
        std::cerr << exceptionName << ": " << message << "\n";
    }
    return 1;
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

    specs::ChannelContext context;
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

    const auto& typedChannels = parsed->all("--channel");
    if (typedChannels.empty()) {
        return failWith(json, "ArgumentError",
                        "no channels to search: name one or more with -c CHANNEL (configured "
                        "channels from .condarc are not read by this version)");
    }
    std::vector<repodata::SubdirRecords> subdirs;
    std::vector<std::string> channelUrls;
    for (const auto& typed : typedChannels) {
        auto channels = specs::resolve(typed, context);
        if (!channels) {
            return failWith(json, "ChannelError", channels.error().message());
        }
        for (const auto& channel : *channels) {
            for (const auto& url : channel.urls(false)) {
                channelUrls.push_back(url);
            }
            if (!channel.isLocal()) {
                return failWith(json, "ChannelError",
                                "cannot search remote channel "
                                    + specs::maskSecrets(channel.baseUrl)
                                    + ": this version reads local channels only (a folder or a "
                                      "file:// URL)");
            }
            auto loaded = repodata::loadLocalChannel(channel, channel.platforms);
            if (!loaded) {
                return failWith(json, "ChannelError", loaded.error().message());
            }
            for (auto& subdir : *loaded) {
                subdirs.push_back(std::move(subdir));
            }
        }
    }

    auto matches = repodata::query(subdirs, *spec);
    if (matches.empty() && spec->hasExactName()) {
        // As conda does: a plain name that finds nothing is retried as *name*.
        const std::string flexible = "*" + spec->name() + "*";
        auto flexSpec = specs::MatchSpec::parse(flexible, context);
        if (flexSpec) {
            if (!json) {
                std::cerr << "No match found for: " << spec->str() << ". Search: " << flexible
                          << "\n";
            }
            matches = repodata::query(subdirs, *flexSpec);
        }
    }
    if (matches.empty()) {
        nlohmann::json extra;
        extra["packages"] = nlohmann::json::array({spec->str()});
        extra["channel_urls"] = channelUrls;
        std::string message =
            "The following packages are not available from current channels:\n\n  - " + spec->str()
            + "\n\nCurrent channels:\n\n";
        for (const auto& url : channelUrls) {
            message += "  - " + specs::maskSecrets(url) + "\n";
        }
        return failWith(json, "PackagesNotFoundError", message, extra);
    }

    if (json) {
        nlohmann::json out = nlohmann::json::object();
        for (const auto& record : matches) {
            out[record.name].push_back(toJson(record));
        }
        std::cout << out.dump(2) << "\n";
        return 0;
    }
    std::cerr << "Loading channels: done\n";
    std::cout << formatRow("Name", "Version", "Build", "Channel", true) << "\n";
    for (const auto& record : matches) {
        std::cout << formatRow(record.name, record.version, record.build,
                               specs::maskSecrets(record.channel), false)
                  << "\n";
    }
    return 0;
}

} // namespace envdesk::cli
