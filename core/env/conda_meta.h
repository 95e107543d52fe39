#pragma once

#include "core/env/linker.h"
#include "core/specs/package_record.h"
#include "core/util/result.h"

#include <string>
#include <vector>

// What a prefix records about itself, in conda's formats, so that conda and micromamba read an
// Envdesk environment as their own: conda-meta/<name>-<version>-<build>.json per package and the
// revision log conda-meta/history.
namespace envdesk::env {

struct InstalledPackage {
    specs::PackageRecord record;
    LinkResult linked;
    std::string extractedPackageDir; // the package's folder in the cache
    std::string tarballPath;         // the archive in the cache, when there is one
    std::string requestedSpec;       // the user's spec that brought it, or empty
};

// Writes conda-meta/<dist>.json (atomically) with the record and conda's extra keys: files,
// paths_data, link, extracted_package_dir, package_tarball_full_path, requested_spec.
[[nodiscard]] util::Result<void> writeInstalledRecord(const std::string& prefix,
                                                      const InstalledPackage& package);
// Removes conda-meta/<dist>.json.
[[nodiscard]] util::Result<void> removeInstalledRecord(const std::string& prefix,
                                                       const specs::PackageRecord& record);

// One revision of conda-meta/history.
struct HistoryEntry {
    std::string command; // what the user ran, for `# cmd:`
    std::vector<specs::PackageRecord> unlinked;
    std::vector<specs::PackageRecord> linked;
    // `# update specs:` for install/create/update, `# remove specs:` for remove.
    enum class Kind { Update, Remove } kind = Kind::Update;
    std::vector<std::string> specs;
    long long unixTime = 0; // when; the revision header is written in local time, as conda
};

// Appends a revision block, as conda writes it (`==> date <==`, `# cmd:`, `-`/`+` dists,
// `# update specs: [...]`).
[[nodiscard]] util::Result<void> appendHistory(const std::string& prefix,
                                               const HistoryEntry& entry);

} // namespace envdesk::env
