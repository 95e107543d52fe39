#include "app/envdesk-cli/commands.h"
#include "app/envdesk-cli/output.h"
#include "core/ops/package_search.h"
#include "core/present/package_list_text.h"
#include "core/specs/record_json.h"

#include <iostream>

namespace envdesk::cli {

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
        return failWith(json, *failure);
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
        if (as) {
            note(json, "No match found for: " + spec + ". Search: " + *as);
        }
    };
    if (const auto* refused = std::get_if<ops::SearchRefusal>(&found)) {
        noteRetry(refused->spec, refused->retriedAs);
        return failWith(json, present::searchRefusalFailure(*refused));
    }
    const auto& result = std::get<ops::SearchResult>(found);
    noteRetry(result.spec, result.retriedAs);
    note(json, "Loading channels: done");
    return show(json, present::searchShown(result.matches));
}

} // namespace envdesk::cli
