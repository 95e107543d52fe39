// Every case of ../shared/fixtures/solver/cases.json (conda's and mamba's own solver tests),
// follow-ups included, against the real channels beside it.

#include "core/repodata/repodata_parser.h"
#include "core/solver/solver.h"
#include "core/specs/match_spec.h"
#include "tests/support/sudoku_channel.h"
#include "vector_file.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <map>
#include <set>

using namespace envdesk;
using namespace envdesk::test;

namespace {

QStringList strings(const QJsonValue& value)
{
    QStringList out;
    for (const auto& item : value.toArray()) {
        out << item.toString();
    }
    return out;
}

std::vector<std::string> toStd(const QStringList& list)
{
    std::vector<std::string> out;
    for (const auto& item : list) {
        out.push_back(item.toStdString());
    }
    return out;
}

std::vector<solver::Repo> loadChannels(const QJsonObject& testCase)
{
    std::vector<solver::Repo> repos;
    const QStringList channels = strings(testCase.value(QStringLiteral("channels")));
    const QStringList subdirs = strings(testCase.value(QStringLiteral("subdirs")));
    int priority = channels.size();
    for (const auto& channel : channels) {
        const QString path = fixturesDir() + QLatin1Char('/') + channel;
        const std::string name = QFileInfo(channel).baseName().toStdString();
        std::vector<QString> files;
        if (path.endsWith(QLatin1String(".json"))) {
            files.push_back(path);
        } else {
            for (const auto& subdir : subdirs) {
                files.push_back(path + QLatin1Char('/') + subdir
                                + QStringLiteral("/repodata.json"));
            }
        }
        for (const auto& file : files) {
            auto repodata = repodata::loadRepodataFile(file.toStdString(), {name, "", "", ""});
            if (!repodata) {
                qFatal("%s", repodata.error().message().c_str());
            }
            repos.push_back(solver::Repo{name, priority, std::move(repodata->records)});
        }
        --priority;
    }
    return repos;
}

std::set<QString> distNames(const std::vector<specs::PackageRecord>& records)
{
    std::set<QString> out;
    for (const auto& record : records) {
        out.insert(QString::fromStdString(record.distName()));
    }
    return out;
}

// The chains of every conflict, as sets of steps, to compare with conda's conflict chains.
std::set<QStringList> chainsOf(const solver::Unsolvable& unsolvable)
{
    std::set<QStringList> out;
    for (const auto& conflict : unsolvable.graph.conflicts) {
        for (const auto& chain : conflict.chains) {
            QStringList steps;
            for (const auto& step : chain.steps) {
                steps << QString::fromStdString(step);
            }
            out.insert(steps);
        }
    }
    return out;
}

// Checks a solution as a whole: one record per name, every dependency satisfied by the solution
// or a virtual package, every `constrains` respected.
QString inconsistency(const solver::Solution& solution,
                      const std::vector<specs::PackageRecord>& virtuals)
{
    std::map<std::string, const specs::PackageRecord*> byName;
    for (const auto& record : solution.packages) {
        if (!byName.emplace(record.name, &record).second) {
            return QStringLiteral("two records named ") + QString::fromStdString(record.name);
        }
    }
    for (const auto& record : virtuals) {
        byName.emplace(record.name, &record);
    }
    for (const auto& record : solution.packages) {
        for (const auto& dependency : record.depends) {
            auto spec = specs::MatchSpec::parse(dependency);
            if (!spec) {
                return QStringLiteral("unparsable dependency ")
                       + QString::fromStdString(dependency);
            }
            const auto found = byName.find(spec->name());
            if (found == byName.end() || !spec->matches(*found->second)) {
                return QString::fromStdString(record.distName() + " needs " + dependency);
            }
        }
        for (const auto& constraint : record.constrains) {
            auto spec = specs::MatchSpec::parse(constraint);
            const auto found = spec ? byName.find(spec->name()) : byName.end();
            if (found != byName.end() && !spec->matches(*found->second)) {
                return QString::fromStdString(record.distName() + " constrains " + constraint);
            }
        }
    }
    return {};
}

specs::PackageRecord virtualPackage(const char* name, const char* version, const char* build = "0")
{
    specs::PackageRecord record;
    record.name = name;
    record.version = version;
    record.build = build;
    record.channel = "@";
    return record;
}

} // namespace

class TestSolver : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void condaAndMambaCases_data();
    void condaAndMambaCases();
    void explanationSpeaksTheUsersTerms();
    void strictPriorityExcludesLowerChannels();
    void removeAndUpdate();
    void pinsAreNamedWhenTheyStandInTheWay();
    void badSpecIsAnError();
    void condaForgeSubdirs_data();
    void condaForgeSubdirs();
    void everyPackageOfRealChannels_data();
    void everyPackageOfRealChannels();
    void sudoku();
    void suggestsWhatWouldWork();
    void forceReinstallAndDisabledPriority();
    void dependencyOrderPutsDependenciesFirst();
    void newestDependenciesBreakTies();
    void missingPackagesComeFirst();
    void removalKeepsWhatStays();
    void activeFeaturesChooseTheirBuilds();
};

void TestSolver::condaAndMambaCases_data()
{
    ENVDESK_REQUIRE_FIXTURES();
    QTest::addColumn<QJsonObject>("testCase");
    QFile file(fixturesDir() + QStringLiteral("/solver/cases.json"));
    QVERIFY(file.open(QIODevice::ReadOnly));
    for (const auto& value : QJsonDocument::fromJson(file.readAll()).array()) {
        const QJsonObject testCase = value.toObject();
        QTest::newRow(testCase.value(QStringLiteral("id")).toString().toUtf8().constData())
            << testCase;
    }
}

void TestSolver::condaAndMambaCases()
{
    QFETCH(QJsonObject, testCase);
    const auto repos = loadChannels(testCase);

    solver::Request request;
    request.addPipAsPythonDependency =
        testCase.value(QStringLiteral("add_pip_as_python_dependency")).toBool(true);
    request.pinned = toStd(strings(testCase.value(QStringLiteral("pins"))));

    QJsonArray steps;
    QJsonObject first;
    first.insert(QStringLiteral("specs"), testCase.value(QStringLiteral("specs")));
    first.insert(QStringLiteral("expect"), testCase.value(QStringLiteral("expect")));
    steps.append(first);
    for (const auto& followup : testCase.value(QStringLiteral("followups")).toArray()) {
        steps.append(followup);
    }

    // Follow-ups start from the previous result, except where the source test solves each
    // section in a fresh environment (mamba's "Solve a fresh environment ..." cases).
    const bool fresh = testCase.value(QStringLiteral("source"))
                           .toString()
                           .contains(QLatin1String("fresh environment"));
    std::vector<specs::PackageRecord> environment;
    for (const auto& value : steps) {
        const QJsonObject step = value.toObject();
        const QJsonObject expect = step.value(QStringLiteral("expect")).toObject();
        const QString flags = step.value(QStringLiteral("flags")).toString();
        request.specs = toStd(strings(step.value(QStringLiteral("specs"))));
        request.installed = environment;
        request.noDependencies = flags.contains(QLatin1String("--no-deps"));
        request.onlyDependencies = flags.contains(QLatin1String("--only-deps"));
        const QString what = QStringLiteral("specs ")
                             + strings(step.value(QStringLiteral("specs"))).join(QLatin1Char(' '));

        auto outcome = solver::solve(repos, request);
        QVERIFY2(outcome.ok(), outcome ? "" : outcome.error().message().c_str());
        if (expect.value(QStringLiteral("unsatisfiable")).toBool()) {
            const auto* unsolvable = std::get_if<solver::Unsolvable>(&*outcome);
            QVERIFY2(unsolvable != nullptr,
                     qPrintable(what + QStringLiteral(": expected no solution")));
            QVERIFY(!unsolvable->explanation.empty());
            if (expect.contains(QStringLiteral("conda_conflict_chains"))) {
                std::set<QStringList> expected;
                for (const auto& chain :
                     expect.value(QStringLiteral("conda_conflict_chains")).toArray()) {
                    expected.insert(strings(chain));
                }
                const auto actual = chainsOf(*unsolvable);
                QVERIFY2(actual == expected, unsolvable->explanation.c_str());
            }
            continue; // the environment stays as it was
        }
        const auto* solution = std::get_if<solver::Solution>(&*outcome);
        if (solution == nullptr) {
            QFAIL(qPrintable(
                what + QStringLiteral(": ")
                + QString::fromStdString(std::get<solver::Unsolvable>(*outcome).explanation)));
        }
        const auto packages = distNames(solution->packages);
        if (expect.contains(QStringLiteral("packages"))) {
            const auto list = strings(expect.value(QStringLiteral("packages")));
            QCOMPARE(packages, std::set<QString>(list.begin(), list.end()));
        }
        for (const auto& wanted : strings(expect.value(QStringLiteral("contains")))) {
            QVERIFY2(packages.count(wanted) != 0,
                     qPrintable(what + QStringLiteral(": lacks ") + wanted));
        }
        for (const auto& name : strings(expect.value(QStringLiteral("excludes")))
                                    + strings(expect.value(QStringLiteral("omits")))) {
            for (const auto& record : solution->packages) {
                QVERIFY2(QString::fromStdString(record.name) != name,
                         qPrintable(what + QStringLiteral(": has ") + name));
            }
        }
        if (expect.contains(QStringLiteral("install_only"))) {
            const auto list = strings(expect.value(QStringLiteral("install_only")));
            std::set<QString> installed;
            for (const auto& action : solution->actions) {
                if (action.to) {
                    installed.insert(QString::fromStdString(action.to->distName()));
                }
            }
            QCOMPARE(installed, std::set<QString>(list.begin(), list.end()));
        }
        if (expect.contains(QStringLiteral("subdir"))) {
            const QString subdir = expect.value(QStringLiteral("subdir")).toString();
            QCOMPARE(solution->packages.size(), std::size_t{1});
            QCOMPARE(QString::fromStdString(solution->packages.front().subdir), subdir);
        }
        if (!fresh) {
            environment = solution->packages;
        }
    }
}

void TestSolver::explanationSpeaksTheUsersTerms()
{
    ENVDESK_REQUIRE_FIXTURES();
    QJsonObject testCase;
    testCase.insert(QStringLiteral("channels"),
                    QJsonArray{QStringLiteral("solver/channels/unsat_chain")});
    testCase.insert(QStringLiteral("subdirs"),
                    QJsonArray{QStringLiteral("linux-64"), QStringLiteral("noarch")});
    solver::Request request;
    request.specs = {"a", "e"};
    auto outcome = solver::solve(loadChannels(testCase), request);
    QVERIFY(outcome.ok());
    const auto& unsolvable = std::get<solver::Unsolvable>(*outcome);
    QCOMPARE(unsolvable.graph.conflicts.size(), std::size_t{1});
    const auto& conflict = unsolvable.graph.conflicts.front();
    QCOMPARE(QString::fromStdString(conflict.package), QStringLiteral("c"));
    QVERIFY(!conflict.availableVersions.empty());
    const QString text = QString::fromStdString(unsolvable.explanation);
    QVERIFY2(
        text.contains(QLatin1String("you asked for a, which requires b, which requires c >=1,<2")),
        qPrintable(text));
    QVERIFY2(text.contains(QLatin1String("you asked for e, which requires c >=2,<3")),
             qPrintable(text));
    QVERIFY2(!text.contains(QLatin1String("rule")), qPrintable(text)); // no libsolv rule dump
}

void TestSolver::strictPriorityExcludesLowerChannels()
{
    const auto record = [](const char* name, const char* version, const char* channel) {
        specs::PackageRecord r;
        r.name = name;
        r.version = version;
        r.build = "0";
        r.channel = channel;
        r.subdir = "linux-64";
        r.fn = std::string(name) + "-" + version + "-0.tar.bz2";
        return r;
    };
    const std::vector<solver::Repo> repos = {
        {"high", 2, {record("foo", "1.0", "high")}},
        {"low", 1, {record("foo", "2.0", "low"), record("bar", "1.0", "low")}}};
    solver::Request request;
    request.specs = {"foo", "bar"};
    for (const auto priority :
         {solver::ChannelPriority::Strict, solver::ChannelPriority::Flexible}) {
        request.channelPriority = priority;
        auto outcome = solver::solve(repos, request);
        QVERIFY(outcome.ok());
        const auto& solution = std::get<solver::Solution>(*outcome);
        QCOMPARE(distNames(solution.packages),
                 (std::set<QString>{QStringLiteral("foo-1.0-0"), QStringLiteral("bar-1.0-0")}));
    }
    // Strict: foo >=2 exists only in the lower channel, which cannot provide foo at all.
    request.specs = {"foo >=2"};
    request.channelPriority = solver::ChannelPriority::Strict;
    auto strict = solver::solve(repos, request);
    QVERIFY(strict.ok());
    QVERIFY(std::holds_alternative<solver::Unsolvable>(*strict));
    request.channelPriority = solver::ChannelPriority::Flexible;
    auto flexible = solver::solve(repos, request);
    QVERIFY(flexible.ok());
    QCOMPARE(distNames(std::get<solver::Solution>(*flexible).packages),
             std::set<QString>{QStringLiteral("foo-2.0-0")});
}

void TestSolver::removeAndUpdate()
{
    const auto record = [](const char* name, const char* version,
                           std::vector<std::string> depends = {}) {
        specs::PackageRecord r;
        r.name = name;
        r.version = version;
        r.build = "0";
        r.channel = "c";
        r.subdir = "linux-64";
        r.depends = std::move(depends);
        return r;
    };
    const std::vector<solver::Repo> repos = {
        {"c",
         1,
         {record("lib", "1.0"), record("lib", "2.0"), record("app", "1.0", {"lib"}),
          record("other", "1.0")}}};
    solver::Request request;
    request.installed = {record("lib", "1.0"), record("app", "1.0", {"lib"}),
                         record("other", "1.0")};

    request.kind = solver::Request::Kind::UpdateAll;
    auto updated = solver::solve(repos, request);
    QVERIFY(updated.ok());
    const auto& update = std::get<solver::Solution>(*updated);
    QCOMPARE(update.actions.size(), std::size_t{1});
    QVERIFY(update.actions.front().kind == solver::Action::Kind::Upgrade);
    QCOMPARE(update.actions.front().to->version, std::string("2.0"));

    // conda's update --all frees what was asked for before: `lib==1.0` in the history is lib,
    // so it floats up too; a plain update of other packages keeps the history's constraint.
    request.historySpecs = {"lib==1.0", "app"};
    auto freed = solver::solve(repos, request);
    QVERIFY(freed.ok());
    const auto& freedSolution = std::get<solver::Solution>(*freed);
    QCOMPARE(freedSolution.actions.size(), std::size_t{1});
    QCOMPARE(freedSolution.actions.front().to->version, std::string("2.0"));
    // What was asked for stays: updating lib to 2.0 would need `legacy` (which wants lib <2)
    // gone, so lib stays at 1.0 rather than the asked-for legacy being removed, as conda's
    // update --all keeps every history spec (by name) in its solve.
    {
        // legacy is no longer in the channel: only the installed record can keep it.
        auto withLegacy = repos;
        solver::Request all;
        all.kind = solver::Request::Kind::UpdateAll;
        all.installed = request.installed;
        all.installed.push_back(record("legacy", "1.0", {"lib <2"}));
        all.historySpecs = {"app", "legacy"};
        auto outcome = solver::solve(withLegacy, all);
        QVERIFY(outcome.ok());
        QVERIFY(std::holds_alternative<solver::Solution>(*outcome));
        for (const auto& action : std::get<solver::Solution>(*outcome).actions) {
            QVERIFY2(action.kind != solver::Action::Kind::Remove,
                     action.from ? action.from->name.c_str() : "?");
        }
        // Something else installed that nobody asked for still updates.
        all.installed.push_back(record("other", "1.0"));
        withLegacy.front().records.push_back(record("other", "2.0"));
        auto other = solver::solve(withLegacy, all);
        QVERIFY(other.ok());
        bool otherUpdated = false;
        for (const auto& action : std::get<solver::Solution>(*other).actions) {
            QVERIFY(action.kind != solver::Action::Kind::Remove);
            otherUpdated =
                otherUpdated
                || (action.to && action.to->name == "other" && action.to->version == "2.0");
        }
        QVERIFY(otherUpdated);
    }
    request.kind = solver::Request::Kind::Update;
    request.specs = {"other"};
    auto kept = solver::solve(repos, request);
    QVERIFY(kept.ok());
    QVERIFY(std::get<solver::Solution>(*kept).actions.empty());
    request.specs.clear();
    request.historySpecs.clear();

    request.kind = solver::Request::Kind::Remove;
    request.specs = {"lib"};
    auto removed = solver::solve(repos, request);
    QVERIFY(removed.ok());
    const auto& remove = std::get<solver::Solution>(*removed);
    std::set<QString> gone;
    for (const auto& action : remove.actions) {
        QVERIFY(action.kind == solver::Action::Kind::Remove);
        gone.insert(QString::fromStdString(action.from->name));
    }
    // What needs lib goes with it, as conda remove does; the rest stays.
    QCOMPARE(gone, (std::set<QString>{QStringLiteral("lib"), QStringLiteral("app")}));
}

// A pin alone can make a request impossible; libsolv then names nothing, so the solver says
// which pin keeps out what the request would take.
void TestSolver::pinsAreNamedWhenTheyStandInTheWay()
{
    const auto record = [](const char* name, const char* version,
                           std::vector<std::string> depends = {}) {
        specs::PackageRecord r;
        r.name = name;
        r.version = version;
        r.build = "0";
        r.channel = "c";
        r.subdir = "linux-64";
        r.depends = std::move(depends);
        return r;
    };
    const std::vector<solver::Repo> repos = {
        {"c",
         1,
         {record("python", "3.10.14"), record("python", "3.12.7"),
          record("hello", "2.0", {"python >=3.11"})}}};
    solver::Request request;
    request.installed = {record("python", "3.10.14")};
    request.specs = {"hello=2.0"};
    request.pinned = {"python 3.10.*"};
    request.addPipAsPythonDependency = false;
    auto outcome = solver::solve(repos, request);
    QVERIFY(outcome.ok());
    const auto* unsolvable = std::get_if<solver::Unsolvable>(&*outcome);
    QVERIFY(unsolvable != nullptr);
    QCOMPARE(unsolvable->graph.conflicts.size(), std::size_t{1});
    const auto& conflict = unsolvable->graph.conflicts.front();
    QCOMPARE(conflict.package, std::string("python"));
    QCOMPARE(conflict.pins, std::vector<std::string>{"python 3.10.*"});
    QCOMPARE(conflict.needed, std::string("3.12.7"));
    QVERIFY2(unsolvable->explanation.find("the pin python 3.10.* keeps it out")
                 != std::string::npos,
             unsolvable->explanation.c_str());

    // Without the pin it solves, taking the newer python.
    request.pinned.clear();
    auto unpinned = solver::solve(repos, request);
    QVERIFY(unpinned.ok() && std::holds_alternative<solver::Solution>(*unpinned));
}

void TestSolver::badSpecIsAnError()
{
    solver::Request request;
    request.specs = {"numpy >=1.2,,<2"};
    auto outcome = solver::solve({}, request);
    QVERIFY(!outcome.ok());
    QVERIFY2(outcome.error().message().find("numpy") != std::string::npos,
             outcome.error().message().c_str());
}

void TestSolver::condaForgeSubdirs_data()
{
    ENVDESK_REQUIRE_FIXTURES();
    QTest::addColumn<QString>("subdir");
    QTest::addColumn<QString>("spec");
    QTest::addColumn<QString>("expectedName"); // empty: the subset cannot satisfy the spec
    for (const char* subdir :
         {"linux-64", "linux-aarch64", "linux-ppc64le", "osx-64", "osx-arm64", "win-64"}) {
        QTest::newRow(subdir) << QString::fromLatin1(subdir) << QStringLiteral("python=3.9")
                              << QStringLiteral("python");
    }
    // The subset has no python for win-arm64, and noarch packages need a python from a platform.
    QTest::newRow("win-arm64") << QStringLiteral("win-arm64") << QStringLiteral("zstd")
                               << QStringLiteral("zstd");
    QTest::newRow("win-arm64 python=3.9")
        << QStringLiteral("win-arm64") << QStringLiteral("python=3.9") << QString();
    QTest::newRow("noarch tzdata")
        << QStringLiteral("noarch") << QStringLiteral("tzdata") << QStringLiteral("tzdata");
    QTest::newRow("noarch pip") << QStringLiteral("noarch") << QStringLiteral("pip") << QString();
}

void TestSolver::condaForgeSubdirs()
{
    QFETCH(QString, subdir);
    QFETCH(QString, spec);
    QFETCH(QString, expectedName);
    QJsonObject testCase;
    testCase.insert(QStringLiteral("channels"),
                    QJsonArray{QStringLiteral("repodata/conda-forge-subchannel-py39")});
    testCase.insert(QStringLiteral("subdirs"), subdir == QLatin1String("noarch")
                                                   ? QJsonArray{subdir}
                                                   : QJsonArray{subdir, QStringLiteral("noarch")});
    const auto repos = loadChannels(testCase);
    solver::Request request;
    if (subdir.startsWith(QLatin1String("linux"))) {
        request.virtualPackages = {virtualPackage("__unix", "0"),
                                   virtualPackage("__linux", "6.1.0"),
                                   virtualPackage("__glibc", "2.36")};
    } else if (subdir.startsWith(QLatin1String("osx"))) {
        request.virtualPackages = {virtualPackage("__unix", "0"), virtualPackage("__osx", "13.0")};
    } else if (subdir.startsWith(QLatin1String("win"))) {
        request.virtualPackages = {virtualPackage("__win", "0")};
    }
    request.specs = {spec.toStdString()};
    auto outcome = solver::solve(repos, request);
    QVERIFY(outcome.ok());
    if (expectedName.isEmpty()) {
        const auto* unsolvable = std::get_if<solver::Unsolvable>(&*outcome);
        QVERIFY(unsolvable != nullptr);
        QVERIFY(!unsolvable->graph.missing.empty());
        return;
    }
    if (const auto* unsolvable = std::get_if<solver::Unsolvable>(&*outcome)) {
        QFAIL(unsolvable->explanation.c_str());
    }
    const auto& solution = std::get<solver::Solution>(*outcome);
    QVERIFY2(inconsistency(solution, request.virtualPackages).isEmpty(),
             qPrintable(inconsistency(solution, request.virtualPackages)));
    const auto requested =
        std::find_if(solution.packages.begin(), solution.packages.end(),
                     [&](const auto& r) { return QString::fromStdString(r.name) == expectedName; });
    QVERIFY(requested != solution.packages.end());
    if (expectedName == QLatin1String("python")) {
        QVERIFY(QString::fromStdString(requested->version).startsWith(QLatin1String("3.9.")));
        // add_pip_as_python_dependency, as conda
        QVERIFY(std::any_of(solution.packages.begin(), solution.packages.end(),
                            [](const auto& r) { return r.name == "pip"; }));
    }
}

void TestSolver::everyPackageOfRealChannels_data()
{
    ENVDESK_REQUIRE_FIXTURES();
    QTest::addColumn<QString>("file");
    QTest::newRow("anaconda r linux-64") << QStringLiteral("repodata/conda/r_linux-64.json");
    QTest::newRow("pytorch linux-64")
        << QStringLiteral("repodata/rattler/pytorch_linux-64_repodata.json");
}

// Each package name of a real channel, alone: either a consistent solution, or an unsolvable
// outcome whose missing specs really match nothing (these channels lean on pkgs/main and
// conda-forge for much of what they need).
void TestSolver::everyPackageOfRealChannels()
{
    QFETCH(QString, file);
    QJsonObject testCase;
    testCase.insert(QStringLiteral("channels"), QJsonArray{file});
    const auto repos = loadChannels(testCase);
    std::set<std::string> names;
    for (const auto& record : repos.front().records) {
        names.insert(record.name);
    }
    const std::vector<specs::PackageRecord> virtuals = {
        virtualPackage("__unix", "0"), virtualPackage("__linux", "6.1.0"),
        virtualPackage("__glibc", "2.36"), virtualPackage("__cuda", "12.4")};
    int solved = 0;
    int unsolvable = 0;
    for (const auto& name : names) {
        solver::Request request;
        request.specs = {name};
        request.virtualPackages = virtuals;
        request.addPipAsPythonDependency = false;
        auto outcome = solver::solve(repos, request);
        QVERIFY2(outcome.ok(), name.c_str());
        if (const auto* solution = std::get_if<solver::Solution>(&*outcome)) {
            QVERIFY2(inconsistency(*solution, virtuals).isEmpty(),
                     qPrintable(inconsistency(*solution, virtuals)));
            ++solved;
            continue;
        }
        const auto& problem = std::get<solver::Unsolvable>(*outcome);
        QVERIFY2(!problem.graph.missing.empty() || !problem.graph.conflicts.empty(),
                 problem.explanation.c_str());
        for (const auto& missing : problem.graph.missing) {
            auto spec = specs::MatchSpec::parse(missing.spec);
            QVERIFY2(spec.ok(), missing.spec.c_str());
            for (const auto& record : repos.front().records) {
                QVERIFY2(!spec->matches(record),
                         qPrintable(QString::fromStdString(missing.spec + " matches "
                                                           + record.distName())));
            }
        }
        ++unsolvable;
    }
    QVERIFY(solved > 0);
    qInfo("%s: %d names solve alone, %d need other channels", qPrintable(file), solved, unsolvable);
}

// A sudoku as packages (tests/support/sudoku_channel.h): Wikipedia's example puzzle.
void TestSolver::sudoku()
{
    const auto cell = envdesk::test::sudokuCell;
    const solver::Repo repo{"sudoku", 1, envdesk::test::sudokuRecords()};
    const char* puzzle[9] = {"53..7....", "6..195...", ".98....6.", "8...6...3", "4..8.3..1",
                             "7...2...6", ".6....28.", "...419..5", "....8..79"};
    solver::Request request;
    for (int r = 0; r < 9; ++r) {
        for (int c = 0; c < 9; ++c) {
            request.specs.push_back(puzzle[r][c] == '.'
                                        ? cell(r, c)
                                        : cell(r, c) + "==" + std::string(1, puzzle[r][c]));
        }
    }
    auto outcome = solver::solve({repo}, request);
    QVERIFY(outcome.ok());
    if (const auto* unsolvable = std::get_if<solver::Unsolvable>(&*outcome)) {
        QFAIL(unsolvable->explanation.c_str());
    }
    int grid[9][9] = {};
    for (const auto& record : std::get<solver::Solution>(*outcome).packages) {
        grid[record.name[7] - '0'][record.name[9] - '0'] = std::stoi(record.version);
    }
    for (int i = 0; i < 9; ++i) {
        std::set<int> row, column, box;
        for (int j = 0; j < 9; ++j) {
            row.insert(grid[i][j]);
            column.insert(grid[j][i]);
            box.insert(grid[3 * (i / 3) + j / 3][3 * (i % 3) + j % 3]);
            if (puzzle[i][j] != '.') {
                QCOMPARE(grid[i][j], puzzle[i][j] - '0');
            }
        }
        QCOMPARE(row.size(), std::size_t{9});
        QCOMPARE(column.size(), std::size_t{9});
        QCOMPARE(box.size(), std::size_t{9});
    }
}

namespace {
specs::PackageRecord package(const char* name, const char* version,
                             std::vector<std::string> depends = {}, const char* channel = "c")
{
    specs::PackageRecord r;
    r.name = name;
    r.version = version;
    r.build = "0";
    r.channel = channel;
    r.subdir = "linux-64";
    r.fn = std::string(name) + "-" + version + "-0.conda";
    r.depends = std::move(depends);
    return r;
}
} // namespace

void TestSolver::suggestsWhatWouldWork()
{
    const std::vector<solver::Repo> repos = {
        {"c",
         1,
         {package("python", "3.10.14"), package("python", "3.11.9"), package("python", "3.12.4"),
          package("pytorch", "1.12.1", {"python >=3.7,<3.11"}),
          package("pytorch", "2.0.1", {"python >=3.8,<3.12"}),
          package("pytorch", "2.2.2", {"python >=3.8,<3.13"}),
          package("pytorch", "2.3.0", {"python >=3.9,<3.13", "missing-lib"})}}};
    solver::Request request;
    request.addPipAsPythonDependency = false;
    request.specs = {"pytorch=1.12", "python=3.12"};
    auto outcome = solver::solve(repos, request);
    QVERIFY(outcome.ok());
    const auto& unsolvable = std::get<solver::Unsolvable>(*outcome);
    QCOMPARE(unsolvable.graph.conflicts.size(), std::size_t{1});
    const auto& conflict = unsolvable.graph.conflicts.front();
    QCOMPARE(QString::fromStdString(conflict.package), QStringLiteral("python"));
    // Both ways out: a newer pytorch for python 3.12, or the python that pytorch 1.12 takes.
    QCOMPARE(conflict.suggestions.size(), std::size_t{2});
    QCOMPARE(QString::fromStdString(conflict.suggestions.back().requested),
             QStringLiteral("python=3.12"));
    QCOMPARE(QString::fromStdString(conflict.suggestions.back().constraint),
             QStringLiteral("pytorch=1.12"));
    QCOMPARE(QString::fromStdString(conflict.suggestions.back().workingVersion.value_or("-")),
             QStringLiteral("3.10.14"));
    QCOMPARE(QString::fromStdString(conflict.suggestions.front().requested),
             QStringLiteral("pytorch=1.12"));
    QCOMPARE(QString::fromStdString(conflict.suggestions.front().constraint),
             QStringLiteral("python=3.12"));
    // 2.3.0 would fit python 3.12 by its python requirement; the suggestion looks at that only.
    QCOMPARE(QString::fromStdString(conflict.suggestions.front().workingVersion.value_or("-")),
             QStringLiteral("2.3.0"));
    const QString text = QString::fromStdString(unsolvable.explanation);
    QVERIFY2(text.contains(
                 QLatin1String("you asked for pytorch 1.12.*, which requires python >=3.7,<3.11")),
             qPrintable(text));
    QVERIFY2(text.contains(QLatin1String("you asked for python 3.12.*")), qPrintable(text));
    QVERIFY2(
        text.contains(QLatin1String("the newest pytorch that works with python 3.12.* is 2.3.0")),
        qPrintable(text));
    QVERIFY2(
        text.contains(QLatin1String("the newest python that works with pytorch 1.12.* is 3.10.14")),
        qPrintable(text));

    request.specs = {"pytorch=1.12", "python=3.13"};
    auto none = solver::solve({{"c",
                                1,
                                {package("python", "3.10.0"), package("python", "3.13.0"),
                                 package("pytorch", "1.12.1", {"python <3.11"})}}},
                              request);
    QVERIFY(none.ok());
    const auto& noneConflict = std::get<solver::Unsolvable>(*none).graph.conflicts.front();
    QCOMPARE(noneConflict.suggestions.size(), std::size_t{2});
    QVERIFY(!noneConflict.suggestions.front().workingVersion);
    QCOMPARE(noneConflict.suggestions.back().workingVersion.value_or("-"), std::string("3.10.0"));

    // A clash deeper down (pytorch -> lib -> python <3.12): pytorch's own requirement allows
    // python 3.12, so "use python 3.12.4" would change nothing and is not offered.
    request.specs = {"python=3.12", "pytorch"};
    auto deeper = solver::solve({{"c",
                                  1,
                                  {package("python", "3.11.9"), package("python", "3.12.4"),
                                   package("pytorch", "2.0.1", {"python >=3.8", "lib"}),
                                   package("lib", "1.0", {"python <3.12"})}}},
                                request);
    QVERIFY(deeper.ok());
    QVERIFY(std::holds_alternative<solver::Unsolvable>(*deeper));
    for (const auto& clash : std::get<solver::Unsolvable>(*deeper).graph.conflicts) {
        for (const auto& suggestion : clash.suggestions) {
            QVERIFY2(suggestion.workingVersion.value_or("") != "3.12.4",
                     suggestion.requested.c_str());
        }
    }

    // A way out offers only what may be chosen: with pytorch pinned below 2.2, no pytorch works
    // with python 3.12 (2.2.2 and 2.3.0 are pinned out), and python 3.10.14 still does.
    request.specs = {"pytorch=1.12", "python=3.12"};
    request.pinned = {"pytorch <2.2"};
    auto pinned = solver::solve(repos, request);
    QVERIFY(pinned.ok());
    QVERIFY(std::holds_alternative<solver::Unsolvable>(*pinned));
    bool olderPython = false;
    for (const auto& clash : std::get<solver::Unsolvable>(*pinned).graph.conflicts) {
        for (const auto& suggestion : clash.suggestions) {
            const std::string version = suggestion.workingVersion.value_or("");
            QVERIFY2(version != "2.2.2" && version != "2.3.0",
                     (suggestion.requested + " -> " + version).c_str());
            olderPython = olderPython || version == "3.10.14";
        }
    }
    QVERIFY(olderPython);
    request.pinned.clear();
}

void TestSolver::forceReinstallAndDisabledPriority()
{
    const auto installed = package("zlib", "1.3.1", {}, "conda-forge");
    const std::vector<solver::Repo> repos = {
        {"conda-forge", 2, {package("zlib", "1.3.1", {}, "conda-forge")}},
        {"other", 1, {package("zlib", "1.3.2", {}, "other")}}};
    solver::Request request;
    request.installed = {installed};
    request.specs = {"zlib=1.3.1"};
    auto kept = solver::solve(repos, request);
    QVERIFY(kept.ok());
    QVERIFY(std::get<solver::Solution>(*kept).actions.empty()); // already there: nothing to do

    request.forceReinstall = true;
    auto forced = solver::solve(repos, request);
    QVERIFY(forced.ok());
    const auto& actions = std::get<solver::Solution>(*forced).actions;
    QCOMPARE(actions.size(), std::size_t{1});
    QVERIFY(actions.front().kind == solver::Action::Kind::Reinstall);

    // Disabled channel priority: the newest version wins whatever its channel.
    solver::Request fresh;
    fresh.specs = {"zlib"};
    fresh.channelPriority = solver::ChannelPriority::Disabled;
    auto newest = solver::solve(repos, fresh);
    QVERIFY(newest.ok());
    QCOMPARE(QString::fromStdString(std::get<solver::Solution>(*newest).packages.front().version),
             QStringLiteral("1.3.2"));
    fresh.channelPriority = solver::ChannelPriority::Flexible;
    auto preferred = solver::solve(repos, fresh);
    QVERIFY(preferred.ok());
    QCOMPARE(
        QString::fromStdString(std::get<solver::Solution>(*preferred).packages.front().version),
        QStringLiteral("1.3.1"));
}

void TestSolver::dependencyOrderPutsDependenciesFirst()
{
    const std::vector<specs::PackageRecord> records = {
        package("numpy", "2.0", {"python >=3.9", "libblas"}),
        package("libblas", "3.9", {"libgfortran"}),
        package("python", "3.12", {"libzlib", "openssl"}),
        package("zzz", "1"),
        package("libgfortran", "14"),
        package("libzlib", "1.3"),
        package("openssl", "3.3", {"ca-certificates"}),
        package("ca-certificates", "2024"),
        package("cycle-a", "1", {"cycle-b"}),
        package("cycle-b", "1", {"cycle-a"})};
    const auto ordered = solver::dependencyOrder(records);
    QCOMPARE(ordered.size(), records.size());
    std::map<std::string, std::size_t> position;
    for (std::size_t i = 0; i < ordered.size(); ++i) {
        position[ordered[i].name] = i;
    }
    for (const auto& [dependent, dependency] :
         std::vector<std::pair<std::string, std::string>>{{"numpy", "python"},
                                                          {"numpy", "libblas"},
                                                          {"libblas", "libgfortran"},
                                                          {"python", "openssl"},
                                                          {"openssl", "ca-certificates"},
                                                          {"python", "libzlib"}}) {
        QVERIFY2(position[dependency] < position[dependent],
                 (dependency + " before " + dependent).c_str());
    }
    QVERIFY(solver::dependencyOrder(records) == ordered); // deterministic, cycle included
}

// conda's objective: after the versions of what was asked for, those of everything else. Four
// numpy builds of one version, build number and timestamp, one per python: `numpy` alone takes
// python 3.12, as conda and micromamba do (conda's test_solve.py expects python 3.3 over 2.6
// and 2.7 in the same situation). Timestamps break ties only after the dependencies: a newer
// timestamp on the py3.9 build does not win over the py3.12 build (conda's timestamps_and_deps).
void TestSolver::newestDependenciesBreakTies()
{
    const auto record = [](const char* name, const char* version, const char* build,
                           std::vector<std::string> depends, std::uint64_t timestamp = 1000) {
        specs::PackageRecord r;
        r.name = name;
        r.version = version;
        r.build = build;
        r.channel = "c";
        r.subdir = "linux-64";
        r.depends = std::move(depends);
        r.timestamp = timestamp;
        return r;
    };
    std::vector<specs::PackageRecord> records;
    for (const char* python : {"3.9.19", "3.10.14", "3.11.9", "3.12.7"}) {
        records.push_back(record("python", python, "h0_0", {}));
    }
    records.push_back(
        record("numpy", "1.26.4", "py39h0_0", {"python >=3.9,<3.10.0a0"}, 2000)); // newest stamp
    records.push_back(record("numpy", "1.26.4", "py310h0_0", {"python >=3.10,<3.11.0a0"}));
    records.push_back(record("numpy", "1.26.4", "py312h0_0", {"python >=3.12,<3.13.0a0"}));
    records.push_back(record("numpy", "1.26.4", "py311h0_0", {"python >=3.11,<3.12.0a0"}));
    const std::vector<solver::Repo> repos = {{"c", 1, records}};
    solver::Request request;
    request.specs = {"numpy"};
    request.addPipAsPythonDependency = false;
    auto outcome = solver::solve(repos, request);
    QVERIFY(outcome.ok());
    const auto* solution = std::get_if<solver::Solution>(&*outcome);
    QVERIFY(solution != nullptr);
    std::map<std::string, std::string> chosen;
    for (const auto& package : solution->packages) {
        chosen[package.name] = package.version + " " + package.build;
    }
    QCOMPARE(chosen["python"], std::string("3.12.7 h0_0"));
    QCOMPARE(chosen["numpy"], std::string("1.26.4 py312h0_0"));

    // Asked for python too, the request decides: numpy follows it.
    request.specs = {"numpy", "python=3.10"};
    outcome = solver::solve(repos, request);
    QVERIFY(outcome.ok() && std::holds_alternative<solver::Solution>(*outcome));
    chosen.clear();
    for (const auto& package : std::get<solver::Solution>(*outcome).packages) {
        chosen[package.name] = package.version + " " + package.build;
    }
    QCOMPARE(chosen["numpy"], std::string("1.26.4 py310h0_0"));
}

// `pytorch==1.12 torchvision==0.13.0` (a widely read guide's request) against the fixtures'
// pytorch channel and conda-forge subset: what is missing there (pytorch's `blas * mkl`,
// torchvision's `jpeg` and `cudatoolkit`) is the cause, and the explanation says that first. The
// clash libsolv also names ("torchvision 0.13.0 requires pytorch 1.12.0" against "pytorch 1.12",
// one version) stays in the graph, as conda names such chains, but not in the explanation.
void TestSolver::missingPackagesComeFirst()
{
    ENVDESK_REQUIRE_FIXTURES();
    std::vector<solver::Repo> repos;
    int priority = 2;
    for (const QString& file :
         {QStringLiteral("/repodata/rattler/pytorch_linux-64_repodata.json"),
          QStringLiteral("/repodata/conda-forge-subchannel-py39/linux-64/repodata.json"),
          QStringLiteral("/repodata/conda-forge-subchannel-py39/noarch/repodata.json")}) {
        auto repodata =
            repodata::loadRepodataFile((fixturesDir() + file).toStdString(), {"c", "", "", ""});
        QVERIFY2(repodata.ok(), repodata ? "" : repodata.error().message().c_str());
        repos.push_back(
            solver::Repo{"c" + std::to_string(priority), priority, std::move(repodata->records)});
        priority = 1;
    }
    solver::Request request;
    request.specs = {"pytorch==1.12", "torchvision==0.13.0"};
    auto outcome = solver::solve(repos, request);
    QVERIFY(outcome.ok());
    const auto* unsolvable = std::get_if<solver::Unsolvable>(&*outcome);
    QVERIFY(unsolvable != nullptr);
    QVERIFY(!unsolvable->graph.missing.empty());
    const std::string& text = unsolvable->explanation;
    QVERIFY2(text.find("The request cannot be satisfied:\n\n  nothing provides ") == 0,
             text.c_str());
    QVERIFY2(text.find("nothing provides blas mkl") != std::string::npos, text.c_str());
    QVERIFY2(text.find("nothing provides jpeg") != std::string::npos, text.c_str());
    QVERIFY2(text.find("requires pytorch 1.12.0") == std::string::npos, text.c_str());
    QVERIFY2(text.find("cannot be chosen") == std::string::npos, text.c_str());
}

// conda's test_remove on its own test index: pandas and python 2.7 installed (numpy 1.7.1 among
// them), then pandas removed. What stays keeps its version (no numpy 1.7 -> 1.6); what only
// pandas needed goes too, as conda's libmamba solver and mamba remove with clean-deps.
void TestSolver::removalKeepsWhatStays()
{
    ENVDESK_REQUIRE_FIXTURES();
    // conda's test index is a bare {filename: record} map: wrapped as repodata.json.
    QFile file(fixturesDir() + QStringLiteral("/repodata/conda/index.json"));
    QVERIFY(file.open(QIODevice::ReadOnly));
    QTemporaryDir dir;
    QFile wrapped(dir.filePath(QStringLiteral("repodata.json")));
    QVERIFY(wrapped.open(QIODevice::WriteOnly));
    wrapped.write("{\"info\": {\"subdir\": \"linux-64\"}, \"packages\": " + file.readAll() + "}");
    wrapped.close();
    auto index = repodata::loadRepodataFile(wrapped.fileName().toStdString(),
                                            {"channel-1", "linux-64", "", ""});
    QVERIFY2(index.ok(), index ? "" : index.error().message().c_str());
    const std::vector<solver::Repo> repos = {{"channel-1", 1, index->records}};
    solver::Request create;
    create.specs = {"pandas", "python 2.7*"};
    create.addPipAsPythonDependency = false;
    auto created = solver::solve(repos, create);
    QVERIFY2(created.ok(), created ? "" : created.error().message().c_str());
    if (const auto* unsolvable = std::get_if<solver::Unsolvable>(&*created)) {
        QFAIL(unsolvable->explanation.c_str());
    }
    const auto installed = std::get<solver::Solution>(*created).packages;
    std::map<std::string, std::string> before;
    for (const auto& record : installed) {
        before[record.name] = record.version;
    }
    QCOMPARE(before["numpy"], std::string("1.7.1"));

    for (const bool prune : {true, false}) {
        for (const std::vector<std::string>& history :
             {std::vector<std::string>{"pandas", "python 2.7*"},
              std::vector<std::string>{"pandas", "python 2.7*", "numpy", "scipy"}}) {
            solver::Request remove;
            remove.kind = solver::Request::Kind::Remove;
            remove.prune = prune;
            remove.specs = {"pandas"};
            remove.installed = installed;
            remove.historySpecs = history;
            remove.addPipAsPythonDependency = false;
            auto removed = solver::solve(repos, remove);
            QVERIFY(removed.ok());
            const auto* solution = std::get_if<solver::Solution>(&*removed);
            QVERIFY(solution != nullptr);
            for (const auto& action : solution->actions) {
                QVERIFY2(action.kind == solver::Action::Kind::Remove,
                         (action.from ? action.from->distName() : std::string("?")).c_str());
            }
            std::map<std::string, std::string> after;
            for (const auto& record : solution->packages) {
                after[record.name] = record.version;
            }
            QVERIFY(after.count("pandas") == 0);
            QCOMPARE(after["python"], before["python"]);
            if (history.size() > 2 || !prune) {
                QCOMPARE(after["numpy"], std::string("1.7.1"));
                QCOMPARE(after["scipy"], before["scipy"]);
            }
        }
    }
}

// conda's features on its test index2: `nomkl` tracks the feature nomkl, so `nomkl numpy` takes
// numpy's nomkl build (openblas), never the mkl one; `numpy` alone takes the featureless build
// (conda's feature metric: a featured build wins only when its feature is on).
void TestSolver::activeFeaturesChooseTheirBuilds()
{
    ENVDESK_REQUIRE_FIXTURES();
    QFile file(fixturesDir() + QStringLiteral("/repodata/conda/index2.json"));
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QJsonObject index = QJsonDocument::fromJson(file.readAll()).object();
    QTemporaryDir dir;
    QFile wrapped(dir.filePath(QStringLiteral("repodata.json")));
    QVERIFY(wrapped.open(QIODevice::WriteOnly));
    const QJsonObject packages = index.contains(QStringLiteral("packages"))
                                     ? index.value(QStringLiteral("packages")).toObject()
                                     : index;
    wrapped.write(QJsonDocument(QJsonObject{{QStringLiteral("packages"), packages}}).toJson());
    wrapped.close();
    auto repodata = repodata::loadRepodataFile(wrapped.fileName().toStdString(),
                                               {"channel-1", "linux-64", "", ""});
    QVERIFY2(repodata.ok(), repodata ? "" : repodata.error().message().c_str());
    const std::vector<solver::Repo> repos = {{"channel-1", 1, repodata->records}};
    const auto solve = [&](std::vector<std::string> specs) {
        solver::Request request;
        request.specs = std::move(specs);
        request.addPipAsPythonDependency = false;
        std::map<std::string, std::string> chosen;
        auto outcome = solver::solve(repos, request);
        if (outcome && std::holds_alternative<solver::Solution>(*outcome)) {
            for (const auto& record : std::get<solver::Solution>(*outcome).packages) {
                chosen[record.name] = record.build;
            }
        }
        return chosen;
    };
    auto withNomkl = solve({"nomkl", "numpy", "python 2.7*"});
    QVERIFY2(withNomkl.count("numpy") == 1, "solved");
    QVERIFY2(withNomkl["numpy"].find("nomkl") != std::string::npos, withNomkl["numpy"].c_str());
    QVERIFY(withNomkl.count("mkl") == 0);
    QVERIFY(withNomkl.count("openblas") == 1);
    auto plain = solve({"numpy", "python 2.7*"});
    QVERIFY2(plain.count("numpy") == 1, "solved");
    QVERIFY2(plain["numpy"].find("nomkl") == std::string::npos, plain["numpy"].c_str());
    QVERIFY(plain.count("nomkl") == 0);
}

QTEST_APPLESS_MAIN(TestSolver)
#include "tst_solver.moc"
