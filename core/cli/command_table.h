#pragma once

#include "core/cli/arguments.h"

#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

// A command line as a table: each verb declares its options, rules and help once, and one
// dispatcher parses, checks, prints help and usage errors the way argparse does for conda, then
// calls the verb with what it parsed. The table is data, so help, a man page and shell
// completions can all be made from the same declarations. Writes only to the streams it is
// given (help and usage errors); holds no state of its own.
namespace envdesk::cli {

struct Verb;

// One run of a verb: its parsed command line and the command as typed.
struct Invocation {
    const Verb& verb;
    Arguments args;
    std::string commandLine; // "PROGRAM VERB ARG...", e.g. for a history's `# cmd:`
    std::string program;     // "envdesk-cli"

    [[nodiscard]] bool json() const { return args.flag("--json"); }
    // "PROGRAM VERB: message" and "Try 'PROGRAM VERB --help'." on stderr; returns 2, the status
    // of a command-line mistake.
    [[nodiscard]] int usageError(std::string_view message) const;
};

struct Verb {
    std::string name;                 // "install", "env export"
    std::vector<std::string> aliases; // "upgrade" for update
    std::string summary;              // one line, for the list of commands
    std::string usage;                // after "usage: PROGRAM NAME "
    std::string about;                // what it does: paragraphs, each ending in a newline
    std::vector<Option> options;      // --help is added by the table
    // Pairs argparse would put in one mutually exclusive group: the second given with the first
    // is "argument SECOND: not allowed with argument FIRST".
    std::vector<std::pair<std::string, std::string>> exclusive;
    // At least one of these must be given ("one of the arguments -n/--name -p/--prefix is
    // required").
    std::vector<std::string> oneRequired;
    std::optional<std::size_t> maxPositionals; // nullopt: any number
    // The first positional ends the options (`run CMD ARGS...`: CMD's own options stay CMD's).
    bool remainderAfterPositional = false;
    std::string notes; // after the options: channels, exit statuses
    int (*run)(const Invocation&) = nullptr;
};

struct CommandTable {
    std::string program; // "envdesk-cli"
    std::string version;
    std::vector<Verb> verbs; // in the order help lists them; each gets --help/-h
    // Verbs named "GROUP VERB" are listed once at the top level, as GROUP with this summary.
    std::map<std::string, std::string> groupSummaries;
};

// `verbs` with --help added to each: the table runCommandLine() expects.
[[nodiscard]] CommandTable makeCommandTable(std::string program, std::string version,
                                            std::vector<Verb> verbs,
                                            std::map<std::string, std::string> groupSummaries);

// The option groups verbs share, declared once.
namespace options {
// `a` then `b`, then `c`, ...
[[nodiscard]] std::vector<Option> join(std::initializer_list<std::vector<Option>> groups);
} // namespace options

// The verb's help: usage, about, options, notes.
void printHelp(std::ostream& out, const CommandTable& table, const Verb& verb);

// The commands under `group` ("" for the top level, "env " for env's), as help lists them.
void printCommands(std::ostream& out, const CommandTable& table, const std::string& group);

// The first rule of `verb` that `args` breaks, in argparse's words.
[[nodiscard]] std::optional<std::string> brokenRule(const Verb& verb, const Arguments& args);

// Runs the command line (without the program name): finds the verb (one word, an alias, or a
// group's two words), parses and checks its arguments, then runs it. --help, --version and
// mistakes are answered here. Returns the exit status.
[[nodiscard]] int runCommandLine(const CommandTable& table, const std::vector<std::string>& args);

} // namespace envdesk::cli
