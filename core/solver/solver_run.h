#pragma once

#include "core/solver/solv_pool.h"
#include "core/solver/solver.h"
#include "core/specs/match_spec.h"

#include <deque>
#include <map>
#include <stop_token>
#include <string>
#include <vector>

// One solve's state, shared by the solve itself (solver.cpp) and the explanation of a request
// that cannot be met (solver_explanation.cpp). Internal to core/solver.
namespace envdesk::solver::detail {

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
    void restrict();
    util::Result<void> addJobs(Queue& jobs);
    Solution solution(::Solver* solver);
    Unsolvable unsolvable(::Solver* solver);
    std::vector<std::vector<std::string>> chainsTo(const std::string& conflictName) const;
    void applyDependencyFlags(Solution& solution) const;
    std::vector<ProblemGraph::Conflict::Suggestion>
    suggestionsFor(const ProblemGraph::Conflict& conflict) const;
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
    std::map<std::string, std::vector<std::size_t>> m_entriesByName;
    // Installed names whose channel records are in a ladder (addSolvables), for addJobs.
    std::vector<std::string> m_installedLadders;
    ::Repo* m_installedRepo = nullptr;
    std::vector<specs::MatchSpec> m_userSpecs;
    // conda's built-in channel names, with the request's folders for `./chan::x` specs.
    specs::ChannelContext m_specContext;
};

} // namespace envdesk::solver::detail
