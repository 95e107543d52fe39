#pragma once

#include "core/solver/solv_pool.h"
#include "core/solver/solver.h"
#include "core/specs/match_spec.h"
#include "core/specs/spec_name.h"

#include <deque>
#include <map>
#include <optional>
#include <stop_token>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

// One solve's state, shared by the solve itself (solver.cpp) and the explanation of a request
// that cannot be met (solver_explanation.cpp). Internal to core/solver.
namespace envdesk::solver::detail {

struct Preference; // conda's preference within one name (solver.cpp)

using specs::PackageRecord;

// A dependency as conda words it (MatchSpec's str()), or the text when it does not parse.
[[nodiscard]] std::string dependencyText(const std::string& dependency);
// The package name a spec names, or the text when it does not parse.
[[nodiscard]] std::string nameOf(const std::string& spec);

class SolverRun {
public:
    SolverRun(const std::vector<Repo>& repos, const Request& request,
              Statistics* statistics = nullptr)
        : m_repos(repos)
        , m_request(request)
        , m_statistics(statistics)
    {
        m_specContext.paths = request.paths;
        m_pool.setSpecContext(m_specContext);
    }

    util::Result<Outcome> run(std::stop_token stop);
    // The English explanation of a problem graph, in the user's specs and versions.
    static std::string explain(const ProblemGraph& graph);

private:
    void collectRecords();
    void addSolvables();
    // Ranks records of one name that are equal before their dependencies (solver.cpp).
    void scoreDependencies(std::vector<std::pair<Preference, std::size_t>>& ordered);
    // The newest version of the dependency's name that the dependency allows (nullptr: none);
    // cached, and pointing into m_entryVersions.
    // Whether one channel record of the conflict's package meets the last step of every chain.
    [[nodiscard]] bool satisfiableTogether(const ProblemGraph::Conflict& conflict) const;
    const specs::Version* bestVersionAllowedBy(const std::string& dependency);
    // The parsed version of m_entries[entry]; nullopt when it does not parse. Read once.
    const std::optional<specs::Version>& entryVersion(std::size_t entry) const;
    void restrict();
    util::Result<void> addJobs(Queue& jobs);
    Solution solution(::Solver* solver);
    Unsolvable unsolvable(::Solver* solver);
    std::vector<std::vector<std::string>> chainsTo(const std::string& conflictName) const;
    // A dependency string as the explanation words it: its name, its version ("*" when none)
    // and the spec as conda prints it; null when it does not parse. Parsed once per run: the
    // explanation search reads the same strings for every conflict it explains.
    struct DependencyWords {
        std::string name;
        std::string version;
        std::string text;
    };
    const DependencyWords* dependencyWords(const std::string& dependency) const;
    // A step of a chain (a spec text) parsed once per run; null when it does not parse.
    const specs::MatchSpec* stepSpec(const std::string& text) const;
    void applyDependencyFlags(Solution& solution) const;
    std::vector<ProblemGraph::Conflict::Suggestion>
    suggestionsFor(const ProblemGraph::Conflict& conflict) const;
    [[nodiscard]] std::optional<std::pair<std::string, std::string>>
    relaxedConstraint(const std::string& package,
                      const std::vector<std::size_t>& packageEntries) const;
    Unsolvable missingRequests() const;

    const std::vector<Repo>& m_repos;
    const Request& m_request;
    Statistics* m_statistics;
    SolvPool m_pool;
    // Owned copies where a record must change (pip added to python), and all records by repo.
    std::deque<PackageRecord> m_owned;
    struct Entry {
        const PackageRecord* record;
        int repoIndex; // -1 installed, -2 virtual
    };
    std::vector<Entry> m_entries;
    // Channel records that pins or strict channel priority keep from being chosen (restrict()):
    // a suggestion never offers one.
    std::unordered_set<const PackageRecord*> m_excluded;
    // A channel record that may be chosen.
    [[nodiscard]] bool offered(std::size_t entry) const
    {
        return m_entries[entry].repoIndex >= 0 && !m_excluded.contains(m_entries[entry].record);
    }
    std::map<std::string, std::vector<std::size_t>> m_entriesByName;
    std::unordered_map<std::string, const specs::Version*> m_bestAllowed;
    mutable std::vector<std::optional<specs::Version>> m_entryVersions;
    mutable std::vector<bool> m_entryVersionRead;
    std::map<std::string, std::vector<std::size_t>> m_newestFirst; // entries by version, per name
    specs::SpecNames m_specNames;
    // Installed names whose channel records are in a ladder (addSolvables), for addJobs.
    std::vector<std::string> m_installedLadders;
    ::Repo* m_installedRepo = nullptr;
    std::vector<specs::MatchSpec> m_userSpecs;
    mutable std::unordered_map<std::string, std::optional<DependencyWords>> m_dependencyWords;
    mutable std::unordered_map<std::string, std::optional<specs::MatchSpec>> m_stepSpecs;
    // conda's built-in channel names, with the request's folders for `./chan::x` specs.
    specs::ChannelContext m_specContext;
};

} // namespace envdesk::solver::detail
