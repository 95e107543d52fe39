#pragma once

#include "core/download/download.h"
#include "core/specs/package_record.h"
#include "core/util/file_lock.h"
#include "core/util/result.h"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

// The package cache (`pkgs/`), laid out as conda and micromamba lay it out so that an existing
// conda cache can be shared both ways: `<dir>/<name-version-build>.conda|.tar.bz2` (the
// archive), `<dir>/<name-version-build>/` (extracted, with `info/repodata_record.json`) and
// `<dir>/urls.txt`. Several directories may be configured: all are searched, the first writable
// one receives new packages (conda's rule: read-only shared caches are used, never written).
// Envdesk's own bookkeeping (lock files, staging folders) lives in `<dir>/.envdesk/`, which conda
// ignores. See docs/package-cache.md.
namespace envdesk::cache {

struct Progress {
    enum class Phase {
        Download, // done/total are bytes over all archives being fetched (total 0 = unknown)
        Extract,  // done/total count packages
    };
    Phase phase = Phase::Download;
    std::uint64_t done = 0;
    std::uint64_t total = 0;
    // The package (dist name) the report is about: the one whose bytes just came in, or the
    // one handed to extraction (a cached archive at once, a downloaded one when it is whole).
    std::string current;
};
using ProgressFn = std::function<void(const Progress&)>;

// Unpacks an archive into `destination`, which must appear under that name only when complete
// (archive::extractPackage's contract). A parameter so tests can substitute it.
using ExtractFn = std::function<util::Result<void>(
    const std::string& archivePath, const std::string& destination, std::stop_token stop)>;

// The extractor of core/archive, or an error explaining that none is built in.
[[nodiscard]] ExtractFn defaultExtractor();

struct EnsureOptions {
    download::Options download;
    // Packages extracted at once; 0 = the number of cores. Never more than the cores.
    int extractThreads = 0;
    ExtractFn extractor; // empty = defaultExtractor()
};

struct EnsureResult {
    std::vector<std::string> folders; // the extracted folder of each record, in order
    // The archive beside each folder, as conda-meta's package_tarball_full_path names it; empty
    // where the cache kept only the folder (`clean --tarballs`).
    std::vector<std::string> archives;
    std::size_t downloaded = 0; // archives fetched by this call
    std::size_t extracted = 0;  // folders written by this call
    // Things corrected on the way, e.g. a cached archive with a wrong hash that was deleted.
    std::vector<std::string> notes;
    // Shared holds of each package's "in use" lock in every writable cache
    // (`.envdesk/locks/<dist>.inuse`): while the caller keeps this result, `clean` leaves these
    // packages alone, so keep it until the packages are linked.
    std::vector<util::FileLock> inUse;
};

struct ArchiveLookup {
    std::optional<std::string> path; // a cached archive whose hash (or size) is right
    // One line per cached archive refused: the file, and the expected and actual hashes.
    std::vector<std::string> rejected;
};

class PackageCache {
public:
    explicit PackageCache(std::vector<std::string> pkgsDirs);

    [[nodiscard]] const std::vector<std::string>& dirs() const { return m_dirs; }
    // The first directory that exists (or can be created) and can be written; empty if none.
    [[nodiscard]] std::optional<std::string> writableDir() const;

    // An extracted folder in any directory whose info/repodata_record.json describes the same
    // build: sha256 when both sides have one, else md5, else name-version-build and size.
    [[nodiscard]] std::optional<std::string>
    findExtracted(const specs::PackageRecord& record) const;
    // An archive in any directory whose bytes hash to the record's sha256 (else md5; else its
    // size matches). A wrong one in the writable directory is deleted so it gets fetched again.
    [[nodiscard]] ArchiveLookup findArchive(const specs::PackageRecord& record,
                                            std::stop_token stop = {}) const;

    // Makes sure every record has an extracted folder: reuses what any directory holds,
    // downloads the missing archives in one parallel, verified, resumable batch, extracts them
    // in parallel, writes info/repodata_record.json and appends to urls.txt. Each package is
    // worked on under a file lock, so processes sharing the cache wait for each other instead
    // of clobbering. On an error or a cancel nothing half-written carries a final name.
    [[nodiscard]] util::Result<EnsureResult>
    ensureExtracted(const std::vector<specs::PackageRecord>& records, const EnsureOptions& options,
                    const ProgressFn& progress, std::stop_token stop);

private:
    std::vector<std::string> m_dirs;
};

// The JSON conda writes as info/repodata_record.json: the record's repodata fields plus `url`,
// `channel`, `fn`, `md5`, `sha256`, `size`; keys sorted, two-space indent; credentials removed
// from URLs.
[[nodiscard]] std::string repodataRecordJson(const specs::PackageRecord& record);

} // namespace envdesk::cache
