#pragma once

#include "core/util/result.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

// Starting things in an environment from the window: a terminal with the environment activated,
// and the environment's applications (JupyterLab, Spyder, anything a package declares). What to
// start is decided here, without Qt; the window only starts the argv it is given. See
// docs/activation.md.
namespace envdesk::ops {

// A program to start: the whole argv, extra variables for its environment, and files to write
// first (a start-up file the shell reads), each path -> content.
struct Launch {
    std::vector<std::string> argv;
    std::map<std::string, std::string> environment;
    std::map<std::string, std::string> files;
};

// The user's terminal emulator, found as desktops find it: $TERMINAL, Debian's
// x-terminal-emulator, xdg-terminal-exec, the desktop's own ($XDG_CURRENT_DESKTOP: GNOME's
// Console or Terminal, Konsole, xfce4-terminal, ...), then the common ones, on `variables`'
// PATH. nullopt when there is none.
struct Terminal {
    std::string path;
    // How it takes a command: the words before the command's argv ("-e", "--", "-x", ...).
    std::vector<std::string> commandPrefix;
};
[[nodiscard]] std::optional<Terminal>
findTerminal(const std::map<std::string, std::string>& variables);

// A terminal whose shell (the user's $SHELL when it is bash, zsh or fish, else bash) starts as
// usual, then loads Envdesk's hook from `cliPath` and activates `prefix`; `command`, when given,
// then runs in it (a terminal application such as IPython). `stateDir` holds the small start-up
// files it needs (written by the caller from Launch::files). NotFound when no terminal is found.
[[nodiscard]] util::Result<Launch>
terminalLaunch(const std::string& prefix, const std::map<std::string, std::string>& variables,
               const std::string& cliPath, const std::string& stateDir,
               const std::vector<std::string>& command = {});

// One application an environment can start.
struct Application {
    std::string id;          // "jupyterlab", a package name, or a desktop file's name
    std::string name;        // "JupyterLab"
    std::string description; // one line
    std::string package;     // the package that provides it (or would: for an install tile)
    std::vector<std::string> command; // argv inside the environment; empty: not installed
    bool terminal = false;            // runs in a terminal (IPython)
    std::string icon;                 // an icon file in the environment, when it has one
    [[nodiscard]] bool installed() const { return !command.empty(); }
};

// The environment's applications: the well-known ones (JupyterLab, Notebook, Spyder, Qt Console,
// IPython) whose executable is in its bin/, those its packages declare (`app_entry` in their
// index.json, as Navigator reads it), and its share/applications/*.desktop files; then, for the
// well-known ones not installed, an entry without a command, for an Install tile. Sorted by
// name, installed first.
[[nodiscard]] std::vector<Application> environmentApplications(const std::string& prefix);

// A desktop file's Exec line as argv: quoting undone, field codes (%f, %u, ...) dropped, %% kept
// as %. nullopt when the line does not parse.
[[nodiscard]] std::optional<std::vector<std::string>> desktopExecArgv(const std::string& exec);

} // namespace envdesk::ops
