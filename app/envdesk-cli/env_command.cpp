#include "app/envdesk-cli/commands.h"
#include "app/envdesk-cli/output.h"
#include "core/ops/environment_copy.h"
#include "core/ops/environment_list.h"
#include "core/ops/environment_removal.h"
#include "core/present/environment_list_text.h"

#include <unistd.h>

#include <filesystem>
#include <iostream>

namespace envdesk::cli {

int runEnvList(const Invocation& call)
{
    const Arguments* parsed = &call.args;
    const bool json = parsed->flag("--json");
    const bool details = parsed->flag("--details");
    const auto inputs = config::ConfigInputs::fromProcess();
    auto setup = loadCommandSetup(inputs, {});
    if (const auto* failure = std::get_if<CliFailure>(&setup)) {
        return failWith(json, *failure);
    }
    const auto& configuration = std::get<CommandSetup>(setup).configuration;
    std::vector<present::ListedEnvironment> listed;
    for (auto& info : ops::listEnvironments(inputs, configuration)) {
        std::optional<env::EnvironmentUsage> usage;
        if (details && info.state != env::EnvironmentInfo::State::Missing) {
            if (auto measured = env::measureEnvironment(info.prefix)) {
                usage = *measured;
            }
        }
        listed.push_back({std::move(info), usage});
    }
    const std::string active = inputs.effectivePrefix();
    return show(json, present::environmentListJson(listed, active),
                present::environmentListText(listed, active));
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
    for (const auto& text : *deleted) {
        std::cerr << "note: " << text << "\n";
    }
    if (options.quiet) {
        return 0;
    }
    return show(options.json, {{"success", true}, {"prefix", prefix}, {"removed", true}},
                "Removed " + prefix + "\n");
}

} // namespace

int runEnvRemove(const Invocation& call)
{
    const Arguments* parsed = &call.args;
    const bool json = call.json();
    const auto inputs = config::ConfigInputs::fromProcess();
    auto loaded = loadPrefixCommand(*parsed, inputs, {});
    if (const auto* failure = std::get_if<CliFailure>(&loaded)) {
        return failWith(json, *failure);
    }
    const auto& [command, prefix] = std::get<PrefixCommandSetup>(loaded);
    PlanOptions planOptions;
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
    ops::CloneTarget targetChecks;
    targetChecks.settle = !options.dryRun; // a dry run changes nothing, so it plans over what is
    targetChecks.observer = changeObserver(options.json, target);
    targetChecks.stop = interruptToken();
    auto decided = ops::decideClone(source, target, configuration.pkgsDirs(), targetChecks);
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
        return failWith(json, *failure);
    }
    const auto& [command, source] = std::get<PrefixCommandSetup>(loaded);
    // The destination: a path when it holds a '/', else a name in the envs dirs.
    auto destination =
        prefixOf(parsed->positionals.front(), inputs, command.configuration, ops::PrefixUse::New);
    if (const auto* failure = std::get_if<CliFailure>(&destination)) {
        return failWith(json, *failure);
    }
    const std::string& target = std::get<std::string>(destination);
    const auto refusedWith = [json](const ops::Refusal& refused) {
        std::string message = refused.message;
        if (refused.reason == ops::Refusal::Reason::DestinationExists) {
            message += ": choose another name, or --force to replace it";
        }
        return failWith(json, refusalException(refused.reason), message);
    };
    const bool replace = parsed->flag("--force");
    if (parsed->flag("--dry-run")) {
        auto decided = ops::decideRename(source, target, replace, protectedPrefixes(inputs));
        if (const auto* refused = std::get_if<ops::Refusal>(&decided)) {
            return refusedWith(*refused);
        }
        return show(json,
                    {{"success", true}, {"dry_run", true}, {"source", source}, {"target", target}},
                    "Would rename " + source + " to " + target + "\n");
    }
    // conda's rename asks nothing and shows no plan: ops runs the stages in their order.
    const bool terminal = !json && isatty(STDERR_FILENO);
    auto renamed = ops::renameEnvironment(source, target, replace, protectedPrefixes(inputs),
                                          command.configuration,
                                          transactionProgress(terminal, json), interruptToken());
    if (terminal) {
        std::cerr << "\r\033[K";
    }
    if (!renamed) {
        return failWith(json, renamed.error());
    }
    if (const auto* refused = std::get_if<ops::Refusal>(&*renamed)) {
        return refusedWith(*refused);
    }
    for (const auto& text : std::get<ops::RenameOutcome>(*renamed).notes) {
        note(json, "note: " + text);
    }
    return show(json, {{"success", true}, {"source", source}, {"target", target}},
                "Renamed " + source + " to " + target + "\n");
}

} // namespace envdesk::cli
