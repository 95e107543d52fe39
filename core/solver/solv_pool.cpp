#include "core/solver/solv_pool.h"

namespace envdesk::solver::detail {

SolvPool::SolvPool()
    : m_pool(pool_create())
{
    // Ranks are plain integers; Debian's EVR comparison orders them numerically.
    pool_setdisttype(m_pool, DISTTYPE_DEB);
    pool_setarch(m_pool, "noarch");
    m_nsSpec = pool_str2id(m_pool, "namespace:conda", 1);
    m_nsConstraint = pool_str2id(m_pool, "namespace:conda-constraint", 1);
    m_pool->nscallback = &SolvPool::namespaceCallback;
    m_pool->nscallbackdata = this;
}

SolvPool::~SolvPool()
{
    // pool_free leaves the `considered` map to whoever made it (applyExclusions).
    if (m_pool->considered != nullptr) {
        map_free(m_pool->considered);
        m_pool->considered = static_cast<Map*>(solv_free(m_pool->considered));
    }
    pool_free(m_pool);
}

::Repo* SolvPool::addRepo(const std::string& name, int priority)
{
    ::Repo* repo = repo_create(m_pool, name.c_str());
    repo->priority = priority;
    return repo;
}

Id SolvPool::addSolvable(::Repo* repo, const specs::PackageRecord& record, unsigned rank,
                         SolvableInfo info, const LadderLinks* ladder)
{
    const Id id = repo_add_solvable(repo);
    Solvable* s = pool_id2solvable(m_pool, id);
    const Id name = pool_str2id(m_pool, record.name.c_str(), 1);
    s->evr = pool_str2id(m_pool, std::to_string(rank).c_str(), 1);
    s->arch = ARCH_NOARCH;
    if (ladder == nullptr) {
        s->name = name;
        s->provides =
            repo_addid_dep(repo, s->provides, pool_rel2id(m_pool, name, s->evr, REL_EQ, 1), 0);
    } else {
        // libsolv visits every provider of a solvable's name for each solvable (its same-name
        // check): N*N steps for N records. A ladder record's name is one nothing provides (the
        // ladder keeps the records apart), so the check finds none; specs still find it, as the
        // namespace callback reads names from SolvableInfo. The installed record of the name
        // keeps the plain name and provides it: a record ranking at or above it obsoletes the
        // name, which excludes the two together and makes the record an update candidate in
        // libsolv's obsoletes index (which skips same-name obsoletes, hence the own name); the
        // rest only conflict with it (going down comes from solver.cpp's weak "keep some
        // record of this name" job).
        s->name = pool_str2id(m_pool, ("@laddered:" + record.name).c_str(), 1);
        if (ladder->updatesInstalled) {
            s->obsoletes = repo_addid_dep(repo, s->obsoletes, name, 0);
        } else {
            s->conflicts = repo_addid_dep(repo, s->conflicts, name, 0);
        }
        if (ladder->step != 0) {
            s->solv_requires = repo_addid_dep(repo, s->solv_requires, ladder->step, 0);
        }
        if (ladder->stepBelow != 0) {
            s->conflicts = repo_addid_dep(repo, s->conflicts, ladder->stepBelow, 0);
        }
    }
    for (const auto& dependency : record.depends) {
        s->solv_requires = repo_addid_dep(repo, s->solv_requires, specDependency(dependency), 0);
    }
    for (const auto& constraint : record.constrains) {
        s->conflicts = repo_addid_dep(repo, s->conflicts, constraintDependency(constraint), 0);
    }
    info.record = &record;
    if (auto version = specs::Version::parse(record.version)) {
        info.version = std::make_shared<const specs::Version>(std::move(*version));
    }
    m_info[id] = std::move(info);
    m_byName[record.name].push_back(id);
    return id;
}

Id SolvPool::ladderStep(const std::string& name, std::size_t k)
{
    // '@' cannot start a conda package name, so these never meet a real one.
    const Id id = pool_str2id(m_pool, ("@ladder:" + name + ":" + std::to_string(k)).c_str(), 1);
    m_ladderNames.try_emplace(id, name);
    return id;
}

void SolvPool::addLadder(const std::string& name, std::size_t steps)
{
    if (m_ladderRepo == nullptr) {
        m_ladderRepo = repo_create(m_pool, "@ladder");
    }
    const Id evr = pool_str2id(m_pool, "1", 1);
    for (std::size_t k = 1; k <= steps; ++k) {
        Solvable* s = pool_id2solvable(m_pool, repo_add_solvable(m_ladderRepo));
        s->name = ladderStep(name, k);
        s->evr = evr;
        s->arch = ARCH_NOARCH;
        s->provides = repo_addid_dep(m_ladderRepo, s->provides, s->name, 0);
        if (k < steps) {
            s->solv_requires =
                repo_addid_dep(m_ladderRepo, s->solv_requires, ladderStep(name, k + 1), 0);
        }
    }
}

std::string SolvPool::ladderNameOfSolvable(Id solvable) const
{
    if (solvable <= 0 || solvable >= m_pool->nsolvables) {
        return {};
    }
    return ladderNameOfDependency(pool_id2solvable(m_pool, solvable)->name);
}

std::string SolvPool::ladderNameOfDependency(Id dependency) const
{
    const auto it = m_ladderNames.find(dependency);
    return it == m_ladderNames.end() ? std::string() : it->second;
}

Id SolvPool::specDependency(const std::string& spec)
{
    const Id id =
        pool_rel2id(m_pool, m_nsSpec, pool_str2id(m_pool, spec.c_str(), 1), REL_NAMESPACE, 1);
    m_dependencies.push_back(id);
    return id;
}

Id SolvPool::constraintDependency(const std::string& spec)
{
    const Id id =
        pool_rel2id(m_pool, m_nsConstraint, pool_str2id(m_pool, spec.c_str(), 1), REL_NAMESPACE, 1);
    m_dependencies.push_back(id);
    return id;
}

void SolvPool::resolveDependencies()
{
    std::sort(m_dependencies.begin(), m_dependencies.end());
    m_dependencies.erase(std::unique(m_dependencies.begin(), m_dependencies.end()),
                         m_dependencies.end());
    for (const Id dependency : m_dependencies) {
        (void)pool_whatprovides(m_pool, dependency);
    }
}

void SolvPool::finalize(::Repo* installed)
{
    if (installed != nullptr) {
        pool_set_installed(m_pool, installed);
    }
    pool_addfileprovides(m_pool);
    pool_createwhatprovides(m_pool);
}

const std::vector<Id>& SolvPool::solvablesNamed(const std::string& name) const
{
    static const std::vector<Id> none;
    const auto it = m_byName.find(name);
    return it == m_byName.end() ? none : it->second;
}

std::string SolvPool::specOf(Id dependency) const
{
    if (!ISRELDEP(dependency)) {
        return {};
    }
    const Reldep* rd = GETRELDEP(m_pool, dependency);
    if (rd->flags != REL_NAMESPACE || (rd->name != m_nsSpec && rd->name != m_nsConstraint)) {
        return {};
    }
    return pool_id2str(m_pool, rd->evr);
}

bool SolvPool::isConstraint(Id dependency) const
{
    return ISRELDEP(dependency) && GETRELDEP(m_pool, dependency)->name == m_nsConstraint;
}

void SolvPool::exclude(Id solvable)
{
    m_excluded.push_back(solvable);
}

void SolvPool::applyExclusions()
{
    if (m_excluded.empty()) {
        return;
    }
    // libsolv's `considered` map: solvables outside it do not exist for the solve.
    if (m_pool->considered == nullptr) {
        m_pool->considered = static_cast<Map*>(solv_calloc(1, sizeof(Map)));
        map_init(m_pool->considered, m_pool->nsolvables);
        map_setall(m_pool->considered);
    }
    for (const Id id : m_excluded) {
        MAPCLR(m_pool->considered, id);
    }
}

const specs::MatchSpec* SolvPool::parsed(Id specId)
{
    const auto it = m_specs.find(specId);
    if (it != m_specs.end()) {
        return it->second.get();
    }
    auto spec = specs::MatchSpec::parse(pool_id2str(m_pool, specId), m_specContext);
    std::unique_ptr<specs::MatchSpec> stored;
    if (spec) {
        stored = std::make_unique<specs::MatchSpec>(std::move(*spec));
    } else if (m_parseFailure.empty()) {
        m_parseFailure = spec.error().message();
    }
    return m_specs.emplace(specId, std::move(stored)).first->second.get();
}

Id SolvPool::namespaceCallback(::Pool* /*pool*/, void* data, Id name, Id evr)
{
    return static_cast<SolvPool*>(data)->provide(name, evr);
}

// Which solvables provide a spec: those of its name that it matches (for a constraint: those of
// its name that it does NOT match, which is what a package with that `constrains` conflicts
// with). libsolv asks once per distinct spec and caches the answer.
Id SolvPool::provide(Id name, Id evr)
{
    const bool constraint = name == m_nsConstraint;
    if ((!constraint && name != m_nsSpec) || m_stop.stop_requested()) {
        return 0;
    }
    const specs::MatchSpec* spec = parsed(evr);
    if (spec == nullptr) {
        return 0;
    }
    SolvQueue q;
    const auto consider = [&](const std::vector<Id>& ids) {
        for (const Id id : ids) {
            const SolvableInfo& info = m_info.at(id);
            // A record whose version does not parse matches only specs without a version.
            const bool matches = info.version ? spec->matches(*info.record, *info.version)
                                              : spec->matches(*info.record);
            if (matches != constraint) {
                queue_push(q.get(), id);
            }
        }
    };
    if (spec->hasExactName()) {
        consider(solvablesNamed(spec->name()));
    } else {
        for (const auto& [packageName, ids] : m_byName) {
            if (spec->nameMatcher().matches(packageName)) {
                consider(ids);
            }
        }
    }
    return q->count == 0 ? 0 : pool_queuetowhatprovides(m_pool, q.get());
}

} // namespace envdesk::solver::detail
