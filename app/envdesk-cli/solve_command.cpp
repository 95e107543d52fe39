#include "app/envdesk-cli/commands.h"
#include "app/envdesk-cli/output.h"
#include "core/ops/revision_target.h"
#include "core/present/plan_text.h"
#include "core/util/strings.h"

#include <iostream>

namespace envdesk::cli {

namespace {

enum class ChangeVerb { Create, Install, Update, Remove };

solver::Request::Kind solveRequestKind(ChangeVerb verb, bool updateAll)
{
    switch (verb) {
    case ChangeVerb::Create:
    case ChangeVerb::Install:
        return solver::Request::Kind::Install;
    case ChangeVerb::Update:
        return updateAll ? solver::Request::Kind::UpdateAll : solver::Request::Kind::Update;
    case ChangeVerb::Remove:
        return solver::Request::Kind::Remove;
    }
    return solver::Request::Kind::Install;
}

int runSolveVerb(ChangeVerb verb, const Invocation& call)
{
    const Arguments* parsed = &call.args;
    const bool json = call.json();
    const auto usage = [&](const std::string& message) { return call.usageError(message); };
    const bool dryRun = parsed->flag("--dry-run");
    const std::vector<std::string>& specTexts = parsed->positionals;
    const bool updateAll = verb == ChangeVerb::Update && parsed->flag("--all");
    if (updateAll && !specTexts.empty()) {
        return usage("--all takes no package specs");
    }
    if (verb == ChangeVerb::Create && !parsed->value("--file").empty()) {
        if (!specTexts.empty()) {
            return usage("--file takes no package specs besides the file");
        }
        return createFromFile(parsed->value("--file"), *parsed, call.commandLine, false);
    }
    const std::string revision = parsed->value("--revision");
    if (!revision.empty() && !specTexts.empty()) {
        return usage("--revision takes no package specs");
    }
    const bool cloning = verb == ChangeVerb::Create && !parsed->value("--clone").empty();
    if (specTexts.empty() && revision.empty() && !cloning
        && (verb == ChangeVerb::Install || verb == ChangeVerb::Remove
            || (verb == ChangeVerb::Update && !updateAll))) {
        return failWith(json, "CondaValueError",
                        verb == ChangeVerb::Update
                            ? "no package names supplied\n# Example: envdesk-cli update -n myenv "
                              "scipy"
                            : "too few arguments, must supply command line package specs");
    }

    const config::ConfigInputs inputs = config::ConfigInputs::fromProcess();
    auto started = loadPrefixCommand(
        *parsed, inputs, parsed->value("--platform", parsed->value("--subdir")),
        verb == ChangeVerb::Create ? ops::PrefixUse::New : ops::PrefixUse::Existing);
    if (const auto* failure = std::get_if<CliFailure>(&started)) {
        return failWith(json, *failure);
    }
    const auto& [command, prefix] = std::get<PrefixCommandSetup>(started);
    const auto& [configuration, platform, context] = command;
    PlanOptions planOptions;
    planOptions.create = verb == ChangeVerb::Create;
    planOptions.remove = verb == ChangeVerb::Remove;
    planOptions.specTexts = specTexts;
    planOptions.json = json;
    planOptions.dryRun = dryRun;
    planOptions.yes = parsed->flag("--yes");
    planOptions.offline = parsed->flag("--offline");
    planOptions.compilePyc = !parsed->flag("--no-pyc");
    planOptions.verbose = parsed->flag("--verbose");
    planOptions.command = call.commandLine;
    if (!revision.empty()) {
        return revertToRevision(*parsed, revision, std::get<PrefixCommandSetup>(started),
                                planOptions);
    }
    if (verb == ChangeVerb::Create && !parsed->value("--clone").empty()) {
        if (!specTexts.empty()) {
            return usage("--clone takes no package specs");
        }
        auto sourcePrefix = prefixOf(parsed->value("--clone"), inputs, configuration);
        if (const auto* failure = std::get_if<CliFailure>(&sourcePrefix)) {
            return failWith(json, *failure);
        }
        return cloneEnvironment(std::get<std::string>(sourcePrefix), prefix, planOptions,
                                configuration);
    }

    ChannelRequest channelRequest;
    channelRequest.typed = parsed->all("--channel");
    channelRequest.overrideChannels = parsed->flag("--override-channels");
    channelRequest.offline = parsed->flag("--offline");
    channelRequest.quiet = json;

    ops::ChangeRequest request;
    request.prefix = prefix;
    request.kind = solveRequestKind(verb, updateAll);
    request.create = verb == ChangeVerb::Create;
    request.specs = specTexts;
    // -c, then .condarc's (unless --override-channels); ops adds those the specs name.
    request.channels =
        channels::channelList(channelRequest.typed, channelRequest.overrideChannels, configuration);
    request.platform = platform;
    request.offline = channelRequest.offline;
    request.usePins = !parsed->flag("--no-pin");
    if (parsed->flag("--strict-channel-priority")) {
        request.channelPriority = solver::ChannelPriority::Strict;
    }
    if (parsed->flag("--no-channel-priority")) {
        request.channelPriority = solver::ChannelPriority::Disabled;
    }
    request.recoverInterrupted = !dryRun;
    return decideAndApply(std::move(request), channelRequest, std::move(planOptions),
                          configuration);
}

} // namespace

int runCreate(const Invocation& call)
{
    return runSolveVerb(ChangeVerb::Create, call);
}

int runInstall(const Invocation& call)
{
    return runSolveVerb(ChangeVerb::Install, call);
}

int runUpdate(const Invocation& call)
{
    return runSolveVerb(ChangeVerb::Update, call);
}

int runRemove(const Invocation& call)
{
    return runSolveVerb(ChangeVerb::Remove, call);
}

int decideAndApply(ops::ChangeRequest request, const ChannelRequest& channels,
                   PlanOptions planOptions, const config::Config& configuration)
{
    const bool json = planOptions.json;
    ops::ChangeObserver observer = changeObserver(json, request.prefix);
    const std::string platform =
        request.platform.empty() ? specs::currentPlatform() : request.platform;
    observer.phase = [&](ops::ChangePhase phase, const std::vector<std::string>& channelNames) {
        clearProgressLine(channels);
        if (json) {
            return;
        }
        if (phase == ops::ChangePhase::ChannelsLoaded) {
            std::cout << "Channels:\n";
            for (const auto& channel : channelNames) {
                std::cout << " - " << specs::maskSecrets(channel) << "\n";
            }
            std::cout << "Platform: " << platform << "\n";
        } else {
            std::cout << "Collecting package metadata (repodata.json): done\n";
        }
    };
    planOptions.decideAgainWhenStale = true;
    constexpr int kAttempts = 3;
    for (int attempt = 1;; ++attempt) {
        auto decision =
            ops::decideChange(request, configuration, loadOptionsFor(channels), observer);
        clearProgressLine(channels);
        if (const auto* refused = std::get_if<ops::ChangeRefusal>(&decision)) {
            return failWith(json, present::changeRefusalFailure(*refused, request.prefix));
        }
        if (const auto* conflict = std::get_if<ops::ChangeConflict>(&decision)) {
            if (!json) {
                std::cout << "Solving environment: failed\n";
            }
            return failWith(json, "UnsatisfiableError", conflict->unsolvable.explanation,
                            {{"success", false},
                             {"problems", present::problemsJson(conflict->unsolvable.graph)}});
        }
        if (!json) {
            std::cout << "Solving environment: done\n";
        }
        const auto& proposal = std::get<ops::ChangeProposal>(decision);
        planOptions.sources = proposal.sources;
        const int status = presentAndApply(proposal.plan, planOptions, configuration);
        if (status != kDecideAgain) {
            return status;
        }
        if (attempt == kAttempts) {
            return failWith(json, "CondaError",
                            "the environment kept being changed by other processes while this "
                            "command decided its change; try again when they have finished");
        }
    }
}

int revertToRevision(const Arguments& parsed, const std::string& revisionText,
                     const PrefixCommandSetup& setup, const PlanOptions& planOptions)
{
    const bool json = planOptions.json;
    const auto& [command, prefix] = setup;
    if (!util::isAllDigits(revisionText) || revisionText.empty() || revisionText.size() > 6) {
        return failWith(json, "CondaValueError",
                        "--revision takes a revision number (see envdesk-cli history), not '"
                            + revisionText + "'");
    }
    ops::RevertRequest request;
    request.prefix = prefix;
    request.number = std::stoi(revisionText);
    request.channels = channels::channelList(
        parsed.all("--channel"), parsed.flag("--override-channels"), command.configuration);
    request.recoverInterrupted = !planOptions.dryRun;
    channels::LoadOptions loadOptions;
    loadOptions.offline = planOptions.offline;
    loadOptions.stop = interruptToken();
    auto decided = ops::decideRevert(request, command.configuration, loadOptions,
                                     changeObserver(json, prefix));
    if (const auto* refused = std::get_if<ops::ChangeRefusal>(&decided)) {
        return failWith(json, present::changeRefusalFailure(*refused, prefix));
    }
    if (!json) {
        std::cout << "Reverting to revision " << request.number << ": done\n";
    }
    return presentAndApply(std::get<ops::ChangeProposal>(decided).plan, planOptions,
                           command.configuration);
}

} // namespace envdesk::cli
