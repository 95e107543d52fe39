#pragma once

#include "core/env/conda_meta.h"
#include "core/specs/package_record.h"
#include "core/util/file_lock.h"
#include "core/util/result.h"

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

namespace envdesk::env {

// One package to put into the prefix, already extracted in the package cache.
struct PackageToLink {
    specs::PackageRecord record;
    std::string extractedPackageDir;
    std::string tarballPath;
    std::string requestedSpec;
};

struct TransactionPlan {
    std::string prefix;
    std::vector<specs::PackageRecord> unlink; // installed records, dependents first
    std::vector<PackageToLink> link;          // dependencies first
    HistoryEntry history;                     // the revision to record on success
    // Byte-compile the modules of noarch: python packages with the environment's python, as
    // conda does (the CLI's --no-pyc turns it off).
    bool compilePyc = true;
    // The environment the packages' link scripts and the byte-compiling run in (conda: its own
    // process environment): the caller's, read at its composition root (ConfigInputs::env).
    // Scripts get PREFIX, PKG_* and PATH (the prefix's bin first; "/usr/bin:/bin" after it when
    // this has no PATH) over it.
    std::map<std::string, std::string> processEnvironment;
    // For tests that kill a transaction at each point where a kill must leave a prefix that
    // recovery can settle: called with the name of the point just passed.
    std::function<void(std::string_view point)> faultHook;
};

struct TransactionProgress {
    enum class Phase { Unlinking, Linking, Committing } phase = Phase::Unlinking;
    std::size_t done = 0;
    std::size_t total = 0;
    std::string current; // the package being worked on
};
using TransactionProgressFn = std::function<void(const TransactionProgress&)>;

// What a transaction has to tell the user besides success: the output of the packages'
// link scripts and the messages they left in `.messages.txt`.
struct TransactionReport {
    std::vector<std::string> scriptOutputs; // "numpy post-link: <output>"
    std::string messages;                   // the contents of .messages.txt, to show the user
    // Paths a linked package wrote over a file already there (another package's, or the
    // user's): conda's ClobberWarning. The package linked last wins, as in conda.
    struct Clobber {
        std::string path;
        std::string package; // the dist name of the package that replaced it
    };
    std::vector<Clobber> clobbered;
};

// Who may change a prefix: one process at a time, by the lock file `conda-meta/.envdesk-lock`.
struct PrefixLockOptions {
    // Written into the lock file while it is held, so a process waiting can say who it waits
    // for ("envdesk-cli install numpy").
    std::string owner;
    // How long to wait for another process's transaction before giving up with Busy.
    std::chrono::milliseconds timeout = std::chrono::minutes(10);
    // Called once when the lock is found held, with what the holder wrote about itself.
    std::function<void(const std::string& holder)> onWait;
};

// Takes the prefix's lock, creating `conda-meta` when needed: waits (a stop request ends the wait
// with Cancelled), Busy after the timeout naming the holder, PermissionDenied naming the path
// when this user may not write the prefix.
[[nodiscard]] util::Result<util::FileLock>
lockPrefix(const std::string& prefix, const PrefixLockOptions& options, std::stop_token stop);

// Changes the prefix all or nothing. Every move and every file to create is first recorded in a
// write-ahead journal (transaction_journal.h); the files of unlinked packages are moved aside (not
// deleted) until the commit record, linked packages are placed one by one, and on an error or a
// stop everything is put back as it was. After a crash or a kill, recoverPrefix() rolls back or,
// past the commit record, finishes. Before anything changes, an interrupted transaction is
// settled and the free space of the prefix's filesystem is checked against bytesToWrite() (an
// IoError naming the prefix and both sizes).
// Packages' scripts run with conda's variables (PREFIX, PKG_NAME, PKG_VERSION, PKG_BUILDNUM):
// `bin/.<name>-pre-link.sh` from the package before its files are placed, `.<name>-post-link.sh`
// after (a failure rolls the whole transaction back, naming the package and its output), and
// `.<name>-pre-unlink.sh` before a package is unlinked.
// This form takes the prefix's lock itself, waiting with the default options.
[[nodiscard]] util::Result<TransactionReport>
executeTransaction(const TransactionPlan& plan, const TransactionProgressFn& progress,
                   std::stop_token stop);

// The same under a lock the caller took with lockPrefix() (to check, under the lock, that the
// plan still fits the prefix).
[[nodiscard]] util::Result<TransactionReport>
executeTransaction(const TransactionPlan& plan, const util::FileLock& heldLock,
                   const TransactionProgressFn& progress, std::stop_token stop);

// About how many bytes linking `plan` writes into the prefix's filesystem: the files that are
// copied (those with a prefix placeholder or marked no_link, or every file when the package cache
// is on another filesystem); hard links, soft links and folders cost next to nothing. Files the
// unlinked packages leave are moved aside until the end, so they free nothing meanwhile.
[[nodiscard]] util::Result<std::uint64_t> bytesToWrite(const TransactionPlan& plan);

// Whether `prefix` holds nothing but a conda-meta with Envdesk's lock file in it: what a create
// leaves after it was interrupted and rolled back, and so a folder create may take over.
[[nodiscard]] bool isBareEnvironment(const std::string& prefix);

// What a change's prefix was before the change began, so that a create that fails can put it
// back: a folder it made is removed, an empty folder it was given is emptied again.
enum class PrefixBefore { Absent, Empty, Occupied };
[[nodiscard]] PrefixBefore prefixBefore(const std::string& prefix);

// When `prefix` is a bare environment (what a create that failed leaves, its lock file), puts
// it back as `before` says: removes it (Absent), removes its conda-meta (Empty), or leaves it
// (Occupied). A refused create so leaves no folder behind, and no empty folder that now looks
// like an environment.
void discardBareEnvironment(const std::string& prefix, PrefixBefore before = PrefixBefore::Absent);

// Whether a transaction is under way in `prefix` (another process holds it), was cut short
// (its journal is left; recoverPrefix() rolls it back), or neither.
enum class PrefixActivity { Idle, Changing, Interrupted };
[[nodiscard]] PrefixActivity prefixActivity(const std::string& prefix);

// If a transaction was interrupted (its journal is still there), settles it under the prefix's
// lock: rolled back to the state before it, or finished when it had committed. A prefix without
// a journal is left alone. Returns whether it rolled back.
[[nodiscard]] util::Result<bool> recoverPrefix(const std::string& prefix,
                                               const PrefixLockOptions& options = {},
                                               std::stop_token stop = {});
// The same under the prefix's lock, already held by the caller (lockPrefix()).
[[nodiscard]] util::Result<bool> recoverPrefix(const std::string& prefix,
                                               const util::FileLock& heldLock);

} // namespace envdesk::env
