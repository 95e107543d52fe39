#include "core/ops/environment_from_file.h"

#include "core/cache/package_cache.h"
#include "core/channels/loaded_channels.h"
#include "core/env/env_vars.h"
#include "core/env/prefix.h"
#include "core/envfile/conda_lock.h"
#include "core/envfile/environment_file.h"
#include "core/envfile/explicit_file.h"
#include "core/specs/channel.h"
#include "core/specs/match_spec.h"
#include "core/specs/spec_name.h"
#include "core/util/file_io.h"
#include "core/util/process.h"
#include "core/util/strings.h"

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

namespace envdesk::ops {

namespace {

namespace fs = std::filesystem;

// A package of an explicit or lock file as a record to install: what the URL says, until
// completeRecords() adds what the archive's own info/index.json says.
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

// "path:line: spec: problem", as `env diff` reports a spec of a file it cannot read.
util::Unexpected invalidSpec(const std::string& path, int line, std::string_view spec,
                             const util::Error& error)
{
    return util::fail(util::ErrorCode::InvalidMatchSpec, util::quoted(spec) + ": " + error.detail,
                      line > 0 ? path + ":" + std::to_string(line) : path);
}

util::Result<SolveFromFile> readYml(const std::string& path, const std::string& text,
                                    const std::string& platform, const FromFileOptions& options)
{
    auto file = envfile::parseEnvironmentFile(text, path, {platform});
    if (!file) {
        return file.error();
    }
    using Lookup = std::function<std::optional<std::string>(const std::string&)>;
    const Lookup lookup =
        options.lookup ? options.lookup
                       : Lookup([](const std::string&) { return std::optional<std::string>(); });
    // A spec that cannot be read is refused here, where the file and its line are known, rather
    // than by the solve, which knows neither.
    for (const auto& dependency : file->dependencies) {
        if (auto spec = specs::parseSpecSyntax(dependency); !spec) {
            return invalidSpec(path, envfile::dependencyLine(text, dependency), dependency,
                               spec.error());
        }
    }
    SolveFromFile solve;
    solve.name = file->name;
    solve.specs = std::move(file->dependencies);
    for (const auto& channel : file->channels) {
        if (channel == "nodefaults") {
            solve.noDefaults = true;
        } else {
            solve.channels.push_back(envfile::expandVariables(channel, lookup));
        }
    }
    solve.variables = std::move(file->variables);
    solve.pip = std::move(file->pip);
    solve.warnings = std::move(file->warnings);
    return solve;
}

util::Result<RecordsFromFile> readExplicit(const std::string& path, const std::string& text,
                                           const std::string& platform)
{
    auto file = envfile::parseExplicitFile(text, path);
    if (!file) {
        return file.error();
    }
    if (file->platform && *file->platform != platform && *file->platform != "noarch") {
        return util::fail(util::ErrorCode::NotFound, path + " was written for " + *file->platform
                                                         + ", this machine is " + platform);
    }
    const std::string folder = fs::absolute(path).parent_path().string();
    RecordsFromFile out;
    for (auto locked : envfile::lockedPackages(*file)) {
        locked.url = asUrl(locked.url, folder);
        out.records.push_back(recordFromLocked(locked));
    }
    if (out.records.empty()) {
        return util::fail(util::ErrorCode::ParseError, "no packages after @EXPLICIT", path);
    }
    return out;
}

util::Result<RecordsFromFile> readLock(const std::string& path, const std::string& text,
                                       const std::string& platform)
{
    auto lock = envfile::parseCondaLock(text, path);
    if (!lock) {
        return lock.error();
    }
    if (std::find(lock->platforms.begin(), lock->platforms.end(), platform)
        == lock->platforms.end()) {
        return util::fail(util::ErrorCode::NotFound, path + " locks "
                                                         + util::join(lock->platforms, ", ")
                                                         + ", not " + platform);
    }
    RecordsFromFile out;
    std::vector<std::string> pipUrls;
    for (const auto& locked : lock->packages) {
        if (locked.platform != platform || locked.category != "main" || locked.optional) {
            continue;
        }
        if (locked.manager == "pip") {
            pipUrls.push_back(
                locked.url + (locked.sha256.empty() ? std::string() : "#sha256=" + locked.sha256));
            continue;
        }
        out.records.push_back(recordFromLocked(locked));
    }
    // The lock pins the pip packages' exact files: install those, without resolving again.
    if (!pipUrls.empty()) {
        out.pip = {"--no-deps"};
        out.pip.insert(out.pip.end(), pipUrls.begin(), pipUrls.end());
    }
    return out;
}

// One spec per line, `#` comments: conda's create --file for a spec list.
util::Result<SolveFromFile> readSpecList(const std::string& path, const std::string& text)
{
    SolveFromFile solve;
    int number = 0;
    for (auto line : util::split(text, '\n')) {
        ++number;
        const auto spec = util::trim(line.substr(0, line.find('#')));
        if (spec.empty()) {
            continue;
        }
        if (auto parsed = specs::parseSpecSyntax(spec); !parsed) {
            return invalidSpec(path, number, spec, parsed.error());
        }
        solve.specs.emplace_back(spec);
    }
    if (solve.specs.empty()) {
        return util::fail(util::ErrorCode::ParseError, "no package specs in the file", path);
    }
    return solve;
}

template <typename T>
util::Result<EnvironmentFromFile> wrap(EnvironmentFileKind kind, util::Result<T> content)
{
    if (!content) {
        return content.error();
    }
    return EnvironmentFromFile{kind, std::move(*content)};
}

} // namespace

EnvironmentFileKind environmentFileKind(const std::string& path, const std::string& text)
{
    if (envfile::looksLikeExplicitFile(text)) {
        return EnvironmentFileKind::Explicit;
    }
    // conda-lock files hold `version:`, `metadata:` and `package:` at the top level.
    const bool lockKeys =
        (util::startsWith(text, "version:") || text.find("\nversion:") != std::string::npos)
        && text.find("\npackage:") != std::string::npos;
    if (lockKeys) {
        return EnvironmentFileKind::CondaLock;
    }
    // pixi.lock (rattler_lock) holds `version:` and `environments:`; read as environment.yml or
    // as a spec list it gave nonsense errors about its own lines.
    const bool hasVersion =
        util::startsWith(text, "version:") || text.find("\nversion:") != std::string::npos;
    const bool hasEnvironments = util::startsWith(text, "environments:")
                                 || text.find("\nenvironments:") != std::string::npos;
    const std::string name = fs::path(path).filename().string();
    if ((hasVersion && hasEnvironments) || name == "pixi.lock"
        || util::endsWith(name, ".pixi.lock")) {
        return EnvironmentFileKind::PixiLock;
    }
    if (util::endsWith(path, ".yml") || util::endsWith(path, ".yaml")) {
        return EnvironmentFileKind::EnvironmentYml;
    }
    return EnvironmentFileKind::SpecList;
}

std::function<std::optional<std::string>(const std::string&)>
variablesOf(const config::Config& configuration)
{
    // conda expands channels with os.path.expandvars: its process environment, which the
    // composition root read into the configuration's inputs.
    return [variables = configuration.inputs().env](const std::string& name) {
        const auto found = variables.find(name);
        return found == variables.end() ? std::nullopt : std::optional<std::string>(found->second);
    };
}

util::Result<EnvironmentFromFile> readEnvironmentFromFile(const std::string& path,
                                                          const std::string& text,
                                                          const FromFileOptions& options)
{
    const std::string platform =
        options.platform.empty() ? specs::currentPlatform() : options.platform;
    const auto kind = environmentFileKind(path, text);
    switch (kind) {
    case EnvironmentFileKind::EnvironmentYml:
        return wrap(kind, readYml(path, text, platform, options));
    case EnvironmentFileKind::Explicit:
        return wrap(kind, readExplicit(path, text, platform));
    case EnvironmentFileKind::CondaLock:
        return wrap(kind, readLock(path, text, platform));
    case EnvironmentFileKind::PixiLock:
        return util::fail(util::ErrorCode::ParseError,
                          "pixi.lock files are not supported for creating an environment; use "
                          "`pixi install` in its project, or export it with `pixi workspace "
                          "export conda-explicit-spec` and create from the @EXPLICIT file",
                          path);
    case EnvironmentFileKind::SpecList:
        break;
    }
    return wrap(kind, readSpecList(path, text));
}

ChangeRequest changeRequestFor(const SolveFromFile& file, const std::string& prefix,
                               const config::Config& configuration,
                               const std::vector<std::string>& typedChannels, bool overrideChannels)
{
    ChangeRequest request;
    request.prefix = prefix;
    request.create = true;
    request.specs = file.specs;
    std::vector<std::string> typed = file.channels;
    typed.insert(typed.end(), typedChannels.begin(), typedChannels.end());
    request.channels =
        channels::channelList(typed, file.noDefaults || overrideChannels, configuration);
    return request;
}

util::Result<FileStep> nextStepFromFile(const EnvironmentFromFile& file, const std::string& prefix,
                                        const config::Config& configuration,
                                        const NextFromFile& options, std::stop_token stop)
{
    if (const auto* solve = std::get_if<SolveFromFile>(&file.content)) {
        ChangeRequest request = changeRequestFor(*solve, prefix, configuration,
                                                 options.typedChannels, options.overrideChannels);
        request.platform = options.platform;
        request.offline = options.offline;
        request.recoverInterrupted = options.recoverInterrupted;
        return FileStep(std::move(request));
    }
    if (options.recoverInterrupted) {
        if (auto refused = settleInterruptedChange(prefix, {}, stop)) {
            return FileStep(std::move(*refused));
        }
    }
    if (auto refused = checkChangeTarget(prefix, true)) {
        return FileStep(std::move(*refused));
    }
    auto records = completeRecords(std::get<RecordsFromFile>(file.content).records, configuration,
                                   options.offline, {}, stop);
    if (!records) {
        return records.error();
    }
    return FileStep(planFromTarget(prefix, {}, *records, configuration.pkgsDirs()));
}

util::Result<std::vector<specs::PackageRecord>>
completeRecords(std::vector<specs::PackageRecord> records, const config::Config& configuration,
                bool offline, const ApplyProgressFn& progress, std::stop_token stop)
{
    auto ensured = fetchIntoCache(records, configuration, offline, progress, stop);
    if (!ensured) {
        return ensured.error();
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
    return records;
}

util::Result<std::string> installPipSection(const std::string& prefix,
                                            const std::vector<std::string>& pip,
                                            const std::string& file,
                                            const config::Config& configuration,
                                            std::stop_token stop)
{
    const fs::path python = fs::path(prefix) / "bin" / "python";
    std::error_code ec;
    if (!fs::exists(python, ec)) {
        return util::fail(util::ErrorCode::NotFound,
                          file
                              + ": the pip: section needs pip, but the new environment has no "
                                "python: add python and pip to the dependencies (the conda "
                                "packages were installed in "
                              + prefix + ")");
    }
    const fs::path folder = fs::absolute(file).parent_path();
    const fs::path requirements =
        folder / ("condaenv." + std::to_string(::getpid()) + ".requirements.txt");
    {
        std::ofstream out(requirements);
        for (const auto& line : pip) {
            out << line << "\n";
        }
        if (!out) {
            return util::fail(util::ErrorCode::IoError,
                              "cannot write the pip requirements file " + requirements.string());
        }
    }
    auto ran = util::runProcess(
        {python.string(), "-m", "pip", "install", "-U", "-r", requirements.string()},
        util::childEnvironment(configuration.inputs().env, {{"CONDA_PREFIX", prefix}}),
        folder.string(), stop);
    fs::remove(requirements, ec);
    if (!ran) {
        return util::fail(ran.error().code, "pip could not be run: " + ran.error().message());
    }
    if (ran->exitCode != 0) {
        const bool noPip = ran->output.find("No module named pip") != std::string::npos;
        return util::fail(noPip ? util::ErrorCode::NotFound : util::ErrorCode::IoError,
                          noPip ? file
                                      + ": the pip: section needs pip in the environment: add "
                                        "pip to the dependencies"
                                : "pip failed (exit status " + std::to_string(ran->exitCode)
                                      + ") on the pip: section of " + file + ":\n" + ran->output);
    }
    return std::move(ran->output);
}

util::Result<std::string> finishFromFile(const std::string& prefix, const EnvironmentFromFile& file,
                                         const std::string& path,
                                         const config::Config& configuration, std::stop_token stop)
{
    std::vector<std::string> pip;
    if (const auto* solve = std::get_if<SolveFromFile>(&file.content)) {
        if (!solve->variables.empty()) {
            if (auto written = env::writeEnvironmentVariables(prefix, solve->variables); !written) {
                return written.error();
            }
        }
        if (solve->pip) {
            pip = *solve->pip;
        }
    } else {
        pip = std::get<RecordsFromFile>(file.content).pip;
    }
    if (pip.empty()) {
        return std::string();
    }
    return installPipSection(prefix, pip, path, configuration, stop);
}

} // namespace envdesk::ops
