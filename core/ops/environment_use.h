#pragma once

#include "core/config/config.h"
#include "core/env/activation.h"
#include "core/util/result.h"

#include <string>
#include <vector>

// Using an environment rather than changing it, decided once for the CLI and the window: the
// activation a shell or a child process gets (`run`, `shell activate`, Open terminal), and the
// hook that `shell init` adds to a shell's start-up file. See docs/activation.md.
namespace envdesk::ops {

// The shell state `inputs` read (PATH, PS1, CONDA_SHLVL, CONDA_PREFIX_N, ...) with the root
// prefix and the prompt settings of the configuration.
[[nodiscard]] env::ActivationContext activationContext(const config::ConfigInputs& inputs,
                                                       const config::Config& configuration);

// `conda run`: the argv that runs `command` (its program and arguments) in `prefix` activated
// on top of `context` (its variables, its activate.d scripts), through bash (sh where there is
// none). The child's environment is the caller's: the script sets what activation changes.
// `programName` prefixes the line printed when the command cannot be found.
[[nodiscard]] util::Result<std::vector<std::string>>
commandInEnvironment(const std::string& prefix, const std::vector<std::string>& command,
                     const env::ActivationContext& context, const std::string& programName);

// The start-up file `shell init` edits: ~/.bashrc, ~/.zshrc ($ZDOTDIR/.zshrc when set), or
// $XDG_CONFIG_HOME/fish/config.fish (~/.config/fish/config.fish).
[[nodiscard]] util::Result<std::string> startupFileFor(env::Shell shell,
                                                       const config::ConfigInputs& inputs);

// The block `shell init` adds: between "# >>> envdesk initialize >>>" and
// "# <<< envdesk initialize <<<", evaluating `cliPath shell hook --shell SHELL`.
[[nodiscard]] std::string initBlock(env::Shell shell, const std::string& cliPath);

struct ShellInitResult {
    std::string file;     // the start-up file
    bool changed = false; // false: it already held exactly this (or, reversed, no block)
    std::string content;  // the file as written (or as it would be, for a dry run)
};

// Adds the block to `file` (replacing an older one in place), or with `reverse` takes it out,
// leaving every other line as it was. The write is atomic and keeps the file's permissions; a
// start-up file that is a symbolic link (a dotfile manager's) is edited where it points.
[[nodiscard]] util::Result<ShellInitResult> initShell(env::Shell shell, const std::string& file,
                                                      const std::string& cliPath, bool reverse,
                                                      bool dryRun);

} // namespace envdesk::ops
