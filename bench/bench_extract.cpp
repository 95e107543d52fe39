// Extraction throughput: the real packages of ../shared/fixtures/packages, and a synthetic
// `.conda` (and the same payload as `.tar.bz2`) of 2,000 files and 50 MB, written here with
// core/archive's package writer, since the fixtures are all small. Prints MB/s (unpacked bytes) and
// files/s, the best of several runs. See README "Benchmarks".
//
//   bench_extract [RUNS] [FOLDER]   FOLDER (default: the temp folder) receives the trees

#include "bench/bench_support.h"
#include "core/archive/extract.h"
#include "core/archive/package_writer.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using namespace envdesk;

namespace {

const std::string kPackages = std::string(ENVDESK_FIXTURES_DIR) + "/packages/";

// 2,000 files of 25 KB: three in four are text (source-like, compressible), one in four random
// bytes (like compiled code that compresses poorly).
archive::PackageSpec syntheticPackage()
{
    std::mt19937_64 random(42);
    archive::PackageSpec spec;
    spec.name = "synthetic";
    spec.version = "1.0";
    spec.build = "0";
    auto& files = spec.files;
    for (int i = 0; i < 2000; ++i) {
        archive::PackageFileSpec file;
        file.path = "lib/python3.12/site-packages/synthetic/mod" + std::to_string(i / 100) + "/f"
                    + std::to_string(i) + (i % 4 == 3 ? ".so" : ".py");
        file.content.reserve(25000);
        if (i % 4 == 3) {
            while (file.content.size() < 25000) {
                const auto word = random();
                file.content.append(reinterpret_cast<const char*>(&word), sizeof word);
            }
        } else {
            for (int line = 0; file.content.size() < 25000; ++line) {
                file.content += "def function_" + std::to_string(line) + "(value_"
                                + std::to_string(random() % 1000) + "):\n    return value * "
                                + std::to_string(random() % 100000) + "\n";
            }
        }
        file.content.resize(25000);
        files.push_back(std::move(file));
    }
    return spec;
}

void measure(const std::string& label, const std::string& archive, int runs, const fs::path& work)
{
    archive::ExtractProgress last;
    bool ok = true;
    int run = 0;
    const double ms = bench::bestOf(runs, [&] {
        // A fresh folder each run, removed only afterwards: ext4 is slow to create files right
        // after thousands were deleted, which is not what a package cache does.
        const fs::path out = work / ("out" + std::to_string(run++));
        const auto result = archive::extractPackage(
            archive, out.string(), [&](const archive::ExtractProgress& p) { last = p; }, {});
        if (!result) {
            std::fprintf(stderr, "%s: %s\n", label.c_str(), result.error().message().c_str());
            ok = false;
        }
    });
    for (int i = 0; i < run; ++i) {
        fs::remove_all(work / ("out" + std::to_string(i)));
    }
    if (!ok) {
        return;
    }
    const double seconds = ms / 1000.0;
    std::printf("| %s | %.2f MB, %llu entries | %.1f ms | %.0f MB/s | %.0f files/s |\n",
                label.c_str(), static_cast<double>(last.bytesDone) / 1e6,
                static_cast<unsigned long long>(last.entriesDone), ms,
                static_cast<double>(last.bytesDone) / 1e6 / seconds,
                static_cast<double>(last.entriesDone) / seconds);
}

} // namespace

int main(int argc, char** argv)
{
    const int runs = argc > 1 ? std::atoi(argv[1]) : 5;
    const fs::path base = argc > 2 ? fs::path(argv[2]) : fs::temp_directory_path();
    const fs::path work = base / ("envdesk-bench-extract-" + std::to_string(::getpid()));
    fs::create_directories(work);

    std::printf(
        "| Package | Unpacked | Best of %d | MB/s | files/s |\n| --- | --- | --- | --- | --- "
        "|\n",
        runs);
    for (const char* file : {"cph/mock-2.0.0-py37_1000.conda", "cph/mock-2.0.0-py37_1000.tar.bz2",
                             "conda/conda_format_repo/linux-64/zlib-1.2.11-h7b6447c_3.conda",
                             "conda/conda_format_repo/linux-64/zlib-1.2.11-h7b6447c_3.tar.bz2",
                             "rattler/ca-certificates-2024.7.4-hbcca054_0.conda"}) {
        const std::string path = kPackages + file;
        if (fs::exists(path)) {
            measure(fs::path(path).filename().string(), path, runs, work);
        }
    }

    // Written as conda-package-handling does: zstd level 19 inside the `.conda`, bzip2 level 9.
    const auto spec = syntheticPackage();
    archive::WriteOptions condaOptions;
    condaOptions.compressionLevel = 19;
    archive::WriteOptions bz2Options;
    bz2Options.format = archive::PackageFormat::TarBz2;
    bz2Options.compressionLevel = 9;
    const auto conda = archive::writePackage(spec, work.string(), condaOptions);
    const auto tarBz2 = archive::writePackage(spec, work.string(), bz2Options);
    if (!conda || !tarBz2) {
        std::fprintf(stderr, "could not write the synthetic package\n");
        return 1;
    }
    measure("synthetic-1.0-0.conda (2,000 files)", *conda, runs, work);
    measure("synthetic-1.0-0.tar.bz2 (2,000 files)", *tarBz2, runs, work);
    std::printf("\npeak memory %.0f MB\n", bench::peakMegabytes());
    fs::remove_all(work);
    return 0;
}
