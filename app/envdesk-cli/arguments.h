#pragma once

#include "core/util/result.h"

#include <map>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace envdesk::cli {

// Describes one option a verb accepts, in conda's spelling (`-c`/`--channel`).
struct OptionSpec {
    std::string longName;  // "--channel"
    std::string shortName; // "-c", or empty
    bool takesValue = false;
    bool repeatable = false;
    std::string valueName; // for help: "CHANNEL"
    std::string help;
};

// The parsed command line of one verb: options by long name, positionals in order.
struct Arguments {
    std::map<std::string, std::vector<std::string>> values;
    std::map<std::string, bool> flags;
    std::vector<std::string> positionals;

    [[nodiscard]] bool flag(const std::string& longName) const;
    [[nodiscard]] const std::vector<std::string>& all(const std::string& longName) const;
    [[nodiscard]] std::string value(const std::string& longName, std::string fallback = {}) const;
};

// Accepts `--opt value`, `--opt=value`, `-o value`, `-ovalue`, and `--` before positionals.
[[nodiscard]] util::Result<Arguments> parseArguments(const std::vector<std::string>& args,
                                                     const std::vector<OptionSpec>& options);

[[nodiscard]] std::string formatOptionsHelp(const std::vector<OptionSpec>& options);

// "envdesk-cli VERB ARG...": the command as typed, for the history's `# cmd:` (conda records
// its whole command line).
[[nodiscard]] std::string commandLine(std::string_view verb, const std::vector<std::string>& args);

// What a verb does first: parses `args` against `options`. A mistake prints
// "envdesk-cli VERB: what / Try 'envdesk-cli VERB --help'." on stderr and gives exit status 2;
// --help prints `help` (the usage line and what the verb does, ending in a newline), then the
// options, and gives 0. Otherwise the parsed arguments.
[[nodiscard]] std::variant<Arguments, int>
parseVerbArguments(std::string_view verb, const std::vector<std::string>& args,
                   const std::vector<OptionSpec>& options, std::string_view help);

} // namespace envdesk::cli
