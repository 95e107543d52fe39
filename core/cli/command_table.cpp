#include "core/cli/command_table.h"

#include "core/cli/command_docs.h"
#include "core/util/strings.h"

#include <algorithm>
#include <iostream>

namespace envdesk::cli {

int Invocation::usageError(std::string_view message) const
{
    std::cerr << program << " " << verb.name << ": " << message << "\nTry '" << program << " "
              << verb.name << " --help'.\n";
    return 2;
}

std::vector<Option> options::join(std::initializer_list<std::vector<Option>> groups)
{
    std::vector<Option> out;
    for (const auto& group : groups) {
        out.insert(out.end(), group.begin(), group.end());
    }
    return out;
}

CommandTable makeCommandTable(std::string program, std::string version, std::vector<Verb> verbs,
                              std::map<std::string, std::string> groupSummaries)
{
    for (auto& verb : verbs) {
        verb.options.push_back({"--help", "-h", "", "Show this help"});
    }
    return {std::move(program), std::move(version), std::move(verbs), std::move(groupSummaries)};
}

namespace {

const Option* findOption(const Verb& verb, const std::string& longName)
{
    const auto found =
        std::find_if(verb.options.begin(), verb.options.end(),
                     [&](const Option& option) { return option.longName == longName; });
    return found == verb.options.end() ? nullptr : &*found;
}

std::string displayName(const Verb& verb, const std::string& longName)
{
    const Option* option = findOption(verb, longName);
    return option == nullptr ? longName : option->displayName();
}

int runVerb(const CommandTable& table, const Verb& verb, const std::vector<std::string>& args)
{
    const Invocation failed{verb, {}, {}, table.program};
    auto parsed = parseArguments(args, verb.options, verb.remainderAfterPositional);
    if (!parsed) {
        return failed.usageError(parsed.error().message());
    }
    if (parsed->flag("--help")) {
        printHelp(std::cout, table, verb);
        return 0;
    }
    if (auto broken = brokenRule(verb, *parsed)) {
        return failed.usageError(*broken);
    }
    std::string line = table.program + " " + verb.name;
    for (const auto& arg : args) {
        line += " " + arg;
    }
    return verb.run(Invocation{verb, std::move(*parsed), std::move(line), table.program});
}

} // namespace

void printHelp(std::ostream& out, const CommandTable& table, const Verb& verb)
{
    out << "usage: " << table.program << " " << verb.name << " " << verb.usage << "\n\n"
        << verb.about << "\nOptions:\n"
        << formatOptionsHelp(verb.options);
    if (!verb.notes.empty()) {
        out << "\n" << verb.notes;
    }
}

void printCommands(std::ostream& out, const CommandTable& table, const std::string& group)
{
    out << "usage: " << table.program << " " << group
        << (group.empty() ? "[--version] [--help] " : "") << "COMMAND [ARGS]\n\nCommands:\n";
    std::vector<std::pair<std::string, std::string>> listed; // name, summary
    for (const auto& verb : table.verbs) {
        if (!util::startsWith(verb.name, group)) {
            continue;
        }
        std::string rest = verb.name.substr(group.size());
        std::string summary = verb.summary;
        if (const auto space = rest.find(' '); space != std::string::npos) {
            // A group (env ...): listed once, by its name.
            rest = rest.substr(0, space);
            const auto found = table.groupSummaries.find(rest);
            summary = found == table.groupSummaries.end() ? std::string() : found->second;
        }
        if (std::none_of(listed.begin(), listed.end(),
                         [&rest](const auto& entry) { return entry.first == rest; })) {
            listed.emplace_back(rest, summary);
        }
    }
    // The summaries line up after the longest name ("deactivate"), as argparse lines them up.
    std::size_t width = 12;
    for (const auto& [name, summary] : listed) {
        width = std::max(width, name.size() + 4);
    }
    for (const auto& [name, summary] : listed) {
        std::string line = "  " + name;
        line.resize(width, ' ');
        out << line << summary << "\n";
    }
    if (group.empty()) {
        out << "\nRun '" << table.program << " COMMAND --help' for a command's options.\n";
    }
}

std::optional<std::string> brokenRule(const Verb& verb, const Arguments& args)
{
    for (const auto& [first, second] : verb.exclusive) {
        if (args.has(first) && args.has(second)) {
            return "argument " + displayName(verb, second) + ": not allowed with argument "
                   + displayName(verb, first);
        }
    }
    if (!verb.oneRequired.empty()
        && std::none_of(verb.oneRequired.begin(), verb.oneRequired.end(),
                        [&](const std::string& name) { return args.has(name); })) {
        std::string names;
        for (const auto& name : verb.oneRequired) {
            names += " " + displayName(verb, name);
        }
        return "one of the arguments" + names + " is required";
    }
    if (verb.maxPositionals && args.positionals.size() > *verb.maxPositionals) {
        return "unexpected argument " + util::quoted(args.positionals[*verb.maxPositionals]);
    }
    return std::nullopt;
}

int runCommandLine(const CommandTable& table, const std::vector<std::string>& args)
{
    if (args.empty()) {
        printCommands(std::cerr, table, "");
        return 2;
    }
    const std::string& first = args.front();
    if (first == "--help" || first == "-h" || first == "help") {
        printCommands(std::cout, table, "");
        return 0;
    }
    if (first == "--version" || first == "-V") {
        std::cout << table.program << " " << table.version << "\n";
        return 0;
    }
    // For the build and packagers: the man page and completions, made from this very table.
    if (first == "--generate-man") {
        std::cout << manPage(table, args.size() > 1 ? args[1] : std::string());
        return 0;
    }
    if (first == "--generate-completion") {
        const std::string script = completionScript(table, args.size() > 1 ? args[1] : "");
        if (script.empty()) {
            std::cerr << table.program
                      << ": --generate-completion takes one of bash, zsh or fish\n";
            return 2;
        }
        std::cout << script;
        return 0;
    }
    // A group's verbs take two words ("env list"); the others one, or one of their aliases.
    const std::string twoWords = args.size() > 1 ? first + " " + args[1] : std::string();
    for (const auto& verb : table.verbs) {
        const bool one =
            verb.name == first
            || std::find(verb.aliases.begin(), verb.aliases.end(), first) != verb.aliases.end();
        if (one || verb.name == twoWords) {
            const std::size_t used = one ? 1 : 2;
            return runVerb(table, verb, std::vector<std::string>(args.begin() + used, args.end()));
        }
    }
    const bool group = std::any_of(table.verbs.begin(), table.verbs.end(), [&](const Verb& verb) {
        return util::startsWith(verb.name, first + " ");
    });
    if (group) {
        if (args.size() == 1 || args[1] == "--help" || args[1] == "-h") {
            printCommands(args.size() == 1 ? std::cerr : std::cout, table, first + " ");
            return args.size() == 1 ? 2 : 0;
        }
        std::cerr << table.program << " " << first << ": unknown command '" << args[1] << "'\n";
        return 2;
    }
    std::cerr << table.program << ": unknown command '" << first << "'\n";
    printCommands(std::cerr, table, "");
    return 2;
}

} // namespace envdesk::cli
