#pragma once

#include "core/env/conda_meta.h"
#include "core/specs/package_record.h"
#include "core/util/result.h"

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
};

struct TransactionProgress {
    enum class Phase { Unlinking, Linking, Committing } phase = Phase::Unlinking;
    std::size_t done = 0;
    std::size_t total = 0;
    std::string current; // the package being worked on
};
using TransactionProgressFn = std::function<void(const TransactionProgress&)>;

// Changes the prefix all or nothing: the files of unlinked packages are moved aside (not
// deleted) until the end, linked packages are placed one by one, and on an error or a stop
// everything is put back as it was. A journal in conda-meta lets recoverPrefix() do the same
// after a crash or a kill.
[[nodiscard]] util::Result<void> executeTransaction(const TransactionPlan& plan,
                                                    const TransactionProgressFn& progress,
                                                    std::stop_token stop);

// If a transaction was interrupted (its journal is still there), returns the prefix to the
// state before it. A prefix without a journal is left alone. Returns whether it rolled back.
[[nodiscard]] util::Result<bool> recoverPrefix(const std::string& prefix);

} // namespace envdesk::env
