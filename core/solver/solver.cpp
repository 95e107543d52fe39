#include "core/solver/solver.h"

#include "core/solver/solv_pool.h"
#include "core/solver/solver_process.h"
#include "core/solver/solver_run.h"
#include "core/specs/match_spec.h"
#include "core/specs/spec_name.h"
#include "core/specs/version.h"
#include "core/util/strings.h"

#include <algorithm>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <unordered_map>

namespace envdesk::solver {

using detail::LadderLinks;
using detail::SolvableInfo;
using detail::SolverRun;
using detail::SolvPool;
using detail::SolvQueue;
using specs::PackageRecord;
using util::ErrorCode;
using util::fail;

namespace detail {

// conda's preference within one name, as a sortable key: fewer track_features first, then the
// higher version, build number and timestamp, and an arch build over a noarch one when all else
// is equal.
struct Preference {
    std::size_t trackFeatures = 0;
    // conda's feature metric: a record whose `features` are all active (tracked by a package
    // the request names or the environment holds: `nomkl` activates numpy's nomkl builds) is
    // preferred, whatever its version; one with a feature nobody tracks comes after the
    // featureless ones. 2, 1, 0: featured and active, featureless, inactive feature.
    int featureFit = 1;
    const specs::Version* version = nullptr; // the entry's parsed version (SolverRun)
    std::uint64_t buildNumber = 0;
    // How new the dependencies it allows are, against the other records of its name that are
    // equal so far (dependencyScores): conda's objective goes on from the versions of what was
    // asked for to those of everything else, so of numpy's builds for python 3.9 to 3.12 the
    // one that allows the newest python is taken. Higher is better.
    std::size_t dependencyScore = 0;
    std::uint64_t timestamp = 0;
    bool arch = false;

    [[nodiscard]] bool equalBeforeDependencies(const Preference& other) const
    {
        return trackFeatures == other.trackFeatures && featureFit == other.featureFit
               && (version == nullptr) == (other.version == nullptr)
               && (version == nullptr || *version == *other.version)
               && buildNumber == other.buildNumber;
    }

    // -1 when this is less preferred than `other`.
    [[nodiscard]] int compare(const Preference& other) const
    {
        if (trackFeatures != other.trackFeatures) {
            return trackFeatures > other.trackFeatures ? -1 : 1;
        }
        if (featureFit != other.featureFit) {
            return featureFit < other.featureFit ? -1 : 1;
        }
        if ((version != nullptr) != (other.version != nullptr)) {
            return version != nullptr ? 1 : -1;
        }
        if (version && *version != *other.version) {
            return *version < *other.version ? -1 : 1;
        }
        if (buildNumber != other.buildNumber) {
            return buildNumber < other.buildNumber ? -1 : 1;
        }
        if (dependencyScore != other.dependencyScore) {
            return dependencyScore < other.dependencyScore ? -1 : 1;
        }
        if (timestamp != other.timestamp) {
            return timestamp < other.timestamp ? -1 : 1;
        }
        if (arch != other.arch) {
            return arch ? 1 : -1;
        }
        return 0;
    }
};

} // namespace detail

using detail::Preference;

namespace {

Preference preferenceOf(const PackageRecord& record, const std::optional<specs::Version>& version)
{
    Preference p;
    p.trackFeatures = record.trackFeatures.size();
    p.version = version ? &*version : nullptr;
    p.buildNumber = record.buildNumber;
    p.timestamp = record.timestamp;
    p.arch = record.subdir != "noarch";
    return p;
}

// conda (add_pip_as_python_dependency): every python 2.x/3.x depends on pip.
bool wantsPip(const PackageRecord& record)
{
    return record.name == "python"
           && (util::startsWith(record.version, "2.") || util::startsWith(record.version, "3."))
           && std::none_of(record.depends.begin(), record.depends.end(), [](const std::string& d) {
                  return d == "pip" || util::startsWith(d, "pip ");
              });
}

} // namespace

namespace detail {

const specs::Version* SolverRun::bestVersionAllowedBy(const std::string& dependency)
{
    if (const auto cached = m_bestAllowed.find(dependency); cached != m_bestAllowed.end()) {
        return cached->second;
    }
    const specs::Version* best = nullptr;
    auto spec = specs::MatchSpec::parse(dependency);
    if (spec && spec->hasExactName()) {
        // Newest first, so that the scan stops at the first record the spec takes.
        auto newest = m_newestFirst.find(spec->name());
        if (newest == m_newestFirst.end()) {
            std::vector<std::size_t> order;
            if (const auto named = m_entriesByName.find(spec->name());
                named != m_entriesByName.end()) {
                for (const std::size_t i : named->second) {
                    if (entryVersion(i)) {
                        order.push_back(i);
                    }
                }
            }
            std::stable_sort(order.begin(), order.end(), [this](std::size_t a, std::size_t b) {
                return *entryVersion(b) < *entryVersion(a);
            });
            newest = m_newestFirst.emplace(spec->name(), std::move(order)).first;
        }
        for (const std::size_t i : newest->second) {
            if (spec->matches(*m_entries[i].record, *entryVersion(i))) {
                best = &*entryVersion(i);
                break;
            }
        }
    }
    m_bestAllowed.emplace(dependency, best);
    return best;
}

const std::optional<specs::Version>& SolverRun::entryVersion(std::size_t entry) const
{
    if (m_entryVersions.size() != m_entries.size()) {
        m_entryVersions.assign(m_entries.size(), std::nullopt);
        m_entryVersionRead.assign(m_entries.size(), false);
    }
    if (!m_entryVersionRead[entry]) {
        m_entryVersionRead[entry] = true;
        if (auto version = specs::Version::parse(m_entries[entry].record->version)) {
            m_entryVersions[entry] = std::move(*version);
        }
    }
    return m_entryVersions[entry];
}

// Within each run of records that conda's preference leaves equal before the dependencies: for
// every dependency name all of them have, the newest version each one's spec allows, ranked
// among the run (densely, so that no name counts more than another), summed per record. A sum
// is a total order, where comparing records pair by pair need not be.
void SolverRun::scoreDependencies(std::vector<std::pair<Preference, std::size_t>>& ordered)
{
    for (std::size_t begin = 0; begin < ordered.size();) {
        std::size_t end = begin + 1;
        while (end < ordered.size()
               && ordered[begin].first.equalBeforeDependencies(ordered[end].first)) {
            ++end;
        }
        if (end - begin > 1) {
            // Per record, its dependencies by name (the first spec of a name).
            std::vector<std::map<std::string, const std::string*>> depends(end - begin);
            for (std::size_t k = begin; k < end; ++k) {
                for (const auto& dependency : m_entries[ordered[k].second].record->depends) {
                    if (auto name = m_specNames.nameOf(dependency); name && !name->empty()) {
                        depends[k - begin].emplace(std::move(*name), &dependency);
                    }
                }
            }
            std::vector<const specs::Version*> best(end - begin);
            std::vector<const specs::Version*> distinct;
            for (const auto& [name, firstSpec] : depends.front()) {
                bool common = true;
                for (std::size_t k = 0; k < depends.size() && common; ++k) {
                    const auto found = depends[k].find(name);
                    common = found != depends[k].end();
                    best[k] = common ? bestVersionAllowedBy(*found->second) : nullptr;
                }
                if (!common) {
                    continue;
                }
                distinct.clear();
                for (const auto* version : best) {
                    if (version != nullptr) {
                        distinct.push_back(version);
                    }
                }
                const auto less = [](const specs::Version* a, const specs::Version* b) {
                    return *a < *b;
                };
                std::sort(distinct.begin(), distinct.end(), less);
                distinct.erase(std::unique(distinct.begin(), distinct.end(),
                                           [](const specs::Version* a, const specs::Version* b) {
                                               return *a == *b;
                                           }),
                               distinct.end());
                for (std::size_t k = 0; k < best.size(); ++k) {
                    if (best[k] != nullptr) {
                        ordered[begin + k].first.dependencyScore +=
                            1
                            + static_cast<std::size_t>(
                                std::lower_bound(distinct.begin(), distinct.end(), best[k], less)
                                - distinct.begin());
                    }
                }
            }
        }
        // An installed record and its own record in a channel are one package: a repodata
        // patch of the channel's dependencies must not rank them apart (the ladder reads an
        // equal rank as the same version).
        for (std::size_t k = begin; k < end; ++k) {
            if (m_entries[ordered[k].second].repoIndex != -1) {
                continue;
            }
            const std::string dist = m_entries[ordered[k].second].record->distName();
            for (std::size_t t = begin; t < end; ++t) {
                if (m_entries[ordered[t].second].repoIndex >= 0
                    && m_entries[ordered[t].second].record->distName() == dist) {
                    ordered[k].first.dependencyScore = ordered[t].first.dependencyScore;
                    break;
                }
            }
        }
        begin = end;
    }
    std::stable_sort(ordered.begin(), ordered.end(),
                     [](const auto& a, const auto& b) { return a.first.compare(b.first) < 0; });
}

std::string dependencyText(const std::string& dependency)
{
    auto spec = specs::parseSpecSyntax(dependency);
    return spec ? spec->str() : dependency;
}

std::string nameOf(const std::string& spec)
{
    auto parsed = specs::parseSpecSyntax(spec);
    return parsed ? parsed->name() : spec;
}

void SolverRun::collectRecords()
{
    const auto add = [&](const PackageRecord& record, int repoIndex) {
        const PackageRecord* stored = &record;
        if (m_request.addPipAsPythonDependency && wantsPip(record)) {
            m_owned.push_back(record);
            m_owned.back().depends.push_back("pip");
            stored = &m_owned.back();
        }
        m_entriesByName[record.name].push_back(m_entries.size());
        m_entries.push_back(Entry{stored, repoIndex});
    };
    for (std::size_t r = 0; r < m_repos.size(); ++r) {
        for (const auto& record : m_repos[r].records) {
            add(record, static_cast<int>(r));
        }
    }
    for (const auto& record : m_request.installed) {
        add(record, -1);
    }
    for (const auto& record : m_request.virtualPackages) {
        add(record, -2);
    }
}

void SolverRun::addSolvables()
{
    std::vector<::Repo*> repos;
    for (const auto& repo : m_repos) {
        // Flexible priority: libsolv prefers candidates of higher-priority repos; disabled: all
        // channels are equal and the version decides.
        const int priority =
            m_request.channelPriority == ChannelPriority::Disabled ? 0 : repo.priority;
        repos.push_back(m_pool.addRepo(repo.channel, priority));
    }
    m_installedRepo = m_pool.addRepo("@installed", 0);
    ::Repo* virtualRepo = m_pool.addRepo("@virtual", 0);

    // The features that are on: tracked by an installed record, or by every record of a name
    // the request or the history asks for (the `nomkl` metapackage tracks `nomkl`).
    std::set<std::string> activeFeatures;
    std::set<std::string> askedNames;
    for (const auto* texts : {&m_request.specs, &m_request.historySpecs}) {
        for (const auto& text : *texts) {
            if (auto name = m_specNames.nameOf(text); name && !name->empty()) {
                askedNames.insert(*name);
            }
        }
    }
    for (const auto& entry : m_entries) {
        if (entry.repoIndex == -1) {
            activeFeatures.insert(entry.record->trackFeatures.begin(),
                                  entry.record->trackFeatures.end());
        }
    }
    for (const auto& name : askedNames) {
        const auto named = m_entriesByName.find(name);
        if (named == m_entriesByName.end() || named->second.empty()) {
            continue;
        }
        for (const auto& feature : m_entries[named->second.front()].record->trackFeatures) {
            if (std::all_of(named->second.begin(), named->second.end(), [&](std::size_t i) {
                    const auto& tracked = m_entries[i].record->trackFeatures;
                    return std::find(tracked.begin(), tracked.end(), feature) != tracked.end();
                })) {
                activeFeatures.insert(feature);
            }
        }
    }
    const auto featureFitOf = [&](const PackageRecord& record) {
        if (record.features.empty()) {
            return 1;
        }
        return std::all_of(record.features.begin(), record.features.end(),
                           [&](const std::string& f) { return activeFeatures.count(f) > 0; })
                   ? 2
                   : 0;
    };

    // Each name's records get ranks by conda's preference; equal preference, equal rank, so an
    // installed record and its identical channel twin compare as the same version.
    for (auto& [name, indices] : m_entriesByName) {
        std::vector<std::pair<Preference, std::size_t>> ordered;
        ordered.reserve(indices.size());
        for (const std::size_t i : indices) {
            ordered.emplace_back(preferenceOf(*m_entries[i].record, entryVersion(i)), i);
            ordered.back().first.featureFit = featureFitOf(*m_entries[i].record);
        }
        std::stable_sort(ordered.begin(), ordered.end(),
                         [](const auto& a, const auto& b) { return a.first.compare(b.first) < 0; });
        scoreDependencies(ordered);
        // Channel records of a name exclude each other through a ladder (solv_pool.h): libsolv's
        // pairwise same-name rules grow with the square of the records. An installed record of
        // the name stays outside the ladder: the records that rank above it obsolete it (they
        // are its update candidates), the others conflict with it (SolvPool::addSolvable).
        const auto channelRecords = static_cast<std::size_t>(
            std::count_if(indices.begin(), indices.end(),
                          [&](std::size_t i) { return m_entries[i].repoIndex >= 0; }));
        const bool ladder = channelRecords > 1;
        std::vector<unsigned> ranks(ordered.size());
        unsigned installedRank = 0; // 0: the environment does not hold the name
        for (std::size_t k = 0; k < ordered.size(); ++k) {
            ranks[k] = k == 0 ? 1
                              : ranks[k - 1]
                                    + (ordered[k - 1].first.compare(ordered[k].first) != 0 ? 1 : 0);
            if (m_entries[ordered[k].second].repoIndex == -1) {
                installedRank = ranks[k];
            }
        }
        std::size_t position = 0;
        for (std::size_t k = 0; k < ordered.size(); ++k) {
            const Entry& entry = m_entries[ordered[k].second];
            ::Repo* repo = entry.repoIndex >= 0 ? repos[static_cast<std::size_t>(entry.repoIndex)]
                           : entry.repoIndex == -1 ? m_installedRepo
                                                   : virtualRepo;
            const SolvableInfo info{nullptr, nullptr, entry.repoIndex == -1, entry.repoIndex};
            if (ladder && entry.repoIndex >= 0) {
                ++position;
                LadderLinks links;
                links.step = position < channelRecords ? m_pool.ladderStep(name, position) : 0;
                links.stepBelow = position > 1 ? m_pool.ladderStep(name, position - 1) : 0;
                // The installed record's twin (its own record in a channel) obsoletes it too:
                // an update that finds nothing better takes the twin, which solution() reads
                // as keeping the installed record (see there).
                links.updatesInstalled = installedRank > 0 && ranks[k] >= installedRank;
                m_pool.addSolvable(repo, *entry.record, ranks[k], info, &links);
            } else {
                m_pool.addSolvable(repo, *entry.record, ranks[k], info);
            }
        }
        if (ladder && installedRank > 0) {
            m_installedLadders.push_back(name);
        }
        if (ladder) {
            m_pool.addLadder(name, channelRecords - 1);
        }
    }
    m_pool.finalize(m_installedRepo);
}

// What may be chosen at all: pins, and strict channel priority (a lower channel cannot provide
// a name that a higher one has).
void SolverRun::restrict()
{
    std::vector<specs::MatchSpec> pins;
    for (const auto& text : m_request.pinned) {
        if (auto pin = specs::MatchSpec::parse(text, m_specContext); pin && pin->hasExactName()) {
            pins.push_back(std::move(*pin));
        }
    }
    std::map<std::string, int> bestPriority;
    if (m_request.channelPriority == ChannelPriority::Strict) {
        for (const auto& entry : m_entries) {
            if (entry.repoIndex >= 0) {
                const int priority = m_repos[static_cast<std::size_t>(entry.repoIndex)].priority;
                auto& best = bestPriority.try_emplace(entry.record->name, priority).first->second;
                best = std::max(best, priority);
            }
        }
    }
    for (Id id = 2; id < m_pool.pool()->nsolvables; ++id) {
        if (!m_pool.hasInfo(id)) {
            continue;
        }
        const SolvableInfo& info = m_pool.info(id);
        if (info.repoIndex < 0) {
            continue; // installed and virtual packages are facts, not candidates
        }
        const PackageRecord& record = *info.record;
        bool allowed = true;
        for (const auto& pin : pins) {
            if (pin.name() == record.name && !pin.matches(record)) {
                allowed = false;
            }
        }
        if (const auto best = bestPriority.find(record.name);
            best != bestPriority.end()
            && m_repos[static_cast<std::size_t>(info.repoIndex)].priority < best->second) {
            allowed = false;
        }
        if (!allowed) {
            m_pool.exclude(id);
            m_excluded.insert(info.record);
        }
    }
    m_pool.applyExclusions();
}

util::Result<void> SolverRun::addJobs(Queue& jobs)
{
    for (const auto& text : m_request.specs) {
        auto spec = specs::MatchSpec::parse(text, m_specContext);
        if (!spec) {
            return spec.error();
        }
        m_userSpecs.push_back(*spec);
    }
    const auto nameId = [&](const std::string& name) {
        return pool_str2id(m_pool.pool(), name.c_str(), 1);
    };
    switch (m_request.kind) {
    case Request::Kind::Install:
        for (std::size_t i = 0; i < m_userSpecs.size(); ++i) {
            const auto& spec = m_userSpecs[i];
            if (m_request.forceReinstall && spec.hasExactName()) {
                // A fresh copy from a channel, even if the same build is installed.
                SolvQueue candidates;
                for (const Id id : m_pool.solvablesNamed(spec.name())) {
                    const auto& info = m_pool.info(id);
                    if (info.repoIndex >= 0 && spec.matches(*info.record)) {
                        queue_push(candidates.get(), id);
                    }
                }
                if (candidates->count > 0) {
                    queue_push2(&jobs, SOLVER_INSTALL | SOLVER_SOLVABLE_ONE_OF,
                                pool_queuetowhatprovides(m_pool.pool(), candidates.get()));
                    continue;
                }
            }
            queue_push2(&jobs, SOLVER_INSTALL | SOLVER_SOLVABLE_PROVIDES,
                        m_pool.specDependency(m_request.specs[i]));
        }
        break;
    case Request::Kind::Update:
        for (std::size_t i = 0; i < m_userSpecs.size(); ++i) {
            queue_push2(&jobs, SOLVER_INSTALL | SOLVER_SOLVABLE_PROVIDES,
                        m_pool.specDependency(m_request.specs[i]));
            if (m_userSpecs[i].hasExactName()) {
                queue_push2(&jobs, SOLVER_UPDATE | SOLVER_SOLVABLE_NAME,
                            nameId(m_userSpecs[i].name()));
            }
        }
        break;
    case Request::Kind::UpdateAll:
        queue_push2(&jobs, SOLVER_UPDATE | SOLVER_SOLVABLE_ALL, 0);
        break;
    case Request::Kind::Remove:
        for (const auto& spec : m_userSpecs) {
            queue_push2(&jobs,
                        SOLVER_ERASE | SOLVER_SOLVABLE_PROVIDES
                            | (m_request.prune ? SOLVER_CLEANDEPS : 0),
                        m_pool.specDependency(spec.str()));
        }
        break;
    }
    // An installed record of a name in a ladder has as update candidates only the records
    // that rank at or above it (SolvPool::addSolvable). Where the request leaves it no way to
    // stay and none of those fits (a constraint that wants an older version), a weak "keep some
    // record of this name" lets libsolv take a lower one, as libsolv's own same-name candidates
    // did, instead of dropping the package. Not for a removal: what only the removed packages
    // needed goes with them.
    if (m_request.kind != Request::Kind::Remove) {
        for (const auto& name : m_installedLadders) {
            SolvQueue keep;
            for (const Id id : m_pool.solvablesNamed(name)) {
                if (m_pool.info(id).repoIndex >= -1) {
                    queue_push(keep.get(), id);
                }
            }
            queue_push2(&jobs, SOLVER_INSTALL | SOLVER_SOLVABLE_ONE_OF | SOLVER_WEAK,
                        pool_queuetowhatprovides(m_pool.pool(), keep.get()));
        }
    }
    // What the user asked for before is user-installed: removing with prune (libsolv's
    // cleandeps) takes only what nothing asked for, as conda does.
    for (const auto& text : m_request.historySpecs) {
        auto spec = specs::MatchSpec::parse(text, m_specContext);
        if (spec && spec->hasExactName()) {
            queue_push2(&jobs, SOLVER_USERINSTALLED | SOLVER_SOLVABLE_NAME, nameId(spec->name()));
        }
    }
    // What the user asked for before stays satisfied where it can (a weak job). Update all
    // frees those requests to their names, as conda's does ("drop all the constraints attached
    // to specs, so they can all float"): the packages stay (libsolv's update of everything keeps
    // what is installed) at the newest that fits. A weak job even of the bare name would hold
    // the installed record in place, so there is none.
    if (m_request.kind != Request::Kind::Remove && m_request.kind != Request::Kind::UpdateAll) {
        for (const auto& text : m_request.historySpecs) {
            auto spec = specs::MatchSpec::parse(text, m_specContext);
            if (!spec) {
                continue;
            }
            const bool restated =
                std::any_of(m_userSpecs.begin(), m_userSpecs.end(),
                            [&](const auto& s) { return s.name() == spec->name(); });
            if (!restated) {
                queue_push2(&jobs, SOLVER_INSTALL | SOLVER_SOLVABLE_PROVIDES | SOLVER_WEAK,
                            m_pool.specDependency(text));
            }
        }
    }
    return {};
}

namespace {

// The same package: name, version, build and where it came from.
bool sameRecord(const PackageRecord& a, const PackageRecord& b)
{
    return a.name == b.name && a.version == b.version && a.build == b.build
           && a.buildNumber == b.buildNumber && a.channel == b.channel && a.subdir == b.subdir;
}

} // namespace

Solution SolverRun::solution(::Solver* solver)
{
    std::map<std::string, const PackageRecord*> before;
    std::map<std::string, Id> beforeId;
    std::map<std::string, const PackageRecord*> after;
    std::map<std::string, Id> afterId;
    for (Id id = 2; id < m_pool.pool()->nsolvables; ++id) {
        if (!m_pool.hasInfo(id)) {
            continue;
        }
        const SolvableInfo& info = m_pool.info(id);
        if (info.repoIndex == -2) {
            continue; // virtual packages are never installed
        }
        if (info.installed) {
            before[info.record->name] = info.record;
            beforeId[info.record->name] = id;
        }
        if (solver_get_decisionlevel(solver, id) > 0) {
            after[info.record->name] = info.record;
            afterId[info.record->name] = id;
        }
    }
    Solution out;
    std::set<std::string> names;
    for (const auto& [name, record] : before) {
        names.insert(name);
    }
    for (const auto& [name, record] : after) {
        names.insert(name);
        out.packages.push_back(*record);
    }
    for (const auto& name : names) {
        const auto was = before.find(name);
        const auto now = after.find(name);
        if (was != before.end() && now != after.end()
            && (beforeId[name] == afterId[name]
                || (!m_request.forceReinstall && sameRecord(*was->second, *now->second)))) {
            // Kept as it is: the installed record, or its own twin from the channel that an
            // update of a name in a ladder takes when nothing ranks higher.
            continue;
        }
        Action action = actionBetween(
            was == before.end() ? std::nullopt : std::optional<PackageRecord>(*was->second),
            now == after.end() ? std::nullopt : std::optional<PackageRecord>(*now->second));
        out.actions.push_back(std::move(action));
    }
    return out;
}

// --no-deps keeps only the requested packages of a solution; --only-deps keeps everything but
// them. Both start from a full solve, so the versions chosen are ones that fit together.
void SolverRun::applyDependencyFlags(Solution& solution) const
{
    if (!m_request.noDependencies && !m_request.onlyDependencies) {
        return;
    }
    std::set<std::string> requested;
    for (const auto& spec : m_userSpecs) {
        requested.insert(spec.name());
    }
    std::set<std::string> installed;
    for (const auto& record : m_request.installed) {
        installed.insert(record.name);
    }
    const auto keep = [&](const std::string& name) {
        if (installed.count(name) != 0 && requested.count(name) == 0) {
            return true; // what the prefix holds is not touched by either flag
        }
        return m_request.noDependencies ? requested.count(name) != 0 : requested.count(name) == 0;
    };
    std::vector<Action> actions;
    for (auto& action : solution.actions) {
        const std::string& name = action.to ? action.to->name : action.from->name;
        if (keep(name)) {
            actions.push_back(std::move(action));
        }
    }
    solution.actions = std::move(actions);
    std::vector<PackageRecord> packages;
    for (auto& record : solution.packages) {
        if (keep(record.name) || installed.count(record.name) != 0) {
            packages.push_back(std::move(record));
        }
    }
    solution.packages = std::move(packages);
}

util::Result<Outcome> SolverRun::run(std::stop_token stop)
{
    // A stop ends the solve at the next step of ours, and makes libsolv's rule building quick
    // (SolvPool::setStop); only libsolv's search itself runs on to its end.
    const auto stopped = [&stop] { return stop.stop_requested(); };
    m_pool.setStop(stop);
    if (stopped()) {
        return fail(ErrorCode::Cancelled, "cancelled");
    }
    collectRecords();
    if (stopped()) {
        return fail(ErrorCode::Cancelled, "cancelled");
    }
    addSolvables();
    restrict();
    if (stopped()) {
        return fail(ErrorCode::Cancelled, "cancelled");
    }
    SolvQueue jobs;
    if (auto added = addJobs(*jobs); !added) {
        return added.error();
    }
    // libsolv reads a job whose spec nothing provides as "provided by the system" and drops it,
    // so a spec that matches nothing is reported here, before any search.
    if (auto missing = missingRequests(); !missing.graph.missing.empty()) {
        return Outcome(std::move(missing));
    }
    m_pool.resolveDependencies();
    if (stopped()) {
        return fail(ErrorCode::Cancelled, "cancelled");
    }
    // Freed on every way out, an exception from solution() or unsolvable() included.
    const std::unique_ptr<::Solver, decltype(&solver_free)> owner(solver_create(m_pool.pool()),
                                                                  &solver_free);
    ::Solver* solver = owner.get();
    solver_set_flag(solver, SOLVER_FLAG_ALLOW_DOWNGRADE, 1);
    solver_set_flag(solver, SOLVER_FLAG_ALLOW_ARCHCHANGE, 1);
    solver_set_flag(solver, SOLVER_FLAG_ALLOW_VENDORCHANGE, 1);
    solver_set_flag(solver, SOLVER_FLAG_BEST_OBEY_POLICY, 1);
    // As mamba: an installed package that stands in the way may go (libsolv still removes as
    // little as it can); the user's specs and history specs keep what matters.
    solver_set_flag(solver, SOLVER_FLAG_ALLOW_UNINSTALL, 1);
    const int problems = solver_solve(solver, jobs.get());
    if (m_statistics != nullptr) {
        m_statistics->solvables = static_cast<std::size_t>(m_pool.pool()->nsolvables);
        // Package rules come first in libsolv's rule table, numbered from 1.
        std::size_t rules = 0;
        for (Id rule = 1; solver_ruleclass(solver, rule) == SOLVER_RULE_PKG; ++rule) {
            ++rules;
        }
        m_statistics->packageRules = rules;
        // libsolv's same-name check visits, for each solvable, every provider of its name:
        // the sum over names of (solvables of the name) x (providers of the name).
        ::Pool* pool = m_pool.pool();
        std::unordered_map<Id, std::size_t> solvablesOfName;
        for (Id id = 2; id < pool->nsolvables; ++id) {
            ++solvablesOfName[pool_id2solvable(pool, id)->name];
        }
        std::size_t visits = 0;
        for (const auto& [name, count] : solvablesOfName) {
            std::size_t providers = 0;
            for (Id* p = pool_whatprovides_ptr(pool, name); *p != 0; ++p) {
                ++providers;
            }
            visits += count * providers;
        }
        m_statistics->nameProviderVisits = visits;
    }
    if (stopped()) {
        return fail(ErrorCode::Cancelled, "cancelled");
    }
    if (!m_pool.parseFailure().empty()) {
        return fail(ErrorCode::InvalidMatchSpec, m_pool.parseFailure());
    }
    Outcome outcome = problems == 0 ? Outcome(solution(solver)) : Outcome(unsolvable(solver));
    if (auto* solved = std::get_if<Solution>(&outcome)) {
        applyDependencyFlags(*solved);
    }
    if (stop.stop_requested()) {
        return fail(ErrorCode::Cancelled, "cancelled");
    }
    return outcome;
}

} // namespace detail

std::vector<PackageRecord> dependencyOrder(const std::vector<PackageRecord>& records)
{
    std::map<std::string, std::size_t> byName;
    for (std::size_t i = 0; i < records.size(); ++i) {
        byName.emplace(records[i].name, i);
    }
    // Depth first from each name in order; a package is emitted after its dependencies.
    std::vector<int> state(records.size(), 0); // 0 new, 1 on the path, 2 emitted
    std::vector<PackageRecord> out;
    out.reserve(records.size());
    std::function<void(std::size_t)> visit = [&](std::size_t i) {
        if (state[i] != 0) {
            return; // emitted, or a cycle: broken here
        }
        state[i] = 1;
        std::set<std::string> dependencies;
        for (const auto& dependency : records[i].depends) {
            if (auto spec = specs::MatchSpec::parse(dependency); spec && spec->hasExactName()) {
                dependencies.insert(spec->name());
            }
        }
        for (const auto& name : dependencies) {
            if (const auto found = byName.find(name); found != byName.end()) {
                visit(found->second);
            }
        }
        state[i] = 2;
        out.push_back(records[i]);
    };
    for (const auto& [name, index] : byName) {
        visit(index);
    }
    return out;
}

Action actionBetween(std::optional<PackageRecord> from, std::optional<PackageRecord> to)
{
    Action action;
    if (!from) {
        action.kind = Action::Kind::Install;
    } else if (!to) {
        action.kind = Action::Kind::Remove;
    } else {
        auto vFrom = specs::Version::parse(from->version);
        auto vTo = specs::Version::parse(to->version);
        if (vFrom && vTo && *vFrom < *vTo) {
            action.kind = Action::Kind::Upgrade;
        } else if (vFrom && vTo && *vTo < *vFrom) {
            action.kind = Action::Kind::Downgrade;
        } else if (from->build != to->build || from->buildNumber != to->buildNumber) {
            action.kind = Action::Kind::Change;
        } else {
            action.kind = Action::Kind::Reinstall;
        }
    }
    action.from = std::move(from);
    action.to = std::move(to);
    return action;
}

namespace {

util::Result<Outcome> solveOnce(const std::vector<Repo>& repos, const Request& request,
                                std::stop_token stop, Statistics* statistics = nullptr)
{
    if (!stop.stop_possible()) {
        SolverRun run(repos, request, statistics);
        return run.run({});
    }
    if (stop.stop_requested()) {
        return fail(ErrorCode::Cancelled, "cancelled");
    }
    // In a child process, which a stop kills: libsolv's search cannot be interrupted, and a
    // thread left to finish it would burn a core until the program ends (solver_process.h).
    auto inChild = detail::solveInChildProcess(
        [&repos, &request](Statistics* childStatistics) {
            SolverRun run(repos, request, childStatistics);
            return run.run({});
        },
        stop, statistics);
    if (inChild) {
        return std::move(*inChild);
    }
    // No child could be started (the system is out of processes or memory): solve here, and
    // let the stop take effect at the solve's own steps (SolverRun::run).
    SolverRun run(repos, request, statistics);
    return run.run(stop);
}

// When pins alone make a request impossible, libsolv cannot say so: the pinned-out records are
// simply not there, so it reports nothing, or "nothing provides python >=3.11" while the channel
// has it. If the request solves without the pins, they are the reason: the graph then names each
// pin that keeps out what the request would take.
void explainPins(const std::vector<Repo>& repos, const Request& request, Unsolvable& unsolvable,
                 std::stop_token stop)
{
    Request unpinned = request;
    unpinned.pinned.clear();
    auto outcome = solveOnce(repos, unpinned, stop);
    const auto* solution = outcome ? std::get_if<Solution>(&*outcome) : nullptr;
    if (solution == nullptr) {
        return;
    }
    ProblemGraph graph;
    specs::ChannelContext context;
    context.paths = request.paths;
    for (const auto& text : request.pinned) {
        auto pin = specs::MatchSpec::parse(text, context);
        if (!pin || !pin->hasExactName()) {
            continue;
        }
        for (const auto& record : solution->packages) {
            if (record.name == pin->name() && !pin->matches(record)) {
                ProblemGraph::Conflict conflict;
                conflict.package = record.name;
                for (const auto& spec : request.specs) {
                    conflict.chains.push_back({{spec}});
                }
                conflict.pins.push_back(text);
                conflict.needed = record.version;
                graph.conflicts.push_back(std::move(conflict));
            }
        }
    }
    if (!graph.conflicts.empty()) {
        unsolvable.graph = std::move(graph);
        unsolvable.explanation = SolverRun::explain(unsolvable.graph);
    }
}

} // namespace

util::Result<Outcome> solve(const std::vector<Repo>& repos, const Request& request,
                            std::stop_token stop, Statistics* statistics)
{
    auto outcome = solveOnce(repos, request, stop, statistics);
    if (outcome && !request.pinned.empty()) {
        // "Nothing provides numpy 2.0.*" while a pin keeps numpy 2 out is the pin's doing too.
        std::vector<std::string> pinnedNames;
        for (const auto& text : request.pinned) {
            if (auto name = specs::specName(text); name && !name->empty()) {
                pinnedNames.push_back(*name);
            }
        }
        const auto missingOnlyPinned = [&pinnedNames](const ProblemGraph& graph) {
            return std::all_of(graph.missing.begin(), graph.missing.end(),
                               [&pinnedNames](const ProblemGraph::Missing& missing) {
                                   auto name = specs::specName(missing.spec);
                                   return name
                                          && std::find(pinnedNames.begin(), pinnedNames.end(),
                                                       *name)
                                                 != pinnedNames.end();
                               });
        };
        if (auto* unsolvable = std::get_if<Unsolvable>(&*outcome);
            unsolvable && unsolvable->graph.conflicts.empty()
            && missingOnlyPinned(unsolvable->graph)) {
            explainPins(repos, request, *unsolvable, stop);
        }
    }
    return outcome;
}

} // namespace envdesk::solver
