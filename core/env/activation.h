#pragma once

#include "core/util/result.h"

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

// What activating and deactivating an environment does to a shell, as conda's _Activator decides
// it: PATH, CONDA_PREFIX / CONDA_DEFAULT_ENV / CONDA_PROMPT_MODIFIER / CONDA_SHLVL and the stack
// of CONDA_PREFIX_N, the environment's conda-meta/state variables, the prompt, and the
// etc/conda/activate.d and deactivate.d scripts. Works on environments conda, micromamba and
// Envdesk made alike: all of it is read from the prefix. The shell's state comes in as a value;
// nothing here reads the process environment. See docs/activation.md.
namespace envdesk::env {

enum class Shell { Posix, Bash, Zsh, Fish };

// "bash", "zsh", "fish", "posix" / "sh" / "dash" (POSIX sh).
[[nodiscard]] std::optional<Shell> shellNamed(const std::string& name);

// The shell's state and the settings that shape an activation.
struct ActivationContext {
    // The shell's variables: PATH, CONDA_SHLVL, CONDA_PREFIX, CONDA_PREFIX_<N>,
    // CONDA_STACKED_<N>, PS1 and whatever else is set (only these are read).
    std::map<std::string, std::string> variables;
    std::string rootPrefix;                     // named "base" in the prompt and CONDA_DEFAULT_ENV
    bool changePrompt = true;                   // .condarc changeps1
    std::string envPrompt = "({default_env}) "; // .condarc env_prompt
};

// What to do to the shell, in order: the deactivate scripts, then the variables, then the
// activate scripts.
struct ActivationChange {
    std::vector<std::string> deactivateScripts;
    std::vector<std::string> unset;
    std::vector<std::pair<std::string, std::string>> set; // exported, in this order
    std::optional<std::string> prompt;                    // the new PS1 (posix shells)
    std::vector<std::string> activateScripts;
};

// Activating `prefix` (absolute). On top of an active environment it replaces that one's PATH
// entries, unless `stack`, which keeps them. Activating the active environment again
// reactivates it (its scripts run again); activating the one below it steps back down to it. An
// error names a prefix that is not an environment.
[[nodiscard]] util::Result<ActivationChange>
activate(const std::string& prefix, const ActivationContext& context, Shell shell, bool stack);

// Back to the environment activated before the current one (none: the shell as it was).
// Nothing to do when no environment is active.
[[nodiscard]] util::Result<ActivationChange> deactivate(const ActivationContext& context,
                                                        Shell shell);

// The active environment's deactivate then activate scripts again, and its variables: what a
// shell needs after packages were installed or removed in it.
[[nodiscard]] util::Result<ActivationChange> reactivate(const ActivationContext& context,
                                                        Shell shell);

// `change` as text for `shell` to eval: `export`/`unset`/`.` for posix shells, `set -gx` /
// `set -e` / `source` for fish. Every value is quoted for the shell.
[[nodiscard]] std::string scriptFor(const ActivationChange& change, Shell shell);

// `value` quoted for a POSIX shell ('...' with ' as '\'').
[[nodiscard]] std::string posixQuoted(const std::string& value);
// `value` quoted for fish ('...' with \ and ' escaped).
[[nodiscard]] std::string fishQuoted(const std::string& value);

// What CONDA_DEFAULT_ENV holds for `prefix`: "base" for the root prefix, the folder's name when
// it sits in a folder named "envs", else the path (conda's _default_env).
[[nodiscard]] std::string defaultEnvName(const std::string& prefix, const std::string& rootPrefix);

// The scripts `shell` sources from `<prefix>/etc/conda/<kind>.d` ("activate" or "deactivate"),
// in name order (deactivate scripts in reverse): *.sh for posix shells, *.fish for fish. Only
// regular files (or links to them) inside that folder.
[[nodiscard]] std::vector<std::string> activationScripts(const std::string& prefix,
                                                         const std::string& kind, Shell shell);

// The shell function `envdesk` (fish 3.0 or newer for fish) that `eval "$(envdesk-cli shell hook
// --shell SHELL)"` defines: `envdesk activate [--stack] ENV`, `envdesk deactivate`, and every other
// verb passed to `cliPath`, reactivating after those that change the active environment.
[[nodiscard]] std::string hookScript(Shell shell, const std::string& cliPath);

// `conda run`'s script for a POSIX shell: `change` applied, then `exec COMMAND ARGS...`, each
// word quoted. A command that cannot be found exits 127 with a line naming it and the
// environment.
[[nodiscard]] std::string runScript(const ActivationChange& change, const std::string& prefix,
                                    const std::string& programName,
                                    const std::vector<std::string>& command);

} // namespace envdesk::env
