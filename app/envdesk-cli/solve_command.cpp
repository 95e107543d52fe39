#include "app/envdesk-cli/solve_command.h"

#include "app/envdesk-cli/arguments.h"
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

enum class Verb { Create, Install, Update, Remove };

const char* verbName(Verb verb)
{
    switch (verb) {
    case Verb::Create:
        return "create";
    case Verb::Install:
        return "install";
    case Verb::Update:
        return "update";
    case Verb::Remove:
        return "remove";
    }
    return "";
}

solver::Request::Kind solveRequestKind(Verb verb, bool updateAll)
{
    switch (verb) {
    case Verb::Create:
    case Verb::Install:
        return solver::Request::Kind::Install;
    case Verb::Update:
        return updateAll ? solver::Request::Kind::UpdateAll : solver::Request::Kind::Update;
    case Verb::Remove:
        return solver::Request::Kind::Remove;
    }
    return solver::Request::Kind::Install;
}

std::vector<OptionSpec> solveOptions(Verb verb)
{
    std::vector<OptionSpec> options = {
        {"--name", "-n", true, false, "NAME", "Environment name (base is the root prefix)"},
        {"--prefix", "-p", true, false, "PATH", "Full path to the environment"},
        {"--channel", "-c", true, true, "CHANNEL",
         "Channel to use: a name, a URL, a folder or a file:// URL (repeatable)"},
        {"--override-channels", "", false, false, "", "Do not use the configured channels"},
        {"--platform", "", true, false, "SUBDIR",
         "Solve for this platform's subdir (and noarch), e.g. osx-arm64"},
        {"--subdir", "", true, false, "SUBDIR", "Same as --platform"},
        {"--dry-run", "-d", false, false, "", "Only show the plan; change nothing"},
        {"--json", "", false, false, "", "Print the result as JSON, in conda's shape"},
        {"--offline", "", false, false, "", "Use cached repodata only, fetch nothing"},
        {"--strict-channel-priority", "", false, false, "",
         "A lower channel cannot provide a package a higher one has"},
        {"--no-channel-priority", "", false, false, "", "Ignore channel order when choosing"},
        {"--no-pin", "", false, false, "", "Ignore conda-meta/pinned and pinned_packages"},
        {"--yes", "-y", false, false, "", "Do not ask for confirmation"},
        {"--verbose", "-v", false, false, "",
         "Also print what link scripts and byte-compiling wrote (on stderr)"},
        {"--no-pyc", "", false, false, "",
         "Do not byte-compile the modules of noarch: python packages"},
    };
    if (verb == Verb::Update) {
        options.push_back({"--all", "", false, false, "", "Update every installed package"});
    }
    if (verb == Verb::Create) {
        options.push_back({"--file", "", true, false, "FILE",
                           "Create from environment.yml, an explicit file, a conda-lock file or "
                           "a list of specs"});
        options.push_back(
            {"--clone", "", true, false, "ENV", "Copy an existing environment (a name or a path)"});
    }
    if (verb == Verb::Install) {
        options.push_back({"--revision", "", true, false, "N",
                           "Return the environment to revision N (see envdesk-cli history)"});
    }
    options.push_back({"--help", "-h", false, false, "", "Show this help"});
    return options;
}

void printHelp(Verb verb)
{
    const std::string name = verbName(verb);
    std::cout << "usage: envdesk-cli " << name << " [-n NAME | -p PREFIX] [options]"
              << (verb == Verb::Update ? " [--all] [SPEC ...]" : " SPEC ...") << "\n\n";
    switch (verb) {
    case Verb::Create:
        std::cout << "Create a new environment holding SPEC... (conda match specs).\n";
        break;
    case Verb::Install:
        std::cout << "Install SPEC... into an existing environment.\n";
        break;
    case Verb::Update:
        std::cout << "Update the named packages (names only), or every package with --all.\n";
        break;
    case Verb::Remove:
        std::cout << "Remove the named packages and what only they needed.\n";
        break;
    }
    std::cout
        << "\nThe plan is printed as conda prints it, then carried out in one all-or-nothing\n"
           "transaction after a confirmation (-y or --json: none). --dry-run only shows the plan\n"
           "(with --json: {\"success\", \"dry_run\", \"actions\": {PREFIX, LINK, UNLINK, "
           "FETCH}}).\n"
           "An unsolvable request exits 1 and says why (with --json: exception_name\n"
           "UnsatisfiableError and the problem graph).\n\n"
           "Options:\n"
        << formatOptionsHelp(solveOptions(verb))
        << "\nChannels: those given with -c, then the `channels` of .condarc (unless\n"
           "--override-channels), as for search. Without -n or -p, "
        << (verb == Verb::Create ? "create needs one of them.\n"
                                 : "the active environment ($CONDA_PREFIX) is used.\n");
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

// A change ops refused to decide, as conda names and words it.
int failWithRefusal(bool json, const ops::ChangeRefusal& refused, const std::string& prefix)
{
    using Reason = ops::ChangeRefusal::Reason;
    const util::Error& error = refused.error;
    const std::string first = refused.packages.empty() ? error.context : refused.packages.front();
    switch (refused.reason) {
    case Reason::InvalidSpec:
        return failWith(json, "InvalidMatchSpec",
                        "Invalid spec '" + error.context + "': " + error.detail);
    case Reason::UpdateNeedsNames:
        return failWith(json, "CondaValueError",
                        "Invalid spec for 'conda update': " + first
                            + "\nUse 'envdesk-cli install' instead.");
    case Reason::NotInstalled:
        return failWith(json, "PackageNotInstalledError",
                        prefix + "\nPackage is not installed in prefix.\n  package name: " + first);
    case Reason::MissingFromPrefix: {
        std::string message = "The following packages are missing from the target environment:\n";
        for (const auto& spec : refused.packages) {
            message += "  - " + spec + "\n";
        }
        return failWith(
            json, "PackagesNotFoundError", message,
            {{"packages", refused.packages}, {"channel_urls", nlohmann::json::array()}});
    }
    case Reason::NoChannels:
        return failWith(json, "ArgumentError",
                        "no channels to install from: name one or more with -c CHANNEL, or "
                        "configure `channels` in .condarc");
    case Reason::ChannelUnreachable:
        return failWith(
            json, error.code == util::ErrorCode::Cancelled ? "KeyboardInterrupt" : "CondaHTTPError",
            error.message());
    case Reason::ChannelUnreadable:
        return failWith(json, "ChannelError", error.message());
    case Reason::UnreadablePrefix:
        return failWith(json, "CorruptedEnvironmentError", error.message());
    case Reason::PrefixExists:
        return failWith(json, "CondaValueError",
                        "a folder that is not empty already exists at the target prefix " + prefix
                            + ": remove it first or choose another name (create does not "
                              "replace environments)");
    case Reason::NotAnEnvironment:
        return failWith(json, "EnvironmentLocationNotFound", "Not a conda environment: " + prefix);
    case Reason::RecoveryFailed:
        return failWith(json, "CondaError",
                        "an interrupted transaction could not be rolled back: " + error.message());
    case Reason::SolveFailed:
        break;
    }
    return failWith(json,
                    error.code == util::ErrorCode::Cancelled          ? "KeyboardInterrupt"
                    : error.code == util::ErrorCode::InvalidMatchSpec ? "InvalidMatchSpec"
                                                                      : "CondaError",
                    error.message());
}

int runSolveVerbOnce(Verb verb, const std::vector<std::string>& args)
{
    const std::string name = verbName(verb);
    const auto options = solveOptions(verb);
    auto parsed = parseArguments(args, options);
    if (!parsed) {
        std::cerr << "envdesk-cli " << name << ": " << parsed.error().message() << "\n"
                  << "Try 'envdesk-cli " << name << " --help'.\n";
        return 2;
    }
    if (parsed->flag("--help")) {
        printHelp(verb);
        return 0;
    }
    const bool json = parsed->flag("--json");
    const auto usage = [&](const std::string& message) {
        std::cerr << "envdesk-cli " << name << ": " << message << "\n"
                  << "Try 'envdesk-cli " << name << " --help'.\n";
        return 2;
    };
    const bool hasName = !parsed->all("--name").empty();
    const bool hasPrefix = !parsed->all("--prefix").empty();
    if (hasName && hasPrefix) {
        // argparse's wording, as conda prints it.
        return usage("argument -p/--prefix: not allowed with argument -n/--name");
    }
    if (verb == Verb::Create && !hasName && !hasPrefix) {
        return usage("one of the arguments -n/--name -p/--prefix is required");
    }
    const bool dryRun = parsed->flag("--dry-run");
    const std::vector<std::string>& specTexts = parsed->positionals;
    const bool updateAll = verb == Verb::Update && parsed->flag("--all");
    if (updateAll && !specTexts.empty()) {
        return usage("--all takes no package specs");
    }
    if (verb == Verb::Create && !parsed->value("--file").empty()) {
        if (!specTexts.empty()) {
            return usage("--file takes no package specs besides the file");
        }
        return createFromFile(parsed->value("--file"), *parsed, commandLine(name, args), false);
    }
    const std::string revision = parsed->value("--revision");
    if (!revision.empty() && !specTexts.empty()) {
        return usage("--revision takes no package specs");
    }
    const bool cloning = verb == Verb::Create && !parsed->value("--clone").empty();
    if (specTexts.empty() && revision.empty() && !cloning
        && (verb == Verb::Install || verb == Verb::Remove
            || (verb == Verb::Update && !updateAll))) {
        return failWith(json, "CondaValueError",
                        verb == Verb::Update
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
        if (auto refused = ops::checkChangeTarget(prefix, verb == Verb::Create)) {
            return failWithRefusal(json, *refused, prefix);
        }
    }

    PlanOptions planOptions;
    planOptions.verb = verbName(verb);
    planOptions.create = verb == Verb::Create;
    planOptions.remove = verb == Verb::Remove;
    planOptions.specTexts = specTexts;
    planOptions.json = json;
    planOptions.dryRun = dryRun;
    planOptions.yes = parsed->flag("--yes");
    planOptions.offline = parsed->flag("--offline");
    planOptions.compilePyc = !parsed->flag("--no-pyc");
    planOptions.verbose = parsed->flag("--verbose");
    planOptions.command = commandLine(name, args);
    if (!revision.empty()) {
        return revertToRevision(*parsed, revision, std::get<PrefixCommandSetup>(started),
                                planOptions);
    }
    if (verb == Verb::Create && !parsed->value("--clone").empty()) {
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
    request.create = verb == Verb::Create;
    request.specs = specTexts;
    // -c, then .condarc's (unless --override-channels); ops adds those the specs name.
    request.channels = channelList(channelRequest, configuration);
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

int runCreate(const std::vector<std::string>& args)
{
    return runSolveVerbOnce(Verb::Create, args);
}

int runInstall(const std::vector<std::string>& args)
{
    return runSolveVerbOnce(Verb::Install, args);
}

int runUpdate(const std::vector<std::string>& args)
{
    return runSolveVerbOnce(Verb::Update, args);
}

int runRemove(const std::vector<std::string>& args)
{
    return runSolveVerbOnce(Verb::Remove, args);
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
