#pragma once

// The small RAII layer over libsolv: a pool, its repositories and solvables, and the namespace
// dependencies through which our MatchSpec decides who provides what. Only solver.cpp and this
// folder's tests include it; nothing of libsolv leaves core/solver.

#include "core/solver/solv_includes.h"
#include "core/specs/match_spec.h"
#include "core/specs/package_record.h"
#include "core/specs/version.h"

#include <functional>
#include <memory>
#include <stop_token>
#include <string>
#include <unordered_map>
#include <vector>

namespace envdesk::solver::detail {

// A libsolv Queue, freed on every way out of its scope (an early return leaked one before).
class SolvQueue {
public:
    SolvQueue() { queue_init(&m_queue); }
    ~SolvQueue() { queue_free(&m_queue); }
    SolvQueue(const SolvQueue&) = delete;
    SolvQueue& operator=(const SolvQueue&) = delete;

    [[nodiscard]] Queue& operator*() { return m_queue; }
    [[nodiscard]] Queue* operator->() { return &m_queue; }
    [[nodiscard]] Queue* get() { return &m_queue; }

private:
    Queue m_queue;
};

// A channel record's place in its name's ladder (see SolvPool::ladderStep).
struct LadderLinks {
    Id step = 0;      // the step this record sets ("some record of 1..k is chosen")
    Id stepBelow = 0; // the step below it
    // Whether the record may replace the installed record of its name as an update (it ranks
    // at or above it: the installed record's own twin too): it then obsoletes the name, which
    // makes it one of libsolv's update candidates; a lower record only conflicts with it.
    bool updatesInstalled = false;
};

// One solvable's own data, indexed by solvable id: libsolv holds only ranks and names.
struct SolvableInfo {
    const specs::PackageRecord* record = nullptr;
    // Parsed once: every spec of the name is matched against it.
    std::shared_ptr<const specs::Version> version;
    bool installed = false;
    int repoIndex = -1; // into the caller's repos; -1 for installed and virtual
};

class SolvPool {
public:
    SolvPool();
    ~SolvPool();
    SolvPool(const SolvPool&) = delete;
    SolvPool& operator=(const SolvPool&) = delete;

    [[nodiscard]] ::Pool* pool() const { return m_pool; }
    ::Repo* addRepo(const std::string& name, int priority);
    // Adds a record with `rank` as its EVR: libsolv prefers the highest EVR of a name, so the
    // rank encodes conda's preference order (see solver.cpp).
    Id addSolvable(::Repo* repo, const specs::PackageRecord& record, unsigned rank,
                   SolvableInfo info, const LadderLinks* ladder = nullptr);
    // "At most one record of a name" in O(N) rules and O(N) time. libsolv's own same-name
    // rules are pairwise: a name with N candidates costs N*(N-1)/2 rules (2.4 GB at 10,000
    // records), and even where it adds none its same-name check visits N*N pairs. Instead the
    // name's channel records x1..xN are given a name of their own that nothing provides (see
    // addSolvable), and a ladder of N-1 auxiliary solvables y1..yN-1 ("some x of 1..k is
    // chosen") says "at most one" with 3N rules: xk requires yk, yk requires yk+1, xk conflicts
    // with yk-1. `ladderStep` is the dependency that only yk provides; the records take their
    // requires/conflicts on it through addSolvable, then addLadder makes the y's.
    Id ladderStep(const std::string& name, std::size_t k);
    void addLadder(const std::string& name, std::size_t steps);
    // The package name a ladder solvable or ladder dependency stands for, or empty.
    [[nodiscard]] std::string ladderNameOfSolvable(Id solvable) const;
    [[nodiscard]] std::string ladderNameOfDependency(Id dependency) const;
    // What the specs of namespace dependencies are read with: where a channel typed as a
    // relative or `~` folder points (Request::paths). Set before any dependency is resolved.
    void setSpecContext(specs::ChannelContext context) { m_specContext = std::move(context); }
    // Once `stop` is requested, every namespace dependency libsolv asks about is answered
    // "nothing provides", so a solve abandoned while libsolv builds its rules ends quickly (its
    // outcome is thrown away). libsolv cannot be stopped once its search has begun.
    void setStop(std::stop_token stop) { m_stop = std::move(stop); }
    // The namespace dependency for a match spec text: resolved lazily by the callback below.
    Id specDependency(const std::string& spec);
    // "name present but not matching": what a `constrains` entry conflicts with.
    Id constraintDependency(const std::string& spec);
    void finalize(::Repo* installed);
    // Computes the providers of every namespace dependency made so far. libsolv would ask the
    // callback lazily in the middle of building rules, while it walks provider lists that the
    // answer can reallocate; asking for all of them first keeps those walks safe.
    void resolveDependencies();

    [[nodiscard]] const SolvableInfo& info(Id solvable) const { return m_info.at(solvable); }
    [[nodiscard]] bool hasInfo(Id solvable) const { return m_info.count(solvable) != 0; }
    [[nodiscard]] const std::vector<Id>& solvablesNamed(const std::string& name) const;
    // The spec text of a namespace dependency (for explanations), or empty.
    [[nodiscard]] std::string specOf(Id dependency) const;
    [[nodiscard]] bool isConstraint(Id dependency) const;
    // Solvables allowed in the solve (pins, strict priority); all by default.
    void exclude(Id solvable);
    void applyExclusions();
    // The first spec that failed to parse inside the callback, if any.
    [[nodiscard]] const std::string& parseFailure() const { return m_parseFailure; }

private:
    static Id namespaceCallback(::Pool* pool, void* data, Id name, Id evr);
    Id provide(Id name, Id evr);
    const specs::MatchSpec* parsed(Id specId);

    ::Pool* m_pool = nullptr;
    Id m_nsSpec = 0;
    Id m_nsConstraint = 0;
    std::unordered_map<Id, SolvableInfo> m_info;
    std::unordered_map<std::string, std::vector<Id>> m_byName;
    std::unordered_map<Id, std::unique_ptr<specs::MatchSpec>> m_specs;
    std::vector<Id> m_excluded;
    ::Repo* m_ladderRepo = nullptr;
    std::unordered_map<Id, std::string> m_ladderNames; // ladder step name -> package name
    std::vector<Id> m_dependencies;
    std::string m_parseFailure;
    specs::ChannelContext m_specContext;
    std::stop_token m_stop;
};

} // namespace envdesk::solver::detail
