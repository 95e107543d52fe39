#include "core/cli/arguments.h"

#include "core/util/strings.h"

#include <optional>

namespace envdesk::cli {

std::size_t Option::arity() const
{
    return valueName.empty() ? 0 : util::split(valueName, ' ').size();
}

std::string Option::displayName() const
{
    return shortName.empty() ? longName : shortName + "/" + longName;
}

bool Arguments::flag(const std::string& longName) const
{
    const auto it = flags.find(longName);
    return it != flags.end() && it->second;
}

bool Arguments::has(const std::string& longName) const
{
    return flag(longName) || !all(longName).empty();
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
                                       const std::vector<Option>& options,
                                       bool remainderAfterPositional)
{
    Arguments parsed;
    const auto findOption = [&](std::string_view name) -> const Option* {
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
            onlyPositionals = onlyPositionals || remainderAfterPositional;
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
        const Option* option = findOption(name);
        if (option == nullptr) {
            return util::fail(util::ErrorCode::ParseError,
                              "unrecognized argument " + util::quoted(arg));
        }
        const std::size_t arity = option->arity();
        if (arity == 0) {
            if (inlineValue && option->keysFollow) {
                parsed.positionals.push_back(*inlineValue);
            } else if (inlineValue) {
                return util::fail(util::ErrorCode::ParseError,
                                  "option " + option->longName + " takes no value");
            }
            parsed.flags[option->longName] = true;
            parsed.sequence.emplace_back(option->longName, std::vector<std::string>{});
            continue;
        }
        std::vector<std::string> given;
        if (inlineValue) {
            given.push_back(*inlineValue);
        }
        while (given.size() < arity) {
            if (i + 1 >= args.size()) {
                return util::fail(util::ErrorCode::ParseError,
                                  "option " + option->longName + " expects " + option->valueName);
            }
            given.push_back(args[++i]);
        }
        auto& slot = parsed.values[option->longName];
        if (!option->repeatable) {
            slot.clear();
        }
        slot.insert(slot.end(), given.begin(), given.end());
        parsed.sequence.emplace_back(option->longName, std::move(given));
    }
    return parsed;
}

std::string formatOptionsHelp(const std::vector<Option>& options)
{
    std::string out;
    for (const auto& option : options) {
        std::string left = "  ";
        left += option.shortName.empty() ? "    " : option.shortName + ", ";
        left += option.longName;
        if (!option.valueName.empty()) {
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

} // namespace envdesk::cli
