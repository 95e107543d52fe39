#include "app/envdesk-cli/env_files.h"

#include "app/envdesk-cli/channel_loading.h"
#include "app/envdesk-cli/cli_errors.h"
#include "app/envdesk-cli/solve_command.h"
#include "core/cache/package_cache.h"
#include "core/env/env_vars.h"
#include "core/env/prefix.h"
#include "core/env/python_dists.h"
#include "core/env/transaction.h"
#include "core/envfile/conda_lock.h"
#include "core/envfile/environment_file.h"
#include "core/envfile/explicit_file.h"
#include "core/platform/virtual_packages.h"
#include "core/solver/solver.h"
#include "core/specs/channel.h"
#include "core/specs/match_spec.h"
#include "core/util/file_io.h"
#include "core/util/hash.h"
#include "core/util/process.h"
#include "core/util/strings.h"

#include <nlohmann/json.hpp>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

namespace envdesk::cli {

namespace {

namespace fs = std::filesystem;

const std::vector<OptionSpec>& exportOptions()
{
    static const std::vector<OptionSpec> options = {
        {"--name", "-n", true, false, "NAME", "Environment name"},
        {"--prefix", "-p", true, false, "PATH", "Full path to the environment"},
        {"--file", "-f", true, false, "FILE", "Write to FILE (atomically) instead of stdout"},
        {"--no-builds", "", false, false, "", "name=version, without build strings"},
        {"--from-history", "", false, false, "",
         "Only what was asked for (conda-meta/history), as it was asked"},
        {"--ignore-channels", "", false, false, "",
         "Do not add the channels the packages came from"},
        {"--channel", "-c", true, true, "CHANNEL", "An extra channel to list first"},
        {"--override-channels", "", false, false, "", "Do not list the configured channels"},
        {"--json", "", false, false, "", "Print the environment as JSON"},
        {"--lock", "", false, false, "",
         "Write a conda-lock file (version 1) of the installed packages instead"},
        {"--platform", "", true, true, "SUBDIR",
         "With --lock: lock these platforms (repeatable; others are solved from the history)"},
        {"--help", "-h", false, false, "", "Show this help"},
    };
    return options;
}

const std::vector<OptionSpec>& envCreateOptions()
{
    static const std::vector<OptionSpec> options = {
        {"--file", "-f", true, false, "FILE",
         "environment.yml, an explicit file or a conda-lock file (default: environment.yml)"},
        {"--name", "-n", true, false, "NAME", "Environment name (instead of the file's)"},
        {"--prefix", "-p", true, false, "PATH", "Full path to the environment"},
        {"--platform", "", true, false, "SUBDIR",
         "For a conda-lock file: the platform to install (default: this machine's)"},
        {"--dry-run", "-d", false, false, "", "Only show the plan"},
        {"--json", "", false, false, "", "Print the result as JSON"},
        {"--yes", "-y", false, false, "", "Do not ask for confirmation"},
        {"--offline", "", false, false, "", "Use only the package and repodata caches"},
        {"--no-pyc", "", false, false, "", "Do not byte-compile noarch: python modules"},
        {"--verbose", "-v", false, false, "", "Also print what link scripts wrote"},
        {"--help", "-h", false, false, "", "Show this help"},
    };
    return options;
}

// conda's prefix name: "base" for the root, else the folder's name.
std::string environmentName(const std::string& prefix, const config::ConfigInputs& inputs)
{
    if (prefix == inputs.effectiveRootPrefix()) {
        return "base";
    }
    return fs::path(prefix).filename().string();
}

// ---- export --------------------------------------------------------------------------------

util::Result<envfile::EnvironmentFile> exportEnvironment(const Arguments& parsed,
                                                         const std::string& prefix,
                                                         const CommandSetup& command,
                                                         const config::ConfigInputs& inputs)
{
    const auto& configuration = command.configuration;
    envfile::EnvironmentFile file;
    file.name = environmentName(prefix, inputs);
    file.prefix = prefix;
    // conda: the -c channels, then the configured ones, then (unless --ignore-channels) each
    // package's channel in front.
    // Channels are written by their canonical names, so that a channel named two ways (a
    // folder and its file:// URL) is listed once.
    std::vector<std::string> listed = parsed.all("--channel");
    if (!parsed.flag("--override-channels")) {
        const auto configured = configuration.channels();
        listed.insert(listed.end(), configured.begin(), configured.end());
    }
    for (const auto& channel : listed) {
        const std::string name =
            channel == "defaults" ? channel : canonicalChannel(channel, command.context);
        if (std::find(file.channels.begin(), file.channels.end(), name) == file.channels.end()) {
            file.channels.push_back(name);
        }
    }
    auto variables = env::readEnvironmentVariables(prefix);
    if (!variables) {
        return variables.error();
    }
    file.variables = std::move(*variables);

    if (parsed.flag("--from-history")) {
        auto requested = env::readRequestedSpecs(prefix);
        if (!requested) {
            return requested.error();
        }
        file.dependencies = std::move(*requested);
        return file;
    }

    auto records = env::readPrefixRecords(prefix);
    if (!records) {
        return records.error();
    }
    const bool noBuilds = parsed.flag("--no-builds");
    std::vector<std::string> packageChannels;
    for (const auto& record : *records) {
        file.dependencies.push_back(record.name + "=" + record.version
                                    + (noBuilds ? std::string() : "=" + record.build));
        const std::string channel = canonicalChannel(record.channel, command.context);
        if (!channel.empty() && channel != "<unknown>" && channel != "@"
            && std::find(packageChannels.begin(), packageChannels.end(), channel)
                   == packageChannels.end()) {
            packageChannels.push_back(channel);
        }
    }
    if (!parsed.flag("--ignore-channels")) {
        for (auto it = packageChannels.rbegin(); it != packageChannels.rend(); ++it) {
            if (std::find(file.channels.begin(), file.channels.end(), *it) == file.channels.end()) {
                file.channels.insert(file.channels.begin(), *it);
            }
        }
    }
    auto dists = env::pythonDistributions(prefix);
    if (!dists) {
        return dists.error();
    }
    std::vector<std::string> pip;
    for (const auto& dist : *dists) {
        if (!dist.fromConda) {
            pip.push_back(dist.name + "==" + dist.version);
        }
    }
    if (!pip.empty()) {
        file.pip = std::move(pip);
    }
    return file;
}

envfile::LockedPackage lockedFrom(const specs::PackageRecord& record, const std::string& platform)
{
    envfile::LockedPackage locked;
    locked.manager = "conda";
    locked.name = record.name;
    locked.version = record.version;
    locked.build = record.build;
    locked.platform = platform;
    locked.url = specs::maskSecrets(record.url);
    locked.md5 = record.md5;
    locked.sha256 = record.sha256;
    for (const auto& dependency : record.depends) {
        auto [name, spec] = envfile::splitDependency(dependency);
        // conda-lock writes an unconstrained dependency as '*'.
        locked.dependencies.emplace_back(std::move(name), spec.empty() ? "*" : std::move(spec));
    }
    return locked;
}

// The packages `specs` resolve to for another platform: the same solve `create --dry-run
// --platform` makes (its virtual packages are that platform's defaults and CONDA_OVERRIDE_*),
// run as a child of this very program so that its JSON is the interface.
util::Result<std::vector<specs::PackageRecord>>
solveForPlatform(const std::vector<std::string>& specTexts,
                 const std::vector<std::string>& channels, const std::string& platform)
{
    std::vector<std::string> args = {
        "/proc/self/exe",
        "create",
        "-p",
        (fs::temp_directory_path()
         / ("envdesk-lock-" + std::to_string(::getpid()) + "-" + platform))
            .string(),
        "--dry-run",
        "--json",
        "--platform",
        platform,
        "--override-channels"};
    for (const auto& channel : channels) {
        args.insert(args.end(), {"-c", channel});
    }
    args.emplace_back("--");
    args.insert(args.end(), specTexts.begin(), specTexts.end());
    auto ran = util::runProcess(args, {}, {}, interruptToken());
    if (!ran) {
        return ran.error();
    }
    const auto json = nlohmann::json::parse(ran->output, nullptr, false);
    if (ran->exitCode != 0 || json.is_discarded() || !json.contains("actions")) {
        std::string why = ran->output;
        if (!json.is_discarded() && json.contains("message")) {
            why = json["message"].get<std::string>();
        }
        return util::fail(util::ErrorCode::NotFound,
                          "the environment's specs cannot be solved for " + platform + ": " + why,
                          platform);
    }
    std::vector<specs::PackageRecord> records;
    for (const auto& link : json["actions"]["LINK"]) {
        specs::PackageRecord record;
        record.name = link.value("name", "");
        record.version = link.value("version", "");
        record.build = link.value("build_string", "");
        record.url = link.value("url", "");
        record.md5 = link.value("md5", "");
        record.sha256 = link.value("sha256", "");
        record.subdir = link.value("subdir", "");
        record.depends = link.value("depends", std::vector<std::string>{});
        records.push_back(std::move(record));
    }
    return records;
}

// A conda-lock file (version 1): for this platform the installed packages, each with its URL,
// hashes and dependencies, so that `env create -f` rebuilds it without a solve; for each other
// platform asked for, what the environment's requested specs resolve to there.
util::Result<std::string> exportLock(const std::string& prefix, const CommandSetup& command,
                                     const envfile::EnvironmentFile& environment,
                                     std::vector<std::string> platforms)
{
    if (platforms.empty()) {
        platforms = {command.platform};
    }
    envfile::CondaLock lock;
    lock.platforms = platforms;
    lock.channels = environment.channels;
    for (const auto& platform : platforms) {
        std::vector<specs::PackageRecord> records;
        if (platform == command.platform) {
            auto installed = env::readPrefixRecords(prefix);
            if (!installed) {
                return installed.error();
            }
            records = std::move(*installed);
        } else {
            auto requested = env::readRequestedSpecs(prefix);
            if (!requested) {
                return requested.error();
            }
            if (requested->empty()) {
                return util::fail(
                    util::ErrorCode::NotFound,
                    "the history names no requested packages to solve for " + platform, prefix);
            }
            auto solved = solveForPlatform(*requested, environment.channels, platform);
            if (!solved) {
                return solved.error();
            }
            records = std::move(*solved);
        }
        std::string inputs = platform;
        for (const auto& record : solver::dependencyOrder(records)) {
            if (record.url.empty() || (record.md5.empty() && record.sha256.empty())) {
                return util::fail(util::ErrorCode::InvalidRecord,
                                  "no URL or hash recorded for " + record.distName()
                                      + ": a lock file could not reinstall it",
                                  prefix);
            }
            auto locked = lockedFrom(record, platform);
            inputs += "\n" + locked.url + "#" + locked.sha256 + locked.md5;
            lock.packages.push_back(std::move(locked));
        }
        // conda-lock hashes its inputs to tell when a lock is stale; ours are the exact packages.
        lock.contentHash.emplace_back(platform, util::sha256Hex(inputs));
    }
    return envfile::formatCondaLock(lock);
}

// ---- create from a file ----------------------------------------------------------------------

enum class FileKind { EnvironmentYml, Explicit, CondaLock, SpecList };

FileKind kindOf(const std::string& path, const std::string& text)
{
    if (envfile::looksLikeExplicitFile(text)) {
        return FileKind::Explicit;
    }
    // conda-lock files hold `version:`, `metadata:` and `package:` at the top level.
    const bool lockKeys =
        (util::startsWith(text, "version:") || text.find("\nversion:") != std::string::npos)
        && text.find("\npackage:") != std::string::npos;
    if (lockKeys) {
        return FileKind::CondaLock;
    }
    if (util::endsWith(path, ".yml") || util::endsWith(path, ".yaml")) {
        return FileKind::EnvironmentYml;
    }
    return FileKind::SpecList;
}

// A package of an explicit or lock file as a record to install: what the URL says, completed
// from the archive's own info/index.json once the cache holds it (depends, noarch, ...), which is
// what linking and its order need.
specs::PackageRecord recordFromLocked(const envfile::LockedPackage& locked)
{
    specs::PackageRecord record;
    record.name = locked.name;
    record.version = locked.version;
    record.build = locked.build;
    record.url = locked.url;
    record.channel = locked.channel;
    record.subdir = locked.subdir;
    record.md5 = locked.md5;
    record.sha256 = locked.sha256;
    const auto slash = locked.url.find_last_of('/');
    record.fn = slash == std::string::npos ? locked.url : locked.url.substr(slash + 1);
    for (const auto& [name, spec] : locked.dependencies) {
        record.depends.push_back(spec.empty() ? name : name + " " + spec);
    }
    return record;
}

// A local path in an explicit file becomes a file:// URL, as conda reads it.
std::string asUrl(const std::string& location, const std::string& relativeTo)
{
    if (location.find("://") != std::string::npos) {
        return location;
    }
    fs::path path(location);
    if (path.is_relative()) {
        path = fs::path(relativeTo) / path;
    }
    return "file://" + path.lexically_normal().string();
}

// Fetches and extracts `records`, then completes each from its info/index.json.
std::optional<CliFailure> completeRecords(std::vector<specs::PackageRecord>& records,
                                          const config::Config& configuration, bool offline)
{
    cache::PackageCache cache(configuration.pkgsDirs());
    cache::EnsureOptions options;
    options.download = downloadOptions(configuration, offline);
    auto ensured = cache.ensureExtracted(records, options, {}, interruptToken());
    if (!ensured) {
        return CliFailure{ensured.error().code == util::ErrorCode::Cancelled ? "KeyboardInterrupt"
                                                                             : "CondaError",
                          ensured.error().message()};
    }
    for (std::size_t i = 0; i < records.size(); ++i) {
        const fs::path index = fs::path(ensured->folders[i]) / "info" / "index.json";
        auto text = util::readFile(index.string());
        if (!text) {
            continue; // a package without index.json keeps what the file said
        }
        auto fromArchive = env::parsePrefixRecord(*text, index.string());
        if (!fromArchive) {
            continue;
        }
        auto& record = records[i];
        if (record.depends.empty()) {
            record.depends = fromArchive->depends;
        }
        record.constrains = fromArchive->constrains;
        record.noarch = fromArchive->noarch;
        record.buildNumber = fromArchive->buildNumber;
        record.license = fromArchive->license;
        record.timestamp = fromArchive->timestamp;
        record.trackFeatures = fromArchive->trackFeatures;
        record.features = fromArchive->features;
        if (record.subdir.empty()) {
            record.subdir = fromArchive->subdir;
        }
    }
    return std::nullopt;
}

PlanOptions planOptionsFrom(const Arguments& parsed, const std::string& command, bool create)
{
    PlanOptions options;
    options.verb = create ? "create" : "install";
    options.create = create;
    options.json = parsed.flag("--json");
    options.dryRun = parsed.flag("--dry-run");
    options.yes = parsed.flag("--yes");
    options.offline = parsed.flag("--offline");
    options.compilePyc = !parsed.flag("--no-pyc");
    options.verbose = parsed.flag("--verbose");
    options.command = command;
    return options;
}

// Where the new environment goes: -n/-p, else the file's name.
std::variant<std::string, CliFailure> newPrefix(const Arguments& parsed,
                                                const std::optional<std::string>& fileName,
                                                const config::ConfigInputs& inputs,
                                                const config::Config& configuration)
{
    if (!parsed.all("--name").empty() || !parsed.all("--prefix").empty()) {
        return targetPrefix(parsed, inputs, configuration);
    }
    if (!fileName || fileName->empty()) {
        return CliFailure{"CondaValueError",
                          "the file names no environment: give one with -n NAME or -p PREFIX"};
    }
    Arguments named;
    named.values["--name"] = {*fileName};
    return targetPrefix(named, inputs, configuration);
}

std::optional<CliFailure> checkNewPrefix(const std::string& prefix)
{
    std::error_code ec;
    if (fs::exists(prefix, ec) && !fs::is_empty(prefix, ec) && !env::isBareEnvironment(prefix)) {
        return CliFailure{"CondaValueError",
                          "a folder that is not empty already exists at the target prefix " + prefix
                              + ": remove it first or choose another name"};
    }
    return std::nullopt;
}

// Installs exactly `records` (from an explicit or a lock file) into a new prefix: no solve.
int createFromRecords(std::vector<specs::PackageRecord> records, const std::string& prefix,
                      const PlanOptions& options, const config::Config& configuration)
{
    if (auto failure = completeRecords(records, configuration, options.offline)) {
        return failWith(options.json, failure->exceptionName, failure->message);
    }
    const Plan plan = planFromTarget(prefix, {}, records, configuration.pkgsDirs());
    return presentAndApply(plan, options, configuration);
}

// Runs the environment's pip on the `pip:` list of an environment.yml, as conda does: the list
// goes into a requirements file beside the environment.yml (so `-e .` and `-r x.txt` resolve
// there) and `python -m pip install -U -r` reads it, options such as --index-url included.
int runPipSection(const std::string& prefix, const std::vector<std::string>& pip,
                  const std::string& ymlPath, bool json)
{
    const fs::path python = fs::path(prefix) / "bin" / "python";
    std::error_code ec;
    if (!fs::exists(python, ec)) {
        return failWith(json, "CondaEnvException",
                        ymlPath
                            + ": the pip: section needs pip, but the new environment has no "
                              "python: add python and pip to the dependencies (the conda "
                              "packages were installed in "
                            + prefix + ")");
    }
    const fs::path folder = fs::absolute(ymlPath).parent_path();
    const fs::path requirements =
        folder / ("condaenv." + std::to_string(::getpid()) + ".requirements.txt");
    {
        std::ofstream out(requirements);
        for (const auto& line : pip) {
            out << line << "\n";
        }
        if (!out) {
            return failWith(json, "CondaEnvException",
                            "cannot write the pip requirements file " + requirements.string());
        }
    }
    auto ran = util::runProcess(
        {python.string(), "-m", "pip", "install", "-U", "-r", requirements.string()},
        {{"CONDA_PREFIX", prefix}}, folder.string(), interruptToken());
    fs::remove(requirements, ec);
    if (!ran) {
        return failWith(json, "CondaEnvException",
                        "pip could not be run: " + ran.error().message());
    }
    if (ran->exitCode != 0) {
        const bool noPip = ran->output.find("No module named pip") != std::string::npos;
        return failWith(json, "CondaEnvException",
                        noPip ? ymlPath
                                    + ": the pip: section needs pip in the environment: add pip "
                                      "to the dependencies"
                              : "pip failed (exit status " + std::to_string(ran->exitCode)
                                    + ") on the pip: section of " + ymlPath + ":\n" + ran->output);
    }
    if (!json) {
        std::cout << ran->output;
    }
    return 0;
}

int createFromYml(const std::string& path, const Arguments& parsed,
                  const std::vector<std::string>& passOn)
{
    const bool json = parsed.flag("--json");
    const auto inputs = config::ConfigInputs::fromProcess();
    auto setup = loadCommandSetup(inputs, {});
    if (const auto* failure = std::get_if<CliFailure>(&setup)) {
        return failWith(json, failure->exceptionName, failure->message);
    }
    const auto& command = std::get<CommandSetup>(setup);
    auto file = envfile::readEnvironmentFile(path, {command.platform});
    if (!file) {
        return failWith(json, "SpecNotFound", file.error().message());
    }
    if (!json) {
        for (const auto& warning : file->warnings) {
            std::cerr << "warning: " << warning << "\n";
        }
    }
    auto target = newPrefix(parsed, file->name, inputs, command.configuration);
    if (const auto* failure = std::get_if<CliFailure>(&target)) {
        return failWith(json, failure->exceptionName, failure->message);
    }
    const std::string prefix = std::get<std::string>(target);
    if (file->dependencies.empty()) {
        return failWith(json, "CondaValueError", path + ": no dependencies to install");
    }

    // conda env create: the file's channels, then the configured ones unless `nodefaults`.
    std::vector<std::string> args = {"-p", prefix, "-y"};
    bool noDefaults = false;
    const auto lookup = [](const std::string& name) -> std::optional<std::string> {
        const char* value = std::getenv(name.c_str());
        return value != nullptr ? std::optional<std::string>(value) : std::nullopt;
    };
    for (const auto& channel : file->channels) {
        if (channel == "nodefaults") {
            noDefaults = true;
            continue;
        }
        args.push_back("-c");
        args.push_back(envfile::expandVariables(channel, lookup));
    }
    if (noDefaults) {
        args.push_back("--override-channels");
    }
    for (const auto& option : passOn) {
        args.push_back(option);
    }
    args.push_back("--");
    for (const auto& dependency : file->dependencies) {
        args.push_back(dependency);
    }
    const int status = runCreate(args);
    if (status != 0 || parsed.flag("--dry-run")) {
        return status;
    }
    if (!file->variables.empty()) {
        if (auto written = env::writeEnvironmentVariables(prefix, file->variables); !written) {
            return failWith(json, "CondaEnvException", written.error().message());
        }
    }
    if (file->pip && !file->pip->empty()) {
        return runPipSection(prefix, *file->pip, path, json);
    }
    return 0;
}

int createFromExplicit(const std::string& path, const std::string& text, const Arguments& parsed,
                       const std::string& commandLine)
{
    const bool json = parsed.flag("--json");
    const auto inputs = config::ConfigInputs::fromProcess();
    auto setup = loadCommandSetup(inputs, {});
    if (const auto* failure = std::get_if<CliFailure>(&setup)) {
        return failWith(json, failure->exceptionName, failure->message);
    }
    const auto& command = std::get<CommandSetup>(setup);
    auto file = envfile::parseExplicitFile(text, path);
    if (!file) {
        return failWith(json, "CondaValueError", file.error().message());
    }
    if (file->platform && *file->platform != command.platform && *file->platform != "noarch") {
        return failWith(json, "CondaValueError",
                        path + " was written for " + *file->platform + ", this machine is "
                            + command.platform);
    }
    const std::string folder = fs::absolute(path).parent_path().string();
    std::vector<specs::PackageRecord> records;
    for (auto locked : envfile::lockedPackages(*file)) {
        locked.url = asUrl(locked.url, folder);
        records.push_back(recordFromLocked(locked));
    }
    if (records.empty()) {
        return failWith(json, "CondaValueError", path + ": no packages after @EXPLICIT");
    }
    auto target = newPrefix(parsed, std::nullopt, inputs, command.configuration);
    if (const auto* failure = std::get_if<CliFailure>(&target)) {
        return failWith(json, failure->exceptionName, failure->message);
    }
    const std::string prefix = std::get<std::string>(target);
    if (auto failure = checkNewPrefix(prefix)) {
        return failWith(json, failure->exceptionName, failure->message);
    }
    return createFromRecords(std::move(records), prefix, planOptionsFrom(parsed, commandLine, true),
                             command.configuration);
}

int createFromLock(const std::string& path, const std::string& text, const Arguments& parsed,
                   const std::string& commandLine)
{
    const bool json = parsed.flag("--json");
    const auto inputs = config::ConfigInputs::fromProcess();
    auto setup = loadCommandSetup(inputs, parsed.value("--platform"));
    if (const auto* failure = std::get_if<CliFailure>(&setup)) {
        return failWith(json, failure->exceptionName, failure->message);
    }
    const auto& command = std::get<CommandSetup>(setup);
    auto lock = envfile::parseCondaLock(text, path);
    if (!lock) {
        return failWith(json, "CondaValueError", lock.error().message());
    }
    if (std::find(lock->platforms.begin(), lock->platforms.end(), command.platform)
        == lock->platforms.end()) {
        return failWith(json, "CondaValueError",
                        path + " locks " + util::join(lock->platforms, ", ") + ", not "
                            + command.platform + " (choose one with --platform)");
    }
    std::vector<specs::PackageRecord> records;
    std::vector<std::string> pipUrls;
    for (const auto& locked : lock->packages) {
        if (locked.platform != command.platform || locked.category != "main" || locked.optional) {
            continue;
        }
        if (locked.manager == "pip") {
            pipUrls.push_back(
                locked.url + (locked.sha256.empty() ? std::string() : "#sha256=" + locked.sha256));
            continue;
        }
        records.push_back(recordFromLocked(locked));
    }
    auto target = newPrefix(parsed, std::nullopt, inputs, command.configuration);
    if (const auto* failure = std::get_if<CliFailure>(&target)) {
        return failWith(json, failure->exceptionName, failure->message);
    }
    const std::string prefix = std::get<std::string>(target);
    if (auto failure = checkNewPrefix(prefix)) {
        return failWith(json, failure->exceptionName, failure->message);
    }
    const int status =
        createFromRecords(std::move(records), prefix, planOptionsFrom(parsed, commandLine, true),
                          command.configuration);
    if (status != 0 || parsed.flag("--dry-run") || pipUrls.empty()) {
        return status;
    }
    // The lock pins the pip packages' exact files: install those, without resolving again.
    std::vector<std::string> pip = {"--no-deps"};
    pip.insert(pip.end(), pipUrls.begin(), pipUrls.end());
    return runPipSection(prefix, pip, path, json);
}

} // namespace

int runEnvExport(const std::vector<std::string>& args)
{
    auto arguments = parseVerbArguments(
        "env export", args, exportOptions(),
        "usage: envdesk-cli env export [-n NAME | -p PREFIX] [options]\n\n"
        "Write the environment as environment.yml: every package as\n"
        "name=version=build (--no-builds: name=version), or with --from-history only\n"
        "what was asked for; the pip: section lists what pip installed; variables\n"
        "come from conda-meta/state.\n");
    if (const int* done = std::get_if<int>(&arguments)) {
        return *done;
    }
    const Arguments* parsed = &std::get<Arguments>(arguments);
    const bool json = parsed->flag("--json");
    const auto inputs = config::ConfigInputs::fromProcess();
    auto loaded = loadPrefixCommand(*parsed, inputs, {});
    if (const auto* failure = std::get_if<CliFailure>(&loaded)) {
        return failWith(json, failure->exceptionName, failure->message);
    }
    const auto& [command, prefix] = std::get<PrefixCommandSetup>(loaded);
    if (!env::isEnvironment(prefix)) {
        return failWith(json, "EnvironmentLocationNotFound", "Not a conda environment: " + prefix);
    }
    auto file = exportEnvironment(*parsed, prefix, command, inputs);
    if (!file) {
        return failWith(json, "CondaEnvException", file.error().message());
    }
    std::string text;
    if (parsed->flag("--lock")) {
        auto lock = exportLock(prefix, command, *file, parsed->all("--platform"));
        if (!lock) {
            return failWith(json, "CondaEnvException", lock.error().message());
        }
        text = std::move(*lock);
    } else if (json) {
        nlohmann::ordered_json out;
        out["name"] = *file->name;
        out["channels"] = file->channels;
        nlohmann::ordered_json dependencies = file->dependencies;
        if (file->pip) {
            dependencies.push_back({{"pip", *file->pip}});
        }
        out["dependencies"] = dependencies;
        if (!file->variables.empty()) {
            nlohmann::ordered_json variables = nlohmann::ordered_json::object();
            for (const auto& [name, value] : file->variables) {
                variables[name] = value;
            }
            out["variables"] = variables;
        }
        out["prefix"] = *file->prefix;
        text = out.dump(2) + "\n";
    } else {
        text = envfile::formatEnvironmentFile(*file);
    }
    const std::string target = parsed->value("--file");
    if (target.empty()) {
        std::cout << text;
        return 0;
    }
    if (auto written = util::writeFileAtomically(target, text); !written) {
        return failWith(json, "CondaEnvException", written.error().message());
    }
    return 0;
}

int createFromFile(const std::string& file, const Arguments& parsed,
                   const std::vector<std::string>& passOn, bool fromEnvCreate)
{
    const bool json = parsed.flag("--json");
    auto text = util::readFile(file);
    if (!text) {
        return failWith(json, fromEnvCreate ? "EnvironmentFileNotFound" : "CondaFileIOError",
                        text.error().message());
    }
    std::string commandLine =
        fromEnvCreate ? "envdesk-cli env create -f " + file : "envdesk-cli create --file " + file;
    switch (kindOf(file, *text)) {
    case FileKind::Explicit:
        return createFromExplicit(file, *text, parsed, commandLine);
    case FileKind::CondaLock:
        return createFromLock(file, *text, parsed, commandLine);
    case FileKind::EnvironmentYml:
        return createFromYml(file, parsed, passOn);
    case FileKind::SpecList:
        break;
    }
    // One spec per line, `#` comments: conda's create --file for a spec list.
    std::vector<std::string> args;
    for (const auto& option : passOn) {
        args.push_back(option);
    }
    if (!parsed.value("--name").empty()) {
        args.insert(args.begin(), {"-n", parsed.value("--name")});
    } else if (!parsed.value("--prefix").empty()) {
        args.insert(args.begin(), {"-p", parsed.value("--prefix")});
    }
    args.push_back("--");
    std::size_t specs = 0;
    for (auto line : util::split(*text, '\n')) {
        const auto hash = line.find('#');
        const auto spec = util::trim(line.substr(0, hash));
        if (!spec.empty()) {
            args.emplace_back(spec);
            ++specs;
        }
    }
    if (specs == 0) {
        return failWith(json, "CondaValueError", file + ": no package specs in the file");
    }
    return runCreate(args);
}

int runEnvCreate(const std::vector<std::string>& args)
{
    auto arguments = parseVerbArguments(
        "env create", args, envCreateOptions(),
        "usage: envdesk-cli env create [-f FILE] [-n NAME | -p PREFIX] [options]\n\n"
        "Create an environment from environment.yml (solved against its channels;\n"
        "its pip: section is installed with the new environment's pip and its\n"
        "variables set), from an explicit file (no solve; checksums verified;\n"
        "offline when the package cache has everything) or from a conda-lock file\n"
        "(this machine's platform, or --platform).\n");
    if (const int* done = std::get_if<int>(&arguments)) {
        return *done;
    }
    const Arguments* parsed = &std::get<Arguments>(arguments);
    if (!parsed->all("--name").empty() && !parsed->all("--prefix").empty()) {
        std::cerr << "envdesk-cli env create: argument -p/--prefix: not allowed with argument "
                     "-n/--name\n";
        return 2;
    }
    const std::string file = parsed->value("--file", "environment.yml");
    std::vector<std::string> passOn;
    for (const char* flag : {"--dry-run", "--json", "--offline", "--no-pyc", "--verbose"}) {
        if (parsed->flag(flag)) {
            passOn.emplace_back(flag);
        }
    }
    return createFromFile(file, *parsed, passOn, true);
}

} // namespace envdesk::cli
