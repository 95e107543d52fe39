#include "app/envdesk-cli/solve_command.h"

#include "app/envdesk-cli/apply_transaction.h"
#include "app/envdesk-cli/arguments.h"
#include "app/envdesk-cli/channel_loading.h"
#include "app/envdesk-cli/cli_errors.h"
#include "app/envdesk-cli/target_prefix.h"
#include "core/config/config.h"
#include "core/env/prefix.h"
#include "core/env/transaction.h"
#include "core/platform/virtual_packages.h"
#include "core/solver/solver.h"
#include "core/specs/channel.h"
#include "core/specs/match_spec.h"
#include "core/util/strings.h"

#include <nlohmann/json.hpp>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <deque>
#include <filesystem>
#include <iostream>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

namespace envdesk::cli {

namespace {

namespace fs = std::filesystem;

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

// Name extraction is cached: the same dependency strings recur across thousands of records.
class DependencyNames {
public:
    util::Result<std::string> nameOf(const std::string& spec)
    {
        if (const auto it = m_names.find(spec); it != m_names.end()) {
            return it->second;
        }
        auto parsed = specs::MatchSpec::parse(spec);
        if (!parsed) {
            return parsed.error();
        }
        std::string name = parsed->hasExactName() ? parsed->name() : std::string();
        m_names.emplace(spec, name);
        return name;
    }

private:
    std::unordered_map<std::string, std::string> m_names;
};

// The candidate records the solve can reach: starting from `names`, every channel subdir's
// records of a name are decoded once, and the names their dependencies mention are followed
// breadth-first. A 500,000-record channel costs only the few thousand records a request touches.
util::Result<std::vector<solver::Repo>> gatherRepos(const LoadedChannels& channels,
                                                    const std::vector<std::string>& names,
                                                    bool addPipAsPythonDependency)
{
    std::vector<solver::Repo> repos;
    const int count = static_cast<int>(channels.channelCount);
    for (const auto& subdir : channels.subdirs) {
        repos.push_back(solver::Repo{subdir.channel(), count - subdir.channelRank(), {}});
    }
    DependencyNames dependencyNames;
    std::unordered_set<std::string> seen;
    std::deque<std::string> queue;
    const auto enqueue = [&](const std::string& name) {
        if (!name.empty() && name != "*" && seen.insert(name).second) {
            queue.push_back(name);
        }
    };
    for (const auto& name : names) {
        enqueue(name);
    }
    while (!queue.empty()) {
        const std::string name = std::move(queue.front());
        queue.pop_front();
        for (std::size_t i = 0; i < channels.subdirs.size(); ++i) {
            auto records = channels.subdirs[i].recordsFor(name);
            if (!records) {
                return records.error();
            }
            for (auto& record : *records) {
                for (const auto& dependency : record.depends) {
                    auto dependencyName = dependencyNames.nameOf(dependency);
                    // A dependency that does not parse cannot be followed; the solver reports
                    // the record as unusable if it is ever chosen.
                    if (dependencyName) {
                        enqueue(*dependencyName);
                    }
                }
                repos[i].records.push_back(std::move(record));
            }
        }
        // The solver adds pip to python's dependencies (add_pip_as_python_dependency).
        if (name == "python" && addPipAsPythonDependency) {
            enqueue("pip");
        }
    }
    return repos;
}

// conda's Channel.name: what record ids print ("conda-forge", "pkgs/main"), the part before
// "/subdir::" in `conda-forge/linux-64::python-3.9.18-...`.
std::string channelShortName(const std::string& canonical)
{
    if (canonical == "defaults") {
        return "pkgs/main";
    }
    return canonical;
}

nlohmann::json recordJson(const specs::PackageRecord& record, bool full)
{
    nlohmann::json out;
    out["name"] = record.name;
    out["version"] = record.version;
    out["build_string"] = record.build;
    out["build_number"] = record.buildNumber;
    out["channel"] = specs::maskSecrets(record.channel);
    out["subdir"] = record.subdir;
    out["url"] = specs::maskSecrets(record.url);
    out["fn"] = record.fn;
    out["md5"] = record.md5;
    out["sha256"] = record.sha256;
    out["depends"] = record.depends;
    out["base_url"] = baseUrl(record);
    out["dist_name"] = record.distName();
    if (full) {
        // FETCH holds whole records in conda (what the download needs).
        out["build"] = record.build;
        out["constrains"] = record.constrains;
        out["track_features"] = util::join(record.trackFeatures, " ");
        out["size"] = record.size;
        out["timestamp"] = record.timestamp;
        if (!record.license.empty()) {
            out["license"] = record.license;
        }
        if (!record.noarch.empty()) {
            out["noarch"] = record.noarch;
        }
    }
    return out;
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

// True when the archive or its extracted folder is in one of conda's package caches.
bool isCached(const specs::PackageRecord& record, const std::vector<std::string>& pkgsDirs)
{
    std::error_code error;
    for (const auto& dir : pkgsDirs) {
        if (!record.fn.empty() && fs::exists(fs::path(dir) / record.fn, error)) {
            return true;
        }
        if (fs::exists(fs::path(dir) / record.distName() / "info" / "repodata_record.json",
                       error)) {
            return true;
        }
    }
    return false;
}

// conda's human_bytes.
std::string humanBytes(std::uint64_t bytes)
{
    char text[32];
    if (bytes < 1024) {
        std::snprintf(text, sizeof text, "%llu B", static_cast<unsigned long long>(bytes));
        return text;
    }
    const double k = static_cast<double>(bytes) / 1024;
    if (k < 1024) {
        std::snprintf(text, sizeof text, "%d KB", static_cast<int>(std::lround(k)));
        return text;
    }
    const double m = k / 1024;
    if (m < 1024) {
        std::snprintf(text, sizeof text, "%.1f MB", m);
        return text;
    }
    std::snprintf(text, sizeof text, "%.2f GB", m / 1024);
    return text;
}

std::string displayKey(const std::string& name)
{
    return name.size() > 18 ? name.substr(0, 15) + "..." : name;
}

std::string padRight(const std::string& text, std::size_t width)
{
    return text.size() >= width ? text : text + std::string(width - text.size(), ' ');
}

std::string padLeft(const std::string& text, std::size_t width)
{
    return text.size() >= width ? text : std::string(width - text.size(), ' ') + text;
}

// conda's diff_strs: only the parts that change, channel and subdir only when they do.
std::pair<std::string, std::string> diffStrings(const specs::PackageRecord& from,
                                                const specs::PackageRecord& to)
{
    const bool channelChange = channelShortName(from.channel) != channelShortName(to.channel);
    const bool subdirChange = from.subdir != to.subdir;
    std::string left;
    std::string right;
    if (channelChange || subdirChange) {
        left += channelShortName(from.channel);
        right += channelShortName(to.channel);
    }
    if (subdirChange) {
        left += "/" + from.subdir;
        right += "/" + to.subdir;
    }
    if (channelChange || subdirChange) {
        left += "::" + from.name + "-";
        right += "::" + to.name + "-";
    }
    if (from.version != to.version || from.build != to.build) {
        left += from.version + "-" + from.build;
        right += to.version + "-" + to.build;
    }
    return {left, right};
}

struct Plan {
    std::string prefix;
    std::vector<specs::PackageRecord> link;
    std::vector<specs::PackageRecord> unlink;
    std::vector<specs::PackageRecord> fetch;
    std::vector<solver::Action> actions;
};

void printPlan(const Plan& plan, Verb verb, const std::vector<std::string>& specTexts)
{
    std::cout << "\n## Package Plan ##\n\n  environment location: " << plan.prefix << "\n\n";
    if (!specTexts.empty()) {
        std::vector<std::string> sorted = specTexts;
        std::sort(sorted.begin(), sorted.end());
        std::cout << (verb == Verb::Remove ? "  removed specs:" : "  added / updated specs:");
        for (const auto& spec : sorted) {
            std::cout << "\n    - " << spec;
        }
        std::cout << "\n\n";
    }
    if (!plan.fetch.empty()) {
        std::cout << "\nThe following packages will be downloaded:\n\n";
        char line[256];
        std::snprintf(line, sizeof line, "    %-27s|%17s", "package", "build");
        std::cout << line << "\n";
        std::snprintf(line, sizeof line, "    %-27s|%17s", std::string(27, '-').c_str(),
                      std::string(17, '-').c_str());
        std::cout << line << "\n";
        std::uint64_t total = 0;
        for (const auto& record : plan.fetch) {
            total += record.size;
            std::snprintf(line, sizeof line, "    %-27s|%17s",
                          (record.name + "-" + record.version).c_str(), record.build.c_str());
            std::cout << line << padLeft(humanBytes(record.size), 15) << "  "
                      << specs::maskSecrets(record.channel) << "\n";
        }
        if (plan.fetch.size() > 1) {
            std::cout << "    " << std::string(60, '-') << "\n"
                      << std::string(43, ' ') << "Total: " << padLeft(humanBytes(total), 14)
                      << "\n";
        }
        std::cout << "\n";
    }
    std::vector<const solver::Action*> added;
    std::vector<const solver::Action*> removed;
    std::vector<const solver::Action*> updated;
    std::vector<const solver::Action*> superseded;
    std::vector<const solver::Action*> downgraded;
    std::vector<const solver::Action*> reinstalled;
    for (const auto& action : plan.actions) {
        switch (action.kind) {
        case solver::Action::Kind::Install:
            added.push_back(&action);
            break;
        case solver::Action::Kind::Remove:
            removed.push_back(&action);
            break;
        case solver::Action::Kind::Upgrade:
            updated.push_back(&action);
            break;
        case solver::Action::Kind::Change:
            superseded.push_back(&action);
            break;
        case solver::Action::Kind::Downgrade:
            downgraded.push_back(&action);
            break;
        case solver::Action::Kind::Reinstall:
            reinstalled.push_back(&action);
            break;
        }
    }
    const auto single = [](const specs::PackageRecord& record) {
        return "  " + padRight(displayKey(record.name), 18) + " " + channelShortName(record.channel)
               + "/" + record.subdir + "::" + record.distName();
    };
    const auto twofold = [](const solver::Action& action) {
        auto [left, right] = diffStrings(*action.from, *action.to);
        if (left.size() > 38) {
            left = left.substr(0, 35) + "...";
        }
        return "  " + padRight(displayKey(action.to->name), 18) + " " + padLeft(left, 38) + " --> "
               + right;
    };
    if (!added.empty()) {
        std::cout << "\nThe following NEW packages will be INSTALLED:\n\n";
        for (const auto* action : added) {
            std::cout << single(*action->to) << "\n";
        }
        std::cout << "\n";
    }
    if (!reinstalled.empty()) {
        std::cout << "\nThe following packages will be REINSTALLED:\n\n";
        for (const auto* action : reinstalled) {
            std::cout << single(*action->to) << "\n";
        }
        std::cout << "\n";
    }
    if (!removed.empty()) {
        std::cout << "\nThe following packages will be REMOVED:\n\n";
        for (const auto* action : removed) {
            std::cout << "  " << action->from->distName() << "\n";
        }
        std::cout << "\n";
    }
    const auto section = [&](const char* title, const std::vector<const solver::Action*>& list) {
        if (list.empty()) {
            return;
        }
        std::cout << "\nThe following packages will be " << title << ":\n\n";
        for (const auto* action : list) {
            std::cout << twofold(*action) << "\n";
        }
        std::cout << "\n";
    };
    section("UPDATED", updated);
    section("SUPERSEDED by a higher-priority channel", superseded);
    section("DOWNGRADED", downgraded);
    std::cout << "\n";
}

int runSolveVerb(Verb verb, const std::vector<std::string>& args)
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
    if (specTexts.empty()
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
    std::error_code error;
    // A transaction cut short (a crash, a kill, a power cut) is rolled back before anything reads
    // the prefix; a dry run changes nothing, so it plans over what is there.
    if (!dryRun && fs::exists(fs::path(prefix) / "conda-meta", error)) {
        auto recovered = env::recoverPrefix(prefix);
        if (!recovered) {
            return failWith(json, "CondaError",
                            "an interrupted transaction could not be rolled back: "
                                + recovered.error().message());
        }
        if (*recovered && !json) {
            std::cerr << "note: " << prefix
                      << ": an interrupted transaction was found and rolled back\n";
        }
    }
    if (verb == Verb::Create) {
        if (fs::exists(prefix, error) && !fs::is_empty(prefix, error)
            && !env::isBareEnvironment(prefix)) {
            return failWith(json, "CondaValueError",
                            "a folder that is not empty already exists at the target prefix "
                                + prefix
                                + ": remove it first or choose another name (create does not "
                                  "replace environments)");
        }
    } else if (!env::isEnvironment(prefix)) {
        return failWith(json, "EnvironmentLocationNotFound", "Not a conda environment: " + prefix);
    }

    std::vector<specs::MatchSpec> specsParsed;
    for (const auto& text : specTexts) {
        auto spec = specs::MatchSpec::parse(text, context);
        if (!spec) {
            return failWith(json, "InvalidMatchSpec",
                            "Invalid spec '" + text + "': " + spec.error().detail);
        }
        specsParsed.push_back(std::move(*spec));
    }

    std::vector<specs::PackageRecord> installed;
    std::vector<std::string> pinned;
    std::vector<std::string> history;
    if (verb != Verb::Create) {
        auto records = env::readPrefixRecords(prefix);
        if (!records) {
            return failWith(json, "CorruptedEnvironmentError", records.error().message());
        }
        installed = std::move(*records);
        for (auto& record : installed) {
            record.channel = canonicalChannel(record.channel, context);
        }
        auto requested = env::readRequestedSpecs(prefix);
        if (!requested) {
            return failWith(json, "CondaHistoryError", requested.error().message());
        }
        history = std::move(*requested);
    }
    if (!parsed->flag("--no-pin")) {
        pinned = configuration.pinnedPackages();
        if (verb != Verb::Create) {
            auto pins = env::readPinned(prefix);
            if (!pins) {
                return failWith(json, "CondaValueError", pins.error().message());
            }
            pinned.insert(pinned.end(), pins->begin(), pins->end());
        }
    }
    const auto isInstalled = [&](const std::string& packageName) {
        return std::any_of(installed.begin(), installed.end(),
                           [&](const auto& record) { return record.name == packageName; });
    };
    if (verb == Verb::Update) {
        for (const auto& spec : specsParsed) {
            if (!spec.hasExactName() || spec.str() != spec.name()) {
                return failWith(json, "CondaValueError",
                                "Invalid spec for 'conda update': " + spec.str()
                                    + "\nUse 'envdesk-cli install' instead.");
            }
            if (!isInstalled(spec.name())) {
                return failWith(json, "PackageNotInstalledError",
                                prefix + "\nPackage is not installed in prefix.\n  package name: "
                                    + spec.name());
            }
        }
    }
    if (verb == Verb::Remove) {
        std::vector<std::string> missing;
        for (const auto& spec : specsParsed) {
            if (std::none_of(installed.begin(), installed.end(),
                             [&](const auto& record) { return spec.matches(record); })) {
                missing.push_back(spec.str());
            }
        }
        if (!missing.empty()) {
            std::string message =
                "The following packages are missing from the target environment:\n";
            for (const auto& spec : missing) {
                message += "  - " + spec + "\n";
            }
            return failWith(json, "PackagesNotFoundError", message,
                            {{"packages", missing}, {"channel_urls", nlohmann::json::array()}});
        }
    }

    // Channels: -c, then .condarc's (unless --override-channels), then those specs name
    // (`conda-forge::numpy`), as conda adds them.
    ChannelRequest request;
    request.typed = parsed->all("--channel");
    request.overrideChannels = parsed->flag("--override-channels");
    request.offline = parsed->flag("--offline");
    request.quiet = json;
    std::vector<std::string> channels = channelList(request, configuration);
    if (verb != Verb::Remove) {
        for (const auto& spec : specsParsed) {
            if (spec.channelAsTyped()) {
                const std::string typed = spec.channelAsTyped()->str();
                if (std::find(channels.begin(), channels.end(), typed) == channels.end()) {
                    channels.push_back(typed);
                }
            }
        }
    }
    if (channels.empty() && verb != Verb::Remove) {
        return failWith(json, "ArgumentError",
                        "no channels to install from: name one or more with -c CHANNEL, or "
                        "configure `channels` in .condarc");
    }
    LoadedChannels loaded;
    if (auto failure = loadChannels(channels, context, request, configuration, loaded)) {
        return failWith(json, failure->exceptionName, failure->message);
    }
    if (!json) {
        std::cout << "Channels:\n";
        for (const auto& channel : loaded.channelNames) {
            std::cout << " - " << specs::maskSecrets(channel) << "\n";
        }
        std::cout << "Platform: " << platform << "\n";
    }

    std::vector<std::string> startNames;
    for (const auto& spec : specsParsed) {
        startNames.push_back(spec.name());
    }
    for (const auto& record : installed) {
        startNames.push_back(record.name);
    }
    DependencyNames pinNames;
    for (const auto* list : {&pinned, &history}) {
        for (const auto& spec : *list) {
            if (auto pinName = pinNames.nameOf(spec)) {
                startNames.push_back(*pinName);
            }
        }
    }
    auto repos = gatherRepos(loaded, startNames, configuration.addPipAsPythonDependency());
    if (!repos) {
        return failWith(json, "ChannelError", repos.error().message());
    }
    if (!json) {
        std::cout << "Collecting package metadata (repodata.json): done\n";
    }

    solver::Request solveRequest;
    switch (verb) {
    case Verb::Create:
    case Verb::Install:
        solveRequest.kind = solver::Request::Kind::Install;
        break;
    case Verb::Update:
        solveRequest.kind =
            updateAll ? solver::Request::Kind::UpdateAll : solver::Request::Kind::Update;
        break;
    case Verb::Remove:
        solveRequest.kind = solver::Request::Kind::Remove;
        // conda's default solver (libmamba) and mamba erase with clean-deps: what only the
        // removed packages needed goes too.
        solveRequest.prune = true;
        break;
    }
    solveRequest.specs = specTexts;
    solveRequest.installed = installed;
    solveRequest.pinned = pinned;
    solveRequest.historySpecs = history;
    // `platform` the variable hides the namespace here, hence the full names.
    solveRequest.virtualPackages = envdesk::platform::virtualPackages(
        envdesk::platform::HostFacts::detect(),
        {platform, envdesk::platform::condaOverridesFromProcess()});
    switch (configuration.channelPriority()) {
    case config::ChannelPriority::Strict:
        solveRequest.channelPriority = solver::ChannelPriority::Strict;
        break;
    case config::ChannelPriority::Flexible:
        solveRequest.channelPriority = solver::ChannelPriority::Flexible;
        break;
    case config::ChannelPriority::Disabled:
        solveRequest.channelPriority = solver::ChannelPriority::Disabled;
        break;
    }
    if (parsed->flag("--strict-channel-priority")) {
        solveRequest.channelPriority = solver::ChannelPriority::Strict;
    }
    if (parsed->flag("--no-channel-priority")) {
        solveRequest.channelPriority = solver::ChannelPriority::Disabled;
    }
    solveRequest.addPipAsPythonDependency = configuration.addPipAsPythonDependency();

    auto outcome = solver::solve(*repos, solveRequest, interruptToken());
    if (!outcome) {
        const auto code = outcome.error().code;
        return failWith(json,
                        code == util::ErrorCode::Cancelled          ? "KeyboardInterrupt"
                        : code == util::ErrorCode::InvalidMatchSpec ? "InvalidMatchSpec"
                                                                    : "CondaError",
                        outcome.error().message());
    }
    if (const auto* unsolvable = std::get_if<solver::Unsolvable>(&*outcome)) {
        if (!json) {
            std::cout << "Solving environment: failed\n";
        }
        return failWith(json, "UnsatisfiableError", unsolvable->explanation,
                        {{"success", false}, {"problems", problemsJson(unsolvable->graph)}});
    }
    const auto& solution = std::get<solver::Solution>(*outcome);

    Plan plan;
    plan.prefix = prefix;
    plan.actions = solution.actions;
    std::sort(plan.actions.begin(), plan.actions.end(), [](const auto& a, const auto& b) {
        const auto& left = a.to ? *a.to : *a.from;
        const auto& right = b.to ? *b.to : *b.from;
        return left.name < right.name;
    });
    for (const auto& action : plan.actions) {
        if (action.from) {
            plan.unlink.push_back(*action.from);
        }
        if (action.to) {
            plan.link.push_back(*action.to);
        }
    }
    // As conda: link dependencies first, unlink dependents first.
    plan.link = solver::dependencyOrder(plan.link);
    plan.unlink = solver::dependencyOrder(plan.unlink);
    std::reverse(plan.unlink.begin(), plan.unlink.end());
    const auto pkgsDirs = configuration.pkgsDirs();
    for (const auto& record : plan.link) {
        if (!isCached(record, pkgsDirs)) {
            plan.fetch.push_back(record);
        }
    }

    if (plan.actions.empty() && verb != Verb::Create) {
        const std::string message = "All requested packages already installed.";
        if (json) {
            std::cout << nlohmann::json{{"success", true}, {"message", message}}.dump(2) << "\n";
        } else {
            std::cout << "Solving environment: done\n\n# " << message << "\n\n";
        }
        return 0;
    }

    if (json) {
        nlohmann::json actions;
        actions["PREFIX"] = prefix;
        actions["LINK"] = nlohmann::json::array();
        actions["UNLINK"] = nlohmann::json::array();
        actions["FETCH"] = nlohmann::json::array();
        for (const auto& record : plan.link) {
            actions["LINK"].push_back(recordJson(record, false));
        }
        for (const auto& record : plan.unlink) {
            actions["UNLINK"].push_back(recordJson(record, false));
        }
        for (const auto& record : plan.fetch) {
            actions["FETCH"].push_back(recordJson(record, true));
        }
        if (dryRun) {
            nlohmann::json out;
            out["success"] = true;
            out["dry_run"] = true;
            out["actions"] = std::move(actions);
            std::cout << out.dump(2) << "\n";
            return 0;
        }
    } else {
        std::cout << "Solving environment: done\n";
        printPlan(plan, verb, specTexts);
        if (dryRun) {
            std::cerr << "DryRunExit: Dry run. Exiting.\n";
            return 0;
        }
        // conda asks before it changes anything, unless -y; without a terminal to ask on, it
        // would wait forever, so there the answer is taken as yes.
        if (!parsed->flag("--yes") && isatty(STDIN_FILENO)) {
            std::cout << "\nProceed ([y]/n)? " << std::flush;
            std::string answer;
            std::getline(std::cin, answer);
            if (!answer.empty() && answer != "y" && answer != "Y" && answer != "yes") {
                std::cerr << "CondaSystemExit: Exiting.\n";
                return 1;
            }
        }
        std::cout << "\n";
    }
    ApplyRequest apply;
    apply.prefix = prefix;
    apply.link = plan.link;
    apply.unlink = plan.unlink;
    apply.userSpecs = specTexts;
    apply.remove = verb == Verb::Remove;
    apply.create = verb == Verb::Create;
    apply.json = json;
    apply.offline = parsed->flag("--offline");
    apply.compilePyc = !parsed->flag("--no-pyc");
    apply.verbose = parsed->flag("--verbose");
    apply.command = std::string("envdesk-cli ") + verbName(verb);
    for (const auto& arg : args) {
        apply.command += " " + arg;
    }
    return applyTransaction(apply, configuration, interruptToken());
}

} // namespace

int runCreate(const std::vector<std::string>& args)
{
    return runSolveVerb(Verb::Create, args);
}

int runInstall(const std::vector<std::string>& args)
{
    return runSolveVerb(Verb::Install, args);
}

int runUpdate(const std::vector<std::string>& args)
{
    return runSolveVerb(Verb::Update, args);
}

int runRemove(const std::vector<std::string>& args)
{
    return runSolveVerb(Verb::Remove, args);
}

} // namespace envdesk::cli
