#include "app/envdesk-cli/env_command.h"

#include "app/envdesk-cli/channel_loading.h"
#include "app/envdesk-cli/cli_errors.h"
#include "app/envdesk-cli/diff_command.h"
#include "app/envdesk-cli/env_files.h"
#include "app/envdesk-cli/plan.h"
#include "app/envdesk-cli/target_prefix.h"
#include "core/env/environments.h"
#include "core/env/prefix.h"
#include "core/env/transaction.h"
#include "core/ops/environment_copy.h"
#include "core/ops/environment_list.h"
#include "core/ops/environment_removal.h"
#include "core/util/strings.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <ctime>
#include <filesystem>
#include <iostream>

namespace envdesk::cli {

namespace {

namespace fs = std::filesystem;

std::string humanSize(std::uint64_t bytes)
{
    char text[32];
    const double mib = static_cast<double>(bytes) / 1048576.0;
    if (mib >= 1024) {
        std::snprintf(text, sizeof text, "%.1f GiB", mib / 1024);
    } else {
        std::snprintf(text, sizeof text, "%.0f MiB", mib);
    }
    return text;
}

std::string localTime(long long unixTime)
{
    if (unixTime == 0) {
        return "";
    }
    const std::time_t when = static_cast<std::time_t>(unixTime);
    std::tm local{};
    localtime_r(&when, &local);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%d %H:%M", &local);
    return text;
}

const char* stateName(env::EnvironmentInfo::State state)
{
    switch (state) {
    case env::EnvironmentInfo::State::Ok:
        return "ok";
    case env::EnvironmentInfo::State::Missing:
        return "missing";
    case env::EnvironmentInfo::State::Broken:
        return "broken";
    }
    return "";
}

} // namespace

int runEnvList(const Invocation& call)
{
    const Arguments* parsed = &call.args;
    const bool json = parsed->flag("--json");
    const bool details = parsed->flag("--details");
    const auto inputs = config::ConfigInputs::fromProcess();
    auto setup = loadCommandSetup(inputs, {});
    if (const auto* failure = std::get_if<CliFailure>(&setup)) {
        return failWith(json, failure->exceptionName, failure->message);
    }
    const auto& configuration = std::get<CommandSetup>(setup).configuration;
    const auto environments = ops::listEnvironments(inputs, configuration);
    const std::string active = inputs.effectivePrefix();

    if (json) {
        nlohmann::json envs = nlohmann::json::array();
        nlohmann::json envsDetails = nlohmann::json::object();
        for (const auto& info : environments) {
            if (info.state == env::EnvironmentInfo::State::Ok) {
                envs.push_back(info.prefix);
            }
            nlohmann::json detail = {{"name", info.name},
                                     {"active", info.prefix == active},
                                     {"base", info.isRoot},
                                     {"state", stateName(info.state)},
                                     {"packages", info.packageCount},
                                     {"python_version", info.pythonVersion},
                                     {"installation", info.installation}};
            if (!info.problem.empty()) {
                detail["problem"] = info.problem;
            }
            if (details && info.state != env::EnvironmentInfo::State::Missing) {
                if (auto usage = env::measureEnvironment(info.prefix)) {
                    detail["size_bytes"] = usage->diskBytes;
                    detail["shared_bytes"] = usage->sharedBytes;
                    detail["files"] = usage->files;
                    detail["last_change"] = usage->lastChange;
                }
            }
            envsDetails[info.prefix] = std::move(detail);
        }
        std::cout << nlohmann::json{{"envs", envs}, {"envs_details", envsDetails}}.dump(2) << "\n";
        return 0;
    }
    std::cout << "# conda environments:\n#\n";
    for (const auto& info : environments) {
        std::string name = info.name;
        name.resize(std::max<std::size_t>(name.size(), 20), ' ');
        std::string line = name + "  " + (info.prefix == active ? "*" : " ") + "  " + info.prefix;
        if (details && info.state != env::EnvironmentInfo::State::Missing) {
            if (auto usage = env::measureEnvironment(info.prefix)) {
                line += "  [" + std::to_string(info.packageCount) + " packages, "
                        + (info.pythonVersion.empty() ? std::string("no python")
                                                      : "python " + info.pythonVersion)
                        + ", " + humanSize(usage->diskBytes) + " own + "
                        + humanSize(usage->sharedBytes) + " shared, changed "
                        + localTime(usage->lastChange) + "]";
            }
        }
        if (info.state != env::EnvironmentInfo::State::Ok) {
            line += "  (" + std::string(stateName(info.state)) + ": " + info.problem + ")";
        }
        std::cout << line << "\n";
    }
    std::cout << "\n";
    return 0;
}

namespace {

ops::ProtectedPrefixes protectedPrefixes(const config::ConfigInputs& inputs)
{
    return {inputs.effectiveRootPrefix(), inputs.effectivePrefix()};
}

// Unlinks every package (their pre-unlink scripts run), then deletes the folder and takes it
// out of the registry (core/ops/environment_removal.h), showing the plan between the steps.
// `action` words a refusal ("remove", "replace", "rename").
int removeWholeEnvironment(const std::string& prefix,
                           const ops::ProtectedPrefixes& protectedPrefixes, std::string_view action,
                           PlanOptions options, const config::Config& configuration)
{
    auto decided = ops::decideRemoval(prefix, protectedPrefixes, action, configuration.pkgsDirs());
    if (const auto* refused = std::get_if<ops::Refusal>(&decided)) {
        return failWith(options.json, refusalException(refused->reason), refused->message);
    }
    const ops::Plan* plan = &std::get<ops::Plan>(decided);
    if (!plan->unlink.empty()) {
        PlanOptions step = options;
        // With --json the packages' removal is a step; one document reports the whole.
        step.quiet = options.quiet || options.json;
        if (!step.quiet) {
            std::cout << "\nRemove all packages in environment " << prefix << ":\n";
        }
        const int status = presentAndApply(*plan, step, configuration);
        if (status != 0 || options.dryRun) {
            return status;
        }
    } else if (options.dryRun) {
        return 0;
    }
    auto deleted = ops::deleteEnvironmentFolder(prefix, ops::userRegistry(configuration));
    if (!deleted) {
        return failWith(options.json, "CondaError",
                        "the packages were removed, but the folder could not be deleted: "
                            + deleted.error().detail + ": " + deleted.error().context);
    }
    for (const auto& note : *deleted) {
        std::cerr << "note: " << note << "\n";
    }
    if (options.quiet) {
        return 0;
    }
    if (options.json) {
        std::cout << nlohmann::json{{"success", true}, {"prefix", prefix}, {"removed", true}}.dump(
            2) << "\n";
    } else {
        std::cout << "Removed " << prefix << "\n";
    }
    return 0;
}

} // namespace

int runEnvRemove(const Invocation& call)
{
    const Arguments* parsed = &call.args;
    const bool json = call.json();
    const auto inputs = config::ConfigInputs::fromProcess();
    auto loaded = loadPrefixCommand(*parsed, inputs, {});
    if (const auto* failure = std::get_if<CliFailure>(&loaded)) {
        return failWith(json, failure->exceptionName, failure->message);
    }
    const auto& [command, prefix] = std::get<PrefixCommandSetup>(loaded);
    PlanOptions planOptions;
    planOptions.verb = "remove";
    planOptions.remove = true;
    planOptions.json = json;
    planOptions.dryRun = parsed->flag("--dry-run");
    planOptions.yes = parsed->flag("--yes");
    planOptions.command = "envdesk-cli env remove";
    return removeWholeEnvironment(prefix, protectedPrefixes(inputs), "remove", planOptions,
                                  command.configuration);
}

int cloneEnvironment(const std::string& source, const std::string& target,
                     const PlanOptions& options, const config::Config& configuration)
{
    auto decided = ops::decideClone(source, target, configuration.pkgsDirs());
    if (const auto* refused = std::get_if<ops::Refusal>(&decided)) {
        return failWith(options.json, refusalException(refused->reason), refused->message);
    }
    const ops::ClonePlan* clone = &std::get<ops::ClonePlan>(decided);
    PlanOptions cloneOptions = options;
    cloneOptions.create = true;
    // The source's requests carry over, so --from-history exports of the clone say the same.
    cloneOptions.specTexts = clone->userSpecs;
    if (!options.json && !options.quiet) {
        std::cout << "Source:      " << source << "\nDestination: " << target << "\n"
                  << "Packages: " << clone->plan.link.size() << "\n";
    }
    const int status = presentAndApply(clone->plan, cloneOptions, configuration);
    if (status != 0 || options.dryRun) {
        return status;
    }
    auto copied = ops::copyUserFiles(*clone);
    if (!copied) {
        return failWith(options.json, "CondaError",
                        "the packages were cloned, but a file could not be copied: "
                            + copied.error().message());
    }
    if (!options.json && !options.quiet && *copied > 0) {
        std::cout << "Copied " << *copied << " files that no package owns.\n";
    }
    return 0;
}

int runRename(const Invocation& call)
{
    const Arguments* parsed = &call.args;
    const bool json = call.json();
    if (parsed->positionals.size() != 1) {
        return call.usageError("give one DESTINATION: a name or a path");
    }
    const auto inputs = config::ConfigInputs::fromProcess();
    auto loaded = loadPrefixCommand(*parsed, inputs, {});
    if (const auto* failure = std::get_if<CliFailure>(&loaded)) {
        return failWith(json, failure->exceptionName, failure->message);
    }
    const auto& [command, source] = std::get<PrefixCommandSetup>(loaded);
    if (auto refused = ops::checkRemovable(source, protectedPrefixes(inputs), "rename")) {
        return failWith(json, refusalException(refused->reason), refused->message);
    }
    // The destination: a path when it holds a '/', else a name in the envs dirs.
    const std::string destinationText = parsed->positionals.front();
    Arguments destinationArgs;
    destinationArgs.values[destinationText.find('/') != std::string::npos ? "--prefix" : "--name"] =
        {destinationText};
    auto destination = targetPrefix(destinationArgs, inputs, command.configuration);
    if (const auto* failure = std::get_if<CliFailure>(&destination)) {
        return failWith(json, failure->exceptionName, failure->message);
    }
    const std::string& target = std::get<std::string>(destination);
    // The destination's checks (and the source's again): conda's, and never into itself.
    if (auto refused =
            ops::checkRename(source, target, parsed->flag("--force"), protectedPrefixes(inputs))) {
        std::string message = refused->message;
        if (refused->reason == ops::Refusal::Reason::DestinationExists) {
            message += ": choose another name, or --force to replace it";
        }
        return failWith(json, refusalException(refused->reason), message);
    }
    std::error_code ec;
    PlanOptions planOptions;
    planOptions.verb = "rename";
    planOptions.json = json;
    planOptions.dryRun = parsed->flag("--dry-run");
    planOptions.yes = true; // conda's rename asks nothing
    planOptions.command = "envdesk-cli rename " + source + " " + target;
    PlanOptions step = planOptions;
    step.quiet = true;
    if (fs::exists(target, ec) && !planOptions.dryRun) {
        if (const int removed = removeWholeEnvironment(target, protectedPrefixes(inputs), "replace",
                                                       step, command.configuration);
            removed != 0) {
            return removed;
        }
    }
    if (planOptions.dryRun) {
        if (json) {
            std::cout << nlohmann::json{{"success", true},
                                        {"dry_run", true},
                                        {"source", source},
                                        {"target", target}}
                             .dump(2)
                      << "\n";
        } else {
            std::cout << "Would rename " << source << " to " << target << "\n";
        }
        return 0;
    }
    if (const int cloned = cloneEnvironment(source, target, step, command.configuration);
        cloned != 0) {
        return cloned;
    }
    if (removeWholeEnvironment(source, protectedPrefixes(inputs), "rename", step,
                               command.configuration)
        != 0) {
        return failWith(json, "CondaError",
                        "the environment was copied to " + target + ", but " + source
                            + " could not be removed; remove it with envdesk-cli env remove");
    }
    if (json) {
        std::cout << nlohmann::json{{"success", true}, {"source", source}, {"target", target}}.dump(
            2) << "\n";
    } else {
        std::cout << "Renamed " << source << " to " << target << "\n";
    }
    return 0;
}

} // namespace envdesk::cli
