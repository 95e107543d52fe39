#include "core/solver/solver_run.h"
#include "core/specs/spec_name.h"
#include "core/util/strings.h"

#include <algorithm>
#include <map>
#include <set>

// Why a request cannot be met, in the user's words: the conflicts and missing packages libsolv
// finds, the chains of specs that lead to them, the fixes a person can choose, and the English
// explanation (docs/solver.md).
namespace envdesk::solver::detail {

Unsolvable SolverRun::missingRequests() const
{
    Unsolvable out;
    ::Pool* pool = m_pool.pool();
    for (std::size_t i = 0; i < m_userSpecs.size(); ++i) {
        const auto& spec = m_userSpecs[i];
        bool found = false;
        for (Id id = 2; id < pool->nsolvables && !found; ++id) {
            if (!m_pool.hasInfo(id)) {
                continue;
            }
            const SolvableInfo& info = m_pool.info(id);
            const bool candidate = m_request.kind == Request::Kind::Remove ? info.installed : true;
            const bool considered = pool->considered == nullptr || MAPTST(pool->considered, id);
            found = candidate && considered && spec.matches(*info.record);
        }
        if (!found && m_request.kind != Request::Kind::UpdateAll) {
            out.graph.missing.push_back(
                ProblemGraph::Missing{m_request.specs[i], {m_request.specs[i]}});
        }
    }
    out.explanation = explain(out.graph);
    return out;
}

// For each package the user asked for whose dependencies clash with the user's own constraint on
// the conflicting package: the newest version whose requirement on it can be met together with
// that constraint. (A direct dependency only: deeper chains would need a solve per candidate.)
std::vector<ProblemGraph::Conflict::Suggestion>
SolverRun::suggestionsFor(const ProblemGraph::Conflict& conflict) const
{
    std::vector<ProblemGraph::Conflict::Suggestion> out;
    std::vector<std::size_t> direct; // the user's own specs on the conflicting package
    for (std::size_t i = 0; i < m_userSpecs.size(); ++i) {
        if (m_userSpecs[i].name() == conflict.package) {
            direct.push_back(i);
        }
    }
    const auto target = m_entriesByName.find(conflict.package);
    if (direct.empty() || target == m_entriesByName.end()) {
        return out;
    }
    // Records of the conflicting package that every direct constraint allows.
    std::vector<const PackageRecord*> allowed;
    for (const std::size_t e : target->second) {
        const PackageRecord& record = *m_entries[e].record;
        if (m_excluded.contains(&record)) {
            continue;
        }
        if (std::all_of(direct.begin(), direct.end(),
                        [&](std::size_t i) { return m_userSpecs[i].matches(record); })) {
            allowed.push_back(&record);
        }
    }
    for (std::size_t i = 0; i < m_userSpecs.size(); ++i) {
        const auto& requested = m_userSpecs[i];
        if (requested.name() == conflict.package) {
            continue;
        }
        const auto entries = m_entriesByName.find(requested.name());
        if (entries == m_entriesByName.end()) {
            continue;
        }
        // Only packages that depend on the conflicting one directly.
        bool dependsDirectly = false;
        std::optional<specs::Version> best;
        for (const std::size_t e : entries->second) {
            const PackageRecord& record = *m_entries[e].record;
            // Any version of it that may be chosen: the point is to show one that would work.
            if (!offered(e)) {
                continue;
            }
            bool fits = true;
            for (const auto& dependency : record.depends) {
                auto dep = specs::parseSpecSyntax(dependency);
                if (!dep || dep->name() != conflict.package) {
                    continue;
                }
                dependsDirectly = true;
                fits = std::any_of(allowed.begin(), allowed.end(),
                                   [&](const PackageRecord* r) { return dep->matches(*r); });
            }
            auto version = specs::Version::parse(record.version);
            if (fits && version && (!best || *best < *version)) {
                best = std::move(*version);
            }
        }
        if (!dependsDirectly) {
            continue;
        }
        for (const std::size_t d : direct) {
            out.push_back({m_request.specs[i], m_request.specs[d],
                           best ? std::optional<std::string>(best->str()) : std::nullopt});
        }
    }
    // The other way round: the user's own constraint on the conflicting package given up for
    // the newest version that the packages asked for accept ("use python 3.10" for
    // `pytorch=1.12 python=3.12`).
    if (auto relaxed = relaxedConstraint(conflict.package, target->second)) {
        for (const std::size_t d : direct) {
            out.push_back({m_request.specs[d], relaxed->first, relaxed->second});
        }
    }
    return out;
}

// The newest version of `package` that every user request depending on it directly accepts
// (some version of the request, as the user constrained it, depends on a record of that
// version), with those requests joined ("pytorch=1.12"); nullopt when none depends on it or no
// version suits them all.
std::optional<std::pair<std::string, std::string>>
SolverRun::relaxedConstraint(const std::string& package,
                             const std::vector<std::size_t>& packageEntries) const
{
    std::vector<const PackageRecord*> candidates;
    for (const std::size_t e : packageEntries) {
        if (offered(e)) {
            candidates.push_back(m_entries[e].record);
        }
    }
    std::vector<std::string> requests;
    for (std::size_t i = 0; i < m_userSpecs.size(); ++i) {
        const auto& requested = m_userSpecs[i];
        const auto entries = m_entriesByName.find(requested.name());
        if (requested.name() == package || entries == m_entriesByName.end()) {
            continue;
        }
        std::vector<specs::MatchSpec> needs; // its records' dependencies on `package`
        for (const std::size_t e : entries->second) {
            const PackageRecord& record = *m_entries[e].record;
            if (!offered(e) || !requested.matches(record)) {
                continue;
            }
            for (const auto& dependency : record.depends) {
                if (auto dep = specs::parseSpecSyntax(dependency); dep && dep->name() == package) {
                    needs.push_back(std::move(*dep));
                }
            }
        }
        if (needs.empty()) {
            continue;
        }
        requests.push_back(m_request.specs[i]);
        std::erase_if(candidates, [&](const PackageRecord* candidate) {
            return std::none_of(needs.begin(), needs.end(),
                                [&](const auto& need) { return need.matches(*candidate); });
        });
    }
    std::optional<specs::Version> best;
    const PackageRecord* bestRecord = nullptr;
    for (const PackageRecord* candidate : candidates) {
        auto version = specs::Version::parse(candidate->version);
        if (version && (!best || *best < *version)) {
            best = std::move(*version);
            bestRecord = candidate;
        }
    }
    if (requests.empty() || !best) {
        return std::nullopt;
    }
    // A version the user's own specs already allow is no way out: the clash lies deeper (a
    // dependency of a dependency), and "use" it would change nothing.
    const bool alreadyAllowed =
        std::all_of(m_userSpecs.begin(), m_userSpecs.end(), [&](const specs::MatchSpec& spec) {
            return spec.name() != package || spec.matches(*bestRecord);
        });
    if (alreadyAllowed) {
        return std::nullopt;
    }
    return std::make_pair(util::join(requests, ", "), best->str());
}

// Every shortest way each of the user's specs reaches a constraint on `conflictName`: the user's
// spec, then the dependency specs along the way, as conda words them.
const SolverRun::DependencyWords* SolverRun::dependencyWords(const std::string& dependency) const
{
    auto [it, inserted] = m_dependencyWords.try_emplace(dependency);
    if (inserted) {
        if (auto dep = specs::parseSpecSyntax(dependency)) {
            it->second = DependencyWords{
                dep->name(), dep->hasVersion() ? dep->version().str() : "*", dep->str()};
        }
    }
    return it->second ? &*it->second : nullptr;
}

const specs::MatchSpec* SolverRun::stepSpec(const std::string& text) const
{
    auto [it, inserted] = m_stepSpecs.try_emplace(text);
    if (inserted) {
        if (auto spec = specs::parseSpecSyntax(text)) {
            it->second = std::move(*spec);
        }
    }
    return it->second ? &*it->second : nullptr;
}

std::vector<std::vector<std::string>> SolverRun::chainsTo(const std::string& conflictName) const
{
    std::vector<std::vector<std::string>> chains;
    for (std::size_t i = 0; i < m_userSpecs.size(); ++i) {
        const auto& userSpec = m_userSpecs[i];
        if (userSpec.name() == conflictName) {
            chains.push_back({m_request.specs[i]});
            continue;
        }
        // Breadth first over (spec) nodes; a name is expanded once, at its shortest depth.
        struct Node {
            specs::MatchSpec spec;
            std::vector<std::string> path;
        };
        std::deque<Node> queue{Node{userSpec, {m_request.specs[i]}}};
        std::set<std::string> expanded;
        std::vector<std::vector<std::string>> found;
        std::size_t foundDepth = SIZE_MAX;
        while (!queue.empty()) {
            Node node = std::move(queue.front());
            queue.pop_front();
            if (node.path.size() >= foundDepth) {
                break;
            }
            if (!expanded.insert(node.spec.name()).second) {
                continue;
            }
            const auto entries = m_entriesByName.find(node.spec.name());
            if (entries == m_entriesByName.end()) {
                continue;
            }
            // One step per dependency name: the specs the candidates of this node put on it,
            // or-ed as conda words them (`d[version='>=1,<2|>=2,<3']`).
            std::map<std::string, std::set<std::string>> versionsByName;
            std::map<std::string, std::string> anySpec;
            for (const std::size_t e : entries->second) {
                const PackageRecord& record = *m_entries[e].record;
                // Each entry's version is parsed once per run (entryVersion), not per match.
                const auto& version = entryVersion(e);
                if (version ? !node.spec.matches(record, *version) : !node.spec.matches(record)) {
                    continue;
                }
                for (const auto& dependency : record.depends) {
                    const DependencyWords* dep = dependencyWords(dependency);
                    if (dep == nullptr) {
                        continue;
                    }
                    versionsByName[dep->name].insert(dep->version);
                    anySpec.try_emplace(dep->name, dep->text);
                }
            }
            for (const auto& [name, versions] : versionsByName) {
                std::string stepText = anySpec[name];
                if (versions.size() > 1 && versions.count("*") == 0) {
                    std::vector<std::string> alternatives(versions.begin(), versions.end());
                    if (auto merged =
                            specs::parseSpecSyntax(name + " " + util::join(alternatives, "|"))) {
                        stepText = merged->str();
                    }
                }
                const specs::MatchSpec* step = stepSpec(stepText);
                if (step == nullptr) {
                    continue;
                }
                auto path = node.path;
                path.push_back(stepText);
                if (name == conflictName) {
                    foundDepth = path.size();
                    if (std::find(found.begin(), found.end(), path) == found.end()) {
                        found.push_back(std::move(path));
                    }
                } else {
                    queue.push_back(Node{*step, std::move(path)});
                }
            }
        }
        for (auto& chain : found) {
            chains.push_back(std::move(chain));
        }
    }
    return chains;
}

Unsolvable SolverRun::unsolvable(::Solver* solver)
{
    std::set<std::string> conflictNames;
    std::vector<std::pair<std::string, std::string>> missing; // spec, required by (a name or "")
    const int problems = solver_problem_count(solver);
    for (Id problem = 1; problem <= problems; ++problem) {
        SolvQueue rules;
        solver_findallproblemrules(solver, problem, rules.get());
        for (int k = 0; k < rules->count; ++k) {
            Id source = 0;
            Id target = 0;
            Id dep = 0;
            const SolverRuleinfo type =
                solver_ruleinfo(solver, rules->elements[k], &source, &target, &dep);
            const auto nameOf = [&](Id id) -> std::string {
                return m_pool.hasInfo(id) ? m_pool.info(id).record->name
                                          : m_pool.ladderNameOfSolvable(id);
            };
            switch (type) {
            case SOLVER_RULE_PKG_REQUIRES:
                // A ladder step: the "one record of a name" rules, libsolv's same-name rules
                // before the ladder replaced them.
                if (auto name = m_pool.ladderNameOfDependency(dep); !name.empty()) {
                    conflictNames.insert(std::move(name));
                }
                break;
            case SOLVER_RULE_PKG_SAME_NAME:
            case SOLVER_RULE_PKG_OBSOLETES:
            case SOLVER_RULE_PKG_INSTALLED_OBSOLETES:
            case SOLVER_RULE_PKG_IMPLICIT_OBSOLETES:
                // Two records of one name (a ladder record obsoletes the installed one).
                conflictNames.insert(nameOf(source));
                break;
            case SOLVER_RULE_PKG_NOTHING_PROVIDES_DEP:
                conflictNames.insert(nameOf(source));
                missing.emplace_back(m_pool.specOf(dep), nameOf(source));
                break;
            case SOLVER_RULE_JOB_NOTHING_PROVIDES_DEP:
            case SOLVER_RULE_JOB_UNKNOWN_PACKAGE: {
                const std::string spec = m_pool.specOf(dep);
                missing.emplace_back(spec, std::string());
                if (auto parsed = specs::parseSpecSyntax(spec)) {
                    conflictNames.insert(parsed->name());
                }
                break;
            }
            case SOLVER_RULE_PKG_CONFLICTS:
            case SOLVER_RULE_PKG_CONSTRAINS:
                conflictNames.insert(nameOf(target));
                break;
            default:
                break;
            }
        }
    }
    conflictNames.erase(std::string());

    Unsolvable out;
    for (const auto& name : conflictNames) {
        ProblemGraph::Conflict conflict;
        conflict.package = name;
        for (auto& steps : chainsTo(name)) {
            conflict.chains.push_back(ProblemGraph::Chain{std::move(steps)});
        }
        std::vector<specs::Version> versions;
        std::set<std::string> seen;
        if (const auto entries = m_entriesByName.find(name); entries != m_entriesByName.end()) {
            for (const std::size_t e : entries->second) {
                const PackageRecord& record = *m_entries[e].record;
                if (m_entries[e].repoIndex >= 0 && seen.insert(record.version).second) {
                    if (auto v = specs::Version::parse(record.version)) {
                        versions.push_back(std::move(*v));
                    }
                }
            }
        }
        std::sort(versions.begin(), versions.end(),
                  [](const auto& a, const auto& b) { return b < a; });
        for (const auto& v : versions) {
            conflict.availableVersions.push_back(v.str());
        }
        conflict.suggestions = suggestionsFor(conflict);
        // With packages missing, libsolv's rules often name a clash on a package whose
        // constraints one version meets ("pytorch 1.12" and "pytorch 1.12.0"): the missing
        // packages are the cause, and the explanation leaves such a clash out.
        conflict.metTogether = satisfiableTogether(conflict);
        out.graph.conflicts.push_back(std::move(conflict));
    }
    for (const auto& [spec, requiredBy] : missing) {
        ProblemGraph::Missing item;
        item.spec = dependencyText(spec);
        if (requiredBy.empty()) {
            item.requiredBy.push_back(spec);
        } else {
            for (auto& chain : chainsTo(requiredBy)) {
                item.requiredBy = chain;
                break;
            }
            if (item.requiredBy.empty()) {
                item.requiredBy.push_back(requiredBy);
            }
        }
        if (std::none_of(out.graph.missing.begin(), out.graph.missing.end(),
                         [&](const auto& m) { return m.spec == item.spec; })) {
            out.graph.missing.push_back(std::move(item));
        }
    }

    out.explanation = explain(out.graph);
    return out;
}

bool SolverRun::satisfiableTogether(const ProblemGraph::Conflict& conflict) const
{
    std::vector<specs::MatchSpec> constraints;
    for (const auto& chain : conflict.chains) {
        auto spec = specs::parseSpecSyntax(chain.steps.back());
        if (!spec || spec->name() != conflict.package) {
            return false; // not a constraint read as one: keep the conflict
        }
        constraints.push_back(std::move(*spec));
    }
    const auto entries = m_entriesByName.find(conflict.package);
    if (constraints.empty() || entries == m_entriesByName.end()) {
        return false;
    }
    return std::any_of(entries->second.begin(), entries->second.end(), [&](std::size_t e) {
        return m_entries[e].repoIndex >= 0
               && std::all_of(constraints.begin(), constraints.end(),
                              [&](const auto& spec) { return spec.matches(*m_entries[e].record); });
    });
}

// The explanation, written from the graph in the user's terms: what nothing provides first (the
// usual cause, and one the user can act on), then what cannot be chosen together, through which
// dependencies, and what the channels have.
std::string SolverRun::explain(const ProblemGraph& graph)
{
    std::string text = "The request cannot be satisfied:\n";
    for (const auto& item : graph.missing) {
        text += "\n  nothing provides " + specs::readableSpec(item.spec);
        if (item.requiredBy.size() > 1 || item.requiredBy.front() != item.spec) {
            text += " (needed through " + util::join(item.requiredBy, " -> ") + ")";
        }
        text += "\n";
    }
    for (const auto& conflict : graph.conflicts) {
        if (conflict.metTogether && !graph.missing.empty()) {
            continue;
        }
        text += "\n  " + conflict.package + " cannot be chosen to satisfy everything at once:\n";
        for (const auto& chain : conflict.chains) {
            std::string line = "    - you asked for " + specs::readableSpec(chain.steps.front());
            for (std::size_t s = 1; s < chain.steps.size(); ++s) {
                line += (s == 1 ? ", which requires " : ", which requires ")
                        + specs::readableSpec(chain.steps[s]);
            }
            text += line + "\n";
        }
        if (!conflict.availableVersions.empty()) {
            text += "    available versions of " + conflict.package + ": ";
            const std::size_t shown = std::min<std::size_t>(conflict.availableVersions.size(), 8);
            for (std::size_t v = 0; v < shown; ++v) {
                text += (v > 0 ? ", " : "") + conflict.availableVersions[v];
            }
            if (conflict.availableVersions.size() > shown) {
                text += ", ...";
            }
            text += "\n";
        } else if (conflict.pins.empty()) {
            text += "    no channel has any version of " + conflict.package + "\n";
        }
        for (const auto& pin : conflict.pins) {
            text += "    the pin " + specs::readableSpec(pin) + " keeps it out"
                    + (conflict.needed.empty()
                           ? std::string()
                           : "; the request would take " + conflict.package + " " + conflict.needed)
                    + " (unpin " + conflict.package
                    + ", or leave the pins out of this change with --no-pin)\n";
        }
        for (const auto& suggestion : conflict.suggestions) {
            if (suggestion.workingVersion) {
                text += "    the newest " + nameOf(suggestion.requested) + " that works with "
                        + specs::readableSpec(suggestion.constraint) + " is "
                        + *suggestion.workingVersion + "\n";
            } else {
                text += "    no version of " + nameOf(suggestion.requested) + " works with "
                        + specs::readableSpec(suggestion.constraint) + "\n";
            }
        }
    }
    return text;
}

} // namespace envdesk::solver::detail
