#include "core/ops/apply_change.h"

#include "core/cache/package_cache.h"
#include "core/channels/loaded_channels.h"
#include "core/env/environments.h"
#include "core/env/prefix.h"
#include "core/ops/plan_change.h"
#include "core/specs/match_spec.h"
#include "core/specs/spec_name.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

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

Change changeFor(const Plan& plan)
{
    Change change;
    change.prefix = plan.prefix;
    change.link = plan.link;
    change.unlink = plan.unlink;
    change.basis = plan.basis;
    return change;
}

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
                          step.done, step.total, step.current});
            }
        },
        stop);
}

namespace {

// Whether `change` still fits the prefix as it is now (the lock is held): nothing else has
// changed it since the change was decided.
util::Result<void> checkStillCurrent(const Change& change)
{
    std::vector<specs::PackageRecord> installed;
    if (env::isEnvironment(change.prefix)) {
        auto records = env::readPrefixRecords(change.prefix);
        if (!records) {
            return records.error();
        }
        installed = std::move(*records);
    }
    const auto stale = [&](const std::string& why) {
        return util::fail(util::ErrorCode::Stale,
                          "another process changed the environment while this change waited (" + why
                              + "); decide the change again",
                          change.prefix);
    };
    if (change.basis) {
        std::vector<std::string> expected = *change.basis;
        std::sort(expected.begin(), expected.end());
        if (expected != basisOf(installed)) {
            return stale("its packages are not those the change was decided for");
        }
        return {};
    }
    std::set<std::string> present;
    std::set<std::string> leaving;
    for (const auto& record : installed) {
        present.insert(record.distName());
    }
    for (const auto& record : change.unlink) {
        if (present.count(record.distName()) == 0) {
            return stale(record.distName() + " is no longer installed");
        }
        leaving.insert(record.distName());
    }
    for (const auto& record : change.link) {
        for (const auto& other : installed) {
            if (other.name == record.name && leaving.count(other.distName()) == 0) {
                return stale(other.distName() + " is installed now");
            }
        }
    }
    return {};
}

} // namespace

util::Result<ApplyOutcome> applyChange(const Change& change, const config::Config& configuration,
                                       const ApplyProgressFn& progress, std::stop_token stop)
{
    ApplyOutcome outcome;

    // 1. The packages, in the cache (which has locks of its own): no need to hold the prefix.
    auto ensured = fetchIntoCache(change.link, configuration, change.offline, progress, stop);
    if (!ensured) {
        return ensured.error();
    }
    outcome.notes = ensured->notes;

    // The prefix's lock, held from the check that the change still fits to the end.
    env::PrefixLockOptions lockOptions;
    lockOptions.owner = change.command.empty() ? std::string("envdesk") : change.command;
    lockOptions.timeout = change.lockTimeout;
    lockOptions.onWait = [&progress](const std::string& holder) {
        if (progress) {
            progress({ApplyProgress::Phase::Waiting, 0, 0, holder});
        }
    };
    const env::PrefixBefore before = env::prefixBefore(change.prefix);
    auto lock = env::lockPrefix(change.prefix, lockOptions, stop);
    // A create that fails leaves no folder behind, and an empty folder it was given empty.
    const auto failed = [&](util::Error error) -> util::Result<ApplyOutcome> {
        if (before != env::PrefixBefore::Occupied) {
            if (lock) {
                lock->release();
            }
            env::discardBareEnvironment(change.prefix, before);
        }
        return error;
    };
    if (!lock) {
        return failed(lock.error());
    }
    auto recovered = env::recoverPrefix(change.prefix, *lock);
    if (!recovered) {
        return failed(util::Error{recovered.error().code,
                                  "an interrupted transaction could not be rolled back: "
                                      + recovered.error().detail,
                                  recovered.error().context});
    }
    outcome.recoveredFirst = *recovered;
    if (auto current = checkStillCurrent(change); !current) {
        return failed(current.error());
    }

    // 2. The prefix, all or nothing.
    env::TransactionPlan plan;
    plan.compilePyc = change.compilePyc;
    plan.processEnvironment = configuration.inputs().env;
    plan.prefix = change.prefix;
    plan.unlink = change.unlink;
    std::map<std::string, std::string> requestedByName;
    for (const auto& text : change.userSpecs) {
        if (auto spec = specs::parseSpecSyntax(text)) {
            requestedByName[spec->name()] = text;
        }
    }
    for (std::size_t i = 0; i < change.link.size(); ++i) {
        env::PackageToLink package;
        package.record = change.link[i];
        package.extractedPackageDir = ensured->folders[i];
        package.tarballPath = ensured->archives[i];
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
        plan, *lock,
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
        return failed(std::move(error));
    }
    outcome.report = std::move(*applied);

    // 3. conda and micromamba list environments from ~/.conda/environments.txt.
    if (change.create) {
        if (const std::string& home = configuration.inputs().homeDir; !home.empty()) {
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
