#pragma once

#include "core/channels/loaded_channels.h"
#include "core/solver/solver.h"
#include "core/specs/package_record.h"
#include "core/util/result.h"

#include <optional>
#include <stop_token>
#include <string>
#include <unordered_map>
#include <vector>

// Deciding a change: the candidate records a request can reach, and the plan that turns what
// is installed into what the solver (or a file, a revision, a clone) says should be.
namespace envdesk::ops {

// The candidate records the solve can reach: starting from `names`, every channel subdir's
// records of a name are decoded once, and the names their dependencies mention are followed
// breadth-first. A 500,000-record channel costs only the few thousand records a request touches.
// Sharded subdirs fetch the shards of each breadth-first level at once; `progress` hears of them.
[[nodiscard]] util::Result<std::vector<solver::Repo>>
gatherRepos(const channels::LoadedChannels& channels, const std::vector<std::string>& names,
            bool addPipAsPythonDependency, std::stop_token stop = {},
            const repodata::ShardProgressFn& progress = {});

struct Plan {
    std::string prefix;
    std::vector<specs::PackageRecord> link;   // dependencies first
    std::vector<specs::PackageRecord> unlink; // dependents first
    std::vector<specs::PackageRecord> fetch;  // what the package cache lacks
    std::vector<solver::Action> actions;      // by name, for showing the plan
    // The prefix's packages (dist names, sorted) the plan was decided against, when known:
    // carrying it out checks them again under the prefix's lock (ops::Change::basis).
    std::optional<std::vector<std::string>> basis;
};

// The dist names of `installed`, sorted: what Plan::basis holds.
[[nodiscard]] std::vector<std::string> basisOf(const std::vector<specs::PackageRecord>& installed);

// True when the archive or its extracted folder is in one of the package caches.
[[nodiscard]] bool isCached(const specs::PackageRecord& record,
                            const std::vector<std::string>& pkgsDirs);

// Orders the solver's actions into a plan; `pkgsDirs` decides what must be fetched.
[[nodiscard]] Plan planFromActions(const std::string& prefix, std::vector<solver::Action> actions,
                                   const std::vector<std::string>& pkgsDirs);

// The plan that turns `installed` into exactly `target`: a name in both with another build (or
// channel) is a change, the rest installs and removals; records that stay the same are left.
[[nodiscard]] Plan planFromTarget(const std::string& prefix,
                                  const std::vector<specs::PackageRecord>& installed,
                                  const std::vector<specs::PackageRecord>& target,
                                  const std::vector<std::string>& pkgsDirs);

} // namespace envdesk::ops
