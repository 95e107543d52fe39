#include "app/envdesk-cli/commands.h"
#include "app/envdesk-cli/output.h"
#include "core/env/history.h"
#include "core/env/prefix.h"
#include "core/env/python_dists.h"
#include "core/ops/environment_export.h"
#include "core/present/history_text.h"
#include "core/present/package_list_text.h"
#include "core/specs/record_json.h"

#include <iostream>
#include <optional>
#include <regex>

namespace envdesk::cli {

namespace {

// The revisions of the environment -n/-p names, as conda's `list --revisions` (its --json shape
// with --json); `history` and `list --revisions`.
int printRevisions(const Arguments& parsed)
{
    const bool json = parsed.flag("--json");
    auto loaded = loadPrefixCommand(parsed, config::ConfigInputs::fromProcess(), {});
    if (const auto* failure = std::get_if<CliFailure>(&loaded)) {
        return failWith(json, failure->exceptionName, failure->message);
    }
    const std::string& prefix = std::get<PrefixCommandSetup>(loaded).prefix;
    if (!env::isEnvironment(prefix)) {
        return failWith(json, "EnvironmentLocationNotFound", "Not a conda environment: " + prefix);
    }
    auto revisions = env::readHistory(prefix);
    if (!revisions) {
        return failWith(json, "CondaHistoryError", revisions.error().message());
    }
    return show(json, present::historyJson(*revisions), present::historyText(*revisions));
}

} // namespace

int runHistory(const Invocation& call)
{
    return printRevisions(call.args);
}

int runList(const Invocation& call)
{
    const Arguments& parsed = call.args;
    const bool json = parsed.flag("--json");
    if (parsed.flag("--revisions")) {
        return printRevisions(parsed);
    }
    const bool explicitFile = parsed.flag("--explicit");
    if ((parsed.flag("--md5") || parsed.flag("--sha256")) && !explicitFile) {
        return call.usageError("--md5 and --sha256 go with --explicit");
    }
    auto loaded = loadPrefixCommand(parsed, config::ConfigInputs::fromProcess(), {});
    if (const auto* failure = std::get_if<CliFailure>(&loaded)) {
        return failWith(json, failure->exceptionName, failure->message);
    }
    const auto& [command, prefix] = std::get<PrefixCommandSetup>(loaded);
    if (!env::isEnvironment(prefix)) {
        return failWith(json, "EnvironmentLocationNotFound", "Not a conda environment: " + prefix);
    }
    // conda list shows what pip installed too (channel pypi); explicit files cannot hold it.
    auto records = explicitFile ? env::readPrefixRecords(prefix) : env::listedPackages(prefix);
    if (!records) {
        return failWith(json, "CorruptedEnvironmentError", records.error().message());
    }
    if (explicitFile) {
        const auto hash = parsed.flag("--md5")      ? envfile::ExplicitHash::Md5
                          : parsed.flag("--sha256") ? envfile::ExplicitHash::Sha256
                                                    : envfile::ExplicitHash::None;
        auto text = ops::exportExplicit(prefix, hash, command.platform);
        if (!text) {
            return failWith(json, "CorruptedEnvironmentError", text.error().message());
        }
        std::cout << *text;
        return 0;
    }

    std::optional<std::regex> pattern;
    if (!parsed.positionals.empty()) {
        const std::string text = parsed.positionals.front();
        try {
            pattern.emplace(parsed.flag("--full-name") ? "^(" + text + ")$" : text,
                            std::regex::ECMAScript | std::regex::icase);
        } catch (const std::regex_error& error) {
            return failWith(json, "CondaValueError",
                            "invalid regular expression '" + text + "': " + error.what());
        }
    }
    const bool channelUrls = parsed.flag("--show-channel-urls");
    const bool exportLines = parsed.flag("--export");
    std::vector<present::ListedPackage> shown;
    nlohmann::json document = nlohmann::json::array();
    std::string lines = exportLines ? present::specFileHeader(command.platform) : "";
    for (const auto& record : *records) {
        if (pattern && !std::regex_search(record.name, *pattern)) {
            continue;
        }
        std::string channel = canonicalChannel(record.channel, command.context);
        if (channelUrls && !specs::baseUrl(record).empty()) {
            channel = specs::baseUrl(record);
        }
        const std::string spec = record.name + "=" + record.version + "=" + record.build;
        document.push_back(exportLines
                               ? nlohmann::json(spec)
                               : specs::recordJson(record, specs::RecordShape::Listed, channel));
        lines += (parsed.flag("--canonical") ? record.distName() : spec) + "\n";
        // conda leaves out the channel of packages from defaults unless asked.
        shown.push_back({&record, channel == "defaults" && !channelUrls ? "" : channel});
    }
    if (json || exportLines || parsed.flag("--canonical")) {
        return show(json, document, lines);
    }
    std::cout << present::packageListText(prefix, shown);
    // Like grep: a pattern that matched nothing is a failure scripts can test.
    return pattern && shown.empty() ? 1 : 0;
}

} // namespace envdesk::cli
