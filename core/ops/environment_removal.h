#pragma once

#include "core/config/config.h"
#include "core/ops/apply_change.h"
#include "core/ops/plan_change.h"
#include "core/util/result.h"

#include <optional>
#include <stop_token>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

// Removing a whole environment (`env remove`): conda's refusals first, then every package
// unlinked (their pre-unlink scripts run), the folder deleted and its registry line dropped.
// Both front ends decide with decideRemoval(), show and apply its plan their way (applyChange),
// then call deleteEnvironmentFolder(); removeEnvironment() runs the same steps without a pause.
namespace envdesk::ops {

// Why an environment may not be removed, renamed, cloned or replaced: an outcome to show (the GUI
// may disable its button), not an error. conda's checks come before anything is read or
// changed; the last three reasons come from reading the environment. `message` is the English
// sentence, naming the prefix or the file.
struct Refusal {
    enum class Reason {
        Base,              // the root prefix
        Active,            // the activated environment ($CONDA_PREFIX)
        SymbolicLink,      // the prefix is a link: the folder it points to must be named
        NotAnEnvironment,  // no conda-meta: never delete a folder that is not an environment
        Nested,            // a clone or rename into itself (or out of its own copy)
        SameEnvironment,   // a rename onto itself
        DestinationExists, // a rename onto an existing environment, without replacing it
        TargetNotEmpty,    // a clone into a folder that is not empty (nothing is replaced)
        Interrupted,       // an interrupted transaction that could not be rolled back
        Stopped,           // stopped (Ctrl+C, Cancel) while waiting for the prefix's lock
        Unreadable,        // conda-meta records that cannot be read (the message names the file)
        UnreadableHistory, // conda-meta/history cannot be read (a clone carries its requests)
    };
    Reason reason = Reason::NotAnEnvironment;
    std::string message;
};

// The prefixes that are never removed: conda refuses the base and the active environment.
// config::ConfigInputs' effectiveRootPrefix() and effectivePrefix() give them.
struct ProtectedPrefixes {
    std::string root;
    std::string active; // empty: none is active
};

// conda's checks before it deletes (or renames, or replaces) an environment, in its order: the
// base, the active one, a symbolic link (deleting through it would reach another folder), a
// folder that is no environment. `action` words the message ("remove", "rename", "replace").
[[nodiscard]] std::optional<Refusal> checkRemovable(const std::string& prefix,
                                                    const ProtectedPrefixes& protectedPrefixes,
                                                    std::string_view action);

// The plan that unlinks every installed package of `prefix`, dependents first, so that their
// pre-unlink scripts run as in any removal. Reads conda-meta (an unreadable record is an error
// naming its file); roll back an interrupted transaction first (env::recoverPrefix), since
// records caught mid-transaction are not what is installed.
[[nodiscard]] util::Result<Plan> planRemoval(const std::string& prefix,
                                             const std::vector<std::string>& pkgsDirs);

// Everything removing `prefix` takes before its packages go, decided one way for both front
// ends: checkRemovable() (`action` words it), an interrupted transaction rolled back (records
// caught mid-transaction are not what is installed; the one change it makes), planRemoval().
using RemovalDecision = std::variant<Plan, Refusal>;
[[nodiscard]] RemovalDecision decideRemoval(const std::string& prefix,
                                            const ProtectedPrefixes& protectedPrefixes,
                                            std::string_view action,
                                            const std::vector<std::string>& pkgsDirs);

// The Change that carries out planRemoval()'s plan, recorded as a removal.
[[nodiscard]] Change removalChange(const Plan& plan, std::string command);

// The last step, once no package is left: the folder goes (std::filesystem::remove_all never
// follows a symbolic link, so nothing outside the prefix is touched; a prefix that is itself a
// link is refused) and its line leaves `registry` (env::defaultRegistry(home); empty: none).
// An IoError's detail is the system's reason and its context the prefix. Returns notes (a
// registry that could not be rewritten), which are no failure.
[[nodiscard]] util::Result<std::vector<std::string>>
deleteEnvironmentFolder(const std::string& prefix, const std::string& registry);

struct RemovalOutcome {
    std::optional<ApplyOutcome> packages; // none when the environment held no package
    std::vector<std::string> notes;
};
using RemovalResult = std::variant<RemovalOutcome, Refusal>;

// The whole removal without a pause (renameEnvironment() and tests): decideRemoval(), the
// packages unlinked through applyChange (progress; a stop there puts them back), then the
// folder and the registry line ($HOME's registry).
[[nodiscard]] util::Result<RemovalResult>
removeEnvironment(const std::string& prefix, const ProtectedPrefixes& protectedPrefixes,
                  const config::Config& configuration, const ApplyProgressFn& progress,
                  std::stop_token stop);

// The registry conda and micromamba share for the user whose home the configuration was loaded
// with (ConfigInputs::homeDir); empty without one.
[[nodiscard]] std::string userRegistry(const config::Config& configuration);

} // namespace envdesk::ops
