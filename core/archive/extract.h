#pragma once

#include "core/util/result.h"

#include <cstdint>
#include <functional>
#include <stop_token>
#include <string>

// Unpacking a conda package into a folder of the package cache. See docs/extraction.md for what
// is refused and why.
namespace envdesk::archive {

struct ExtractProgress {
    std::uint64_t entriesDone = 0;
    std::uint64_t bytesDone = 0;  // uncompressed bytes written so far
    std::uint64_t bytesTotal = 0; // 0: unknown (neither format records its unpacked size)
};
using ExtractProgressFn = std::function<void(const ExtractProgress&)>;

struct ExtractOptions {
    // Refuse an archive that unpacks to more than this, counting declared sizes before any byte
    // is written and actual bytes while they stream: a decompression bomb stops here.
    std::uint64_t maxTotalBytes = std::uint64_t{32} << 30;
    // Refuse an archive with more entries than this (an inode bomb of empty files).
    std::uint64_t maxEntries = 1'000'000;
};

// Extracts a `.conda` (its info and pkg members) or a `.tar.bz2` into `destination`, which must
// not exist or be an empty folder. Everything is written into the sibling `destination +
// ".partial"` and renamed at the end, so a cancel, an error or a crash never leaves a
// half-extracted folder under the final name; a failure removes the partial folder.
// Absolute paths, `..`, entries through a symlink, links resolving outside the destination and
// device/fifo entries are refused with an error naming the archive and the entry. A stop
// request gives ErrorCode::Cancelled.
[[nodiscard]] util::Result<void> extractPackage(const std::string& archivePath,
                                                const std::string& destination,
                                                const ExtractOptions& options,
                                                const ExtractProgressFn& progress,
                                                std::stop_token stop);

// The same with the default limits.
[[nodiscard]] util::Result<void> extractPackage(const std::string& archivePath,
                                                const std::string& destination,
                                                const ExtractProgressFn& progress,
                                                std::stop_token stop);

} // namespace envdesk::archive
