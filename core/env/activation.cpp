#include "core/env/activation.h"

#include "core/env/env_vars.h"
#include "core/util/file_io.h"
#include "core/util/strings.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <set>

namespace envdesk::env {

namespace fs = std::filesystem;
using util::ErrorCode;
using util::fail;

namespace {

// conda's value in conda-meta/state for "not set by this environment" (CONDA_ENV_VARS_UNSET_VAR).
constexpr const char* kUnsetMarker = "***unset***";

std::optional<std::string> variable(const ActivationContext& context, const std::string& name)
{
    const auto it = context.variables.find(name);
    if (it == context.variables.end()) {
        return std::nullopt;
    }
    return it->second;
}

int shellLevel(const ActivationContext& context)
{
    const auto text = variable(context, "CONDA_SHLVL").value_or("0");
    try {
        std::size_t used = 0;
        const int level = std::stoi(text, &used);
        // No shell stacks thousands of environments: a larger value was not written by conda.
        return used == text.size() && level > 0 && level < 10000 ? level : 0;
    } catch (...) {
        return 0; // a value no conda wrote: as if nothing were active
    }
}

std::string normalised(const std::string& path)
{
    std::string out = fs::path(path).lexically_normal().string();
    while (out.size() > 1 && out.back() == '/') {
        out.pop_back();
    }
    return out;
}

bool samePath(const std::string& a, const std::string& b)
{
    return !a.empty() && !b.empty() && normalised(a) == normalised(b);
}

// The folders an environment puts on PATH on Unix (conda's _get_path_dirs).
std::vector<std::string> pathDirs(const std::string& prefix)
{
    return {normalised(prefix) + "/bin"};
}

std::vector<std::string> splitPath(const std::string& path)
{
    std::vector<std::string> out;
    if (path.empty()) {
        return out;
    }
    std::size_t start = 0;
    for (;;) {
        const auto colon = path.find(':', start);
        out.push_back(path.substr(start, colon - start));
        if (colon == std::string::npos) {
            break;
        }
        start = colon + 1;
    }
    return out;
}

std::string joinPath(const std::vector<std::string>& parts)
{
    std::string out;
    for (const auto& part : parts) {
        out += (out.empty() ? "" : ":") + part;
    }
    return out;
}

// PATH with `oldPrefix`'s folders replaced by `newPrefix`'s (conda's _replace_prefix_in_path):
// where the first of the old ones stood, else at the front. Either may be empty (add / remove).
std::string replacePrefixInPath(const std::string& path, const std::string& oldPrefix,
                                const std::string& newPrefix)
{
    auto parts = splitPath(path);
    std::size_t insertAt = 0;
    if (!oldPrefix.empty()) {
        const auto old = pathDirs(oldPrefix);
        std::optional<std::size_t> first;
        std::vector<std::string> kept;
        for (const auto& part : parts) {
            const bool isOld = std::any_of(old.begin(), old.end(), [&](const std::string& dir) {
                return samePath(part, dir);
            });
            if (isOld) {
                if (!first) {
                    first = kept.size();
                }
                continue;
            }
            kept.push_back(part);
        }
        parts = std::move(kept);
        insertAt = first.value_or(0);
    }
    if (!newPrefix.empty()) {
        const auto dirs = pathDirs(newPrefix);
        parts.insert(parts.begin() + static_cast<std::ptrdiff_t>(insertAt), dirs.begin(),
                     dirs.end());
    }
    return joinPath(parts);
}

std::string replaceAll(std::string text, const std::string& from, const std::string& to)
{
    for (std::size_t at = text.find(from); at != std::string::npos;
         at = text.find(from, at + to.size())) {
        text.replace(at, from.size(), to);
    }
    return text;
}

std::string promptModifier(const std::string& prefix, const ActivationContext& context)
{
    if (!context.changePrompt) {
        return {};
    }
    std::string text = context.envPrompt;
    text = replaceAll(text, "{default_env}", defaultEnvName(prefix, context.rootPrefix));
    text = replaceAll(text, "{prefix}", prefix);
    text = replaceAll(text, "{name}", fs::path(normalised(prefix)).filename().string());
    return text;
}

// `text` as literal prompt text: bash and zsh expand $(...), `...` and $VAR in PS1 at every
// prompt, so an environment named "$(touch x)" must not become code. bash first decodes its
// backslash escapes (\u, and \$ for the uid's # or $), then expands with backslash quoting:
// a literal $ is written \\$ there (decoded to \$, then quoted). zsh has %-escapes instead,
// and backslash quoting only.
std::string promptLiteral(const std::string& text, Shell shell)
{
    std::string out;
    for (const char c : text) {
        if (shell == Shell::Bash) {
            if (c == '\\') {
                out += "\\\\\\\\";
                continue;
            }
            if (c == '$' || c == '`') {
                out += "\\\\";
            }
        } else if (c == '\\' || c == '$' || c == '`') {
            out += '\\';
        } else if (c == '%' && shell == Shell::Zsh) {
            out += '%';
        }
        out += c;
    }
    return out;
}

// PS1 with the old modifier taken off its front and `modifier` put there.
std::optional<std::string> promptFor(const ActivationContext& context, Shell shell,
                                     const std::string& modifier)
{
    if (shell == Shell::Fish || !context.changePrompt) {
        return std::nullopt; // fish's prompt reads CONDA_PROMPT_MODIFIER (see the hook)
    }
    std::string ps1 = variable(context, "PS1").value_or("");
    const std::string old = variable(context, "CONDA_PROMPT_MODIFIER").value_or("");
    for (const std::string& form : {promptLiteral(old, shell), old}) {
        if (!form.empty() && ps1.starts_with(form)) {
            ps1.erase(0, form.size());
            break;
        }
    }
    return promptLiteral(modifier, shell) + ps1;
}

util::Result<void> checkEnvironment(const std::string& prefix)
{
    std::error_code ec;
    if (!fs::is_directory(fs::path(prefix) / "conda-meta", ec)) {
        return fail(ErrorCode::NotFound, "not a conda environment (it has no conda-meta folder)",
                    prefix);
    }
    return {};
}

// The state variables of `prefix`: those to set, and those marked to be unset.
struct StateVariables {
    std::vector<std::pair<std::string, std::string>> set;
    std::vector<std::string> unset;
};

// `<prefix>/etc/conda/env_vars.d/*`, JSON objects of strings that packages ship, in name order.
util::Result<std::vector<std::pair<std::string, std::string>>>
packageVariables(const std::string& prefix)
{
    const fs::path folder = fs::path(prefix) / "etc" / "conda" / "env_vars.d";
    std::vector<fs::path> files;
    std::error_code ec;
    for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
        std::error_code statError;
        if (it->is_regular_file(statError)) {
            files.push_back(it->path());
        }
    }
    std::sort(files.begin(), files.end());
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& file : files) {
        auto text = util::readFile(file.string());
        if (!text) {
            return text.error();
        }
        const auto json = nlohmann::ordered_json::parse(*text, nullptr, false);
        if (json.is_discarded() || !json.is_object()) {
            return fail(ErrorCode::ParseError, "not a JSON object", file.string());
        }
        for (const auto& [name, value] : json.items()) {
            if (!util::isShellVariableName(name)) {
                return fail(ErrorCode::ParseError,
                            "holds " + util::quoted(name, 60)
                                + ", which is not a variable name a shell can set",
                            file.string());
            }
            if (!value.is_string()) {
                return fail(ErrorCode::ParseError, "the value of " + name + " is not a string",
                            file.string());
            }
            out.emplace_back(name, value.get<std::string>());
        }
    }
    return out;
}

// The variables `prefix` sets when active: its packages' env_vars.d, then conda-meta/state's,
// which win (conda's _get_environment_env_vars). Values conda marks as unset are left out.
util::Result<StateVariables> stateVariables(const std::string& prefix)
{
    auto fromPackages = packageVariables(prefix);
    if (!fromPackages) {
        return fromPackages.error();
    }
    auto read = readEnvironmentVariables(prefix);
    if (!read) {
        return read.error();
    }
    StateVariables out;
    auto add = [&](const std::string& name, const std::string& value) {
        std::erase_if(out.set, [&](const auto& entry) { return entry.first == name; });
        if (value != kUnsetMarker) {
            out.set.emplace_back(name, value);
        }
    };
    for (const auto& [name, value] : *fromPackages) {
        add(name, value);
    }
    for (const auto& [name, value] : *read) {
        add(name, value);
    }
    return out;
}

// Names of the variables `prefix` sets: taken away again when it is deactivated.
util::Result<std::vector<std::string>> stateVariableNames(const std::string& prefix)
{
    auto vars = stateVariables(prefix);
    if (!vars) {
        return vars.error();
    }
    std::vector<std::string> names;
    for (const auto& [name, value] : vars->set) {
        names.push_back(name);
    }
    return names;
}

void setVariable(ActivationChange& change, const std::string& name, const std::string& value)
{
    std::erase(change.unset, name);
    for (auto& [existing, old] : change.set) {
        if (existing == name) {
            old = value;
            return;
        }
    }
    change.set.emplace_back(name, value);
}

void unsetVariable(ActivationChange& change, const std::string& name)
{
    std::erase_if(change.set, [&](const auto& entry) { return entry.first == name; });
    if (std::find(change.unset.begin(), change.unset.end(), name) == change.unset.end()) {
        change.unset.push_back(name);
    }
}

// The variables every active environment has, and its own from conda-meta/state.
// `backUp`: the shell's own values of the variables it sets are saved (a new activation only).
util::Result<void> describeActive(ActivationChange& change, const std::string& prefix,
                                  const ActivationContext& context, Shell shell, int level,
                                  bool backUp)
{
    const std::string modifier = promptModifier(prefix, context);
    setVariable(change, "CONDA_PREFIX", prefix);
    setVariable(change, "CONDA_SHLVL", std::to_string(level));
    setVariable(change, "CONDA_DEFAULT_ENV", defaultEnvName(prefix, context.rootPrefix));
    setVariable(change, "CONDA_PROMPT_MODIFIER", modifier);
    change.prompt = promptFor(context, shell, modifier);
    auto vars = stateVariables(prefix);
    if (!vars) {
        return vars.error();
    }
    for (const auto& name : vars->unset) {
        unsetVariable(change, name);
    }
    for (const auto& [name, value] : vars->set) {
        // A value the shell already had is kept for deactivation, under conda's name for it.
        if (const auto existing = variable(context, name); backUp && existing) {
            setVariable(change, "__CONDA_SHLVL_" + std::to_string(level - 1) + "_" + name,
                        *existing);
        }
        setVariable(change, name, value);
    }
    return {};
}

// The variables `leaving` set go; those it covered come back from their backups
// (`__CONDA_SHLVL_<level>_NAME`, `level` being the shell level after leaving).
void restoreCoveredVariables(ActivationChange& change, const std::string& leaving,
                             const ActivationContext& context, int level)
{
    // A state file that no longer reads still lets the environment be left.
    auto names = stateVariableNames(leaving);
    if (!names) {
        return;
    }
    for (const auto& name : *names) {
        const auto saved = variable(context, "__CONDA_SHLVL_" + std::to_string(level) + "_" + name);
        if (saved) {
            setVariable(change, name, *saved);
        } else {
            unsetVariable(change, name);
        }
    }
}

} // namespace

std::optional<Shell> shellNamed(const std::string& name)
{
    if (name == "bash") {
        return Shell::Bash;
    }
    if (name == "zsh") {
        return Shell::Zsh;
    }
    if (name == "fish") {
        return Shell::Fish;
    }
    if (name == "posix" || name == "sh" || name == "dash") {
        return Shell::Posix;
    }
    return std::nullopt;
}

std::string defaultEnvName(const std::string& prefix, const std::string& rootPrefix)
{
    if (samePath(prefix, rootPrefix)) {
        return "base";
    }
    const fs::path path(normalised(prefix));
    if (path.parent_path().filename() == "envs") {
        return path.filename().string();
    }
    return path.string();
}

std::vector<std::string> activationScripts(const std::string& prefix, const std::string& kind,
                                           Shell shell)
{
    const std::string extension = shell == Shell::Fish ? ".fish" : ".sh";
    const fs::path folder = fs::path(prefix) / "etc" / "conda" / (kind + ".d");
    std::vector<std::string> out;
    std::error_code ec;
    for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
        const auto& entry = *it;
        std::error_code statError;
        if (entry.path().extension() == extension && entry.is_regular_file(statError)) {
            out.push_back(entry.path().string());
        }
    }
    // Deactivation undoes activation: its scripts run in the reverse order.
    if (kind == "deactivate") {
        std::sort(out.begin(), out.end(), std::greater<>());
    } else {
        std::sort(out.begin(), out.end());
    }
    return out;
}

util::Result<ActivationChange> activate(const std::string& prefixIn,
                                        const ActivationContext& context, Shell shell, bool stack)
{
    const std::string prefix = normalised(prefixIn);
    if (auto ok = checkEnvironment(prefix); !ok) {
        return ok.error();
    }
    const int level = shellLevel(context);
    const std::string oldPrefix = variable(context, "CONDA_PREFIX").value_or("");
    if (level > 0 && samePath(oldPrefix, prefix)) {
        return reactivate(context, shell);
    }
    // Activating the environment just below the active one steps back down to it, as conda
    // does, rather than stacking a second copy.
    if (level > 1 && !stack
        && samePath(variable(context, "CONDA_PREFIX_" + std::to_string(level - 1)).value_or(""),
                    prefix)) {
        return deactivate(context, shell);
    }
    ActivationChange change;
    const std::string path = variable(context, "PATH").value_or("");
    if (level == 0 || oldPrefix.empty()) {
        setVariable(change, "PATH", replacePrefixInPath(path, {}, prefix));
    } else {
        setVariable(change, "CONDA_PREFIX_" + std::to_string(level), oldPrefix);
        if (stack) {
            setVariable(change, "PATH", replacePrefixInPath(path, {}, prefix));
            setVariable(change, "CONDA_STACKED_" + std::to_string(level + 1), "true");
        } else {
            setVariable(change, "PATH", replacePrefixInPath(path, oldPrefix, prefix));
            change.deactivateScripts = activationScripts(oldPrefix, "deactivate", shell);
            // The replaced environment's own variables go with it.
            restoreCoveredVariables(change, oldPrefix, context, level - 1);
        }
    }
    if (auto described = describeActive(change, prefix, context, shell, level + 1, true);
        !described) {
        return described.error();
    }
    change.activateScripts = activationScripts(prefix, "activate", shell);
    return change;
}

util::Result<ActivationChange> deactivate(const ActivationContext& context, Shell shell)
{
    const int level = shellLevel(context);
    const std::string current = variable(context, "CONDA_PREFIX").value_or("");
    ActivationChange change;
    if (level == 0 || current.empty()) {
        return change;
    }
    change.deactivateScripts = activationScripts(current, "deactivate", shell);
    restoreCoveredVariables(change, current, context, level - 1);
    const std::string path = variable(context, "PATH").value_or("");
    const std::string previousKey = "CONDA_PREFIX_" + std::to_string(level - 1);
    const auto previous = level > 1 ? variable(context, previousKey) : std::nullopt;
    if (!previous || previous->empty()) {
        setVariable(change, "PATH", replacePrefixInPath(path, current, {}));
        for (const char* name : {"CONDA_PREFIX", "CONDA_DEFAULT_ENV", "CONDA_PROMPT_MODIFIER"}) {
            unsetVariable(change, name);
        }
        if (level > 1) {
            unsetVariable(change, previousKey);
        }
        setVariable(change, "CONDA_SHLVL", "0");
        if (shell != Shell::Fish && context.changePrompt) {
            change.prompt = promptFor(context, shell, {});
        }
        return change;
    }
    const std::string stackedKey = "CONDA_STACKED_" + std::to_string(level);
    const bool stacked = variable(context, stackedKey).value_or("") == "true";
    setVariable(change, "PATH", replacePrefixInPath(path, current, stacked ? "" : *previous));
    unsetVariable(change, previousKey);
    unsetVariable(change, stackedKey);
    if (auto described = describeActive(change, *previous, context, shell, level - 1, false);
        !described) {
        return described.error();
    }
    change.activateScripts = activationScripts(*previous, "activate", shell);
    return change;
}

util::Result<ActivationChange> reactivate(const ActivationContext& context, Shell shell)
{
    const int level = shellLevel(context);
    const std::string current = variable(context, "CONDA_PREFIX").value_or("");
    ActivationChange change;
    if (level == 0 || current.empty()) {
        return change;
    }
    if (auto ok = checkEnvironment(current); !ok) {
        return ok.error();
    }
    change.deactivateScripts = activationScripts(current, "deactivate", shell);
    // PATH again: the environment may have been made since it was put there.
    const std::string path = variable(context, "PATH").value_or("");
    setVariable(change, "PATH", replacePrefixInPath(path, current, current));
    if (auto described = describeActive(change, current, context, shell, level, false);
        !described) {
        return described.error();
    }
    change.activateScripts = activationScripts(current, "activate", shell);
    return change;
}

std::string posixQuoted(const std::string& value)
{
    return "'" + replaceAll(value, "'", "'\\''") + "'";
}

std::string fishQuoted(const std::string& value)
{
    return "'" + replaceAll(replaceAll(value, "\\", "\\\\"), "'", "\\'") + "'";
}

std::string scriptFor(const ActivationChange& change, Shell shell)
{
    std::string out;
    const bool fish = shell == Shell::Fish;
    for (const auto& script : change.deactivateScripts) {
        out += (fish ? "source " + fishQuoted(script) : ". " + posixQuoted(script)) + "\n";
    }
    for (const auto& name : change.unset) {
        out += (fish ? "set -e " : "unset ") + name + "\n";
    }
    if (change.prompt) {
        out += "PS1=" + posixQuoted(*change.prompt) + "\n";
    }
    for (const auto& [name, value] : change.set) {
        if (fish && name == "PATH") {
            out += "set -gx PATH";
            for (const auto& part : splitPath(value)) {
                out += " " + fishQuoted(part);
            }
            out += "\n";
        } else if (fish) {
            out += "set -gx " + name + " " + fishQuoted(value) + "\n";
        } else {
            out += "export " + name + "=" + posixQuoted(value) + "\n";
        }
    }
    for (const auto& script : change.activateScripts) {
        out += (fish ? "source " + fishQuoted(script) : ". " + posixQuoted(script)) + "\n";
    }
    return out;
}

std::string runScript(const ActivationChange& change, const std::string& prefix,
                      const std::string& programName, const std::vector<std::string>& command)
{
    // The command is written into the script, quoted, after the activation: an activate.d
    // script that shifts or sets the positional parameters cannot change what runs.
    std::string words;
    for (const auto& word : command) {
        words += " " + posixQuoted(word);
    }
    const std::string program = command.empty() ? std::string() : posixQuoted(command.front());
    std::string out = scriptFor(change, Shell::Posix);
    out += "if ! command -v -- " + program
           + " >/dev/null 2>&1; then\n"
             "    printf '%s: %s: command not found in %s\\n' "
           + posixQuoted(programName) + " " + program + " " + posixQuoted(prefix)
           + " >&2\n"
             "    exit 127\n"
             "fi\n"
             "exec"
           + words + "\n";
    return out;
}

std::string hookScript(Shell shell, const std::string& cliPath)
{
    if (shell == Shell::Fish) {
        const std::string exe = fishQuoted(cliPath);
        return "set -gx ENVDESK_EXE " + exe
               + "\n"
                 "function envdesk --description 'Envdesk: activate and manage conda "
                 "environments'\n"
                 "    if test (count $argv) -lt 1\n"
                 "        $ENVDESK_EXE --help\n"
                 "        return\n"
                 "    end\n"
                 "    switch $argv[1]\n"
                 "        case activate deactivate\n"
                 "            set -l script ($ENVDESK_EXE shell $argv[1] --shell fish "
                 "$argv[2..-1])\n"
                 "            or return $status\n"
                 "            printf '%s\\n' $script | source\n"
                 "        case install update upgrade remove uninstall\n"
                 "            $ENVDESK_EXE $argv\n"
                 "            or return $status\n"
                 "            set -l script ($ENVDESK_EXE shell reactivate --shell fish)\n"
                 "            or return $status\n"
                 "            printf '%s\\n' $script | source\n"
                 "        case '*'\n"
                 "            $ENVDESK_EXE $argv\n"
                 "    end\n"
                 "end\n"
                 "if not functions -q __envdesk_original_prompt; and functions -q fish_prompt\n"
                 "    functions -c fish_prompt __envdesk_original_prompt\n"
                 "    function fish_prompt\n"
                 "        set -l last $status\n"
                 "        if set -q CONDA_PROMPT_MODIFIER\n"
                 "            echo -n -s $CONDA_PROMPT_MODIFIER\n"
                 "        end\n"
                 "        __envdesk_set_status $last\n"
                 "        __envdesk_original_prompt\n"
                 "    end\n"
                 "    function __envdesk_set_status\n"
                 "        return $argv[1]\n"
                 "    end\n"
                 "end\n";
    }
    const std::string shellName = shell == Shell::Zsh    ? "zsh"
                                  : shell == Shell::Bash ? "bash"
                                                         : "posix";
    const std::string exe = posixQuoted(cliPath);
    return "export ENVDESK_EXE=" + exe
           + "\n"
             "__envdesk_apply() {\n"
             "    \\local ask\n"
             "    ask=\"$(PS1=\"${PS1:-}\" \"$ENVDESK_EXE\" shell \"$@\" --shell "
           + shellName
           + ")\" || \\return\n"
             "    \\eval \"$ask\"\n"
             "    \\hash -r\n"
             "}\n"
             "envdesk() {\n"
             "    \\local cmd=\"${1-__missing__}\"\n"
             "    case \"$cmd\" in\n"
             "        activate|deactivate)\n"
             "            \\shift\n"
             "            __envdesk_apply \"$cmd\" \"$@\"\n"
             "            ;;\n"
             "        install|update|upgrade|remove|uninstall)\n"
             "            \"$ENVDESK_EXE\" \"$@\" || \\return\n"
             "            __envdesk_apply reactivate\n"
             "            ;;\n"
             "        __missing__)\n"
             "            \"$ENVDESK_EXE\" --help\n"
             "            ;;\n"
             "        *)\n"
             "            \"$ENVDESK_EXE\" \"$@\"\n"
             "            ;;\n"
             "    esac\n"
             "}\n";
}

} // namespace envdesk::env
