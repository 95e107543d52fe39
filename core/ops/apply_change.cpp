#include "core/ops/apply_change.h"

#include "core/cache/package_cache.h"
#include "core/channels/loaded_channels.h"
#include "core/env/environments.h"
#include "core/specs/match_spec.h"

#include <cstdlib>
#include <map>

namespace envdesk::ops {

namespace {

ApplyProgress::Phase phaseOf(env::TransactionProgress::Phase phase)
{
    switch (phase) {
    case env::TransactionProgress::Phase::Unlinking:
        return ApplyProgress::Phase::Unlink;
    case env::TransactionProgress::Phase::Linking:
        return ApplyProgress::Phase::Link;
    case env::TransactionProgress::Phase::Committing:
        return ApplyProgress::Phase::Finish;
    }
    return ApplyProgress::Phase::Finish;
}

} // namespace

util::Result<cache::EnsureResult> fetchIntoCache(const std::vector<specs::PackageRecord>& records,
                                                 const config::Config& configuration, bool offline,
                                                 const ApplyProgressFn& progress,
                                                 std::stop_token stop)
{
    cache::PackageCache cache(configuration.pkgsDirs());
    cache::EnsureOptions options;
    options.download = channels::downloadOptions(configuration, offline);
    return cache.ensureExtracted(
        records, options,
        [&progress](const cache::Progress& step) {
            if (progress) {
                progress({step.phase == cache::Progress::Phase::Download
                              ? ApplyProgress::Phase::Download
                              : ApplyProgress::Phase::Extract,
                          step.done,
                          step.total,
                          {}});
            }
        },
        stop);
}

util::Result<ApplyOutcome> applyChange(const Change& change, const config::Config& configuration,
                                       const ApplyProgressFn& progress, std::stop_token stop)
{
    ApplyOutcome outcome;
    auto recovered = env::recoverPrefix(change.prefix);
    if (!recovered) {
        return util::fail(recovered.error().code,
                          "an interrupted transaction could not be rolled back: "
                              + recovered.error().detail,
                          recovered.error().context);
    }
    outcome.recoveredFirst = *recovered;

    // 1. The packages, in the cache.
    auto ensured = fetchIntoCache(change.link, configuration, change.offline, progress, stop);
    if (!ensured) {
        return ensured.error();
    }
    outcome.notes = ensured->notes;

    // 2. The prefix, all or nothing.
    env::TransactionPlan plan;
    plan.compilePyc = change.compilePyc;
    plan.prefix = change.prefix;
    plan.unlink = change.unlink;
    std::map<std::string, std::string> requestedByName;
    for (const auto& text : change.userSpecs) {
        if (auto spec = specs::MatchSpec::parse(text)) {
            requestedByName[spec->name()] = text;
        }
    }
    for (std::size_t i = 0; i < change.link.size(); ++i) {
        env::PackageToLink package;
        package.record = change.link[i];
        package.extractedPackageDir = ensured->folders[i];
        const auto requested = requestedByName.find(package.record.name);
        package.requestedSpec =
            requested == requestedByName.end() ? std::string() : requested->second;
        plan.link.push_back(std::move(package));
    }
    plan.history.command = change.command;
    plan.history.unlinked = change.unlink;
    plan.history.linked = change.link;
    plan.history.specs = change.userSpecs;
    plan.history.kind =
        change.remove ? env::HistoryEntry::Kind::Remove : env::HistoryEntry::Kind::Update;
    auto applied = env::executeTransaction(
        plan,
        [&progress](const env::TransactionProgress& step) {
            if (progress) {
                progress({phaseOf(step.phase), step.done, step.total, step.current});
            }
        },
        stop);
    if (!applied) {
        util::Error error = applied.error();
        error.detail += error.code == util::ErrorCode::Cancelled
                            ? "; the environment is unchanged"
                            : "; the environment was put back as it was";
        return error;
    }
    outcome.report = std::move(*applied);

    // 3. conda and micromamba list environments from ~/.conda/environments.txt.
    if (change.create) {
        if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0') {
            if (auto registered =
                    env::registerEnvironment(env::defaultRegistry(home), change.prefix);
                !registered) {
                outcome.notes.push_back(registered.error().message());
            }
        }
    }
    return outcome;
}

} // namespace envdesk::ops
