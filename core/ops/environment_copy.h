#pragma once

#include "core/config/config.h"
#include "core/ops/apply_change.h"
#include "core/ops/environment_removal.h"
#include "core/ops/plan_change.h"
#include "core/ops/solve_change.h"
#include "core/util/result.h"

#include <cstddef>
#include <optional>
#include <stop_token>
#include <string>
#include <variant>
#include <vector>

// Copying an environment (`create --clone`) and renaming one (`rename`: a clone, then the
// original removed), as conda does: the same packages (from the cache, else fetched), then the
// files no package owns, with the old prefix re-pointed in text files. Both front ends decide
// with decideClone(), show and apply its plan their way (applyChange with cloneChange()), then
// call copyUserFiles(); a rename is decideRename(), whose stages (the replaced destination
// removed, the clone, the source removed) each front end runs in its order.
// cloneEnvironment() and renameEnvironment() run the same steps without a pause.
namespace envdesk::ops {

// conda's checks before a clone: the source must be an environment, and neither prefix may lie
// inside the other (the user's files are walked, so the copy would be copied into itself).
[[nodiscard]] std::optional<Refusal> checkClone(const std::string& source,
                                                const std::string& target);

struct ClonePlan {
    std::string source;
    Plan plan; // into the target (plan.prefix): the source's records, dependencies first
    // The source's requests (conda-meta/history), carried into the clone's history so that
    // --from-history exports and later solves of the clone say the same.
    std::vector<std::string> userSpecs;
};

// What a clone links, read from the source: an unreadable record is an error naming its
// conda-meta file, an unreadable history one naming conda-meta/history. Roll back an
// interrupted transaction of the source first (env::recoverPrefix): records caught
// mid-transaction are not what is installed. Nothing changes.
[[nodiscard]] util::Result<ClonePlan> planClone(const std::string& source,
                                                const std::string& target,
                                                const std::vector<std::string>& pkgsDirs);

// How decideClone() treats the target before it checks it: a clone that will be carried out
// settles an interrupted transaction there first (a killed create leaves its folder behind,
// which recovery empties); a dry run changes nothing and checks what is there.
struct CloneTarget {
    bool settle = false;
    // A rename that replaces its destination asks whether the source could be cloned before the
    // destination goes: the target is not looked at then.
    bool replacedFirst = false;
    ChangeObserver observer; // waiting for another process, a transaction rolled back
    std::stop_token stop;
};

// Everything a clone takes before its packages are linked, decided one way for both front
// ends: checkClone(); the target settled when asked, then refused when it is a folder that is
// not empty (DestinationExists: a clone does not replace anything; Interrupted when the
// target's interrupted transaction cannot be settled); the source's interrupted transaction
// rolled back; planClone() (Unreadable or UnreadableHistory when the source cannot be read).
using CloneDecision = std::variant<ClonePlan, Refusal>;
[[nodiscard]] CloneDecision decideClone(const std::string& source, const std::string& target,
                                        const std::vector<std::string>& pkgsDirs,
                                        const CloneTarget& targetChecks = {});

// The Change that carries out a clone's packages: a new environment, registered.
[[nodiscard]] Change cloneChange(const ClonePlan& clone, std::string command);

// The step after the packages: the files no package owns, copied (links as links), the source
// prefix replaced by the target's in text files; files already there are kept. Returns how
// many were copied.
[[nodiscard]] util::Result<std::size_t> copyUserFiles(const ClonePlan& clone);

struct CloneOutcome {
    ApplyOutcome packages;
    std::size_t filesCopied = 0;
};
using CloneResult = std::variant<CloneOutcome, Refusal>;

// The whole clone without a pause (renameEnvironment() and tests): decideClone(),
// applyChange() (progress; a stop puts the target back as it was), copyUserFiles().
[[nodiscard]] util::Result<CloneResult> cloneEnvironment(const std::string& source,
                                                         const std::string& target,
                                                         const config::Config& configuration,
                                                         const ApplyProgressFn& progress,
                                                         std::stop_token stop);

// A rename's checks, all before anything changes: the source must be removable (conda's
// refusals, worded "rename"), the destination neither the source nor inside it (nor around
// it), and an existing destination is refused unless `replace`, and then it must be removable
// itself ("replace"). A DestinationExists message names the prefix only; the caller says how
// to replace it.
[[nodiscard]] std::optional<Refusal> checkRename(const std::string& source,
                                                 const std::string& target, bool replace,
                                                 const ProtectedPrefixes& protectedPrefixes);

// A rename's stages, in the order every caller carries them out: the replaced destination
// removed (only when it exists and is to be replaced), the clone, then the source removed —
// only a complete copy lets the original go. Each front end runs a stage its way (the CLI
// prints each plan, the window shows each in its change dialog); the order and what a failure
// means are decided here.
struct RenameStage {
    enum class Kind { RemoveDestination, Clone, RemoveSource };
    Kind kind = Kind::Clone;
    std::string prefix; // the environment the stage changes: the target, or the source
};

struct RenamePlan {
    std::string source;
    std::string target;
    std::vector<RenameStage> stages;
};

// The stages for renaming `source` to `target`, given whether an existing destination is
// replaced. Reads nothing.
[[nodiscard]] RenamePlan planRename(const std::string& source, const std::string& target,
                                    bool replaceDestination);

// checkRename(), then planRename() with the destination replaced when it exists (which
// checkRename allows only with `replace`).
using RenameDecision = std::variant<RenamePlan, Refusal>;
[[nodiscard]] RenameDecision decideRename(const std::string& source, const std::string& target,
                                          bool replace, const ProtectedPrefixes& protectedPrefixes);

// What a failed stage leaves, said to the user: a failure before the copy is complete changes
// nothing of the source; after it, the copy is whole and the source is still there.
[[nodiscard]] std::string renameFailure(const RenamePlan& plan, RenameStage::Kind failed,
                                        const std::string& why);

struct RenameOutcome {
    bool replaced = false; // an existing destination was removed first
    CloneOutcome clone;
    std::vector<std::string> notes;
};
using RenameResult = std::variant<RenameOutcome, Refusal>;

// The whole rename without a pause (the CLI and tests): decideRename(), then its stages with
// removeEnvironment() and cloneEnvironment(). `progress` reports each applyChange in turn.
[[nodiscard]] util::Result<RenameResult>
renameEnvironment(const std::string& source, const std::string& target, bool replace,
                  const ProtectedPrefixes& protectedPrefixes, const config::Config& configuration,
                  const ApplyProgressFn& progress, std::stop_token stop);

} // namespace envdesk::ops
