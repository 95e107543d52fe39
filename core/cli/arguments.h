#pragma once

#include "core/util/result.h"

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

// The command line of one verb, read against the options the verb declares: argparse's forms
// and its wording in errors, as conda's users know them (command_table.h holds the verbs).
namespace envdesk::cli {

// One option a verb accepts, in conda's spelling (`-c`/`--channel`).
struct Option {
    std::string longName;  // "--channel"
    std::string shortName; // "-c", or empty
    // What follows the option, for help and parsing: empty for a flag, else one word per value
    // ("CHANNEL"; "KEY VALUE" takes two).
    std::string valueName;
    std::string help;
    bool repeatable = false; // every value kept (else the last one wins)
    // A flag whose values are the positionals after it (argparse's nargs='*', conda config's
    // `--show [KEY ...]`): `--show=KEY` gives one of them.
    bool keysFollow = false;

    [[nodiscard]] std::size_t arity() const;
    // "-p/--prefix" or "--md5": how argparse names the option in its messages.
    [[nodiscard]] std::string displayName() const;
};

// The parsed command line: options by long name, positionals in order, and every option with
// its values in the order given (for verbs whose options are steps, like config's edits).
struct Arguments {
    std::map<std::string, std::vector<std::string>> values;
    std::map<std::string, bool> flags;
    std::vector<std::string> positionals;
    std::vector<std::pair<std::string, std::vector<std::string>>> sequence;

    [[nodiscard]] bool flag(const std::string& longName) const;
    [[nodiscard]] bool has(const std::string& longName) const; // a flag set or a value given
    [[nodiscard]] const std::vector<std::string>& all(const std::string& longName) const;
    [[nodiscard]] std::string value(const std::string& longName, std::string fallback = {}) const;
};

// Accepts `--opt value`, `--opt=value`, `-o value`, `-ovalue`, and `--` before positionals.
// With `remainderAfterPositional` (argparse's REMAINDER, as `conda run CMD ARGS...` has it), the
// first positional ends the options: it and everything after it are positionals.
[[nodiscard]] util::Result<Arguments> parseArguments(const std::vector<std::string>& args,
                                                     const std::vector<Option>& options,
                                                     bool remainderAfterPositional = false);

// The options as help lists them, one per line, help text aligned.
[[nodiscard]] std::string formatOptionsHelp(const std::vector<Option>& options);

} // namespace envdesk::cli
