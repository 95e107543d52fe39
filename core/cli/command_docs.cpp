#include "core/cli/command_docs.h"

#include "core/specs/channel.h"

#include <algorithm>
#include <set>
#include <sstream>

namespace envdesk::cli {

namespace {

// What an option's value is, for completion.
enum class ValueKind { None, Environment, Channel, Platform, File, Other };

ValueKind valueKindOf(const Option& option)
{
    if (option.valueName.empty()) {
        return ValueKind::None;
    }
    if (option.longName == "--name") {
        return ValueKind::Environment;
    }
    if (option.longName == "--channel") {
        return ValueKind::Channel;
    }
    // Before the file words: SUBDIR holds "DIR" and is no folder.
    if (option.valueName == "SUBDIR") {
        return ValueKind::Platform;
    }
    for (const char* word : {"FILE", "PATH", "DIR", "PREFIX"}) {
        if (option.valueName.find(word) != std::string::npos) {
            return ValueKind::File;
        }
    }
    return ValueKind::Other;
}

// conda's subdirs, for --platform and --subdir: "linux-64 linux-aarch64 ... noarch".
std::string platformWords()
{
    std::string words;
    for (const auto& platform : specs::knownPlatforms()) {
        words += (words.empty() ? "" : " ") + platform;
    }
    return words;
}

// "GROUP VERB" -> {"GROUP", "VERB"}; "VERB" -> {"", "VERB"}.
std::pair<std::string, std::string> split(const std::string& name)
{
    const auto space = name.find(' ');
    if (space == std::string::npos) {
        return {{}, name};
    }
    return {name.substr(0, space), name.substr(space + 1)};
}

std::vector<std::string> topLevelWords(const CommandTable& table)
{
    std::vector<std::string> words;
    for (const auto& verb : table.verbs) {
        const std::string first =
            split(verb.name).first.empty() ? verb.name : split(verb.name).first;
        if (std::find(words.begin(), words.end(), first) == words.end()) {
            words.push_back(first);
        }
        for (const auto& alias : verb.aliases) {
            words.push_back(alias);
        }
    }
    return words;
}

std::string joined(const std::vector<std::string>& words)
{
    std::string out;
    for (const auto& word : words) {
        out += (out.empty() ? "" : " ") + word;
    }
    return out;
}

// roff: a backslash is \e, and a line may not start with '.' or '\''.
std::string roff(const std::string& text)
{
    std::string out;
    bool lineStart = true;
    for (const char c : text) {
        if (c == '\\') {
            out += "\\e";
        } else if (lineStart && (c == '.' || c == '\'')) {
            out += "\\&";
            out += c;
        } else if (c == '-') {
            out += "\\-";
        } else {
            out += c;
        }
        lineStart = c == '\n';
    }
    return out;
}

// Paragraphs of help text as roff: the lines of a paragraph are filled again by the reader,
// blank lines start new paragraphs, and indented lines (examples) break as roff breaks them.
std::string roffParagraphs(const std::string& text)
{
    std::string out;
    std::stringstream lines(text);
    for (std::string line; std::getline(lines, line);) {
        out += line.empty() ? std::string(".PP\n") : roff(line) + "\n";
    }
    return out;
}

std::string optionSignature(const Option& option)
{
    std::string out;
    if (!option.shortName.empty()) {
        out += "\\fB" + roff(option.shortName) + "\\fR, ";
    }
    out += "\\fB" + roff(option.longName) + "\\fR";
    if (!option.valueName.empty()) {
        out += " \\fI" + roff(option.valueName) + "\\fR";
    }
    return out;
}

std::string shellWordsOf(const Verb& verb)
{
    std::vector<std::string> words;
    for (const auto& option : verb.options) {
        words.push_back(option.longName);
        if (!option.shortName.empty()) {
            words.push_back(option.shortName);
        }
    }
    return joined(words);
}

// The `case "$prev"` arms of one verb: what follows an option that takes a value.
std::string bashValueArms(const Verb& verb)
{
    std::map<ValueKind, std::vector<std::string>> byKind;
    for (const auto& option : verb.options) {
        const ValueKind kind = valueKindOf(option);
        if (kind == ValueKind::None) {
            continue;
        }
        byKind[kind].push_back(option.longName);
        if (!option.shortName.empty()) {
            byKind[kind].push_back(option.shortName);
        }
    }
    std::string out;
    for (const auto& [kind, names] : byKind) {
        std::string pattern;
        for (const auto& name : names) {
            pattern += (pattern.empty() ? "" : "|") + name;
        }
        out += "                " + pattern + ")\n";
        switch (kind) {
        case ValueKind::Environment:
            out += "                    COMPREPLY=($(compgen -W \"$(_envdesk_cli_envs "
                   "\"$program\")\" -- \"$cur\"))\n";
            break;
        case ValueKind::Channel:
            out += "                    COMPREPLY=($(compgen -W \"$(_envdesk_cli_channels "
                   "\"$program\")\" -- \"$cur\"))\n";
            break;
        case ValueKind::Platform:
            out += "                    COMPREPLY=($(compgen -W \"" + platformWords()
                   + "\" -- \"$cur\"))\n";
            break;
        case ValueKind::File:
            out += "                    COMPREPLY=($(compgen -f -- \"$cur\"))\n";
            break;
        default:
            out += "                    COMPREPLY=()\n";
            break;
        }
        out += "                    return ;;\n";
    }
    return out;
}

std::string bashScript(const CommandTable& table, bool forZsh)
{
    const std::string program = table.program;
    std::string out = forZsh ? "#compdef " + program + "\n" : std::string();
    out += "# Completion for " + program + ", generated from its command table (" + program
           + " --generate-completion " + (forZsh ? "zsh" : "bash") + ").\n";
    if (forZsh) {
        out += "autoload -U +X bashcompinit && bashcompinit\n";
    }
    out += "_envdesk_cli_envs() { \"$1\" env list 2>/dev/null | awk '!/^#/ && NF {print $1}'; "
           "}\n"
           "_envdesk_cli_channels() { \"$1\" config --show channels 2>/dev/null | awk '/^  - / "
           "{print $2}'; }\n"
           "_envdesk_cli() {\n"
           "    local cur prev program verb word i\n"
           "    cur=\"${COMP_WORDS[COMP_CWORD]}\"\n"
           "    prev=\"${COMP_WORDS[COMP_CWORD-1]}\"\n"
           "    program=\"${COMP_WORDS[0]}\"\n"
           "    verb=\"\"\n"
           "    for ((i = 1; i < COMP_CWORD; i++)); do\n"
           "        word=\"${COMP_WORDS[i]}\"\n"
           "        [[ $word == -* ]] && continue\n"
           "        if [[ -z $verb ]]; then\n"
           "            verb=$word\n";
    std::set<std::string> groups;
    for (const auto& verb : table.verbs) {
        if (const auto group = split(verb.name).first; !group.empty()) {
            groups.insert(group);
        }
    }
    std::string groupPattern;
    for (const auto& group : groups) {
        groupPattern += (groupPattern.empty() ? "" : "|") + group;
    }
    out += "        elif [[ $verb == @(" + groupPattern
           + ") ]]; then\n"
             "            verb=\"$verb $word\"\n"
             "            break\n"
             "        else\n"
             "            break\n"
             "        fi\n"
             "    done\n"
             "    case \"$verb\" in\n"
             "        \"\")\n"
             "            COMPREPLY=($(compgen -W \""
           + joined(topLevelWords(table))
           + " --help --version\" -- \"$cur\"))\n"
             "            return ;;\n";
    for (const auto& group : groups) {
        std::vector<std::string> subverbs;
        for (const auto& verb : table.verbs) {
            if (split(verb.name).first == group) {
                subverbs.push_back(split(verb.name).second);
            }
        }
        out += "        " + group + ")\n            COMPREPLY=($(compgen -W \"" + joined(subverbs)
               + "\" -- \"$cur\"))\n            return ;;\n";
    }
    for (const auto& verb : table.verbs) {
        std::string pattern = "\"" + verb.name + "\"";
        for (const auto& alias : verb.aliases) {
            pattern += "|\"" + alias + "\"";
        }
        out += "        " + pattern + ")\n            case \"$prev\" in\n" + bashValueArms(verb)
               + "            esac\n";
        const bool takesEnvironment = verb.name == "shell activate";
        out += "            if [[ $cur == -* ]]; then\n"
               "                COMPREPLY=($(compgen -W \""
               + shellWordsOf(verb) + "\" -- \"$cur\"))\n";
        if (takesEnvironment) {
            out += "            else\n"
                   "                COMPREPLY=($(compgen -W \"$(_envdesk_cli_envs \"$program\")\" "
                   "-- \"$cur\"))\n";
        }
        out += "            fi\n            return ;;\n";
    }
    out += "    esac\n}\ncomplete -o default -F _envdesk_cli " + program + "\n";
    if (forZsh) {
        // zsh autoloads this file from $fpath on the first Tab, and its body is then that Tab's
        // completion: without this, the first Tab would only register the later ones.
        out += "# The first Tab autoloads this file: complete it too, as the later ones will.\n"
               "if [[ \"${zsh_eval_context[-1]-}\" == loadautofunc ]]; then\n"
               "    _bash_complete -o default -F _envdesk_cli\n"
               "fi\n";
    }
    return out;
}

std::string fishQuote(const std::string& text)
{
    std::string out = "'";
    for (const char c : text) {
        if (c == '\\' || c == '\'') {
            out += '\\';
        }
        out += c == '\n' ? ' ' : c;
    }
    return out + "'";
}

// A summary wrapped for the terminal's help ("...a\n            conda-lock file") as one line:
// each line break, with the indent after it, becomes one space.
std::string oneLine(const std::string& text)
{
    std::string line;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '\n') {
            line += text[i];
            continue;
        }
        while (i + 1 < text.size() && text[i + 1] == ' ') {
            ++i;
        }
        line += ' ';
    }
    return line;
}

std::string fishScript(const CommandTable& table)
{
    const std::string program = table.program;
    std::string out = "# Completion for " + program + ", generated from its command table ("
                      + program
                      + " --generate-completion fish).\n"
                        "complete -c "
                      + program
                      + " -f\n"
                        "function __envdesk_cli_envs\n"
                        "    "
                      + program
                      + " env list 2>/dev/null | string match -rv '^#' | "
                        "string match -r '^\\S+'\n"
                        "end\n"
                        "function __envdesk_cli_channels\n"
                        "    "
                      + program
                      + " config --show channels 2>/dev/null | string match -r "
                        "'^  - .*' | string replace -r '^  - ' ''\n"
                        "end\n";
    std::set<std::string> groups;
    for (const auto& verb : table.verbs) {
        if (const auto group = split(verb.name).first; !group.empty()) {
            groups.insert(group);
        }
    }
    // The top-level words, each with its summary.
    std::set<std::string> listed;
    for (const auto& verb : table.verbs) {
        const auto [group, own] = split(verb.name);
        const std::string word = group.empty() ? own : group;
        if (!listed.insert(word).second) {
            continue;
        }
        std::string summary = verb.summary;
        if (!group.empty()) {
            const auto found = table.groupSummaries.find(group);
            summary = found == table.groupSummaries.end() ? std::string() : found->second;
        }
        out += "complete -c " + program + " -n __fish_use_subcommand -a " + word + " -d "
               + fishQuote(oneLine(summary)) + "\n";
    }
    for (const auto& group : groups) {
        std::vector<std::string> subverbs;
        for (const auto& verb : table.verbs) {
            if (split(verb.name).first == group) {
                subverbs.push_back(split(verb.name).second);
            }
        }
        for (const auto& verb : table.verbs) {
            if (split(verb.name).first != group) {
                continue;
            }
            out += "complete -c " + program + " -n "
                   + fishQuote("__fish_seen_subcommand_from " + group
                               + "; and not __fish_seen_subcommand_from " + joined(subverbs))
                   + " -a " + split(verb.name).second + " -d " + fishQuote(oneLine(verb.summary))
                   + "\n";
        }
    }
    for (const auto& verb : table.verbs) {
        const auto [group, own] = split(verb.name);
        std::string condition = "__fish_seen_subcommand_from " + own;
        for (const auto& alias : verb.aliases) {
            condition += " " + alias;
        }
        if (!group.empty()) {
            condition = "__fish_seen_subcommand_from " + group + "; and " + condition;
        }
        for (const auto& option : verb.options) {
            out += "complete -c " + program + " -n " + fishQuote(condition) + " -l "
                   + option.longName.substr(2);
            if (!option.shortName.empty()) {
                out += " -s " + option.shortName.substr(1);
            }
            switch (valueKindOf(option)) {
            case ValueKind::Environment:
                out += " -x -a '(__envdesk_cli_envs)'";
                break;
            case ValueKind::Channel:
                out += " -x -a '(__envdesk_cli_channels)'";
                break;
            case ValueKind::Platform:
                out += " -x -a " + fishQuote(platformWords());
                break;
            case ValueKind::File:
                out += " -r -F";
                break;
            case ValueKind::Other:
                out += " -x";
                break;
            case ValueKind::None:
                break;
            }
            out += " -d " + fishQuote(oneLine(option.help)) + "\n";
        }
        if (verb.name == "shell activate") {
            out += "complete -c " + program + " -n " + fishQuote(condition)
                   + " -a '(__envdesk_cli_envs)'\n";
        }
    }
    return out;
}

} // namespace

std::string manPage(const CommandTable& table, const std::string& date)
{
    std::string upper = table.program;
    std::transform(upper.begin(), upper.end(), upper.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    std::string out = ".\\\" Generated from " + table.program + "'s command table (" + table.program
                      + " --generate-man); do not edit.\n";
    out += ".TH " + upper + " 1 \"" + date + "\" \"Envdesk " + table.version
           + "\" \"User Commands\"\n";
    out += ".SH NAME\n" + roff(table.program)
           + " \\- manage conda environments from the command line, as conda does\n";
    out += ".SH SYNOPSIS\n\\fB" + roff(table.program) + "\\fR \\fICOMMAND\\fR [\\fIOPTIONS\\fR]\n";
    out +=
        ".br\n\\fB" + roff(table.program) + "\\fR [\\fB\\-\\-version\\fR | \\fB\\-\\-help\\fR]\n";
    out += ".SH DESCRIPTION\n"
           "Envdesk's command line: the same operations as the Envdesk window, with conda's verbs, "
           "options, JSON output and exit statuses, on the environments and package cache that "
           "conda and micromamba use too.\n";
    out += ".SH COMMANDS\n";
    for (const auto& verb : table.verbs) {
        out += ".SS \"" + roff(table.program + " " + verb.name) + "\"\n";
        out +=
            "\\fB" + roff(table.program + " " + verb.name) + "\\fR " + roff(verb.usage) + "\n.PP\n";
        if (!verb.aliases.empty()) {
            out += "Also: " + roff(joined(verb.aliases)) + ".\n.PP\n";
        }
        out += roffParagraphs(verb.about);
        for (const auto& option : verb.options) {
            out += ".TP\n" + optionSignature(option) + "\n" + roff(option.help) + "\n";
        }
        if (!verb.notes.empty()) {
            out += ".PP\n" + roffParagraphs(verb.notes);
        }
    }
    out += ".SH EXIT STATUS\n0 on success, 1 when the command failed (conda's exception name is "
           "printed, or with \\fB\\-\\-json\\fR an error object), 2 for a command\\-line "
           "mistake.\n";
    out += ".SH FILES\n.TP\n\\fI~/.condarc\\fR\nconda's configuration, read and written as conda "
           "does.\n.TP\n\\fI~/.cache/envdesk\\fR\nThe repodata cache and Envdesk's other "
           "caches.\n";
    out += ".SH SEE ALSO\n\\fBenvdesk\\fR(1), \\fBconda\\fR(1), \\fBmicromamba\\fR(1)\n";
    return out;
}

std::string completionScript(const CommandTable& table, const std::string& shell)
{
    if (shell == "bash") {
        return bashScript(table, false);
    }
    if (shell == "zsh") {
        return bashScript(table, true);
    }
    if (shell == "fish") {
        return fishScript(table);
    }
    return {};
}

} // namespace envdesk::cli
