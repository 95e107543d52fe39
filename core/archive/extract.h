#pragma once

#include "core/util/result.h"

#include <cstdint>
#include <functional>
#include <optional>
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
    // Refuse an archive that unpacks to more than this many times its own size. The real
    // packages of the test fixtures stay below 31 (a package of JSON text); a decompression
    // bomb of zeros reaches thousands (a 640 KB .conda held 2 GiB). 0: no ratio limit.
    std::uint64_t maxExpansionRatio = 1000;
    // Refuse an archive whose content would leave less than this free on the destination's
    // file system (measured once before the first byte): the environment, its conda-meta and
    // the transaction's backups still need room, and so does everything else on that disk.
    // nullopt: no free-space check (the write then fails with "no space left" when it runs out).
    std::optional<std::uint64_t> freeSpaceReserve = std::uint64_t{256} << 20;
    // conda's extra_safety_checks, on by default here: every file that info/paths.json lists
    // must be in the archive with the size and sha256 it claims (hashed while it is written).
    bool verifyPathsJson = true;
};

// Extracts a `.conda` (its info and pkg members) or a `.tar.bz2` into `destination`, which must
// not exist or be an empty folder. Everything is written into the sibling `destination +
// ".partial"` and renamed at the end, so a cancel, an error or a crash never leaves a
// half-extracted folder under the final name; a failure removes the partial folder.
// Absolute paths, `..`, entries through a symlink, links resolving outside the destination and
// device/fifo entries are refused with an error naming the archive and the entry; so are a
// `.conda` without its info or pkg member, a file whose size or sha256 is not what
// info/paths.json says, and an archive that unpacks past the limits above. A stop request gives
// ErrorCode::Cancelled.
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
