// Cancelling a solve that would not end: the shared fixtures' sudoku channel encodes its boxes
// wrongly, which makes it an unsatisfiable pigeonhole problem that libsolv does not finish in
// minutes. A stop must still return at once, and leave nothing running: the solve runs in a child
// process that the stop kills (core/solver/solver_process.h). Also the child's answer, which
// must carry every field of what the solve decided back to the caller.

#include "core/repodata/repodata_parser.h"
#include "core/solver/solver.h"
#include "core/solver/solver_process.h"
#include "tests/support/sudoku_channel.h"
#include "vector_file.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <QTest>

#include <cerrno>
#include <filesystem>
#include <thread>

using namespace envdesk;
using namespace envdesk::test;

class TestSolverCancel : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void stopReturnsWhileLibsolvSearches();
    void stopBeforeStart();
    void ordinarySolveWithAStopToken();
    void cancelLeavesNoChildAndNoThread();
    void childThatDiesIsAnInternalError();
    void solutionTravelsWhole();
    void unsolvableAndErrorTravelWhole();
    void unreadableAnswerIsAnError();
};

namespace {

std::size_t threadCount()
{
    std::size_t count = 0;
    for ([[maybe_unused]] const auto& entry :
         std::filesystem::directory_iterator("/proc/self/task")) {
        ++count;
    }
    return count;
}

specs::PackageRecord everyFieldSet(const std::string& name)
{
    specs::PackageRecord r;
    r.name = name;
    r.version = "1.2.3";
    r.build = "py312_4";
    r.buildNumber = 4;
    r.channel = "https://user:secret@mirror.example/t/tk-1/conda-forge";
    r.subdir = "linux-64";
    r.fn = name + "-1.2.3-py312_4.conda";
    r.url = r.channel + "/linux-64/" + r.fn;
    r.md5 = "0123456789abcdef0123456789abcdef";
    r.sha256 = std::string(64, 'e');
    r.depends = {"python >=3.12,<3.13.0a0", "libzlib >=1.3"};
    r.constrains = {"numpy <2"};
    r.trackFeatures = {"mkl"};
    r.features = {"blas_mkl"};
    r.license = "BSD-3-Clause";
    r.licenseFamily = "BSD";
    r.noarch = "python";
    r.timestamp = 1'700'000'000'123;
    r.size = 123'456'789;
    return r;
}

} // namespace

void TestSolverCancel::stopReturnsWhileLibsolvSearches()
{
    ENVDESK_REQUIRE_FIXTURES();
    auto repodata = repodata::loadRepodataFile(
        (fixturesDir() + QStringLiteral("/repodata/mamba/sudoku.json")).toStdString(),
        {"sudoku", "", "", ""});
    QVERIFY(repodata.ok());
    solver::Request request;
    for (int r = 0; r < 9; ++r) {
        for (int c = 0; c < 9; ++c) {
            request.specs.push_back(sudokuCell(r, c));
        }
    }
    std::stop_source stop;
    std::jthread canceller([&stop] {
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        stop.request_stop();
    });
    // libsolv does not finish this search in minutes: without a working stop, the test would
    // wait for it and fail by its own timeout.
    auto outcome =
        solver::solve({solver::Repo{"sudoku", 1, repodata->records}}, request, stop.get_token());
    QVERIFY(!outcome.ok());
    QVERIFY(outcome.error().code == util::ErrorCode::Cancelled);
}

void TestSolverCancel::stopBeforeStart()
{
    std::stop_source stop;
    stop.request_stop();
    solver::Request request;
    request.specs = {"anything"};
    auto outcome = solver::solve({}, request, stop.get_token());
    QVERIFY(!outcome.ok());
    QVERIFY(outcome.error().code == util::ErrorCode::Cancelled);
}

void TestSolverCancel::ordinarySolveWithAStopToken()
{
    std::stop_source stop;
    solver::Request request;
    for (int r = 0; r < 9; ++r) {
        for (int c = 0; c < 9; ++c) {
            request.specs.push_back(sudokuCell(r, c));
        }
    }
    auto outcome =
        solver::solve({solver::Repo{"sudoku", 1, sudokuRecords()}}, request, stop.get_token());
    QVERIFY(outcome.ok());
    QVERIFY(std::holds_alternative<solver::Solution>(*outcome));
    QCOMPARE(std::get<solver::Solution>(*outcome).packages.size(), std::size_t{81});
}

void TestSolverCancel::cancelLeavesNoChildAndNoThread()
{
    const auto threadsBefore = threadCount();
    std::stop_source stop;
    std::jthread canceller([&stop] {
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        stop.request_stop();
    });
    // A solve that would never end on its own.
    auto outcome = solver::detail::solveInChildProcess(
        [](solver::Statistics*) -> util::Result<solver::Outcome> {
            while (true) {
                ::pause();
            }
        },
        stop.get_token(), nullptr);
    canceller.join();
    QVERIFY(outcome.has_value());
    QVERIFY(!outcome->ok());
    QVERIFY(outcome->error().code == util::ErrorCode::Cancelled);
    // The child was killed and reaped: this process has no child left, not even a zombie, and no
    // thread of the solve's goes on.
    errno = 0;
    QCOMPARE(::waitpid(-1, nullptr, WNOHANG), -1);
    QCOMPARE(errno, ECHILD);
    QCOMPARE(threadCount(), threadsBefore);
}

void TestSolverCancel::childThatDiesIsAnInternalError()
{
    std::stop_source stop;
    auto outcome = solver::detail::solveInChildProcess(
        [](solver::Statistics*) -> util::Result<solver::Outcome> {
            ::kill(::getpid(), SIGKILL);
            return solver::Outcome(solver::Solution{});
        },
        stop.get_token(), nullptr);
    QVERIFY(outcome.has_value());
    QVERIFY(!outcome->ok());
    QVERIFY(outcome->error().code == util::ErrorCode::Internal);
    QVERIFY2(outcome->error().detail.find("signal 9") != std::string::npos,
             outcome->error().detail.c_str());
}

void TestSolverCancel::solutionTravelsWhole()
{
    solver::Solution solution;
    const auto old = everyFieldSet("numpy");
    auto newer = everyFieldSet("numpy");
    newer.version = "2.0.0";
    solution.actions = {{solver::Action::Kind::Install, std::nullopt, everyFieldSet("python")},
                        {solver::Action::Kind::Upgrade, old, newer},
                        {solver::Action::Kind::Remove, everyFieldSet("six"), std::nullopt}};
    solution.packages = {newer, everyFieldSet("python")};
    const solver::Statistics sent{11, 22, 33};

    // Through a real child, as a solve sends it.
    std::stop_source stop;
    solver::Statistics received;
    auto outcome = solver::detail::solveInChildProcess(
        [&](solver::Statistics* statistics) -> util::Result<solver::Outcome> {
            *statistics = sent;
            return solver::Outcome(solution);
        },
        stop.get_token(), &received);
    QVERIFY(outcome.has_value());
    QVERIFY(outcome->ok());
    const auto* back = std::get_if<solver::Solution>(&**outcome);
    QVERIFY(back != nullptr);
    QCOMPARE(back->actions.size(), solution.actions.size());
    for (std::size_t i = 0; i < back->actions.size(); ++i) {
        QVERIFY(back->actions[i].kind == solution.actions[i].kind);
        QVERIFY(back->actions[i].from == solution.actions[i].from);
        QVERIFY(back->actions[i].to == solution.actions[i].to);
    }
    QVERIFY(back->packages == solution.packages);
    QCOMPARE(received.solvables, sent.solvables);
    QCOMPARE(received.packageRules, sent.packageRules);
    QCOMPARE(received.nameProviderVisits, sent.nameProviderVisits);
}

void TestSolverCancel::unsolvableAndErrorTravelWhole()
{
    solver::ProblemGraph graph;
    solver::ProblemGraph::Conflict conflict;
    conflict.package = "python";
    conflict.chains = {{{"pytorch", "python >=3.8,<3.12"}}, {{"python=3.12"}}};
    conflict.availableVersions = {"3.12.1", "3.11.7"};
    conflict.suggestions = {{"pytorch", "python=3.12", std::string("2.3.0")},
                            {"torchvision", "python=3.12", std::nullopt}};
    conflict.pins = {"python 3.10.*"};
    conflict.needed = "3.11.7";
    conflict.metTogether = true;
    graph.conflicts = {conflict};
    graph.missing = {{"nosuch >=1", {"app", "nosuch >=1"}}};
    const solver::Unsolvable unsolvable{graph, "python: pytorch needs <3.12"};

    const auto bytes = solver::detail::encodeOutcome(solver::Outcome(unsolvable), nullptr);
    auto back = solver::detail::decodeOutcome(bytes, nullptr);
    QVERIFY(back.ok());
    const auto* u = std::get_if<solver::Unsolvable>(&*back);
    QVERIFY(u != nullptr);
    QCOMPARE(u->explanation, unsolvable.explanation);
    QCOMPARE(u->graph.conflicts.size(), std::size_t{1});
    const auto& c = u->graph.conflicts.front();
    QCOMPARE(c.package, conflict.package);
    QCOMPARE(c.chains.size(), std::size_t{2});
    QVERIFY(c.chains[0].steps == conflict.chains[0].steps);
    QVERIFY(c.chains[1].steps == conflict.chains[1].steps);
    QVERIFY(c.availableVersions == conflict.availableVersions);
    QCOMPARE(c.suggestions.size(), std::size_t{2});
    QCOMPARE(c.suggestions[0].requested, std::string("pytorch"));
    QCOMPARE(c.suggestions[0].constraint, std::string("python=3.12"));
    QVERIFY(c.suggestions[0].workingVersion == std::optional<std::string>("2.3.0"));
    QVERIFY(!c.suggestions[1].workingVersion.has_value());
    QVERIFY(c.pins == conflict.pins);
    QCOMPARE(c.needed, conflict.needed);
    QVERIFY(c.metTogether);
    QCOMPARE(u->graph.missing.size(), std::size_t{1});
    QCOMPARE(u->graph.missing[0].spec, std::string("nosuch >=1"));
    QVERIFY(u->graph.missing[0].requiredBy == graph.missing[0].requiredBy);

    const util::Error error =
        util::because({util::ErrorCode::InvalidMatchSpec, "bad spec", "numpy=>1"},
                      util::ErrorReason::HttpStatus, {"503"});
    auto failed =
        solver::detail::decodeOutcome(solver::detail::encodeOutcome(error, nullptr), nullptr);
    QVERIFY(!failed.ok());
    QVERIFY(failed.error() == error); // code, detail, context, reason and values
}

void TestSolverCancel::unreadableAnswerIsAnError()
{
    for (const std::string bytes :
         {std::string(), std::string("\xff\x00garbage", 9), std::string("\xa1\x61x\x01"),
          // An error whose code is not one of ours.
          std::string("\xa1\x65\x65rror\x83\x18\x63\x60\x60")}) {
        auto outcome = solver::detail::decodeOutcome(bytes, nullptr);
        QVERIFY(!outcome.ok());
        QVERIFY(outcome.error().code == util::ErrorCode::Internal);
    }
}

QTEST_APPLESS_MAIN(TestSolverCancel)
#include "tst_solver_cancel.moc"
