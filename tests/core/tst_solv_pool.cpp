// The RAII layer over libsolv on its own: namespace dependencies answered by MatchSpec, the
// constraint namespace, exclusions, and parse failures surfaced rather than swallowed.

#include "core/solver/solv_pool.h"

#include <QTest>

#include <deque>
#include <set>

using envdesk::solver::detail::SolvableInfo;
using envdesk::solver::detail::SolvPool;
using envdesk::specs::PackageRecord;

namespace {

PackageRecord record(const char* name, const char* version, const char* build = "0")
{
    PackageRecord r;
    r.name = name;
    r.version = version;
    r.build = build;
    return r;
}

std::set<std::string> providers(SolvPool& solvPool, Id dependency)
{
    ::Pool* pool = solvPool.pool(); // FOR_PROVIDES names it `pool`
    std::set<std::string> out;
    Id p = 0;
    Id pp = 0;
    FOR_PROVIDES(p, pp, dependency)
    {
        if (solvPool.hasInfo(p)) {
            const auto& info = solvPool.info(p);
            out.insert(info.record->distName());
        }
    }
    return out;
}

struct Fixture {
    std::deque<PackageRecord> records{
        record("numpy", "1.26.4", "py312_0"), record("numpy", "2.0.1", "py312_0"),
        record("numpy", "2.1.0", "py313_0"), record("python", "3.12.4")};
    SolvPool pool;
    std::vector<Id> ids;
    Fixture()
    {
        ::Repo* repo = pool.addRepo("c", 1);
        unsigned rank = 1;
        for (const auto& r : records) {
            ids.push_back(pool.addSolvable(repo, r, rank++, SolvableInfo{}));
        }
        pool.finalize(nullptr);
    }
};

} // namespace

class TestSolvPool : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void specsAreAnsweredByMatchSpec();
    void constraintsProvideTheNonMatching();
    void exclusionsHideSolvables();
    void unparsableSpecIsReported();
    void stoppedPoolProvidesNothing();
};

void TestSolvPool::specsAreAnsweredByMatchSpec()
{
    Fixture f;
    const Id numpy2 = f.pool.specDependency("numpy >=2");
    f.pool.resolveDependencies();
    QCOMPARE(providers(f.pool, numpy2),
             (std::set<std::string>{"numpy-2.0.1-py312_0", "numpy-2.1.0-py313_0"}));
    const Id build = f.pool.specDependency("numpy=*=py312*");
    f.pool.resolveDependencies();
    QCOMPARE(providers(f.pool, build),
             (std::set<std::string>{"numpy-1.26.4-py312_0", "numpy-2.0.1-py312_0"}));
    QCOMPARE(f.pool.specOf(numpy2), std::string("numpy >=2"));
    QVERIFY(!f.pool.isConstraint(numpy2));
    QCOMPARE(f.pool.solvablesNamed("numpy").size(), std::size_t{3});
}

void TestSolvPool::constraintsProvideTheNonMatching()
{
    Fixture f;
    const Id constraint = f.pool.constraintDependency("numpy <2");
    f.pool.resolveDependencies();
    // A package with `constrains: numpy <2` conflicts with the numpy records that do not match.
    QCOMPARE(providers(f.pool, constraint),
             (std::set<std::string>{"numpy-2.0.1-py312_0", "numpy-2.1.0-py313_0"}));
    QVERIFY(f.pool.isConstraint(constraint));
}

void TestSolvPool::exclusionsHideSolvables()
{
    Fixture f;
    f.pool.exclude(f.ids[2]);
    f.pool.applyExclusions();
    ::Pool* pool = f.pool.pool();
    QVERIFY(pool->considered != nullptr);
    QVERIFY(!MAPTST(pool->considered, f.ids[2]));
    QVERIFY(MAPTST(pool->considered, f.ids[1]));
}

void TestSolvPool::unparsableSpecIsReported()
{
    Fixture f;
    const Id bad = f.pool.specDependency("numpy >=1,,<2");
    f.pool.resolveDependencies();
    QVERIFY(providers(f.pool, bad).empty());
    QVERIFY(f.pool.parseFailure().find("numpy >=1,,<2") != std::string::npos);
}

void TestSolvPool::stoppedPoolProvidesNothing()
{
    // A solve abandoned by its caller must not go on building libsolv's rules: once the stop is
    // requested, every spec libsolv asks about has no provider, so rule building ends quickly.
    Fixture f;
    std::stop_source stop;
    f.pool.setStop(stop.get_token());
    const Id before = f.pool.specDependency("numpy >=2");
    f.pool.resolveDependencies();
    QCOMPARE(providers(f.pool, before).size(), std::size_t{2});
    stop.request_stop();
    const Id after = f.pool.specDependency("python >=3");
    f.pool.resolveDependencies();
    QVERIFY(providers(f.pool, after).empty());
}

QTEST_APPLESS_MAIN(TestSolvPool)
#include "tst_solv_pool.moc"
