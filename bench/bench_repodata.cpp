// Repodata at conda-forge's scale: cold parse, index write, and warm load of only what a request
// can reach. Each mode runs in its own process so that its peak memory is its own:
//
//   bench_repodata generate DIR [COPIES]  replicate a real channel into DIR (renamed packages,
//                                          dependencies renamed with them, so the structure is
//                                          real)
//   bench_repodata cold DIR                parse DIR/linux-64 and DIR/noarch repodata.json, write
//   indexes bench_repodata warm DIR SPEC_NAME      open the indexes, load the dependency closure of
//   a name
//
// Prints wall time and peak resident memory (getrusage). See README "Benchmarks".

#include "bench/bench_support.h"
#include "core/repodata/channel_index.h"
#include "core/repodata/record_index.h"
#include "core/repodata/repodata_parser.h"
#include "core/specs/match_spec.h"

#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <deque>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

using namespace envdesk;
using Clock = std::chrono::steady_clock;

namespace {

const std::string kFixtures = ENVDESK_FIXTURES_DIR;
const char* kSubdirs[] = {"linux-64", "noarch"};

// Resident memory split into anonymous (heap) and file-backed (mapped index pages) parts.
std::string residentBreakdown()
{
    std::ifstream status("/proc/self/status");
    std::string line;
    std::string out;
    while (std::getline(status, line)) {
        if (line.rfind("RssAnon:", 0) == 0 || line.rfind("RssFile:", 0) == 0) {
            out += (out.empty() ? "" : ", ") + line.substr(0, 8) + " "
                   + std::to_string(std::stol(line.substr(9)) / 1024) + " MB";
        }
    }
    return out;
}

double secondsSince(Clock::time_point start)
{
    return std::chrono::duration<double>(Clock::now() - start).count();
}

void appendJsonString(std::string& out, std::string_view text)
{
    out += '"';
    for (const char c : text) {
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        default:
            if (static_cast<unsigned char>(c) < 0x20) {
                char escaped[8];
                std::snprintf(escaped, sizeof escaped, "\\u%04x", c);
                out += escaped;
            } else {
                out += c;
            }
        }
    }
    out += '"';
}

void appendList(std::string& out, const std::vector<std::string>& items)
{
    out += '[';
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i > 0) {
            out += ',';
        }
        appendJsonString(out, items[i]);
    }
    out += ']';
}

std::string renamed(const std::string& name, int copy)
{
    return copy == 0 ? name : name + "-r" + std::to_string(copy);
}

// Renames the package name at the start of a dependency spec ("python >=3.9" -> "python-r3 >=3.9");
// virtual packages (`__glibc`) stay as they are.
std::string renameDependency(const std::string& spec, int copy)
{
    if (copy == 0 || spec.rfind("__", 0) == 0) {
        return spec;
    }
    const auto end = spec.find_first_of(" =<>!~[");
    return renamed(spec.substr(0, end), copy) + (end == std::string::npos ? "" : spec.substr(end));
}

int generate(const std::string& dir, int copies)
{
    for (const char* subdir : kSubdirs) {
        const std::string source =
            kFixtures + "/repodata/conda-forge-subchannel-py39/" + subdir + "/repodata.json";
        auto base = repodata::loadRepodataFile(source, {"conda-forge", "", subdir, source});
        if (!base) {
            std::fprintf(stderr, "%s\n", base.error().message().c_str());
            return 1;
        }
        std::filesystem::create_directories(dir + "/" + subdir);
        std::string out = "{\"info\":{\"subdir\":\"" + std::string(subdir) + "\"},\"packages\":{";
        std::string conda = "},\"packages.conda\":{";
        bool firstTar = true;
        bool firstConda = true;
        for (int copy = 0; copy < copies; ++copy) {
            for (const auto& r : base->records) {
                const bool isConda =
                    r.fn.size() > 6 && r.fn.compare(r.fn.size() - 6, 6, ".conda") == 0;
                std::string& target = isConda ? conda : out;
                bool& first = isConda ? firstConda : firstTar;
                if (!first) {
                    target += ',';
                }
                first = false;
                const std::string name = renamed(r.name, copy);
                appendJsonString(target, name + "-" + r.version + "-" + r.build
                                             + (isConda ? ".conda" : ".tar.bz2"));
                target += ":{\"name\":";
                appendJsonString(target, name);
                target += ",\"version\":";
                appendJsonString(target, r.version);
                target += ",\"build\":";
                appendJsonString(target, r.build);
                target += ",\"build_number\":" + std::to_string(r.buildNumber);
                std::vector<std::string> depends;
                for (const auto& d : r.depends) {
                    depends.push_back(renameDependency(d, copy));
                }
                std::vector<std::string> constrains;
                for (const auto& d : r.constrains) {
                    constrains.push_back(renameDependency(d, copy));
                }
                target += ",\"depends\":";
                appendList(target, depends);
                target += ",\"constrains\":";
                appendList(target, constrains);
                target += ",\"license\":";
                appendJsonString(target, r.license);
                target += ",\"md5\":";
                appendJsonString(target, r.md5);
                target += ",\"sha256\":";
                appendJsonString(target, r.sha256);
                target += ",\"size\":" + std::to_string(r.size);
                target += ",\"subdir\":";
                appendJsonString(target, r.subdir);
                target += ",\"timestamp\":" + std::to_string(r.timestamp);
                if (!r.noarch.empty()) {
                    target += ",\"noarch\":";
                    appendJsonString(target, r.noarch);
                }
                target += '}';
            }
        }
        out += conda + "},\"repodata_version\":1}";
        std::ofstream(dir + "/" + subdir + "/repodata.json", std::ios::binary) << out;
        std::printf("%s: %zu records, %.1f MB\n", subdir,
                    base->records.size() * static_cast<std::size_t>(copies),
                    static_cast<double>(out.size()) / 1e6);
    }
    return 0;
}

int cold(const std::string& dir)
{
    const auto start = Clock::now();
    std::size_t records = 0;
    double megabytes = 0;
    for (const char* subdir : kSubdirs) {
        const std::string path = dir + "/" + subdir + "/repodata.json";
        megabytes += static_cast<double>(std::filesystem::file_size(path)) / 1e6;
        // Streamed straight into the index: the records are never all in memory at once.
        auto summary = repodata::indexRepodataFile(
            path,
            {"conda-forge", "https://conda.anaconda.org/conda-forge/" + std::string(subdir), subdir,
             path},
            dir + "/" + subdir + ".idx", "bench");
        if (!summary) {
            std::fprintf(stderr, "%s\n", summary.error().message().c_str());
            return 1;
        }
        records += summary->recordCount - summary->excluded.size();
    }
    const double seconds = secondsSince(start);
    std::printf("cold: %zu records, %.0f MB of JSON parsed and indexed in %.2f s (%.0f MB/s), peak "
                "%.0f MB\n",
                records, megabytes, seconds, megabytes / seconds, bench::peakMegabytes());
    return 0;
}

int warm(const std::string& dir, const std::string& root)
{
    const auto start = Clock::now();
    std::vector<repodata::RecordIndex> indexes;
    for (const char* subdir : kSubdirs) {
        auto index = repodata::RecordIndex::open(dir + "/" + subdir + ".idx", "bench");
        if (!index) {
            std::fprintf(stderr, "%s\n", index.error().message().c_str());
            return 1;
        }
        indexes.push_back(std::move(*index));
    }
    // Load the names a request for `root` can reach, breadth first over dependency names.
    std::set<std::string> seen{root};
    std::deque<std::string> queue{root};
    std::size_t loaded = 0;
    while (!queue.empty()) {
        const std::string name = queue.front();
        queue.pop_front();
        for (const auto& index : indexes) {
            auto records = index.recordsFor(name);
            if (!records) {
                std::fprintf(stderr, "%s\n", records.error().message().c_str());
                return 1;
            }
            loaded += records->size();
            for (const auto& record : *records) {
                for (const auto& dependency : record.depends) {
                    auto spec = specs::MatchSpec::parse(dependency);
                    if (spec && spec->hasExactName() && seen.insert(spec->name()).second) {
                        queue.push_back(spec->name());
                    }
                }
            }
        }
    }
    std::size_t total = 0;
    for (const auto& index : indexes) {
        total += index.recordCount();
    }
    std::printf("warm: opened %zu records' indexes, loaded the %zu records of %zu names reachable "
                "from '%s' "
                "in %.3f s, peak %.0f MB (now %s)\n",
                total, loaded, seen.size(), root.c_str(), secondsSince(start),
                bench::peakMegabytes(), residentBreakdown().c_str());
    return 0;
}

// Writes sharded repodata (CEP 16) beside each subdir's repodata.json, as a lab serving its own
// sharded mirror would (what bench/serve_channel.sh serves).
int shard(const std::string& root)
{
    const auto start = std::chrono::steady_clock::now();
    std::size_t names = 0;
    for (const char* subdir : {"linux-64", "noarch"}) {
        auto written = repodata::shardRepodata(root + "/" + subdir);
        if (!written) {
            std::fprintf(stderr, "%s\n", written.error().message().c_str());
            return 1;
        }
        names += *written;
    }
    std::printf("shard: %zu shards written under %s in %.3f s, peak %.0f MB\n", names, root.c_str(),
                secondsSince(start), bench::peakMegabytes());
    return 0;
}

} // namespace

int main(int argc, char** argv)
{
    const std::vector<std::string> args(argv + 1, argv + argc);
    if (args.size() >= 2 && args[0] == "generate") {
        return generate(args[1], args.size() > 2 ? std::stoi(args[2]) : 172);
    }
    if (args.size() == 2 && args[0] == "cold") {
        return cold(args[1]);
    }
    if (args.size() == 2 && args[0] == "shard") {
        return shard(args[1]);
    }
    if (args.size() == 3 && args[0] == "warm") {
        return warm(args[1], args[2]);
    }
    std::fprintf(
        stderr,
        "usage: bench_repodata generate DIR [COPIES] | cold DIR | warm DIR NAME | shard DIR\n");
    return 2;
}
