#pragma once

#include "core/cli/command_table.h"

#include <string>

// What is made from the command table besides help: the man page and the shell completions,
// so that they list exactly the verbs and options the parser accepts (issue 21). The build
// writes them with `envdesk-cli --generate-man` and `--generate-completion SHELL`.
namespace envdesk::cli {

// The man page (roff, section 1): NAME, SYNOPSIS, DESCRIPTION, one subsection per verb with
// its usage, what it does, its options and notes, then FILES and SEE ALSO. `date` is the
// page's date ("2026-12-08"), given so the output is reproducible.
[[nodiscard]] std::string manPage(const CommandTable& table, const std::string& date);

// Completions for bash, zsh and fish: verbs (and a group's verbs after it), each verb's
// options, files for options that take a FILE or a PATH, environment names after -n/--name
// and `shell activate`, and channel names after -c/--channel (from `env list` and
// `config --show channels`, asked of the program at completion time). Empty for another shell.
[[nodiscard]] std::string completionScript(const CommandTable& table, const std::string& shell);

} // namespace envdesk::cli
