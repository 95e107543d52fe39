#pragma once

#include "core/config/config.h"
#include "core/envfile/conda_lock.h"
#include "core/envfile/environment_file.h"
#include "core/envfile/explicit_file.h"
#include "core/specs/package_record.h"
#include "core/util/result.h"

#include <functional>
#include <stop_token>
#include <string>
#include <vector>

// What `env export` writes for a prefix: environment.yml (every package, or --no-builds, or
// only what was asked for), with its pip: section, variables and channels, or a conda-lock file.
// Values, not text: envfile::formatEnvironmentFile() and envfile::formatCondaLock() write them,
// and nothing here prints.
namespace envdesk::ops {

// conda's name for a prefix in an export: "base" for the root prefix, else the folder's name.
[[nodiscard]] std::string environmentName(const std::string& prefix, const std::string& rootPrefix);

struct ExportOptions {
    std::string name;                  // the file's `name:`; empty: the prefix folder's name
    std::vector<std::string> channels; // extra channels, listed first (-c)
    bool overrideChannels = false;     // leave out the configured channels
    bool ignoreChannels = false;       // leave out the channels the packages came from
    bool noBuilds = false;             // name=version, without build strings
    bool fromHistory = false;          // only what was asked for, as it was asked
};

// The environment.yml of `prefix`, as conda's `env export`: channels by their canonical names
// (a channel named two ways is listed once), the packages' own channels in front unless
// ignored; every package as name=version=build (or name=version), or with `fromHistory` the
// requested specs of conda-meta/history; the pip: section lists what pip (not conda)
// installed; variables from conda-meta/state; the prefix itself. Errors name the file that
// could not be read; a folder without conda-meta is NotFound.
[[nodiscard]] util::Result<envfile::EnvironmentFile>
exportEnvironment(const std::string& prefix, const ExportOptions& options,
                  const config::Config& configuration);

// The packages the environment's requested specs resolve to on another platform.
using PlatformSolveFn = std::function<util::Result<std::vector<specs::PackageRecord>>(
    const std::vector<std::string>& specs, const std::vector<std::string>& channels,
    const std::string& platform)>;

struct LockOptions {
    // The platforms to lock, in order; empty: this machine's only.
    std::vector<std::string> platforms;
    std::vector<std::string> channels; // the lock's channels: exportEnvironment()'s
    // For each platform other than this machine's (whose packages are the installed ones):
    // empty, another platform is NotFound, since only a solve can say what it would get.
    PlatformSolveFn solveOther;
};

// A PlatformSolveFn that solves in this process, as `create --dry-run --platform` would: the
// given channels only, that platform's default virtual packages and CONDA_OVERRIDE_*, the
// configured pins. Nothing that fits is NotFound with the solver's explanation. For a worker
// thread: the channels may be fetched, and `stop` ends the fetch or the solve (Cancelled).
[[nodiscard]] PlatformSolveFn inProcessSolve(const config::Config& configuration,
                                             std::stop_token stop = {});

// A conda-lock file (version 1) of `prefix`, so that creating from it needs no solve: for this
// machine's platform the installed packages, each with its URL, hashes and dependencies; for
// each other platform what `solveOther` resolves the history's requested specs to. A package
// without a URL or a hash could not be reinstalled and is an InvalidRecord naming it. The
// content hash of each platform is the sha256 of its exact packages.
// `conda list --explicit` of `prefix`, for the CLI and the GUI's export alike: conda's header
// with `platform`, then each package's URL (without credentials) and the hash `hash` picks, in
// dependency order so that a tool installing them in order never links a package before what it
// needs; a package without a URL is a `# no URL for: FN` line, as conda writes it.
[[nodiscard]] util::Result<std::string>
exportExplicit(const std::string& prefix, envfile::ExplicitHash hash, const std::string& platform);

[[nodiscard]] util::Result<envfile::CondaLock> exportLock(const std::string& prefix,
                                                          const LockOptions& options);

} // namespace envdesk::ops
