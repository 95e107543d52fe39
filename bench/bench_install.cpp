// Installing a large environment: 40 `.conda` packages in a dependency chain (chain-39 needs
// chain-38 ... needs chain-00), 20,000 files and 781 MiB unpacked, a quarter of the files text
// carrying a prefix placeholder, in a file:// channel. Written here with core/archive's package
// writer and indexed with core/repodata, then measured three ways:
//
//   1. the package cache on its own: copy and extract all 40 archives (MB/s of unpacked bytes);
//   2. the transaction on its own: link the 20,000 files from a warm cache into a new prefix
//      (files/s);
//   3. the whole `envdesk-cli create -p PREFIX -c file://CHANNEL --override-channels -y
//      chain-39`, in a fresh process, with an empty and with a warm package cache (seconds).
//
// Every figure is the best of RUNS (default 3). See README "Benchmarks".
//
//   bench_install [RUNS] [FOLDER]   FOLDER (default: the temp folder) receives everything;
//                                   the channel is kept there between runs of the benchmark

#include "bench/bench_support.h"
#include "bench/chain_channel.h"
#include "core/archive/package_writer.h"
#include "core/cache/package_cache.h"
#include "core/env/transaction.h"
#include "core/repodata/channel_index.h"
#include "core/util/hash.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

extern char** environ;

namespace fs = std::filesystem;
using namespace envdesk;

using bench::ensureChannel;
using bench::kFilesPerPackage;
using bench::kPackages;
using bench::packageName;

namespace {

// Each timing starts with the disk quiet: the previous step's files written back and the
// folders it deleted gone, so one step does not pay for another's write-back.
void settle()
{
    ::sync();
}

std::vector<specs::PackageRecord> chainRecords(const fs::path& channel)
{
    std::vector<specs::PackageRecord> records;
    for (int i = 0; i < kPackages; ++i) {
        specs::PackageRecord record;
        record.name = packageName(i);
        record.version = "1.0";
        record.build = "h0_0";
        record.subdir = "linux-64";
        record.fn = record.distName() + ".conda";
        const fs::path file = channel / "linux-64" / record.fn;
        record.url = "file://" + file.string();
        record.channel = "file://" + channel.string();
        record.size = fs::file_size(file);
        std::ifstream in(file, std::ios::binary);
        std::stringstream bytes;
        bytes << in.rdbuf();
        record.sha256 = util::sha256Hex(bytes.str());
        records.push_back(std::move(record));
    }
    return records;
}

std::uint64_t unpackedBytes(const fs::path& folder)
{
    std::uint64_t total = 0;
    for (const auto& entry : fs::recursive_directory_iterator(folder)) {
        if (entry.is_regular_file() && !entry.is_symlink()) {
            total += entry.file_size();
        }
    }
    return total;
}

// Runs envdesk-cli with a configuration of its own (HOME, .condarc, package cache), as a user
// would; returns whether it succeeded.
bool runCli(const fs::path& home, const std::vector<std::string>& args)
{
    std::vector<std::string> environment{"HOME=" + home.string(),
                                         "ENVDESK_CONDARC_SYSTEM_DIRS=", "PATH=/usr/bin:/bin"};
    std::vector<char*> envp;
    for (auto& entry : environment) {
        envp.push_back(entry.data());
    }
    envp.push_back(nullptr);
    std::vector<std::string> argStrings{ENVDESK_BIN_DIR "/envdesk-cli"};
    argStrings.insert(argStrings.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& arg : argStrings) {
        argv.push_back(arg.data());
    }
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    pid_t pid = 0;
    const int spawned = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    if (spawned != 0) {
        return false;
    }
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

} // namespace

int main(int argc, char** argv)
{
    const int runs = argc > 1 ? std::atoi(argv[1]) : 3;
    const fs::path base = argc > 2 ? fs::path(argv[2]) : fs::temp_directory_path();
    const fs::path root = fs::absolute(base / "envdesk-bench-install");
    const fs::path channel = root / "channel";
    if (!ensureChannel(channel)) {
        return 1;
    }
    const auto records = chainRecords(channel);
    std::uint64_t archiveBytes = 0;
    for (const auto& record : records) {
        archiveBytes += record.size;
    }

    const fs::path work = root / ("run-" + std::to_string(::getpid()));
    fs::create_directories(work);
    bool ok = true;

    // 1. Copy and extract into an empty cache.
    int run = 0;
    std::uint64_t unpacked = 0;
    const double extractMs = bench::bestOf(
        runs,
        [&] {
            const fs::path pkgs = work / ("pkgs" + std::to_string(run++));
            cache::PackageCache cache({pkgs.string()});
            const auto ensured = cache.ensureExtracted(records, {}, {}, {});
            if (!ensured) {
                std::fprintf(stderr, "extract: %s\n", ensured.error().message().c_str());
                ok = false;
            }
        },
        settle);
    const fs::path warmPkgs = work / "pkgs0";
    for (int i = 1; i < run; ++i) {
        fs::remove_all(work / ("pkgs" + std::to_string(i)));
    }
    if (!ok) {
        return 1;
    }
    for (const auto& record : records) {
        unpacked += unpackedBytes(warmPkgs / record.distName());
    }

    // 2. Link from the warm cache into new prefixes.
    run = 0;
    const double linkMs = bench::bestOf(
        runs,
        [&] {
            env::TransactionPlan plan;
            plan.prefix = (work / ("prefix" + std::to_string(run++))).string();
            for (const auto& record : records) {
                plan.link.push_back(
                    {record, (warmPkgs / record.distName()).string(), {}, record.name});
            }
            plan.history.linked = records;
            const auto applied = env::executeTransaction(plan, {}, {});
            if (!applied) {
                std::fprintf(stderr, "link: %s\n", applied.error().message().c_str());
                ok = false;
            }
        },
        settle);
    for (int i = 0; i < run; ++i) {
        fs::remove_all(work / ("prefix" + std::to_string(i)));
    }

    // 3. The whole command, empty and warm cache.
    const fs::path home = work / "home";
    fs::create_directories(home);
    const fs::path cliPkgs = work / "cli-pkgs";
    std::ofstream(home / ".condarc") << "channels: []\npkgs_dirs: [" << cliPkgs.string() << "]\n";
    auto create = [&](const fs::path& prefix) {
        return runCli(home, {"create", "-p", prefix.string(), "-c", "file://" + channel.string(),
                             "--override-channels", "-y", "--json", "chain-39"});
    };
    run = 0;
    const double coldMs = bench::bestOf(
        runs, [&] { ok = create(work / ("cold" + std::to_string(run++))) && ok; },
        [&] {
            fs::remove_all(cliPkgs);
            fs::remove_all(home / ".cache");
            settle();
        });
    for (int i = 0; i < run; ++i) {
        fs::remove_all(work / ("cold" + std::to_string(i)));
    }
    run = 0;
    const double warmMs = bench::bestOf(
        runs, [&] { ok = create(work / ("warm" + std::to_string(run++))) && ok; }, settle);
    fs::remove_all(work);
    if (!ok) {
        std::fprintf(stderr, "a run failed\n");
        return 1;
    }

    const double files = kPackages * kFilesPerPackage;
    std::printf("%d packages, %.0f files, %.0f MiB unpacked, %.0f MiB of archives; best of %d\n\n",
                kPackages, files, static_cast<double>(unpacked) / 1048576.0,
                static_cast<double>(archiveBytes) / 1048576.0, runs);
    std::printf("| Step | Time | Rate |\n| --- | --- | --- |\n");
    std::printf("| copy + extract into an empty cache | %.2f s | %.0f MB/s |\n", extractMs / 1000,
                static_cast<double>(unpacked) / 1e6 / (extractMs / 1000));
    std::printf("| link from a warm cache | %.2f s | %.0f files/s |\n", linkMs / 1000,
                files / (linkMs / 1000));
    std::printf("| `envdesk-cli create`, empty cache | %.2f s | |\n", coldMs / 1000);
    std::printf("| `envdesk-cli create`, warm cache | %.2f s | |\n", warmMs / 1000);
    return 0;
}
