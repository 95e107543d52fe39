#include "bench/chain_channel.h"

#include "core/archive/package_writer.h"
#include "core/repodata/channel_index.h"

#include <cstdio>
#include <fstream>
#include <random>
#include <vector>

namespace envdesk::bench {

namespace fs = std::filesystem;

namespace {

// 781 MiB over 20,000 files.
constexpr std::size_t kMeanFileSize =
    std::size_t{781} * 1024 * 1024 / (kPackages * kFilesPerPackage);

} // namespace

std::string packageName(int index)
{
    char name[16];
    std::snprintf(name, sizeof name, "chain-%02d", index);
    return name;
}

namespace {

// One file's bytes. Text files read like configuration or scripts and mention the build
// prefix every few lines; binaries are half compressible (like code: a small vocabulary of
// words) and half random (like compressed data), so zstd works about as hard as on real
// packages.
std::string fileContent(int kind, std::size_t size, std::mt19937_64& random)
{
    std::string data;
    data.reserve(size + 128);
    if (kind == 0) {
        for (int line = 0; data.size() < size; ++line) {
            if (line % 8 == 0) {
                data += std::string("prefix = \"") + archive::kPrefixPlaceholder + "/lib/data"
                        + std::to_string(random() % 1000) + "\"\n";
            } else {
                data += "option_" + std::to_string(line) + " = " + std::to_string(random() % 100000)
                        + "  # a setting that was generated for the benchmark\n";
            }
        }
    } else if (kind == 1) {
        static const char* const kWords[] = {
            "\x48\x89\xe5",         "\x41\x57\x41\x56",     "\xc3",
            "\x0f\x1f\x44\x00\x00", "\xe8\x00\x00\x00\x00", "\x48\x8b\x45\xf8"};
        while (data.size() < size) {
            data += kWords[random() % 6];
            if (random() % 4 == 0) {
                const auto noise = random();
                data.append(reinterpret_cast<const char*>(&noise), 4);
            }
        }
    } else {
        while (data.size() < size) {
            const auto word = random();
            data.append(reinterpret_cast<const char*>(&word), sizeof word);
        }
    }
    data.resize(size);
    return data;
}

archive::PackageSpec chainPackage(int index)
{
    std::mt19937_64 random(static_cast<std::uint64_t>(1000 + index));
    archive::PackageSpec spec;
    spec.name = packageName(index);
    spec.version = "1.0";
    spec.build = "h0_0";
    spec.subdir = "linux-64";
    spec.license = "MIT";
    if (index > 0) {
        spec.depends = {packageName(index - 1) + " 1.0.*"};
    }
    for (int i = 0; i < kFilesPerPackage; ++i) {
        // Sizes spread from a fifth to nine fifths of the mean, so the mean holds.
        const std::size_t size = kMeanFileSize / 5 + random() % (kMeanFileSize * 8 / 5);
        const int kind = i % 4 == 0 ? 0 : (i % 4 == 3 ? 2 : 1);
        archive::PackageFileSpec file;
        file.path = "lib/" + spec.name + "/mod" + std::to_string(i / 25) + "/file"
                    + std::to_string(i) + (kind == 0 ? ".cfg" : ".so");
        file.content = fileContent(kind, size, random);
        file.textPrefix = kind == 0;
        spec.files.push_back(std::move(file));
    }
    return spec;
}

} // namespace

// The channel is written once and kept: writing it takes longer than what is measured.
bool ensureChannel(const fs::path& channel)
{
    const fs::path stamp = channel / ".bench-install-complete";
    if (fs::exists(stamp)) {
        return true;
    }
    std::printf("writing the channel in %s ...\n", channel.c_str());
    fs::remove_all(channel);
    for (int i = 0; i < kPackages; ++i) {
        const auto written =
            archive::writePackage(chainPackage(i), (channel / "linux-64").string());
        if (!written) {
            std::fprintf(stderr, "%s\n", written.error().message().c_str());
            return false;
        }
    }
    const auto indexed = repodata::indexChannel(channel.string(), {}, {}, {});
    if (!indexed || !indexed->complete()) {
        std::fprintf(stderr, "could not index %s\n", channel.c_str());
        return false;
    }
    std::ofstream(stamp) << "ok\n";
    return true;
}

} // namespace envdesk::bench
