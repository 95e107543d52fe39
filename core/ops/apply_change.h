#pragma once

#include "core/cache/package_cache.h"
#include "core/config/config.h"
#include "core/env/transaction.h"
#include "core/ops/plan_change.h"
#include "core/specs/package_record.h"
#include "core/util/result.h"

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

// Carrying out a decided change of one environment, whoever decided it (a solve, a revision,
// an explicit file, a clone) and whoever shows it (the CLI's terminal line, the GUI's progress
// dialog): the missing packages into the cache, then the prefix in one all-or-nothing
// transaction, then the registry.
namespace envdesk::ops {

struct Change {
    std::string prefix;
    std::vector<specs::PackageRecord> link;   // dependencies first
    std::vector<specs::PackageRecord> unlink; // dependents first
    std::vector<std::string> userSpecs;       // as typed: requested_spec and the history
    std::string command;                      // the history's `# cmd:`
    bool remove = false;                      // `# remove specs:` instead of `# update specs:`
    bool create = false;                      // a new environment: register it
    bool offline = false;                     // packages from the cache and file:// only
    bool compilePyc = true;
    // The prefix's packages (dist names) when the change was decided. Checked again once the
    // prefix's lock is held: when another process changed the prefix meanwhile, applyChange
    // refuses with ErrorCode::Stale instead of carrying out a plan made for another state, and
    // the caller decides again. Without it, only what the change itself names is checked (every
    // package to unlink still installed, no other build of a package to link left installed).
    std::optional<std::vector<std::string>> basis;
    // How long to wait for another process that is changing the same prefix.
    std::chrono::milliseconds lockTimeout = std::chrono::minutes(10);
};

// The Change that carries out `plan`: its prefix, what it links and unlinks, and the packages
// it was decided against (so a plan gone stale is refused). The caller adds what the request
// says (the user's specs, the command, create or remove, offline).
[[nodiscard]] Change changeFor(const Plan& plan);

struct ApplyProgress {
    // Waiting: another process is changing the prefix; `current` says which.
    enum class Phase { Download, Extract, Waiting, Unlink, Link, Finish };
    Phase phase = Phase::Download;
    std::uint64_t done = 0;  // Download: bytes; the others: packages
    std::uint64_t total = 0; // 0: unknown
    std::string current;     // the package being worked on, when known
};
using ApplyProgressFn = std::function<void(const ApplyProgress&)>;

struct ApplyOutcome {
    env::TransactionReport report;
    bool recoveredFirst = false; // an interrupted transaction was rolled back before this one
    // Worth telling, not failures: a cached archive that was wrong and fetched again, a
    // registry that could not be written.
    std::vector<std::string> notes;
};

// The packages of `records` in the package cache, fetched and extracted where missing, with
// Download and Extract progress; a stop is Cancelled. What applyChange() and the completion of
// an explicit or lock file's records both start with.
[[nodiscard]] util::Result<cache::EnsureResult>
fetchIntoCache(const std::vector<specs::PackageRecord>& records,
               const config::Config& configuration, bool offline, const ApplyProgressFn& progress,
               std::stop_token stop);

// A failure says what became of the prefix: a fetch failure changed nothing; a transaction
// failure (a script, a full disk, a stop) has put everything back. Cancelled on a stop; Stale
// when the prefix changed since the change was decided (nothing was done: decide again); Busy
// when another process kept the prefix past Change::lockTimeout; PermissionDenied naming the
// path when this user may not write the prefix.
[[nodiscard]] util::Result<ApplyOutcome> applyChange(const Change& change,
                                                     const config::Config& configuration,
                                                     const ApplyProgressFn& progress,
                                                     std::stop_token stop);

} // namespace envdesk::ops
