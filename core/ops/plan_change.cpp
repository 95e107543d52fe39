#include "core/ops/plan_change.h"

#include "core/specs/channel.h"
#include "core/specs/match_spec.h"
#include "core/specs/spec_name.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <unordered_set>

namespace envdesk::ops {

namespace fs = std::filesystem;

util::Result<std::vector<solver::Repo>> gatherRepos(const channels::LoadedChannels& channels,
                                                    const std::vector<std::string>& names,
                                                    bool addPipAsPythonDependency,
                                                    std::stop_token stop,
                                                    const repodata::ShardProgressFn& progress)
{
    std::vector<solver::Repo> repos;
    const int count = static_cast<int>(channels.channelCount);
    for (const auto& subdir : channels.subdirs) {
        repos.push_back(solver::Repo{subdir.channel(), count - subdir.channelRank(), {}});
    }
    specs::SpecNames dependencyNames;
    std::unordered_set<std::string> seen;
    std::vector<std::string> level;
    std::vector<std::string> next;
    const auto enqueue = [&](const std::string& name) {
        if (!name.empty() && name != "*" && seen.insert(name).second) {
            next.push_back(name);
        }
    };
    for (const auto& name : names) {
        enqueue(name);
    }
    repodata::ShardProgress shardsSoFar;
    while (!next.empty()) {
        level = std::move(next);
        next.clear();
        // One level at a time, so that a sharded channel fetches the level's shards together.
        repodata::ShardProgress ofLevel;
        auto fetched =
            channels::prefetchNames(channels, level, stop, [&](const repodata::ShardProgress& p) {
                ofLevel = p;
                if (progress) {
                    progress({shardsSoFar.done + p.done, shardsSoFar.total + p.total,
                              shardsSoFar.bytes + p.bytes});
                }
            });
        if (!fetched) {
            return fetched.error();
        }
        shardsSoFar.done += ofLevel.done;
        shardsSoFar.total += ofLevel.total;
        shardsSoFar.bytes += ofLevel.bytes;
        for (const auto& name : level) {
            for (std::size_t i = 0; i < channels.subdirs.size(); ++i) {
                auto records = channels.subdirs[i].recordsFor(name);
                if (!records) {
                    return records.error();
                }
                for (auto& record : *records) {
                    for (const auto& dependency : record.depends) {
                        auto dependencyName = dependencyNames.nameOf(dependency);
                        // A dependency that does not parse cannot be followed; the solver
                        // reports the record as unusable if it is ever chosen.
                        if (dependencyName) {
                            enqueue(*dependencyName);
                        }
                    }
                    repos[i].records.push_back(std::move(record));
                }
            }
            // The solver adds pip to python's dependencies (add_pip_as_python_dependency).
            if (name == "python" && addPipAsPythonDependency) {
                enqueue("pip");
            }
        }
    }
    return repos;
}

bool isCached(const specs::PackageRecord& record, const std::vector<std::string>& pkgsDirs)
{
    std::error_code error;
    for (const auto& dir : pkgsDirs) {
        if (!record.fn.empty() && fs::exists(fs::path(dir) / record.fn, error)) {
            return true;
        }
        if (fs::exists(fs::path(dir) / record.distName() / "info" / "repodata_record.json",
                       error)) {
            return true;
        }
    }
    return false;
}

Plan planFromActions(const std::string& prefix, std::vector<solver::Action> actions,
                     const std::vector<std::string>& pkgsDirs)
{
    Plan plan;
    plan.prefix = prefix;
    plan.actions = std::move(actions);
    std::sort(plan.actions.begin(), plan.actions.end(), [](const auto& a, const auto& b) {
        const auto& left = a.to ? *a.to : *a.from;
        const auto& right = b.to ? *b.to : *b.from;
        return left.name < right.name;
    });
    for (const auto& action : plan.actions) {
        if (action.from) {
            plan.unlink.push_back(*action.from);
        }
        if (action.to) {
            plan.link.push_back(*action.to);
        }
    }
    // As conda: link dependencies first, unlink dependents first.
    plan.link = solver::dependencyOrder(plan.link);
    plan.unlink = solver::dependencyOrder(plan.unlink);
    std::reverse(plan.unlink.begin(), plan.unlink.end());
    for (const auto& record : plan.link) {
        if (!isCached(record, pkgsDirs)) {
            plan.fetch.push_back(record);
        }
    }
    return plan;
}

std::vector<std::string> basisOf(const std::vector<specs::PackageRecord>& installed)
{
    std::vector<std::string> names;
    names.reserve(installed.size());
    for (const auto& record : installed) {
        names.push_back(record.distName());
    }
    std::sort(names.begin(), names.end());
    return names;
}

Plan planFromTarget(const std::string& prefix, const std::vector<specs::PackageRecord>& installed,
                    const std::vector<specs::PackageRecord>& target,
                    const std::vector<std::string>& pkgsDirs)
{
    std::map<std::string, const specs::PackageRecord*> before;
    for (const auto& record : installed) {
        before[record.name] = &record;
    }
    std::map<std::string, const specs::PackageRecord*> after;
    for (const auto& record : target) {
        after[record.name] = &record;
    }
    std::vector<solver::Action> actions;
    for (const auto& [name, record] : after) {
        const auto old = before.find(name);
        if (old == before.end()) {
            actions.push_back(solver::actionBetween(std::nullopt, *record));
        } else if (old->second->distName() != record->distName()
                   || specs::stripCredentials(old->second->channel)
                          != specs::stripCredentials(record->channel)) {
            actions.push_back(solver::actionBetween(*old->second, *record));
        }
    }
    for (const auto& [name, record] : before) {
        if (after.count(name) == 0) {
            actions.push_back(solver::actionBetween(*record, std::nullopt));
        }
    }
    Plan plan = planFromActions(prefix, std::move(actions), pkgsDirs);
    plan.basis = basisOf(installed);
    return plan;
}

} // namespace envdesk::ops
