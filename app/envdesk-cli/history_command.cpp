#include "app/envdesk-cli/history_command.h"

#include "app/envdesk-cli/channel_loading.h"
#include "app/envdesk-cli/cli_errors.h"
#include "app/envdesk-cli/plan.h"
#include "core/env/history.h"
#include "core/env/prefix.h"
#include "core/ops/revision_target.h"
#include "core/specs/channel.h"
#include "core/util/strings.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

namespace envdesk::cli {

namespace {

namespace fs = std::filesystem;

// conda's pretty_diff: a version with its channel in brackets, unless the channel is defaults.
std::string versionWithChannel(const env::HistoryDist& dist)
{
    const std::string channel = dist.channel.empty() ? "<unknown>" : dist.channel;
    return channel == "defaults" ? dist.version : dist.version + " (" + channel + ")";
}

std::vector<std::string> prettyLines(const env::Revision& revision)
{
    std::vector<std::string> lines;
    if (revision.fullState) {
        for (const auto& dist : revision.linked) {
            lines.push_back(dist.text);
        }
        std::sort(lines.begin(), lines.end());
        return lines;
    }
    using Kind = env::RevisionChange::Kind;
    const auto changes = env::describeRevision(revision);
    for (const auto& change : changes) {
        if (change.kind == Kind::Upgrade || change.kind == Kind::Downgrade) {
            lines.push_back(" " + util::toLower(change.name) + "  {"
                            + versionWithChannel(change.from) + " -> "
                            + versionWithChannel(change.to) + "}");
        }
    }
    for (const auto& change : changes) {
        if (change.kind == Kind::Remove) {
            lines.push_back("-" + util::toLower(change.name) + "-"
                            + versionWithChannel(change.from));
        }
    }
    for (const auto& change : changes) {
        if (change.kind == Kind::Install) {
            lines.push_back("+" + util::toLower(change.name) + "-" + versionWithChannel(change.to));
        }
    }
    return lines;
}

// conda's History.object_log() event for one revision, plus the command that made it.
nlohmann::json revisionJson(const env::Revision& revision)
{
    nlohmann::json event = {{"date", revision.date},
                            {"rev", revision.number},
                            {"install", nlohmann::json::array()},
                            {"remove", nlohmann::json::array()},
                            {"upgrade", nlohmann::json::array()},
                            {"downgrade", nlohmann::json::array()}};
    if (!revision.command.empty()) {
        event["cmd"] = revision.command;
    }
    if (revision.fullState) {
        std::vector<std::string> all;
        for (const auto& dist : revision.linked) {
            all.push_back(dist.text);
        }
        std::sort(all.begin(), all.end());
        event["install"] = all;
        return event;
    }
    using Kind = env::RevisionChange::Kind;
    const auto short_ = [](const env::HistoryDist& dist) {
        return util::toLower(dist.name) + "-" + dist.version + "-" + dist.build;
    };
    for (const auto& change : env::describeRevision(revision)) {
        switch (change.kind) {
        case Kind::Install:
            event["install"].push_back(short_(change.to));
            break;
        case Kind::Remove:
            event["remove"].push_back(short_(change.from));
            break;
        case Kind::Upgrade:
        case Kind::Downgrade:
            event[change.kind == Kind::Upgrade ? "upgrade" : "downgrade"].push_back(
                {{"old", short_(change.from)}, {"new", short_(change.to)}});
            break;
        }
    }
    return event;
}

} // namespace

int runHistory(const Invocation& call)
{
    return printRevisions(call.args);
}

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
    if (json) {
        nlohmann::json out = nlohmann::json::array();
        for (const auto& revision : *revisions) {
            out.push_back(revisionJson(revision));
        }
        std::cout << out.dump(2) << "\n";
        return 0;
    }
    for (const auto& revision : *revisions) {
        std::cout << revision.date << "  (rev " << revision.number << ")\n";
        for (const auto& line : prettyLines(revision)) {
            std::cout << "    " << line << "\n";
        }
        std::cout << "\n";
    }
    return 0;
}

int revertToRevision(const Arguments& parsed, const std::string& revisionText,
                     const PrefixCommandSetup& setup, const PlanOptions& planOptions)
{
    const bool json = planOptions.json;
    const auto& [command, prefix] = setup;
    const auto& [configuration, platform, context] = command;
    if (!util::isAllDigits(revisionText) || revisionText.empty() || revisionText.size() > 6) {
        return failWith(json, "CondaValueError",
                        "--revision takes a revision number (see envdesk-cli history), not '"
                            + revisionText + "'");
    }
    const int number = std::stoi(revisionText);
    ChannelRequest request;
    request.typed = parsed.all("--channel");
    request.overrideChannels = parsed.flag("--override-channels");
    channels::LoadOptions loadOptions;
    loadOptions.offline = planOptions.offline;
    loadOptions.stop = interruptToken();
    auto found = ops::revisionTarget(
        prefix, number,
        channels::channelList(request.typed, request.overrideChannels, configuration),
        configuration, loadOptions);
    if (!found) {
        const auto code = found.error().code;
        return failWith(json,
                        code == util::ErrorCode::NotFound         ? "CondaValueError"
                        : code == util::ErrorCode::Network        ? "CondaHTTPError"
                        : code == util::ErrorCode::Cancelled      ? "KeyboardInterrupt"
                        : code == util::ErrorCode::InvalidChannel ? "ChannelError"
                                                                  : "CondaHistoryError",
                        found.error().message());
    }
    if (!found->notFound.empty()) {
        std::string message = "revision " + revisionText
                              + " needs packages that are neither in the package cache nor "
                                "in the channels:\n";
        for (const auto& text : found->notFound) {
            message += "  - " + text + "\n";
        }
        return failWith(json, "PackagesNotFoundError", message,
                        {{"packages", found->notFound}, {"channel_urls", found->channelUrls}});
    }
    const Plan plan =
        planFromTarget(prefix, found->installed, found->target, configuration.pkgsDirs());
    if (!json) {
        std::cout << "Reverting to revision " << number << ": done\n";
    }
    return presentAndApply(plan, planOptions, configuration);
}

} // namespace envdesk::cli
