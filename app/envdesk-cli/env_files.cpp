#include "app/envdesk-cli/env_files.h"

#include "app/envdesk-cli/channel_loading.h"
#include "app/envdesk-cli/cli_errors.h"
#include "app/envdesk-cli/solve_command.h"
#include "app/envdesk-cli/target_prefix.h"
#include "core/env/prefix.h"
#include "core/env/transaction.h"
#include "core/envfile/conda_lock.h"
#include "core/envfile/environment_file.h"
#include "core/ops/environment_export.h"
#include "core/ops/environment_from_file.h"
#include "core/util/file_io.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <iostream>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace envdesk::cli {

namespace {

namespace fs = std::filesystem;

// ---- export --------------------------------------------------------------------------------

// `env export --json`: conda's environment as a JSON object, the pip: section last among the
// dependencies.
std::string exportJson(const envfile::EnvironmentFile& file)
{
    nlohmann::ordered_json out;
    out["name"] = *file.name;
    out["channels"] = file.channels;
    nlohmann::ordered_json dependencies = file.dependencies;
    if (file.pip) {
        dependencies.push_back({{"pip", *file.pip}});
    }
    out["dependencies"] = dependencies;
    if (!file.variables.empty()) {
        nlohmann::ordered_json variables = nlohmann::ordered_json::object();
        for (const auto& [name, value] : file.variables) {
            variables[name] = value;
        }
        out["variables"] = variables;
    }
    out["prefix"] = *file.prefix;
    return out.dump(2) + "\n";
}

// ---- create from a file ----------------------------------------------------------------------

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
    auto completed = ops::completeRecords(std::move(records), configuration, options.offline, {},
                                          interruptToken());
    if (!completed) {
        return failWith(options.json,
                        completed.error().code == util::ErrorCode::Cancelled ? "KeyboardInterrupt"
                                                                             : "CondaError",
                        completed.error().message());
    }
    const Plan plan = planFromTarget(prefix, {}, *completed, configuration.pkgsDirs());
    return presentAndApply(plan, options, configuration);
}

// The file's variables and its pip packages, once the conda packages are in; pip prints what
// it did unless --json.
int finishFromFile(const std::string& prefix, const ops::EnvironmentFromFile& file,
                   const std::string& path, const config::Config& configuration, bool json)
{
    auto finished = ops::finishFromFile(prefix, file, path, configuration, interruptToken());
    if (!finished) {
        return failWith(json, "CondaEnvException", finished.error().message());
    }
    if (!json) {
        std::cout << *finished;
    }
    return 0;
}

// The channels typed with this command (-c, --override-channels, --offline), the way a
// solve's channels are read.
ChannelRequest typedChannels(const Arguments& parsed)
{
    ChannelRequest channels;
    channels.typed = parsed.all("--channel");
    channels.overrideChannels = parsed.flag("--override-channels");
    channels.offline = parsed.flag("--offline");
    channels.quiet = parsed.flag("--json");
    return channels;
}

// A create of a file's specs: the typed options applied, then decided and carried out as every
// create is.
int decideCreate(ops::ChangeRequest request, const ChannelRequest& channels,
                 const Arguments& parsed, const std::string& commandLine,
                 const config::Config& configuration)
{
    request.offline = channels.offline;
    request.usePins = !parsed.flag("--no-pin");
    request.recoverInterrupted = !parsed.flag("--dry-run");
    PlanOptions options = planOptionsFrom(parsed, commandLine, true);
    options.specTexts = request.specs;
    return decideAndApply(std::move(request), channels, std::move(options), configuration);
}

// A solve from a file: decided by ops as every create is, then the file's variables and pip.
int createFromYml(const std::string& path, const std::string& text, const Arguments& parsed,
                  const std::string& commandLine)
{
    const bool json = parsed.flag("--json");
    const auto inputs = config::ConfigInputs::fromProcess();
    auto setup = loadCommandSetup(inputs, {});
    if (const auto* failure = std::get_if<CliFailure>(&setup)) {
        return failWith(json, failure->exceptionName, failure->message);
    }
    const auto& command = std::get<CommandSetup>(setup);
    auto read = ops::readEnvironmentFromFile(
        path, text, {command.platform, ops::variablesOf(command.configuration)});
    if (!read) {
        return failWith(json,
                        read.error().code == util::ErrorCode::InvalidMatchSpec ? "InvalidMatchSpec"
                                                                               : "SpecNotFound",
                        read.error().message());
    }
    const auto& file = std::get<ops::SolveFromFile>(read->content);
    if (!json) {
        for (const auto& warning : file.warnings) {
            std::cerr << "warning: " << warning << "\n";
        }
    }
    auto target = newPrefix(parsed, file.name, inputs, command.configuration);
    if (const auto* failure = std::get_if<CliFailure>(&target)) {
        return failWith(json, failure->exceptionName, failure->message);
    }
    const std::string prefix = std::get<std::string>(target);
    if (file.specs.empty()) {
        return failWith(json, "CondaValueError", path + ": no dependencies to install");
    }
    const ChannelRequest channels = typedChannels(parsed);
    const int status =
        decideCreate(ops::changeRequestFor(file, prefix, command.configuration, channels.typed,
                                           channels.overrideChannels),
                     channels, parsed, commandLine, command.configuration);
    if (status != 0 || parsed.flag("--dry-run")) {
        return status;
    }
    return finishFromFile(prefix, *read, path, command.configuration, json);
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
    auto read = ops::readEnvironmentFromFile(
        path, text, {command.platform, ops::variablesOf(command.configuration)});
    if (!read) {
        return failWith(json, "CondaValueError", read.error().message());
    }
    auto target = newPrefix(parsed, std::nullopt, inputs, command.configuration);
    if (const auto* failure = std::get_if<CliFailure>(&target)) {
        return failWith(json, failure->exceptionName, failure->message);
    }
    const std::string prefix = std::get<std::string>(target);
    if (auto failure = checkNewPrefix(prefix)) {
        return failWith(json, failure->exceptionName, failure->message);
    }
    return createFromRecords(std::get<ops::RecordsFromFile>(read->content).records, prefix,
                             planOptionsFrom(parsed, commandLine, true), command.configuration);
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
    auto read = ops::readEnvironmentFromFile(
        path, text, {command.platform, ops::variablesOf(command.configuration)});
    if (!read) {
        std::string message = read.error().message();
        // NotFound: the lock has no packages for the platform; here it is chosen with --platform.
        if (read.error().code == util::ErrorCode::NotFound) {
            message += " (choose one with --platform)";
        }
        return failWith(json, "CondaValueError", message);
    }
    auto target = newPrefix(parsed, std::nullopt, inputs, command.configuration);
    if (const auto* failure = std::get_if<CliFailure>(&target)) {
        return failWith(json, failure->exceptionName, failure->message);
    }
    const std::string prefix = std::get<std::string>(target);
    if (auto failure = checkNewPrefix(prefix)) {
        return failWith(json, failure->exceptionName, failure->message);
    }
    const auto& locked = std::get<ops::RecordsFromFile>(read->content);
    const int status = createFromRecords(
        locked.records, prefix, planOptionsFrom(parsed, commandLine, true), command.configuration);
    if (status != 0 || parsed.flag("--dry-run") || locked.pip.empty()) {
        return status;
    }
    return finishFromFile(prefix, *read, path, command.configuration, json);
}

// One spec per line, `#` comments: conda's create --file for a spec list, decided as create.
int createFromSpecList(const std::string& path, const std::string& text, const Arguments& parsed,
                       const std::string& commandLine)
{
    const bool json = parsed.flag("--json");
    auto read = ops::readEnvironmentFromFile(path, text);
    if (!read) {
        return failWith(json,
                        read.error().code == util::ErrorCode::InvalidMatchSpec ? "InvalidMatchSpec"
                                                                               : "CondaValueError",
                        read.error().message());
    }
    if (parsed.all("--name").empty() && parsed.all("--prefix").empty()) {
        std::cerr << "envdesk-cli create: one of the arguments -n/--name -p/--prefix is "
                     "required\nTry 'envdesk-cli create --help'.\n";
        return 2;
    }
    const auto inputs = config::ConfigInputs::fromProcess();
    auto setup = loadPrefixCommand(parsed, inputs, parsed.value("--platform"));
    if (const auto* failure = std::get_if<CliFailure>(&setup)) {
        return failWith(json, failure->exceptionName, failure->message);
    }
    const auto& [command, prefix] = std::get<PrefixCommandSetup>(setup);
    const ChannelRequest channels = typedChannels(parsed);
    auto request =
        ops::changeRequestFor(std::get<ops::SolveFromFile>(read->content), prefix,
                              command.configuration, channels.typed, channels.overrideChannels);
    request.platform = command.platform;
    return decideCreate(std::move(request), channels, parsed, commandLine, command.configuration);
}

} // namespace

int runEnvExport(const Invocation& call)
{
    const Arguments* parsed = &call.args;
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
    ops::ExportOptions exportOptions;
    exportOptions.name = ops::environmentName(prefix, inputs.effectiveRootPrefix());
    exportOptions.channels = parsed->all("--channel");
    exportOptions.overrideChannels = parsed->flag("--override-channels");
    exportOptions.ignoreChannels = parsed->flag("--ignore-channels");
    exportOptions.noBuilds = parsed->flag("--no-builds");
    exportOptions.fromHistory = parsed->flag("--from-history");
    auto file = ops::exportEnvironment(prefix, exportOptions, command.configuration);
    if (!file) {
        return failWith(json, "CondaEnvException", file.error().message());
    }
    std::string text;
    if (parsed->flag("--lock")) {
        ops::LockOptions lockOptions;
        lockOptions.platforms = parsed->all("--platform");
        lockOptions.channels = file->channels;
        // Other platforms: the solve `create --dry-run --platform` makes, in this process, as
        // the GUI's export does (ops::inProcessSolve).
        lockOptions.solveOther = ops::inProcessSolve(command.configuration, interruptToken());
        auto lock = ops::exportLock(prefix, lockOptions);
        if (!lock) {
            return failWith(json, "CondaEnvException", lock.error().message());
        }
        text = envfile::formatCondaLock(*lock);
    } else if (json) {
        text = exportJson(*file);
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

int createFromFile(const std::string& file, const Arguments& parsed, const std::string& commandLine,
                   bool fromEnvCreate)
{
    const bool json = parsed.flag("--json");
    auto text = util::readFile(file);
    if (!text) {
        return failWith(json, fromEnvCreate ? "EnvironmentFileNotFound" : "CondaFileIOError",
                        text.error().message());
    }
    switch (ops::environmentFileKind(file, *text)) {
    case ops::EnvironmentFileKind::Explicit:
        return createFromExplicit(file, *text, parsed, commandLine);
    case ops::EnvironmentFileKind::CondaLock:
        return createFromLock(file, *text, parsed, commandLine);
    case ops::EnvironmentFileKind::EnvironmentYml:
        return createFromYml(file, *text, parsed, commandLine);
    case ops::EnvironmentFileKind::PixiLock:
        return failWith(json, "SpecNotFound",
                        ops::readEnvironmentFromFile(file, *text).error().message());
    case ops::EnvironmentFileKind::SpecList:
        break;
    }
    return createFromSpecList(file, *text, parsed, commandLine);
}

int runEnvCreate(const Invocation& call)
{
    return createFromFile(call.args.value("--file", "environment.yml"), call.args, call.commandLine,
                          true);
}

} // namespace envdesk::cli
