// Times solves: small (conda's unsat_chain channel), typical (python=3.9 on the conda-forge
// subset), a generated sudoku (a hard-constraint stress test), and the whole load-plus-solve of
// python=3.9 on a conda-forge-sized channel built by `bench_repodata generate` (its indexes made
// by `bench_repodata cold`): only the names python can reach are decoded. Best of 5 where it is
// cheap; peak memory from getrusage.
//
//   bench_solver [BIGCHAN_DIR]

#include "bench/bench_support.h"
#include "core/repodata/record_index.h"
#include "core/repodata/repodata_parser.h"
#include "core/solver/solver.h"
#include "core/specs/match_spec.h"
#include "tests/support/sudoku_channel.h"

#include <chrono>
#include <cstdio>
#include <deque>
#include <functional>
#include <set>
#include <string>
#include <thread>
#include <vector>

using namespace envdesk;
using Clock = std::chrono::steady_clock;

namespace {

const std::string kFixtures = ENVDESK_FIXTURES_DIR;

std::vector<specs::PackageRecord> load(const std::string& path, const std::string& channel)
{
    auto repodata = repodata::loadRepodataFile(path, {channel, "", "", path});
    return repodata ? repodata->records : std::vector<specs::PackageRecord>{};
}

specs::PackageRecord virtualPackage(const char* name, const char* version)
{
    specs::PackageRecord record;
    record.name = name;
    record.version = version;
    record.build = "0";
    return record;
}

const char* outcomeName(const util::Result<solver::Outcome>& outcome)
{
    if (!outcome) {
        return "error";
    }
    return std::holds_alternative<solver::Solution>(*outcome) ? "solved" : "unsolvable";
}

std::vector<specs::PackageRecord> linuxVirtuals()
{
    return {virtualPackage("__unix", "0"), virtualPackage("__linux", "6.1.0"),
            virtualPackage("__glibc", "2.36")};
}

void small()
{
    const std::string base = kFixtures + "/solver/channels/unsat_chain/";
    std::vector<solver::Repo> repos = {{"c", 1, load(base + "linux-64/repodata.json", "c")},
                                       {"c", 1, load(base + "noarch/repodata.json", "c")}};
    solver::Request request;
    request.specs = {"a", "e"};
    const char* result = "";
    const double ms =
        bench::bestOf(5, [&] { result = outcomeName(solver::solve(repos, request)); });
    std::printf("small (unsat_chain, a e): %.2f ms, %s\n", ms, result);
}

void typical()
{
    const std::string base = kFixtures + "/repodata/conda-forge-subchannel-py39/";
    std::vector<solver::Repo> repos = {
        {"conda-forge", 1, load(base + "linux-64/repodata.json", "conda-forge")},
        {"conda-forge", 1, load(base + "noarch/repodata.json", "conda-forge")}};
    solver::Request request;
    request.specs = {"python=3.9"};
    request.virtualPackages = linuxVirtuals();
    const char* result = "";
    const double ms =
        bench::bestOf(5, [&] { result = outcomeName(solver::solve(repos, request)); });
    std::printf("typical (python=3.9 over %zu records): %.2f ms, %s\n",
                repos[0].records.size() + repos[1].records.size(), ms, result);
}

void sudoku()
{
    const auto cell = envdesk::test::sudokuCell;
    const solver::Repo repo{"sudoku", 1, envdesk::test::sudokuRecords()};
    solver::Request request;
    for (int r = 0; r < 9; ++r) {
        for (int c = 0; c < 9; ++c) {
            request.specs.push_back(cell(r, c));
        }
    }
    const char* result = "";
    const double ms =
        bench::bestOf(3, [&] { result = outcomeName(solver::solve({repo}, request)); });
    std::printf("sudoku (729 records, 15,876 dependencies, 81 requests): %.2f ms, %s\n", ms,
                result);
}

// The shared fixtures' sudoku channel: its boxes are encoded wrongly, which makes it an
// unsatisfiable pigeonhole problem; libsolv's search is given a budget and then stopped.
void sudokuFixture()
{
    const auto records = load(kFixtures + "/repodata/mamba/sudoku.json", "sudoku");
    solver::Request request;
    for (int r = 0; r < 9; ++r) {
        for (int c = 0; c < 9; ++c) {
            request.specs.push_back(envdesk::test::sudokuCell(r, c));
        }
    }
    constexpr int kBudgetSeconds = 10;
    std::stop_source stop;
    std::jthread budget([&stop](std::stop_token finished) {
        for (int i = 0; i < kBudgetSeconds * 10 && !finished.stop_requested(); ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        stop.request_stop();
    });
    const auto start = Clock::now();
    auto outcome = solver::solve({{"sudoku", 1, records}}, request, stop.get_token());
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    budget.request_stop();
    std::printf(
        "sudoku.json fixture (%zu records, unsatisfiable by construction): %s after %.1f s%s\n",
        records.size(), outcome ? outcomeName(outcome) : "stopped", seconds,
        outcome ? "" : " (the budget; libsolv's search had not ended)");
}

// Loads what python can reach from the indexes, breadth first, then solves.
void big(const std::string& dir)
{
    const auto start = Clock::now();
    std::vector<repodata::RecordIndex> indexes;
    for (const char* subdir : {"linux-64", "noarch"}) {
        auto index = repodata::RecordIndex::open(dir + "/" + subdir + ".idx", "bench");
        if (!index) {
            std::printf("big: %s (run bench_repodata generate and cold first)\n",
                        index.error().message().c_str());
            return;
        }
        indexes.push_back(std::move(*index));
    }
    std::vector<solver::Repo> repos(indexes.size());
    std::set<std::string> seen{"python", "pip"};
    std::deque<std::string> queue{"python", "pip"};
    std::size_t loaded = 0;
    while (!queue.empty()) {
        const std::string name = queue.front();
        queue.pop_front();
        for (std::size_t i = 0; i < indexes.size(); ++i) {
            auto records = indexes[i].recordsFor(name);
            for (auto& record : *records) {
                for (const auto& dependency : record.depends) {
                    auto spec = specs::MatchSpec::parse(dependency);
                    if (spec && spec->hasExactName() && seen.insert(spec->name()).second) {
                        queue.push_back(spec->name());
                    }
                }
                repos[i].records.push_back(std::move(record));
                ++loaded;
            }
        }
    }
    const double loadSeconds = std::chrono::duration<double>(Clock::now() - start).count();
    solver::Request request;
    request.specs = {"python=3.9"};
    request.virtualPackages = linuxVirtuals();
    const auto solveStart = Clock::now();
    auto outcome = solver::solve(repos, request);
    const double solveSeconds = std::chrono::duration<double>(Clock::now() - solveStart).count();
    std::printf("conda-forge-sized channel: loaded %zu records of %zu names in %.3f s, solved "
                "python=3.9 in "
                "%.3f s (%s); total %.3f s, peak %.0f MB\n",
                loaded, seen.size(), loadSeconds, solveSeconds, outcomeName(outcome),
                loadSeconds + solveSeconds, bench::peakMegabytes());
}

} // namespace

int main(int argc, char** argv)
{
    small();
    typical();
    sudoku();
    if (argc > 1) {
        big(argv[1]);
    }
    sudokuFixture(); // last: its abandoned search keeps a core busy until the process ends
    return 0;
}
