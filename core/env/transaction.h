#pragma once

#include "core/env/conda_meta.h"
#include "core/specs/package_record.h"
#include "core/util/result.h"

#include <cstdint>
#include <functional>
#include <stop_token>
#include <string>
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

// Changes the prefix all or nothing: the files of unlinked packages are moved aside (not
// deleted) until the end, linked packages are placed one by one, and on an error or a stop
// everything is put back as it was. A journal in conda-meta lets recoverPrefix() do the same
// after a crash or a kill. Before anything changes, the free space of the prefix's filesystem
// is checked against bytesToWrite() (an IoError naming the prefix and both sizes).
// Packages' scripts run with conda's variables (PREFIX, PKG_NAME, PKG_VERSION, PKG_BUILDNUM):
// `bin/.<name>-pre-link.sh` from the package before its files are placed, `.<name>-post-link.sh`
// after (a failure rolls the whole transaction back, naming the package and its output), and
// `.<name>-pre-unlink.sh` before a package is unlinked.
[[nodiscard]] util::Result<TransactionReport>
executeTransaction(const TransactionPlan& plan, const TransactionProgressFn& progress,
                   std::stop_token stop);

// About how many bytes linking `plan` writes into the prefix's filesystem: the files that are
// copied (those with a prefix placeholder or marked no_link, or every file when the package cache
// is on another filesystem); hard links, soft links and folders cost next to nothing. Files the
// unlinked packages leave are moved aside until the end, so they free nothing meanwhile.
[[nodiscard]] util::Result<std::uint64_t> bytesToWrite(const TransactionPlan& plan);

// Whether `prefix` holds nothing but a conda-meta with Envdesk's lock file in it: what a create
// leaves after it was interrupted and rolled back, and so a folder create may take over.
[[nodiscard]] bool isBareEnvironment(const std::string& prefix);

// Whether a transaction is under way in `prefix` (another process holds it), was cut short
// (its journal is left; recoverPrefix() rolls it back), or neither.
enum class PrefixActivity { Idle, Changing, Interrupted };
[[nodiscard]] PrefixActivity prefixActivity(const std::string& prefix);

// If a transaction was interrupted (its journal is still there), returns the prefix to the
// state before it. A prefix without a journal is left alone. Returns whether it rolled back.
[[nodiscard]] util::Result<bool> recoverPrefix(const std::string& prefix);

} // namespace envdesk::env
