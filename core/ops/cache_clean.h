#pragma once

#include "core/config/config.h"
#include "core/util/result.h"

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

// `conda clean`, decided once for the CLI and the window's Storage place: what each target
// would remove from the package caches, then removing it. The rules are conda's
// (conda/cli/main_clean.py), with one more guard each for packages: see docs/package-cache.md.
namespace envdesk::ops {

struct CleanTargets {
    bool tarballs = false;   // archives (.conda, .tar.bz2) and partial downloads (.part)
    bool packages = false;   // extracted packages no environment uses
    bool indexCache = false; // the repodata caches: <pkgs_dir>/cache and Envdesk's own
    bool logfiles = false;   // <pkgs_dir>/.logs
    [[nodiscard]] bool any() const { return tarballs || packages || indexCache || logfiles; }
};

struct CleanItem {
    std::string name;       // the file or folder name inside its package cache
    std::string path;       // absolute
    std::uint64_t size = 0; // bytes on disk (apparent sizes, as conda counts)
};

// What one target would free, per package cache, as conda's find_tarballs / find_pkgs report it.
struct CleanSection {
    std::map<std::string, std::vector<CleanItem>> byPkgsDir; // only caches with something to free
    std::vector<std::string> warnings;
    std::uint64_t totalSize = 0;
    [[nodiscard]] std::size_t count() const;
};

struct CleanPlan {
    std::vector<std::string> pkgsDirs; // the caches looked at (existing, writable)
    // The environments known when planning: a package one of them records is kept, checked
    // again when it is removed.
    std::vector<std::string> environments;
    std::optional<CleanSection> tarballs;
    std::optional<CleanSection> packages;
    std::optional<std::vector<std::string>> indexCache; // folders
    std::optional<std::vector<std::string>> logfiles;   // files
};

struct CleanInputs {
    std::vector<std::string> pkgsDirs;     // the configuration's pkgs_dirs, in order
    std::vector<std::string> environments; // every known environment's prefix
    std::string repodataCacheDir;          // Envdesk's repodata cache (ConfigInputs)
};

// The caches and environments of this configuration: its pkgs_dirs, every environment
// listEnvironments() finds that is still there, and Envdesk's repodata cache.
[[nodiscard]] CleanInputs cleanInputsFor(const config::ConfigInputs& inputs,
                                         const config::Config& configuration);

// What `targets` would remove. A package cache is one conda would clean: an existing folder
// this user may write that holds urls.txt (or Envdesk's .envdesk folder). An extracted package
// is in use, and kept, when one of its files has another hard link (conda's test), when a known
// environment's conda-meta records it (environments that copied or soft-linked it), or when
// another process holds its lock in the cache (an install is using it right now).
[[nodiscard]] CleanPlan planClean(const CleanTargets& targets, const CleanInputs& inputs);

// One package cache as the Storage place shows it.
struct PackageCacheUsage {
    std::string dir;
    bool exists = false;
    bool cleanable = false;         // planClean would clean it (writable, a cache)
    std::size_t packages = 0;       // extracted folders
    std::uint64_t packageBytes = 0; // their apparent size
    std::uint64_t sharedBytes = 0;  // of which in folders environments hard-link
    std::size_t archives = 0;       // .conda / .tar.bz2 (and .part)
    std::uint64_t archiveBytes = 0;
};

// Walks each of `pkgsDirs` (in order; missing ones reported as such). A stop ends it early with
// what was measured so far.
[[nodiscard]] std::vector<PackageCacheUsage>
measurePackageCaches(const std::vector<std::string>& pkgsDirs, std::stop_token stop = {});

struct CleanProgress {
    std::size_t done = 0;
    std::size_t total = 0;
    std::string current; // the path being removed
};

struct CleanOutcome {
    std::vector<std::string> removed;
    std::vector<std::string> warnings; // what could not be removed, and why
    std::uint64_t freed = 0;
};

// Removes what `plan` lists. Each package (folder, archive or partial download) is removed only
// while this process holds both of its locks exclusively: no extraction is writing it and no
// install holds it in use (cache::EnsureResult::inUse). A folder is checked again then (no
// file with another hard link, no known environment recording it) and moved into the cache's
// `.envdesk/trash` before it is deleted, so a stop or a crash never leaves half a package under
// its own name; what a crash left in the trash goes first. Folders inside a cache are reached
// without following a link put in place of `.logs` or `.envdesk/trash`. A stop ends it between
// items (Cancelled; what was removed stays removed).
[[nodiscard]] util::Result<CleanOutcome>
carryOutClean(const CleanPlan& plan, const std::function<void(const CleanProgress&)>& progress,
              std::stop_token stop);

} // namespace envdesk::ops
