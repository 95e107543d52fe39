#include "app/envdesk-cli/search_command.h"

#include "app/envdesk-cli/arguments.h"
#include "app/envdesk-cli/channel_loading.h"
#include "app/envdesk-cli/cli_errors.h"
#include "core/config/config.h"
#include "core/repodata/local_channel.h"
#include "core/specs/channel.h"
#include "core/specs/match_spec.h"
#include "core/specs/record_json.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>

namespace envdesk::cli {

namespace {

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

// The records of the loaded channels that `spec` can match: only the names it can match are
// decoded from remote record indexes.
util::Result<std::vector<specs::PackageRecord>> query(const LoadedChannels& channels,
                                                      const specs::MatchSpec& spec)
{
    std::vector<repodata::SubdirRecords> candidates;
    for (const auto& subdir : channels.subdirs) {
        repodata::SubdirRecords records;
        std::vector<std::string_view> names;
        if (spec.hasExactName()) {
            names.push_back(spec.name());
        } else {
            for (auto name : subdir.names()) {
                if (spec.nameMatcher().matches(name)) {
                    names.push_back(name);
                }
            }
        }
        for (auto name : names) {
            auto found = subdir.recordsFor(name);
            if (!found) {
                return found.error();
            }
            for (auto& record : *found) {
                records.records.push_back(std::move(record));
            }
        }
        candidates.push_back(std::move(records));
    }
    return repodata::query(candidates, spec);
}

} // namespace

int runSearch(const Invocation& call)
{
    const Arguments* parsed = &call.args;
    const bool json = call.json();
    if (parsed->positionals.size() > 1) {
        std::cerr << "envdesk-cli search: expected one SPEC, got " << parsed->positionals.size()
                  << " (quote a spec that contains spaces)\n";
        return 2;
    }
    const std::string specText = parsed->positionals.empty() ? "*" : parsed->positionals.front();

    auto setup = loadCommandSetup(config::ConfigInputs::fromProcess(),
                                  parsed->value("--platform", parsed->value("--subdir")));
    if (const auto* failure = std::get_if<CliFailure>(&setup)) {
        return failWith(json, failure->exceptionName, failure->message);
    }
    const auto& [configuration, platform, context] = std::get<CommandSetup>(setup);

    auto spec = specs::MatchSpec::parse(specText, context);
    if (!spec) {
        return failWith(json, "InvalidMatchSpec",
                        "Invalid spec '" + specText + "': " + spec.error().detail);
    }

    ChannelRequest request;
    request.typed = parsed->all("--channel");
    request.overrideChannels = parsed->flag("--override-channels");
    request.offline = parsed->flag("--offline");
    request.quiet = json;
    const std::vector<std::string> typedChannels = channelList(request, configuration);
    if (typedChannels.empty()) {
        return failWith(json, "ArgumentError",
                        "no channels to search: name one or more with -c CHANNEL, or configure "
                        "`channels` in .condarc");
    }
    LoadedChannels sources;
    if (auto failure = loadChannels(typedChannels, context, request, configuration, sources)) {
        return failWith(json, failure->exceptionName, failure->message);
    }

    auto matches = query(sources, *spec);
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
            matches = query(sources, *flexSpec);
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
            out[record.name].push_back(specs::recordJson(record, specs::RecordShape::Searched));
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
