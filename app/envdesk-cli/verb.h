#pragma once

#include "app/envdesk-cli/arguments.h"

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

// The CLI as a table: each verb declares its options, rules and help once (verbs.cpp), and one
// dispatcher parses, checks, prints help and usage errors the way argparse does for conda, then
// calls the verb with what it parsed.
namespace envdesk::cli {

struct Verb;

// One run of a verb: its parsed command line and the command as typed.
struct Invocation {
    const Verb& verb;
    Arguments args;
    std::string commandLine; // "envdesk-cli VERB ARG...", for the history's `# cmd:`

    [[nodiscard]] bool json() const { return args.flag("--json"); }
    // "envdesk-cli VERB: message" and "Try 'envdesk-cli VERB --help'." on stderr; returns 2, the
    // status of a command-line mistake.
    [[nodiscard]] int usageError(std::string_view message) const;
};

struct Verb {
    std::string name;                 // "install", "env export"
    std::vector<std::string> aliases; // "upgrade" for update
    std::string summary;              // one line, for the list of commands
    std::string usage;                // after "usage: envdesk-cli NAME "
    std::string about;                // what it does: paragraphs, each ending in a newline
    std::vector<Option> options;      // --help is added
    // Pairs argparse would put in one mutually exclusive group: the second given with the first
    // is "argument SECOND: not allowed with argument FIRST".
    std::vector<std::pair<std::string, std::string>> exclusive;
    // At least one of these must be given ("one of the arguments -n/--name -p/--prefix is
    // required").
    std::vector<std::string> oneRequired;
    std::optional<std::size_t> maxPositionals; // nullopt: any number
    std::string notes;                         // after the options: channels, exit statuses
    int (*run)(const Invocation&) = nullptr;
};

// The option groups verbs share, declared once.
namespace options {
// -n/--name and -p/--prefix.
[[nodiscard]] std::vector<Option> target();
// -c/--channel, --override-channels, --platform/--subdir, --offline.
[[nodiscard]] std::vector<Option> channels();
// --json, and for verbs that change an environment --dry-run and --yes.
[[nodiscard]] std::vector<Option> output(bool changes);
// `a` then `b`, then `c`, ...
[[nodiscard]] std::vector<Option> join(std::initializer_list<std::vector<Option>> groups);
} // namespace options

// Every verb, in the order `--help` lists them.
[[nodiscard]] const std::vector<Verb>& verbs();

// Runs the command line (without the program name): finds the verb, parses and checks its
// arguments, then runs it. Returns the exit status.
[[nodiscard]] int runCommandLine(const std::vector<std::string>& args);

} // namespace envdesk::cli
