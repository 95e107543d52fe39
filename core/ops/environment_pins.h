#pragma once

#include "core/util/result.h"

#include <chrono>
#include <string>
#include <vector>

// The pins of one environment: conda's `conda-meta/pinned`, one match spec per line, which every
// solve in the environment must respect (core/ops/solve_change reads it). Editing it here keeps
// its comments and the lines of other packages as they were, so conda and micromamba, which
// read the same file, see the same pins.
namespace envdesk::ops {

struct PinChange {
    std::vector<std::string> before; // the specs, before the change
    std::vector<std::string> after;  // and after
    bool changed = false;
};

// Pins `specs` (match specs, e.g. "numpy=1.26", "python 3.11.*"): each replaces the pin of the
// same package name, or is added at the end. A spec that does not parse is an error naming it;
// nothing is written then. The file is written atomically, under the prefix's lock (as a
// transaction holds it), waiting at most `lockWait` for another process's change (then Busy).
[[nodiscard]] util::Result<PinChange>
pinPackages(const std::string& prefix, const std::vector<std::string>& specs, bool dryRun = false,
            std::chrono::milliseconds lockWait = std::chrono::seconds(30));

// Takes out the pins of the packages `names` (package names, or specs whose name is taken).
// Names with no pin are not an error: `after` shows they were not there.
[[nodiscard]] util::Result<PinChange>
unpinPackages(const std::string& prefix, const std::vector<std::string>& names, bool dryRun = false,
              std::chrono::milliseconds lockWait = std::chrono::seconds(30));

} // namespace envdesk::ops
