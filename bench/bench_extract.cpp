// Extraction throughput: the real packages of ../shared/fixtures/packages, and a synthetic
// `.conda` (and the same payload as `.tar.bz2`) of 2,000 files and 50 MB, written here with
// libarchive, since the fixtures are all small. Prints MB/s (unpacked bytes) and files/s, the
// best of several runs. See README "Benchmarks".
//
//   bench_extract [RUNS] [FOLDER]   FOLDER (default: the temp folder) receives the trees

#include "bench/bench_support.h"
#include "core/archive/extract.h"

#include <archive.h>
#include <archive_entry.h>
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

struct Payload {
    std::string path;
    std::string data;
};

la_ssize_t appendToString(struct archive*, void* clientData, const void* buffer, size_t size)
{
    static_cast<std::string*>(clientData)->append(static_cast<const char*>(buffer), size);
    return static_cast<la_ssize_t>(size);
}

// One tar stream with the given filter (zstd or bzip2), held in memory.
std::string tarStream(const std::vector<Payload>& files, bool zstd)
{
    std::string out;
    struct archive* writer = archive_write_new();
    if (zstd) {
        archive_write_add_filter_zstd(writer);
    } else {
        archive_write_add_filter_bzip2(writer);
    }
    archive_write_set_format_pax_restricted(writer);
    // No padding after the compressed stream: zstd readers take trailing zeros for a frame.
    archive_write_set_bytes_in_last_block(writer, 1);
    archive_write_open(writer, &out, nullptr, appendToString, nullptr);
    for (const auto& file : files) {
        struct archive_entry* entry = archive_entry_new();
        archive_entry_set_pathname(entry, file.path.c_str());
        archive_entry_set_filetype(entry, AE_IFREG);
        archive_entry_set_perm(entry, 0644);
        archive_entry_set_size(entry, static_cast<la_int64_t>(file.data.size()));
        archive_write_header(writer, entry);
        archive_write_data(writer, file.data.data(), file.data.size());
        archive_entry_free(entry);
    }
    archive_write_close(writer);
    archive_write_free(writer);
    return out;
}

void writeZip(const std::string& path, const std::vector<Payload>& members)
{
    struct archive* writer = archive_write_new();
    archive_write_set_format_zip(writer);
    archive_write_set_options(writer, "zip:compression=store"); // as conda writes them
    archive_write_open_filename(writer, path.c_str());
    for (const auto& member : members) {
        struct archive_entry* entry = archive_entry_new();
        archive_entry_set_pathname(entry, member.path.c_str());
        archive_entry_set_filetype(entry, AE_IFREG);
        archive_entry_set_perm(entry, 0644);
        archive_entry_set_size(entry, static_cast<la_int64_t>(member.data.size()));
        archive_write_header(writer, entry);
        archive_write_data(writer, member.data.data(), member.data.size());
        archive_entry_free(entry);
    }
    archive_write_close(writer);
    archive_write_free(writer);
}

// 2,000 files of 25 KB: three in four are text (source-like, compressible), one in four random
// bytes (like compiled code that compresses poorly).
std::vector<Payload> syntheticPayload()
{
    std::mt19937_64 random(42);
    std::vector<Payload> files;
    for (int i = 0; i < 2000; ++i) {
        Payload file;
        file.path = "lib/python3.12/site-packages/synthetic/mod" + std::to_string(i / 100) + "/f"
                    + std::to_string(i) + (i % 4 == 3 ? ".so" : ".py");
        file.data.reserve(25000);
        if (i % 4 == 3) {
            while (file.data.size() < 25000) {
                const auto word = random();
                file.data.append(reinterpret_cast<const char*>(&word), sizeof word);
            }
        } else {
            for (int line = 0; file.data.size() < 25000; ++line) {
                file.data += "def function_" + std::to_string(line) + "(value_"
                             + std::to_string(random() % 1000) + "):\n    return value * "
                             + std::to_string(random() % 100000) + "\n";
            }
        }
        file.data.resize(25000);
        files.push_back(std::move(file));
    }
    return files;
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

    const auto payload = syntheticPayload();
    const std::vector<Payload> info{
        {"info/index.json", R"({"name":"synthetic","version":"1.0","build":"0"})"}};
    const std::string conda = (work / "synthetic-1.0-0.conda").string();
    writeZip(conda, {{"metadata.json", R"({"conda_pkg_format_version": 2})"},
                     {"info-synthetic-1.0-0.tar.zst", tarStream(info, true)},
                     {"pkg-synthetic-1.0-0.tar.zst", tarStream(payload, true)}});
    measure("synthetic-1.0-0.conda (2,000 files)", conda, runs, work);
    auto all = info;
    all.insert(all.end(), payload.begin(), payload.end());
    const std::string tarBz2 = (work / "synthetic-1.0-0.tar.bz2").string();
    {
        const std::string bytes = tarStream(all, false);
        std::FILE* file = std::fopen(tarBz2.c_str(), "wb");
        if (file != nullptr) {
            std::fwrite(bytes.data(), 1, bytes.size(), file);
            std::fclose(file);
        }
    }
    measure("synthetic-1.0-0.tar.bz2 (2,000 files)", tarBz2, runs, work);
    std::printf("\npeak memory %.0f MB\n", bench::peakMegabytes());
    fs::remove_all(work);
    return 0;
}
