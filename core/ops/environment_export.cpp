#include "core/ops/environment_export.h"

#include "core/channels/loaded_channels.h"
#include "core/env/env_vars.h"
#include "core/env/history.h"
#include "core/env/prefix.h"
#include "core/env/python_dists.h"
#include "core/envfile/locked_package.h"
#include "core/ops/solve_change.h"
#include "core/solver/solver.h"
#include "core/specs/channel.h"
#include "core/specs/spec_name.h"
#include "core/util/hash.h"
#include "core/util/strings.h"

#include <algorithm>
#include <filesystem>

namespace envdesk::ops {

namespace {

namespace fs = std::filesystem;

void addOnce(std::vector<std::string>& list, const std::string& item)
{
    if (std::find(list.begin(), list.end(), item) == list.end()) {
        list.push_back(item);
    }
}

// conda: the -c channels, then the configured ones. Channels are written by their canonical
// names, so that a channel named two ways (a folder and its file:// URL) is listed once.
// `defaults` is left out when no package came from it and the export was not asked for it (-c
// defaults): conda lists it whenever it is configured, so an environment made from a local
// channel or a mirror alone exported a file whose create reaches for repo.anaconda.com and fails
// offline or behind a firewall (docs/environments.md).
std::vector<std::string> listedChannels(const ExportOptions& options,
                                        const config::Config& configuration,
                                        const specs::ChannelContext& context,
                                        const std::vector<std::string>& packageChannels)
{
    std::vector<std::string> channels;
    for (const auto& channel : options.channels) {
        addOnce(channels, channel == "defaults" ? channel : canonicalChannel(channel, context));
    }
    if (!options.overrideChannels) {
        const bool defaultsUsed =
            std::find(packageChannels.begin(), packageChannels.end(), "defaults")
            != packageChannels.end();
        for (const auto& channel : configuration.channels()) {
            const std::string name =
                channel == "defaults" ? channel : canonicalChannel(channel, context);
            if (name != "defaults" || defaultsUsed) {
                addOnce(channels, name);
            }
        }
    }
    return channels;
}

// The channels the user typed (-c/--channel) in the history's commands, in order, by canonical
// name; `nodefaults` is not a channel.
std::vector<std::string> historyChannels(const std::vector<env::Revision>& revisions,
                                         const specs::ChannelContext& context)
{
    std::vector<std::string> channels;
    // The history keeps commands with their secrets masked (`/t/<TOKEN>/`, `user:<PASSWORD>@`):
    // a channel is written without credentials, as a file on disk must be, and a later create
    // takes them from the configuration.
    const auto add = [&](const std::string& typed) {
        if (!typed.empty() && typed != "nodefaults") {
            const std::string plain = specs::stripCredentials(typed);
            addOnce(channels, plain == "defaults"
                                  ? plain
                                  : specs::stripCredentials(canonicalChannel(plain, context)));
        }
    };
    for (const auto& revision : revisions) {
        const auto words = util::split(revision.command, ' ');
        for (std::size_t i = 0; i < words.size(); ++i) {
            const std::string_view word = words[i];
            if ((word == "-c" || word == "--channel") && i + 1 < words.size()) {
                add(std::string(words[++i]));
            } else if (util::startsWith(word, "--channel=")) {
                add(std::string(word.substr(10)));
            } else if (util::startsWith(word, "-c") && word.size() > 2 && word[2] != '-') {
                add(std::string(word.substr(2)));
            }
        }
    }
    return channels;
}

// What pip (not conda) installed, as pip's requirements; nullopt when nothing.
util::Result<std::optional<std::vector<std::string>>> pipSection(const std::string& prefix)
{
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
    return pip.empty() ? std::nullopt : std::optional(std::move(pip));
}

envfile::LockedPackage lockedFrom(const specs::PackageRecord& record, const std::string& platform)
{
    envfile::LockedPackage locked;
    locked.manager = "conda";
    locked.name = record.name;
    locked.version = record.version;
    locked.build = record.build;
    locked.platform = platform;
    locked.url = specs::stripCredentials(record.url);
    locked.md5 = record.md5;
    locked.sha256 = record.sha256;
    for (const auto& dependency : record.depends) {
        auto [name, spec] = envfile::splitDependency(dependency);
        // conda-lock writes an unconstrained dependency as '*'.
        locked.dependencies.emplace_back(std::move(name), spec.empty() ? "*" : std::move(spec));
    }
    return locked;
}

// The records a lock holds for `platform`: the installed ones for this machine, else what the
// history's requests resolve to there.
util::Result<std::vector<specs::PackageRecord>>
platformRecords(const std::string& prefix, const std::string& platform, const LockOptions& options)
{
    if (platform == specs::currentPlatform()) {
        return env::readPrefixRecords(prefix);
    }
    auto requested = env::readRequestedSpecs(prefix);
    if (!requested) {
        return requested.error();
    }
    if (requested->empty()) {
        return util::fail(util::ErrorCode::NotFound,
                          "the history names no requested packages to solve for " + platform,
                          prefix);
    }
    if (!options.solveOther) {
        return util::fail(util::ErrorCode::NotFound,
                          "locking " + platform + " needs a solve for it, and none was given",
                          prefix);
    }
    return options.solveOther(*requested, options.channels, platform);
}

} // namespace

std::string environmentName(const std::string& prefix, const std::string& rootPrefix)
{
    if (prefix == rootPrefix) {
        return "base";
    }
    return fs::path(prefix).filename().string();
}

util::Result<envfile::EnvironmentFile> exportEnvironment(const std::string& prefix,
                                                         const ExportOptions& options,
                                                         const config::Config& configuration)
{
    if (!env::isEnvironment(prefix)) {
        return util::fail(util::ErrorCode::NotFound, "not a conda environment", prefix);
    }
    const auto context = channels::channelContextFor(configuration, specs::currentPlatform());
    envfile::EnvironmentFile file;
    file.name = options.name.empty() ? fs::path(prefix).filename().string() : options.name;
    file.prefix = prefix;
    auto variables = env::readEnvironmentVariables(prefix);
    if (!variables) {
        return variables.error();
    }
    file.variables = std::move(*variables);
    auto records = env::readPrefixRecords(prefix);
    if (!records) {
        return records.error();
    }

    if (options.fromHistory) {
        // conda drops every channel here (conda/conda#12842), so the file cannot rebuild what
        // came from a channel the configuration lacks. Envdesk keeps the ones the user asked
        // for: typed in the history's commands, then those the requested packages came from.
        auto requested = env::readRequestedSpecs(prefix);
        if (!requested) {
            return requested.error();
        }
        auto revisions = env::readHistory(prefix);
        if (!revisions) {
            return revisions.error();
        }
        std::vector<std::string> asked = options.ignoreChannels
                                             ? std::vector<std::string>{}
                                             : historyChannels(*revisions, context);
        std::vector<std::string> names;
        for (const auto& spec : *requested) {
            if (auto parsed = specs::parseSpecSyntax(spec)) {
                names.push_back(parsed->name());
            }
        }
        for (const auto& record : *records) {
            const std::string channel = canonicalChannel(record.channel, context);
            if (!options.ignoreChannels
                && std::find(names.begin(), names.end(), record.name) != names.end()
                && !channel.empty() && channel != "<unknown>" && channel != "@") {
                addOnce(asked, channel);
            }
        }
        file.channels = asked;
        for (const auto& channel : listedChannels(options, configuration, context, asked)) {
            addOnce(file.channels, channel);
        }
        file.dependencies = std::move(*requested);
        return file;
    }

    std::vector<std::string> packageChannels;
    for (const auto& record : *records) {
        file.dependencies.push_back(record.name + "=" + record.version
                                    + (options.noBuilds ? std::string() : "=" + record.build));
        const std::string channel = canonicalChannel(record.channel, context);
        if (!channel.empty() && channel != "<unknown>" && channel != "@") {
            addOnce(packageChannels, channel);
        }
    }
    file.channels = listedChannels(options, configuration, context, packageChannels);
    // conda puts each package's channel in front of the listed ones.
    if (!options.ignoreChannels) {
        for (auto it = packageChannels.rbegin(); it != packageChannels.rend(); ++it) {
            if (std::find(file.channels.begin(), file.channels.end(), *it) == file.channels.end()) {
                file.channels.insert(file.channels.begin(), *it);
            }
        }
    }
    auto pip = pipSection(prefix);
    if (!pip) {
        return pip.error();
    }
    file.pip = std::move(*pip);
    return file;
}

PlatformSolveFn inProcessSolve(const config::Config& configuration, std::stop_token stop)
{
    return [configuration,
            stop](const std::vector<std::string>& specTexts,
                  const std::vector<std::string>& channelNames,
                  const std::string& platform) -> util::Result<std::vector<specs::PackageRecord>> {
        ChangeRequest request;
        // Never read or written: a create solves from nothing.
        request.prefix = "/nonexistent/envdesk-lock-" + platform;
        request.create = true;
        request.specs = specTexts;
        request.channels = channelNames;
        request.platform = platform;
        channels::LoadOptions loadOptions;
        loadOptions.stop = stop;
        auto outcome = solveChange(request, configuration, loadOptions);
        if (!outcome) {
            return outcome.error();
        }
        if (const auto* conflict = std::get_if<ChangeConflict>(&*outcome)) {
            return util::fail(util::ErrorCode::NotFound,
                              "the environment's specs cannot be solved for " + platform + ": "
                                  + conflict->unsolvable.explanation,
                              platform);
        }
        return std::get<ChangeProposal>(*outcome).plan.link;
    };
}

util::Result<std::string> exportExplicit(const std::string& prefix, envfile::ExplicitHash hash,
                                         const std::string& platform)
{
    auto records = env::readPrefixRecords(prefix);
    if (!records) {
        return records.error();
    }
    std::string out = envfile::explicitHeader(platform);
    for (const auto& record : solver::dependencyOrder(*records)) {
        if (record.url.empty() || util::startsWith(record.url, "<unknown>")) {
            out += "# no URL for: " + record.fn + "\n";
            continue;
        }
        out += envfile::explicitLine({record.url, record.md5, record.sha256, 0}, hash);
    }
    return out;
}

util::Result<envfile::CondaLock> exportLock(const std::string& prefix, const LockOptions& options)
{
    envfile::CondaLock lock;
    lock.platforms = options.platforms;
    if (lock.platforms.empty()) {
        lock.platforms = {specs::currentPlatform()};
    }
    lock.channels = options.channels;
    for (const auto& platform : lock.platforms) {
        auto records = platformRecords(prefix, platform, options);
        if (!records) {
            return records.error();
        }
        std::string inputs = platform;
        for (const auto& record : solver::dependencyOrder(*records)) {
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
    return lock;
}

} // namespace envdesk::ops
