#include "app/envdesk-cli/commands.h"
#include "app/envdesk-cli/output.h"
#include "core/env/prefix.h"
#include "core/envfile/conda_lock.h"
#include "core/ops/environment_export.h"
#include "core/ops/environment_from_file.h"
#include "core/present/package_list_text.h"
#include "core/util/file_io.h"

#include <iostream>

namespace envdesk::cli {

namespace {

// ---- create from a file ----------------------------------------------------------------------

// Where the new environment goes: -n/-p, else the file's name.
std::variant<std::string, CliFailure> newPrefix(const Arguments& parsed,
                                                const ops::EnvironmentFromFile& file,
                                                const config::ConfigInputs& inputs,
                                                const config::Config& configuration)
{
    if (parsed.has("--name") || parsed.has("--prefix")) {
        return targetPrefix(parsed, inputs, configuration, ops::PrefixUse::New);
    }
    const auto* solve = std::get_if<ops::SolveFromFile>(&file.content);
    if (solve == nullptr || !solve->name || solve->name->empty()) {
        return CliFailure{"CondaValueError",
                          "the file names no environment: give one with -n NAME or -p PREFIX"};
    }
    auto named = ops::targetPrefix(env::PrefixChoice{env::PrefixChoice::Kind::Name, *solve->name},
                                   inputs, configuration, ops::PrefixUse::New);
    if (!named) {
        return CliFailure{"CondaValueError", named.error().message()};
    }
    return std::move(*named);
}

// conda's exception for a file it cannot read, by the kind of file.
std::string unreadableFileException(ops::EnvironmentFileKind kind, const util::Error& error)
{
    if (error.code == util::ErrorCode::InvalidMatchSpec) {
        return "InvalidMatchSpec";
    }
    using Kind = ops::EnvironmentFileKind;
    return kind == Kind::EnvironmentYml || kind == Kind::PixiLock ? "SpecNotFound"
                                                                  : "CondaValueError";
}

} // namespace

int createFromFile(const std::string& path, const Arguments& parsed, const std::string& commandLine,
                   bool fromEnvCreate)
{
    const bool json = parsed.flag("--json");
    auto text = util::readFile(path);
    if (!text) {
        return failWith(json, fromEnvCreate ? "EnvironmentFileNotFound" : "CondaFileIOError",
                        text.error().message());
    }
    const auto inputs = config::ConfigInputs::fromProcess();
    auto setup = loadCommandSetup(inputs, parsed.value("--platform"));
    if (const auto* failure = std::get_if<CliFailure>(&setup)) {
        return failWith(json, *failure);
    }
    const auto& [configuration, platform, context] = std::get<CommandSetup>(setup);
    const auto kind = ops::environmentFileKind(path, *text);
    auto read =
        ops::readEnvironmentFromFile(path, *text, {platform, ops::variablesOf(configuration)});
    if (!read) {
        std::string message = read.error().message();
        // A lock without packages for the platform: here it is chosen with --platform.
        if (kind == ops::EnvironmentFileKind::CondaLock
            && read.error().code == util::ErrorCode::NotFound) {
            message += " (choose one with --platform)";
        }
        return failWith(json, unreadableFileException(kind, read.error()), message);
    }
    if (const auto* solve = std::get_if<ops::SolveFromFile>(&read->content)) {
        for (const auto& warning : solve->warnings) {
            note(json, "warning: " + warning);
        }
    }
    auto target = newPrefix(parsed, *read, inputs, configuration);
    if (const auto* failure = std::get_if<CliFailure>(&target)) {
        return failWith(json, *failure);
    }
    const std::string prefix = std::get<std::string>(target);
    if (const auto* solve = std::get_if<ops::SolveFromFile>(&read->content);
        solve && solve->specs.empty()) {
        return failWith(json, "CondaValueError", path + ": no dependencies to install");
    }

    PlanOptions options;
    options.create = true;
    options.json = json;
    options.dryRun = parsed.flag("--dry-run");
    options.yes = parsed.flag("--yes");
    options.offline = parsed.flag("--offline") || configuration.offline();
    options.compilePyc = !parsed.flag("--no-pyc");
    options.verbose = parsed.flag("--verbose");
    options.command = commandLine;
    ChannelRequest channels;
    channels.typed = parsed.all("--channel");
    channels.overrideChannels = parsed.flag("--override-channels");
    channels.offline = options.offline;
    channels.quiet = json;
    ops::NextFromFile nextOptions;
    nextOptions.typedChannels = channels.typed;
    nextOptions.overrideChannels = channels.overrideChannels;
    nextOptions.offline = options.offline;
    nextOptions.platform = parsed.has("--platform") ? platform : std::string();
    nextOptions.recoverInterrupted = !options.dryRun;
    auto next = ops::nextStepFromFile(*read, prefix, configuration, nextOptions, interruptToken());
    if (!next) {
        return failWith(json, next.error());
    }
    if (const auto* refused = std::get_if<ops::ChangeRefusal>(&*next)) {
        return failWith(json, present::changeRefusalFailure(*refused, prefix));
    }
    int status = 0;
    if (auto* request = std::get_if<ops::ChangeRequest>(&*next)) {
        request->usePins = !parsed.flag("--no-pin");
        options.specTexts = request->specs;
        status = decideAndApply(std::move(*request), channels, options, configuration);
    } else {
        status = presentAndApply(std::get<ops::Plan>(*next), options, configuration);
    }
    if (status != 0 || options.dryRun || kind == ops::EnvironmentFileKind::SpecList) {
        return status;
    }
    // The file's variables and pip packages, once the conda packages are in.
    auto finished = ops::finishFromFile(prefix, *read, path, configuration, interruptToken());
    if (!finished) {
        return failWith(json, "CondaEnvException", finished.error().message());
    }
    if (!json) {
        std::cout << *finished;
    }
    return 0;
}

int runEnvExport(const Invocation& call)
{
    const Arguments* parsed = &call.args;
    const bool json = parsed->flag("--json");
    const auto inputs = config::ConfigInputs::fromProcess();
    auto loaded = loadPrefixCommand(*parsed, inputs, {});
    if (const auto* failure = std::get_if<CliFailure>(&loaded)) {
        return failWith(json, *failure);
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
        text = present::environmentFileJson(*file).dump(2) + "\n";
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

int runEnvCreate(const Invocation& call)
{
    return createFromFile(call.args.value("--file", "environment.yml"), call.args, call.commandLine,
                          true);
}

} // namespace envdesk::cli
