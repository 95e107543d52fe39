#include "core/ops/solve_change.h"

#include "core/env/prefix.h"
#include "core/ops/solve_inputs.h"
#include "core/specs/match_spec.h"

#include <algorithm>

namespace envdesk::ops {

std::string canonicalChannel(const std::string& channel, const specs::ChannelContext& context)
{
    if (channel.empty() || channel == "@" || channel == "<unknown>") {
        return channel;
    }
    auto typed = specs::UnresolvedChannel::parse(channel);
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

// The user's specs must parse, and update and remove only name what is installed.
util::Result<std::vector<specs::MatchSpec>>
checkedSpecs(const ChangeRequest& request, const specs::ChannelContext& context,
             const std::vector<specs::PackageRecord>& installed)
{
    std::vector<specs::MatchSpec> parsed;
    for (const auto& text : request.specs) {
        auto spec = specs::MatchSpec::parse(text, context);
        if (!spec) {
            return util::fail(util::ErrorCode::InvalidMatchSpec, spec.error().detail, text);
        }
        parsed.push_back(std::move(*spec));
    }
    using Kind = solver::Request::Kind;
    if (request.kind == Kind::Update || request.kind == Kind::Remove) {
        for (const auto& spec : parsed) {
            const bool present =
                std::any_of(installed.begin(), installed.end(),
                            [&](const auto& record) { return spec.matches(record); });
            if (!present) {
                return util::fail(util::ErrorCode::NotFound,
                                  "no installed package matches " + spec.str(), request.prefix);
            }
        }
    }
    return parsed;
}

} // namespace

util::Result<ChangeOutcome> solveChange(const ChangeRequest& request,
                                        const config::Config& configuration,
                                        const channels::LoadOptions& loadOptions)
{
    const std::string platform =
        request.platform.empty() ? specs::currentPlatform() : request.platform;
    const specs::ChannelContext context = channels::channelContextFor(configuration, platform);
    auto state =
        readPrefixState(request.prefix, context, configuration, !request.create, request.usePins);
    if (!state) {
        return state.error();
    }
    auto parsed = checkedSpecs(request, context, state->installed);
    if (!parsed) {
        return parsed.error();
    }

    // Channels named in specs (`conda-forge::numpy`) are read too, after the others, as conda
    // adds them.
    std::vector<std::string> channelNames = request.channels;
    if (request.kind != solver::Request::Kind::Remove) {
        for (const auto& spec : *parsed) {
            if (spec.channelAsTyped()) {
                const std::string typed = spec.channelAsTyped()->strWithSecrets();
                if (std::find(channelNames.begin(), channelNames.end(), typed)
                    == channelNames.end()) {
                    channelNames.push_back(typed);
                }
            }
        }
        if (channelNames.empty()) {
            return util::fail(util::ErrorCode::InvalidChannel,
                              "no channels to install from: configure `channels` in .condarc "
                              "or name one");
        }
    }
    channels::LoadedChannels loaded;
    std::vector<std::string> notes;
    channels::LoadOptions options = loadOptions;
    options.note = [&notes, forward = loadOptions.note](const std::string& note) {
        notes.push_back(note);
        if (forward) {
            forward(note);
        }
    };
    if (auto failure =
            channels::loadChannels(channelNames, context, configuration, options, loaded)) {
        return failure->error;
    }

    std::vector<std::string> requestedNames;
    for (const auto& spec : *parsed) {
        requestedNames.push_back(spec.name());
    }
    if (auto pin = pythonMinorPin(state->installed, requestedNames, request.kind)) {
        state->pinned.push_back(std::move(*pin));
    }
    const auto startNames =
        reachableNames(requestedNames, state->installed, state->pinned, state->historySpecs);
    auto repos = gatherRepos(loaded, startNames, configuration.addPipAsPythonDependency());
    if (!repos) {
        return repos.error();
    }

    solver::Request solveRequest;
    solveRequest.kind = request.kind;
    // conda's default solver (libmamba) and mamba erase with clean-deps: what only the removed
    // packages needed goes too.
    solveRequest.prune = request.kind == solver::Request::Kind::Remove;
    solveRequest.specs = request.specs;
    solveRequest.installed = state->installed;
    solveRequest.pinned = state->pinned;
    solveRequest.historySpecs = state->historySpecs;
    solveRequest.virtualPackages = virtualPackagesFor(platform, loadOptions.stop);
    solveRequest.channelPriority =
        request.channelPriority.value_or(solverChannelPriority(configuration.channelPriority()));
    solveRequest.addPipAsPythonDependency = configuration.addPipAsPythonDependency();

    auto outcome = solver::solve(*repos, solveRequest, loadOptions.stop);
    if (!outcome) {
        return outcome.error();
    }
    if (auto* unsolvable = std::get_if<solver::Unsolvable>(&*outcome)) {
        return ChangeOutcome{
            ChangeConflict{std::move(*unsolvable), loaded.channelNames, std::move(notes)}};
    }
    auto& solution = std::get<solver::Solution>(*outcome);
    Plan plan =
        planFromActions(request.prefix, std::move(solution.actions), configuration.pkgsDirs());
    plan.basis = basisOf(state->installed);
    return ChangeOutcome{ChangeProposal{std::move(plan), loaded.channelNames, std::move(notes)}};
}

} // namespace envdesk::ops
