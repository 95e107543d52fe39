// Measures the spec layer on real data from ../shared/fixtures: version parsing and sorting,
// match-spec parsing and matching, and repodata.json parsing. Prints one line per figure:
// the best of several runs, so that a noisy shared machine shows its quietest moment.

#include "bench/bench_support.h"
#include "core/repodata/repodata_parser.h"
#include "core/specs/match_spec.h"
#include "core/specs/version.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

using namespace envdesk;
using Clock = std::chrono::steady_clock;

namespace {

const std::string kFixtures = ENVDESK_FIXTURES_DIR;

std::vector<std::string> readVersions()
{
    std::vector<std::string> versions;
    std::ifstream in(kFixtures + "/vectors/conda_parsed_versions.txt");
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line.front() == '#') {
            continue;
        }
        versions.push_back(line.substr(0, line.find("=[")));
    }
    return versions;
}

std::string readFile(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

} // namespace

int main()
{
    const auto versionTexts = readVersions();
    if (versionTexts.empty()) {
        std::fprintf(stderr, "bench_specs: %s is absent\n", kFixtures.c_str());
        return 1;
    }
    std::vector<specs::Version> versions;
    const double parseMs = bench::bestOf(5, [&] {
        versions.clear();
        for (const auto& text : versionTexts) {
            versions.push_back(*specs::Version::parse(text));
        }
    });
    std::printf("parse %zu versions: %.2f ms (%.0f ns each)\n", versions.size(), parseMs,
                parseMs * 1e6 / static_cast<double>(versions.size()));
    const double sortMs = bench::bestOf(5, [&] {
        auto copy = versions;
        std::sort(copy.begin(), copy.end());
    });
    std::printf("sort %zu versions: %.2f ms\n", versions.size(), sortMs);

    const std::vector<std::string> specTexts = {
        "numpy",
        "numpy >=1.24,<2",
        "conda-forge::numpy=1.26=py312*",
        "numpy[version='>=1.2',build=py3*]",
        "python 3.9.* *_cpython",
        "pytorch::pytorch=2.1=*cuda*",
        "openssl>=1.1.1_,!=1.1.1c",
    };
    const double specMs = bench::bestOf(5, [&] {
        for (int i = 0; i < 1000; ++i) {
            for (const auto& text : specTexts) {
                (void)specs::MatchSpec::parse(text);
            }
        }
    });
    std::printf("parse %zu match specs: %.2f ms (%.0f ns each)\n", specTexts.size() * 1000, specMs,
                specMs * 1e6 / static_cast<double>(specTexts.size() * 1000));

    for (const char* relative :
         {"/repodata/conda-forge-subchannel-py39/linux-64/repodata.json",
          "/repodata/conda/r_linux-64.json", "/repodata/rattler/pytorch_linux-64_repodata.json"}) {
        const std::string json = readFile(kFixtures + relative);
        std::size_t count = 0;
        const double ms = bench::bestOf(5, [&] {
            auto repodata = repodata::parseRepodata(
                json, {"bench", "file:///bench/linux-64", "linux-64", relative});
            count = repodata ? repodata->records.size() : 0;
        });
        std::printf("parse %s (%.1f MB, %zu records): %.2f ms (%.0f MB/s)\n", relative,
                    static_cast<double>(json.size()) / 1e6, count, ms,
                    static_cast<double>(json.size()) / 1e3 / ms);
    }

    const std::string json = readFile(kFixtures + "/repodata/conda/r_linux-64.json");
    auto repodata =
        repodata::parseRepodata(json, {"bench", "file:///bench/linux-64", "linux-64", "r"});
    auto spec = specs::MatchSpec::parse("r-base >=3.4,<3.5 *");
    std::size_t matched = 0;
    const double matchMs = bench::bestOf(5, [&] {
        matched = 0;
        for (const auto& record : repodata->records) {
            matched += spec->matches(record) ? 1 : 0;
        }
    });
    std::printf("match 'r-base >=3.4,<3.5 *' against %zu records: %.2f ms (%zu matches)\n",
                repodata->records.size(), matchMs, matched);
    return 0;
}
