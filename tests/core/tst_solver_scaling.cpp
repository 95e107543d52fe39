// Names with thousands of records (conda-forge's python, ca-certificates, conda-forge-pinning):
// a solve must cost about linearly in them, whether or not the environment already holds the
// name, and must still pick, keep, update and downgrade as it does for a name with few records.
// The cost is read from the solver's Statistics (libsolv's rules and the steps of its same-name
// check), which are exact counts: no wall-clock figure is asserted.

#include "core/solver/solver.h"

#include <QtTest>

#include <string>
#include <variant>
#include <vector>

using namespace envdesk;

namespace {

specs::PackageRecord record(const std::string& name, const std::string& version,
                            std::vector<std::string> depends = {},
                            std::vector<std::string> constrains = {})
{
    specs::PackageRecord r;
    r.name = name;
    r.version = version;
    r.build = "h0_0";
    r.channel = "c";
    r.subdir = "linux-64";
    r.depends = std::move(depends);
    r.constrains = std::move(constrains);
    return r;
}

// `count` records of basepkg (versions 1..count, each needing dep and constraining other), ten
// of dep, one of a package that needs an old basepkg.
std::vector<solver::Repo> channelWith(std::size_t count)
{
    std::vector<specs::PackageRecord> records;
    for (std::size_t i = 1; i <= count; ++i) {
        records.push_back(record("basepkg", std::to_string(i) + ".0", {"dep >=1"}, {"other <2"}));
    }
    for (int v = 1; v <= 10; ++v) {
        records.push_back(record("dep", std::to_string(v) + ".0"));
    }
    records.push_back(record("needs-old", "1.0", {"basepkg <5"}));
    records.push_back(record("other", "1.0"));
    return {solver::Repo{"c", 1, std::move(records)}};
}

struct Measured {
    solver::Outcome outcome;
    solver::Statistics statistics;
};

Measured solveCounting(const std::vector<solver::Repo>& repos, const solver::Request& request)
{
    solver::Statistics statistics;
    auto result = solver::solve(repos, request, {}, &statistics);
    if (!result) {
        qFatal("%s", result.error().message().c_str());
    }
    return {std::move(*result), statistics};
}

const specs::PackageRecord* chosen(const solver::Outcome& outcome, const std::string& name)
{
    const auto* solution = std::get_if<solver::Solution>(&outcome);
    if (solution == nullptr) {
        return nullptr;
    }
    for (const auto& package : solution->packages) {
        if (package.name == name) {
            return &package;
        }
    }
    return nullptr;
}

solver::Request installedRequest(std::size_t installedVersion)
{
    solver::Request request;
    request.installed = {
        record("basepkg", std::to_string(installedVersion) + ".0", {"dep >=1"}, {"other <2"}),
        record("dep", "10.0")};
    request.historySpecs = {"basepkg"};
    return request;
}

} // namespace

class TestSolverScaling : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void costGrowsLinearly_data();
    void costGrowsLinearly();
    void installedNameIsKeptUpdatedAndDowngraded();
    void conflictOnAManyRecordNameNamesIt();
    void updateKeepsTheHigherPriorityChannel();
    void constraintDowngradesRatherThanRemoves();
};

void TestSolverScaling::costGrowsLinearly_data()
{
    QTest::addColumn<bool>("installed");
    QTest::newRow("a name the environment lacks") << false;
    QTest::newRow("a name the environment holds") << true;
}

// Four times the records may cost at most about four times as much: pairwise same-name rules,
// or libsolv's same-name check over every pair, would cost sixteen times.
void TestSolverScaling::costGrowsLinearly()
{
    QFETCH(bool, installed);
    const auto measure = [&](std::size_t count) {
        solver::Request request = installed ? installedRequest(1) : solver::Request{};
        request.specs = {installed ? "dep" : "basepkg"};
        if (installed) {
            request.kind = solver::Request::Kind::Install;
        }
        return solveCounting(channelWith(count), request);
    };
    const Measured small = measure(1000);
    const Measured large = measure(4000);
    QVERIFY(std::holds_alternative<solver::Solution>(small.outcome));
    QVERIFY(std::holds_alternative<solver::Solution>(large.outcome));
    const auto ratio = [](std::size_t a, std::size_t b) {
        return static_cast<double>(b) / static_cast<double>(std::max<std::size_t>(a, 1));
    };
    qInfo("solvables %zu -> %zu, package rules %zu -> %zu, same-name steps %zu -> %zu",
          small.statistics.solvables, large.statistics.solvables, small.statistics.packageRules,
          large.statistics.packageRules, small.statistics.nameProviderVisits,
          large.statistics.nameProviderVisits);
    QVERIFY2(ratio(small.statistics.packageRules, large.statistics.packageRules) < 4.5,
             "package rules grow faster than the records");
    QVERIFY2(ratio(small.statistics.nameProviderVisits, large.statistics.nameProviderVisits) < 4.5,
             "libsolv's same-name check grows faster than the records");
    // Absolute bounds too: a handful of rules and steps per record, not one per pair.
    QVERIFY(large.statistics.packageRules < 10 * 4000);
    QVERIFY(large.statistics.nameProviderVisits < 10 * 4000);
    if (!installed) {
        QCOMPARE(chosen(large.outcome, "basepkg")->version, std::string("4000.0"));
    }
}

// The installed record of a many-record name behaves as any installed record: an unrelated
// install keeps it, an update takes the newest, a spec that needs an old one downgrades it,
// update-all updates it.
void TestSolverScaling::installedNameIsKeptUpdatedAndDowngraded()
{
    const auto repos = channelWith(3000);

    solver::Request unrelated = installedRequest(7);
    unrelated.specs = {"other"};
    const Measured kept = solveCounting(repos, unrelated);
    QVERIFY(chosen(kept.outcome, "basepkg") != nullptr);
    QCOMPARE(chosen(kept.outcome, "basepkg")->version, std::string("7.0"));
    for (const auto& action : std::get<solver::Solution>(kept.outcome).actions) {
        QVERIFY2(action.to && action.to->name == "other",
                 "an unrelated install changed something else");
    }

    solver::Request update = installedRequest(7);
    update.kind = solver::Request::Kind::Update;
    update.specs = {"basepkg"};
    const Measured updated = solveCounting(repos, update);
    QVERIFY(chosen(updated.outcome, "basepkg") != nullptr);
    QCOMPARE(chosen(updated.outcome, "basepkg")->version, std::string("3000.0"));

    solver::Request all = installedRequest(7);
    all.kind = solver::Request::Kind::UpdateAll;
    const Measured updatedAll = solveCounting(repos, all);
    QVERIFY(chosen(updatedAll.outcome, "basepkg") != nullptr);
    QCOMPARE(chosen(updatedAll.outcome, "basepkg")->version, std::string("3000.0"));

    solver::Request older = installedRequest(7);
    older.specs = {"needs-old"};
    const Measured downgraded = solveCounting(repos, older);
    QVERIFY(chosen(downgraded.outcome, "basepkg") != nullptr);
    QCOMPARE(chosen(downgraded.outcome, "basepkg")->version, std::string("4.0"));
    const auto& actions = std::get<solver::Solution>(downgraded.outcome).actions;
    QVERIFY(std::any_of(actions.begin(), actions.end(), [](const solver::Action& action) {
        return action.kind == solver::Action::Kind::Downgrade && action.to->name == "basepkg";
    }));

    // Exactly one basepkg in every solution: the installed one and a channel one never both.
    for (const Measured* measured : {&kept, &updated, &updatedAll, &downgraded}) {
        const auto& packages = std::get<solver::Solution>(measured->outcome).packages;
        QCOMPARE(std::count_if(packages.begin(), packages.end(),
                               [](const auto& p) { return p.name == "basepkg"; }),
                 1);
    }
}

// Asking for two records of the one name is unsolvable, and the explanation names it.
void TestSolverScaling::conflictOnAManyRecordNameNamesIt()
{
    for (const bool installed : {false, true}) {
        solver::Request request = installed ? installedRequest(7) : solver::Request{};
        request.specs = {"needs-old", "basepkg >=100"};
        const Measured measured = solveCounting(channelWith(2000), request);
        const auto* unsolvable = std::get_if<solver::Unsolvable>(&measured.outcome);
        QVERIFY2(unsolvable != nullptr, installed ? "installed" : "not installed");
        QVERIFY(std::any_of(unsolvable->graph.conflicts.begin(), unsolvable->graph.conflicts.end(),
                            [](const auto& conflict) { return conflict.package == "basepkg"; }));
    }
}

// Flexible priority: the installed x 2.0 came from the first channel, the second has 3.0.
// conda and mamba keep 2.0 on update --all (the channel comes before the version), as for a
// name with one record.
void TestSolverScaling::updateKeepsTheHigherPriorityChannel()
{
    auto a = [](const char* name, const char* version, std::vector<std::string> depends = {}) {
        auto r = record(name, version, std::move(depends));
        r.channel = "a";
        return r;
    };
    auto b = [](const char* name, const char* version) {
        auto r = record(name, version);
        r.channel = "b";
        return r;
    };
    const std::vector<solver::Repo> repos = {
        {"a", 2, {a("x", "1.0"), a("x", "2.0"), a("w", "1.0", {"x"})}},
        {"b", 1, {b("x", "2.0"), b("x", "3.0")}}};
    solver::Request request;
    request.installed = {a("x", "2.0"), a("w", "1.0", {"x"})};
    request.historySpecs = {"w"};
    for (const auto kind : {solver::Request::Kind::UpdateAll, solver::Request::Kind::Update}) {
        request.kind = kind;
        request.specs = kind == solver::Request::Kind::Update ? std::vector<std::string>{"x"}
                                                              : std::vector<std::string>{};
        const Measured measured = solveCounting(repos, request);
        const auto* solution = std::get_if<solver::Solution>(&measured.outcome);
        QVERIFY(solution != nullptr);
        QVERIFY2(solution->actions.empty(),
                 solution->actions.empty() ? "" : solution->actions.front().to->distName().c_str());
    }
    request.channelPriority = solver::ChannelPriority::Disabled; // then the version decides
    request.kind = solver::Request::Kind::UpdateAll;
    request.specs.clear();
    const Measured disabled = solveCounting(repos, request);
    QCOMPARE(chosen(disabled.outcome, "x")->version, std::string("3.0"));
}

// A new package's constraint rules out the installed x 2.0, which nothing asked for: x goes
// down to 1.0, as libsolv does for a name with one record, instead of going away.
void TestSolverScaling::constraintDowngradesRatherThanRemoves()
{
    const std::vector<solver::Repo> repos = {
        {"c", 1, {record("x", "1.0"), record("x", "2.0"), record("c", "1.0", {}, {"x <2"})}}};
    solver::Request request;
    request.installed = {record("x", "2.0")};
    request.specs = {"c"};
    const Measured measured = solveCounting(repos, request);
    QVERIFY(chosen(measured.outcome, "x") != nullptr);
    QCOMPARE(chosen(measured.outcome, "x")->version, std::string("1.0"));
    QVERIFY(chosen(measured.outcome, "c") != nullptr);
}

QTEST_GUILESS_MAIN(TestSolverScaling)
#include "tst_solver_scaling.moc"
