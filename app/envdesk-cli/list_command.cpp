#include "app/envdesk-cli/commands.h"
#include "app/envdesk-cli/output.h"
#include "core/env/history.h"
#include "core/env/prefix.h"
#include "core/env/python_dists.h"
#include "core/ops/environment_export.h"
#include "core/ops/environment_list.h"
#include "core/present/history_text.h"
#include "core/present/package_list_text.h"

#include <iostream>

namespace envdesk::cli {

namespace {

// The revisions of the environment -n/-p names, as conda's `list --revisions` (its --json shape
// with --json); `history` and `list --revisions`.
int printRevisions(const Arguments& parsed)
{
    const bool json = parsed.flag("--json");
    auto loaded = loadPrefixCommand(parsed, config::ConfigInputs::fromProcess(), {});
    if (const auto* failure = std::get_if<CliFailure>(&loaded)) {
        return failWith(json, *failure);
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
        return failWith(json, *failure);
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

    const std::string pattern = parsed.positionals.empty() ? "" : parsed.positionals.front();
    auto matching = ops::packagesMatching(std::move(*records), pattern, parsed.flag("--full-name"));
    if (!matching) {
        return failWith(json, "CondaValueError", matching.error().message());
    }
    present::ListOptions options;
    // conda's order: --canonical wins over --export.
    options.form = parsed.flag("--canonical") ? present::ListForm::Canonical
                   : parsed.flag("--export")  ? present::ListForm::Export
                   : json                     ? present::ListForm::Json
                                              : present::ListForm::Table;
    options.channelUrls = parsed.flag("--show-channel-urls");
    options.platform = command.platform;
    const auto listing = present::packageListing(prefix, *matching, options, command.context);
    show(json, listing.json, listing.text);
    // Like grep: a pattern that matched nothing is a failure scripts can test (conda's table).
    return !pattern.empty() && matching->empty() && options.form == present::ListForm::Table ? 1
                                                                                             : 0;
}

} // namespace envdesk::cli
