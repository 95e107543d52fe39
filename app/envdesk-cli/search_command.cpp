#include "app/envdesk-cli/search_command.h"

#include "app/envdesk-cli/arguments.h"
#include "app/envdesk-cli/channel_loading.h"
#include "app/envdesk-cli/cli_errors.h"
#include "core/config/config.h"
#include "core/ops/package_search.h"
#include "core/specs/channel.h"
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
    auto setup = loadCommandSetup(config::ConfigInputs::fromProcess(),
                                  parsed->value("--platform", parsed->value("--subdir")));
    if (const auto* failure = std::get_if<CliFailure>(&setup)) {
        return failWith(json, failure->exceptionName, failure->message);
    }
    const auto& [configuration, platform, context] = std::get<CommandSetup>(setup);
    ops::SearchRequest request;
    request.spec = parsed->positionals.empty() ? "*" : parsed->positionals.front();
    request.channels = parsed->all("--channel");
    request.overrideChannels = parsed->flag("--override-channels");
    request.platform = platform;
    ChannelRequest loading;
    loading.offline = parsed->flag("--offline");
    loading.quiet = json;
    auto found = ops::searchPackages(request, configuration, loadOptionsFor(loading));
    clearProgressLine(loading);
    const auto noteRetry = [json](const std::string& spec, const std::optional<std::string>& as) {
        if (as && !json) {
            std::cerr << "No match found for: " << spec << ". Search: " << *as << "\n";
        }
    };
    if (const auto* refused = std::get_if<ops::SearchRefusal>(&found)) {
        if (refused->reason != ops::SearchRefusal::Reason::NothingFound) {
            return failWithRefusal(json, *refused);
        }
        noteRetry(refused->spec, refused->retriedAs);
        std::string message =
            "The following packages are not available from current channels:\n\n  - "
            + refused->spec + "\n\nCurrent channels:\n\n";
        for (const auto& url : refused->channelUrls) {
            message += "  - " + specs::maskSecrets(url) + "\n";
        }
        return failWith(json, "PackagesNotFoundError", message,
                        {{"packages", {refused->spec}}, {"channel_urls", refused->channelUrls}});
    }
    const auto& result = std::get<ops::SearchResult>(found);
    noteRetry(result.spec, result.retriedAs);
    if (json) {
        nlohmann::json out = nlohmann::json::object();
        for (const auto& record : result.matches) {
            out[record.name].push_back(specs::recordJson(record, specs::RecordShape::Searched));
        }
        std::cout << out.dump(2) << "\n";
        return 0;
    }
    std::cerr << "Loading channels: done\n";
    std::cout << formatRow("Name", "Version", "Build", "Channel", true) << "\n";
    for (const auto& record : result.matches) {
        std::cout << formatRow(record.name, record.version, record.build,
                               specs::maskSecrets(record.channel), false)
                  << "\n";
    }
    return 0;
}

} // namespace envdesk::cli
