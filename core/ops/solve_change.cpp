#include "core/ops/solve_change.h"

#include "core/env/prefix.h"
#include "core/env/transaction.h"
#include "core/ops/solve_inputs.h"
#include "core/specs/match_spec.h"
#include "core/util/strings.h"

#include <algorithm>
#include <filesystem>

namespace envdesk::ops {

std::string canonicalChannel(const std::string& channel, const specs::ChannelContext& context)
{
    if (channel.empty() || channel == "@" || channel == "<unknown>") {
        return channel;
    }
    auto typed = specs::UnresolvedChannel::parse(channel, context.paths);
    if (!typed) {
        return specs::maskSecrets(channel);
    }
    return specs::canonicalName(*typed, context);
}

util::Result<PrefixState> readPrefixState(const std::string& prefix,
                                          const specs::ChannelContext& context,
                                          const config::Config& configuration, bool existing,
                                          bool usePins)
{
    PrefixState state;
    if (existing) {
        auto records = env::readPrefixRecords(prefix);
        if (!records) {
            return records.error();
        }
        state.installed = std::move(*records);
        for (auto& record : state.installed) {
            record.channel = canonicalChannel(record.channel, context);
        }
        auto requested = env::readRequestedSpecs(prefix);
        if (!requested) {
            return requested.error();
        }
        state.historySpecs = std::move(*requested);
    }
    if (usePins) {
        state.pinned = configuration.pinnedPackages();
        if (existing) {
            auto pins = env::readPinned(prefix);
            if (!pins) {
                return pins.error();
            }
            state.pinned.insert(state.pinned.end(), pins->begin(), pins->end());
        }
    }
    return state;
}

namespace {

ChangeRefusal refusal(ChangeRefusal::Reason reason, util::Error error,
                      std::vector<std::string> packages = {})
{
    return ChangeRefusal{reason, std::move(error), std::move(packages)};
}

// The user's specs must parse; update takes installed package names, remove what is installed.
std::variant<std::vector<specs::MatchSpec>, ChangeRefusal>
parsedSpecs(const ChangeRequest& request, const specs::ChannelContext& context)
{
    std::vector<specs::MatchSpec> parsed;
    for (const auto& text : request.specs) {
        auto spec = specs::MatchSpec::parse(text, context);
        if (!spec) {
            return refusal(
                ChangeRefusal::Reason::InvalidSpec,
                util::Error{util::ErrorCode::InvalidMatchSpec, spec.error().detail, text});
        }
        if (request.kind == solver::Request::Kind::Update
            && (!spec->hasExactName() || spec->str() != spec->name())) {
            return refusal(ChangeRefusal::Reason::UpdateNeedsNames,
                           util::Error{util::ErrorCode::InvalidMatchSpec,
                                       "update takes package names only; install a spec with "
                                       "a version instead",
                                       text},
                           {spec->str()});
        }
        parsed.push_back(std::move(*spec));
    }
    return parsed;
}

std::optional<ChangeRefusal> missingInstalled(const ChangeRequest& request,
                                              const std::vector<specs::MatchSpec>& parsed,
                                              const std::vector<specs::PackageRecord>& installed)
{
    using Kind = solver::Request::Kind;
    if (request.kind != Kind::Update && request.kind != Kind::Remove) {
        return std::nullopt;
    }
    std::vector<std::string> missing;
    for (const auto& spec : parsed) {
        const bool present = std::any_of(installed.begin(), installed.end(),
                                         [&](const auto& record) { return spec.matches(record); });
        if (!present) {
            missing.push_back(request.kind == Kind::Update ? spec.name() : spec.str());
        }
    }
    if (missing.empty()) {
        return std::nullopt;
    }
    if (request.kind == Kind::Update) {
        // conda names the first package that is not there.
        return refusal(ChangeRefusal::Reason::NotInstalled,
                       util::Error{util::ErrorCode::NotFound,
                                   "no installed package matches " + missing.front(),
                                   request.prefix},
                       {missing.front()});
    }
    return refusal(ChangeRefusal::Reason::MissingFromPrefix,
                   util::Error{util::ErrorCode::NotFound,
                               "no installed package matches " + util::join(missing, ", "),
                               request.prefix},
                   std::move(missing));
}

} // namespace

std::optional<ChangeRefusal> settleInterruptedChange(const std::string& prefix,
                                                     const ChangeObserver& observer,
                                                     std::stop_token stop)
{
    std::error_code error;
    if (!std::filesystem::exists(std::filesystem::path(prefix) / "conda-meta", error)) {
        return std::nullopt;
    }
    env::PrefixLockOptions waiting;
    waiting.onWait = observer.waiting;
    auto recovered = env::recoverPrefix(prefix, waiting, std::move(stop));
    if (!recovered) {
        const auto reason = recovered.error().code == util::ErrorCode::Cancelled
                                ? ChangeRefusal::Reason::SolveFailed
                                : ChangeRefusal::Reason::RecoveryFailed;
        return refusal(reason, recovered.error());
    }
    if (*recovered && observer.recovered) {
        observer.recovered();
    }
    return std::nullopt;
}

std::optional<ChangeRefusal> checkChangeTarget(const std::string& prefix, bool create)
{
    std::error_code error;
    if (create) {
        if (std::filesystem::exists(prefix, error) && !std::filesystem::is_empty(prefix, error)
            && !env::isBareEnvironment(prefix)) {
            return refusal(ChangeRefusal::Reason::PrefixExists,
                           util::Error{util::ErrorCode::IoError,
                                       "a folder that is not empty is already there (create "
                                       "does not replace it)",
                                       prefix});
        }
        return std::nullopt;
    }
    if (!env::isEnvironment(prefix)) {
        return refusal(ChangeRefusal::Reason::NotAnEnvironment,
                       util::Error{util::ErrorCode::NotFound, "not a conda environment", prefix});
    }
    return std::nullopt;
}

ChangeDecision decideChange(const ChangeRequest& request, const config::Config& configuration,
                            const channels::LoadOptions& loadOptions,
                            const ChangeObserver& observer)
{
    const std::string platform =
        request.platform.empty() ? specs::currentPlatform() : request.platform;
    const specs::ChannelContext context = channels::channelContextFor(configuration, platform);
    auto parsedOrRefusal = parsedSpecs(request, context);
    if (auto* refused = std::get_if<ChangeRefusal>(&parsedOrRefusal)) {
        return std::move(*refused);
    }
    const auto& parsed = std::get<std::vector<specs::MatchSpec>>(parsedOrRefusal);
    if (request.recoverInterrupted) {
        if (auto refused = settleInterruptedChange(request.prefix, observer, loadOptions.stop)) {
            return std::move(*refused);
        }
    }
    if (auto refused = checkChangeTarget(request.prefix, request.create)) {
        return std::move(*refused);
    }
    auto state =
        readPrefixState(request.prefix, context, configuration, !request.create, request.usePins);
    if (!state) {
        return refusal(ChangeRefusal::Reason::UnreadablePrefix, state.error());
    }
    if (auto refused = missingInstalled(request, parsed, state->installed)) {
        return std::move(*refused);
    }

    // Channels named in specs (`conda-forge::numpy`) are read too, after the others, as conda
    // adds them.
    std::vector<std::string> channelNames = request.channels;
    if (request.kind != solver::Request::Kind::Remove) {
        for (const auto& spec : parsed) {
            if (spec.channelAsTyped()) {
                const std::string typed = spec.channelAsTyped()->strWithSecrets();
                if (std::find(channelNames.begin(), channelNames.end(), typed)
                    == channelNames.end()) {
                    channelNames.push_back(typed);
                }
            }
        }
        if (channelNames.empty()) {
            return refusal(ChangeRefusal::Reason::NoChannels,
                           util::Error{util::ErrorCode::InvalidChannel,
                                       "no channels to install from: configure `channels` in "
                                       ".condarc or name one",
                                       {}});
        }
    }
    channels::LoadedChannels loaded;
    std::vector<std::string> notes;
    channels::LoadOptions options = loadOptions;
    // Offline when the caller's load options or the request say so; .condarc's `offline` holds
    // in any case (channels::loadChannels and downloadOptions read it).
    options.offline = loadOptions.offline || request.offline;
    options.note = [&notes, forward = loadOptions.note](const std::string& note) {
        notes.push_back(note);
        if (forward) {
            forward(note);
        }
    };
    if (auto failure =
            channels::loadChannels(channelNames, context, configuration, options, loaded)) {
        return refusal(failure->step == channels::LoadStep::Fetch
                           ? ChangeRefusal::Reason::ChannelUnreachable
                           : ChangeRefusal::Reason::ChannelUnreadable,
                       failure->error);
    }
    if (observer.phase) {
        observer.phase(ChangePhase::ChannelsLoaded, loaded.channelNames);
    }

    std::vector<std::string> requestedNames;
    for (const auto& spec : parsed) {
        requestedNames.push_back(spec.name());
    }
    std::string keptPythonSeries;
    if (auto pin = pythonMinorPin(state->installed, requestedNames, request.kind)) {
        keptPythonSeries = *pin;
        state->pinned.push_back(std::move(*pin));
    }
    const auto startNames =
        reachableNames(requestedNames, state->installed, state->pinned, state->historySpecs);
    auto repos = gatherRepos(loaded, startNames, configuration.addPipAsPythonDependency(),
                             loadOptions.stop, loadOptions.shardProgress);
    if (!repos) {
        return refusal(ChangeRefusal::Reason::ChannelUnreadable, repos.error());
    }
    if (observer.phase) {
        observer.phase(ChangePhase::MetadataCollected, loaded.channelNames);
    }

    solver::Request solveRequest;
    solveRequest.paths = context.paths;
    solveRequest.kind = request.kind;
    // conda's default solver (libmamba) and mamba erase with clean-deps: what only the removed
    // packages needed goes too.
    solveRequest.prune = request.kind == solver::Request::Kind::Remove;
    solveRequest.specs = request.specs;
    solveRequest.installed = state->installed;
    solveRequest.pinned = state->pinned;
    solveRequest.historySpecs = state->historySpecs;
    solveRequest.virtualPackages = virtualPackagesFor(platform, configuration, loadOptions.stop);
    solveRequest.channelPriority =
        request.channelPriority.value_or(solverChannelPriority(configuration.channelPriority()));
    solveRequest.addPipAsPythonDependency = configuration.addPipAsPythonDependency();

    auto outcome = solver::solve(*repos, solveRequest, loadOptions.stop);
    if (!outcome) {
        return refusal(ChangeRefusal::Reason::SolveFailed, outcome.error());
    }
    if (auto* unsolvable = std::get_if<solver::Unsolvable>(&*outcome)) {
        // Offline, a channel with nothing cached was empty: what is missing may well be there.
        if (!unsolvable->graph.missing.empty() && !loaded.uncachedOffline.empty()) {
            unsolvable->explanation += "\n  offline, and nothing is cached yet for "
                                       + util::join(loaded.uncachedOffline, ", ")
                                       + " (what is missing may be there: try once online)\n";
        }
        std::vector<std::string> offlineShards;
        for (const auto& source : loaded.sources) {
            if (source.shards) {
                const auto missing = source.shards->counts().offlineMissing;
                offlineShards.insert(offlineShards.end(), missing.begin(), missing.end());
            }
        }
        if (!unsolvable->graph.missing.empty() && !offlineShards.empty()) {
            unsolvable->explanation +=
                "\n  offline, and these packages' shards are not cached yet: "
                + util::join(offlineShards, ", ") + " (try once online)\n";
        }
        return ChangeConflict{std::move(*unsolvable), loaded.channelNames, std::move(notes),
                              std::move(keptPythonSeries), loaded.sources};
    }
    auto& solution = std::get<solver::Solution>(*outcome);
    Plan plan =
        planFromActions(request.prefix, std::move(solution.actions), configuration.pkgsDirs());
    plan.basis = basisOf(state->installed);
    return ChangeProposal{std::move(plan), loaded.channelNames, std::move(notes), loaded.sources};
}

util::Result<ChangeOutcome> solveChange(const ChangeRequest& request,
                                        const config::Config& configuration,
                                        const channels::LoadOptions& loadOptions)
{
    auto decision = decideChange(request, configuration, loadOptions);
    if (auto* refused = std::get_if<ChangeRefusal>(&decision)) {
        return std::move(refused->error);
    }
    if (auto* conflict = std::get_if<ChangeConflict>(&decision)) {
        return ChangeOutcome{std::move(*conflict)};
    }
    return ChangeOutcome{std::get<ChangeProposal>(std::move(decision))};
}

} // namespace envdesk::ops
