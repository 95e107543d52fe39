#include "app/envdesk-cli/arguments.h"

#include "core/util/strings.h"

#include <iostream>
#include <optional>

namespace envdesk::cli {

bool Arguments::flag(const std::string& longName) const
{
    const auto it = flags.find(longName);
    return it != flags.end() && it->second;
}

const std::vector<std::string>& Arguments::all(const std::string& longName) const
{
    static const std::vector<std::string> none;
    const auto it = values.find(longName);
    return it == values.end() ? none : it->second;
}

std::string Arguments::value(const std::string& longName, std::string fallback) const
{
    const auto& found = all(longName);
    return found.empty() ? fallback : found.back();
}

util::Result<Arguments> parseArguments(const std::vector<std::string>& args,
                                       const std::vector<OptionSpec>& options)
{
    Arguments parsed;
    const auto findOption = [&](std::string_view name) -> const OptionSpec* {
        for (const auto& option : options) {
            if (option.longName == name
                || (!option.shortName.empty() && option.shortName == name)) {
                return &option;
            }
        }
        return nullptr;
    };
    bool onlyPositionals = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (onlyPositionals || arg == "-" || arg.empty() || arg.front() != '-') {
            parsed.positionals.push_back(arg);
            continue;
        }
        if (arg == "--") {
            onlyPositionals = true;
            continue;
        }
        std::string name = arg;
        std::optional<std::string> inlineValue;
        if (util::startsWith(arg, "--")) {
            if (const auto eq = arg.find('='); eq != std::string::npos) {
                name = arg.substr(0, eq);
                inlineValue = arg.substr(eq + 1);
            }
        } else if (arg.size() > 2) {
            // -cconda-forge
            name = arg.substr(0, 2);
            inlineValue = arg.substr(2);
        }
        const OptionSpec* option = findOption(name);
        if (option == nullptr) {
            return util::fail(util::ErrorCode::ParseError,
                              "unrecognized argument " + util::quoted(arg));
        }
        if (!option->takesValue) {
            if (inlineValue) {
                return util::fail(util::ErrorCode::ParseError,
                                  "option " + option->longName + " takes no value");
            }
            parsed.flags[option->longName] = true;
            continue;
        }
        std::string value;
        if (inlineValue) {
            value = *inlineValue;
        } else if (i + 1 < args.size()) {
            value = args[++i];
        } else {
            return util::fail(util::ErrorCode::ParseError, "option " + option->longName
                                                               + " expects a value ("
                                                               + option->valueName + ")");
        }
        auto& slot = parsed.values[option->longName];
        if (!option->repeatable) {
            slot.clear();
        }
        slot.push_back(std::move(value));
    }
    return parsed;
}

std::string commandLine(std::string_view verb, const std::vector<std::string>& args)
{
    std::string line = "envdesk-cli " + std::string(verb);
    for (const auto& arg : args) {
        line += " " + arg;
    }
    return line;
}

std::string formatOptionsHelp(const std::vector<OptionSpec>& options)
{
    std::string out;
    for (const auto& option : options) {
        std::string left = "  ";
        left += option.shortName.empty() ? "    " : option.shortName + ", ";
        left += option.longName;
        if (option.takesValue) {
            left += " " + option.valueName;
        }
        if (left.size() < 32) {
            left.resize(32, ' ');
        } else {
            left += "\n" + std::string(32, ' ');
        }
        out += left + option.help + "\n";
    }
    return out;
}

std::variant<Arguments, int> parseVerbArguments(std::string_view verb,
                                                const std::vector<std::string>& args,
                                                const std::vector<OptionSpec>& options,
                                                std::string_view help)
{
    auto parsed = parseArguments(args, options);
    if (!parsed) {
        std::cerr << "envdesk-cli " << verb << ": " << parsed.error().message()
                  << "\nTry 'envdesk-cli " << verb << " --help'.\n";
        return 2;
    }
    if (parsed->flag("--help")) {
        std::cout << help << "\nOptions:\n" << formatOptionsHelp(options);
        return 0;
    }
    return std::move(*parsed);
}

} // namespace envdesk::cli
