// Cancelling a solve that would not end: the shared fixtures' sudoku channel encodes its boxes
// wrongly, which makes it an unsatisfiable pigeonhole problem that libsolv does not finish in
// minutes. A stop must still return at once. (Its own executable: the abandoned search goes on
// burning a core until the process ends.)

#include "core/repodata/repodata_parser.h"
#include "core/solver/solver.h"
#include "tests/support/sudoku_channel.h"
#include "vector_file.h"

#include <QTest>

#include <thread>

using namespace envdesk;
using namespace envdesk::test;

class TestSolverCancel : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void stopReturnsWhileLibsolvSearches();
    void stopBeforeStart();
    void ordinarySolveWithAStopToken();
};

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

QTEST_APPLESS_MAIN(TestSolverCancel)
#include "tst_solver_cancel.moc"
