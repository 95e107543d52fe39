#include "app/envdesk-cli/solve_command.h"

#include "app/envdesk-cli/channel_loading.h"
#include "app/envdesk-cli/cli_errors.h"
#include "app/envdesk-cli/env_files.h"
#include "app/envdesk-cli/history_command.h"
#include "app/envdesk-cli/plan.h"
#include "app/envdesk-cli/target_prefix.h"
#include "core/config/config.h"
#include "core/ops/apply_change.h"
#include "core/ops/solve_change.h"
#include "core/solver/solver.h"
#include "core/specs/channel.h"

#include <nlohmann/json.hpp>

#include <iostream>

namespace envdesk::cli {

namespace {

enum class ChangeVerb { Create, Install, Update, Remove };

const char* verbName(ChangeVerb verb)
{
    switch (verb) {
    case ChangeVerb::Create:
        return "create";
    case ChangeVerb::Install:
        return "install";
    case ChangeVerb::Update:
        return "update";
    case ChangeVerb::Remove:
        return "remove";
    }
    return "";
}

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

nlohmann::json problemsJson(const solver::ProblemGraph& graph)
{
    nlohmann::json conflicts = nlohmann::json::array();
    for (const auto& conflict : graph.conflicts) {
        nlohmann::json chains = nlohmann::json::array();
        for (const auto& chain : conflict.chains) {
            chains.push_back(chain.steps);
        }
        conflicts.push_back({{"package", conflict.package},
                             {"chains", chains},
                             {"available_versions", conflict.availableVersions}});
    }
    nlohmann::json missing = nlohmann::json::array();
    for (const auto& item : graph.missing) {
        missing.push_back({{"spec", item.spec}, {"required_by", item.requiredBy}});
    }
    return {{"conflicts", conflicts}, {"missing", missing}};
}

// Waiting for another process's lock and a recovered transaction, as the CLI says them.
ops::ChangeObserver changeObserver(bool json, const std::string& prefix)
{
    ops::ChangeObserver observer;
    observer.waiting = [json](const std::string& holder) {
        if (!json) {
            std::cerr << "Waiting for another process to finish changing the environment: "
                      << holder << "\n";
        }
    };
    observer.recovered = [json, prefix] {
        if (!json) {
            std::cerr << "note: " << prefix
                      << ": an interrupted transaction was found and rolled back\n";
        }
    };
    return observer;
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
    auto started =
        loadPrefixCommand(*parsed, inputs, parsed->value("--platform", parsed->value("--subdir")));
    if (const auto* failure = std::get_if<CliFailure>(&started)) {
        return failWith(json, failure->exceptionName, failure->message);
    }
    const auto& [command, prefix] = std::get<PrefixCommandSetup>(started);
    const auto& [configuration, platform, context] = command;
    // A revert and a clone plan outside decideChange: they settle an interrupted transaction
    // and check the target the same way first (a dry run changes nothing, so it plans over what
    // is there).
    if (!revision.empty() || cloning) {
        if (!dryRun) {
            if (auto refused = ops::settleInterruptedChange(prefix, changeObserver(json, prefix),
                                                            interruptToken())) {
                return failWithRefusal(json, *refused, prefix);
            }
        }
        if (auto refused = ops::checkChangeTarget(prefix, verb == ChangeVerb::Create)) {
            return failWithRefusal(json, *refused, prefix);
        }
    }

    PlanOptions planOptions;
    planOptions.verb = verbName(verb);
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
        Arguments sourceArgs;
        const std::string source = parsed->value("--clone");
        sourceArgs.values[source.find('/') != std::string::npos ? "--prefix" : "--name"] = {source};
        auto sourcePrefix = targetPrefix(sourceArgs, inputs, configuration);
        if (const auto* failure = std::get_if<CliFailure>(&sourcePrefix)) {
            return failWith(json, failure->exceptionName, failure->message);
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
            return failWithRefusal(json, *refused, request.prefix);
        }
        if (const auto* conflict = std::get_if<ops::ChangeConflict>(&decision)) {
            if (!json) {
                std::cout << "Solving environment: failed\n";
            }
            return failWith(
                json, "UnsatisfiableError", conflict->unsolvable.explanation,
                {{"success", false}, {"problems", problemsJson(conflict->unsolvable.graph)}});
        }
        if (!json) {
            std::cout << "Solving environment: done\n";
        }
        const int status = presentAndApply(std::get<ops::ChangeProposal>(decision).plan,
                                           planOptions, configuration);
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

} // namespace envdesk::cli
