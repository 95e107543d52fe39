#include "core/ops/environment_launch.h"

#include "core/env/activation.h"
#include "core/util/file_io.h"
#include "core/util/process.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <set>
#include <sstream>

namespace envdesk::ops {

namespace fs = std::filesystem;
using util::ErrorCode;
using util::fail;

namespace {

struct KnownTerminal {
    const char* name;
    std::vector<std::string> commandPrefix;
    bool singleString = false; // takes the command as one string (then quoted for sh)
};

// How each terminal takes a command to run. Those that take it as one string get it quoted.
const std::vector<KnownTerminal>& knownTerminals()
{
    static const std::vector<KnownTerminal> terminals = {
        {"x-terminal-emulator", {"-e"}}, // Debian's alternative: -e COMMAND ARGS... (policy 11.8.3)
        {"xdg-terminal-exec", {}},
        {"gnome-terminal", {"--"}},
        {"kgx", {"--"}},
        {"konsole", {"-e"}},
        {"xfce4-terminal", {"-x"}},
        {"mate-terminal", {"-x"}},
        {"qterminal", {"-e"}, true},
        {"lxterminal", {"-e"}, true},
        {"tilix", {"-e"}, true},
        {"terminator", {"-x"}},
        {"alacritty", {"-e"}},
        {"kitty", {}},
        {"foot", {}},
        {"wezterm", {"start", "--"}},
        {"urxvt", {"-e"}},
        {"st", {"-e"}},
        {"xterm", {"-e"}},
    };
    return terminals;
}

const KnownTerminal* knownTerminal(const std::string& name)
{
    for (const auto& terminal : knownTerminals()) {
        if (name == terminal.name) {
            return &terminal;
        }
    }
    return nullptr;
}

std::string variable(const std::map<std::string, std::string>& variables, const std::string& name)
{
    const auto it = variables.find(name);
    return it == variables.end() ? std::string() : it->second;
}

// The desktop's own terminals first, by $XDG_CURRENT_DESKTOP ("ubuntu:GNOME", "KDE", ...).
std::vector<std::string> desktopTerminals(const std::string& desktops)
{
    std::vector<std::string> out;
    std::stringstream list(desktops);
    for (std::string desktop; std::getline(list, desktop, ':');) {
        std::transform(desktop.begin(), desktop.end(), desktop.begin(), ::toupper);
        if (desktop == "GNOME" || desktop == "UNITY" || desktop == "BUDGIE") {
            out.insert(out.end(), {"gnome-terminal", "kgx"});
        } else if (desktop == "KDE") {
            out.push_back("konsole");
        } else if (desktop == "XFCE") {
            out.push_back("xfce4-terminal");
        } else if (desktop == "MATE") {
            out.push_back("mate-terminal");
        } else if (desktop == "LXQT") {
            out.push_back("qterminal");
        } else if (desktop == "LXDE") {
            out.push_back("lxterminal");
        }
    }
    return out;
}

std::string hexHash(const std::string& text)
{
    std::ostringstream out;
    out << std::hex << std::hash<std::string>{}(text);
    return out.str();
}

std::string quotedCommand(const std::vector<std::string>& argv)
{
    std::string out;
    for (const auto& word : argv) {
        out += (out.empty() ? "" : " ") + env::posixQuoted(word);
    }
    return out;
}

std::string fishCommand(const std::vector<std::string>& argv)
{
    std::string out;
    for (const auto& word : argv) {
        out += (out.empty() ? "" : " ") + env::fishQuoted(word);
    }
    return out;
}

bool isExecutableFile(const fs::path& path)
{
    return util::findExecutable(path.string(), {}).has_value();
}

struct WellKnown {
    const char* id;
    const char* name;
    const char* description;
    const char* package;
    const char* executable; // in bin/
    bool terminal;
    bool offerInstall;
};

const std::vector<WellKnown>& wellKnownApplications()
{
    static const std::vector<WellKnown> apps = {
        {"jupyterlab", "JupyterLab", "Notebooks, code and data in the browser", "jupyterlab",
         "jupyter-lab", false, true},
        {"notebook", "Jupyter Notebook", "The classic notebook in the browser", "notebook",
         "jupyter-notebook", false, true},
        {"spyder", "Spyder", "An IDE for scientific Python", "spyder", "spyder", false, true},
        {"qtconsole", "Jupyter Qt Console", "A rich console for Jupyter kernels", "qtconsole",
         "jupyter-qtconsole", false, true},
        {"ipython", "IPython", "An interactive Python shell, in a terminal", "ipython", "ipython",
         true, false},
        {"orange3", "Orange", "Visual data mining", "orange3", "orange-canvas", false, false},
    };
    return apps;
}

std::string trim(const std::string& text)
{
    const auto first = text.find_first_not_of(" \t\r");
    if (first == std::string::npos) {
        return {};
    }
    const auto last = text.find_last_not_of(" \t\r");
    return text.substr(first, last - first + 1);
}

// The [Desktop Entry] keys of a desktop file (unlocalised ones only).
std::map<std::string, std::string> desktopEntry(const std::string& text)
{
    std::map<std::string, std::string> out;
    std::stringstream lines(text);
    bool inEntry = false;
    for (std::string line; std::getline(lines, line);) {
        line = trim(line);
        if (line.empty() || line.front() == '#') {
            continue;
        }
        if (line.front() == '[') {
            inEntry = line == "[Desktop Entry]";
            continue;
        }
        const auto eq = line.find('=');
        if (!inEntry || eq == std::string::npos) {
            continue;
        }
        const std::string key = trim(line.substr(0, eq));
        if (key.find('[') == std::string::npos && !out.contains(key)) {
            out[key] = trim(line.substr(eq + 1));
        }
    }
    return out;
}

// `app_entry` of an installed package: its conda-meta record, else its extracted folder's
// info/index.json (where Navigator reads it). `${PREFIX}` stands for the environment.
std::optional<std::vector<std::string>> appEntryOf(const nlohmann::json& record,
                                                   const std::string& prefix)
{
    std::string entry;
    if (record.contains("app_entry") && record["app_entry"].is_string()) {
        entry = record["app_entry"].get<std::string>();
    } else if (record.contains("extracted_package_dir")
               && record["extracted_package_dir"].is_string()) {
        const auto index =
            util::readFile(record["extracted_package_dir"].get<std::string>() + "/info/index.json");
        if (index) {
            const auto json = nlohmann::json::parse(*index, nullptr, false);
            if (json.is_object() && json.contains("app_entry") && json["app_entry"].is_string()) {
                entry = json["app_entry"].get<std::string>();
            }
        }
    }
    entry = trim(entry);
    if (entry.empty()) {
        return std::nullopt;
    }
    for (std::size_t at = entry.find("${PREFIX}"); at != std::string::npos;
         at = entry.find("${PREFIX}", at + prefix.size())) {
        entry.replace(at, 9, prefix);
    }
    auto argv = desktopExecArgv(entry);
    if (!argv || argv->empty()) {
        return std::nullopt;
    }
    // A bare name is the environment's own program.
    if ((*argv)[0].find('/') == std::string::npos) {
        const fs::path inBin = fs::path(prefix) / "bin" / (*argv)[0];
        if (!isExecutableFile(inBin)) {
            return std::nullopt;
        }
        (*argv)[0] = inBin.string();
    }
    return argv;
}

} // namespace

std::optional<Terminal> findTerminal(const std::map<std::string, std::string>& variables)
{
    const std::string path = variable(variables, "PATH");
    // $TERMINAL first: the user's own choice, by name or path.
    if (const std::string chosen = variable(variables, "TERMINAL"); !chosen.empty()) {
        if (const auto found = util::findExecutable(chosen, path)) {
            const KnownTerminal* known = knownTerminal(fs::path(chosen).filename().string());
            return Terminal{*found, known ? known->commandPrefix : std::vector<std::string>{"-e"}};
        }
    }
    std::vector<std::string> order = {"x-terminal-emulator", "xdg-terminal-exec"};
    for (auto& name : desktopTerminals(variable(variables, "XDG_CURRENT_DESKTOP"))) {
        order.push_back(std::move(name));
    }
    for (const auto& terminal : knownTerminals()) {
        order.push_back(terminal.name);
    }
    for (const auto& name : order) {
        if (const auto found = util::findExecutable(name, path)) {
            return Terminal{*found, knownTerminal(name)->commandPrefix};
        }
    }
    return std::nullopt;
}

util::Result<Launch> terminalLaunch(const std::string& prefix,
                                    const std::map<std::string, std::string>& variables,
                                    const std::string& cliPath, const std::string& stateDir,
                                    const std::vector<std::string>& command)
{
    const auto terminal = findTerminal(variables);
    if (!terminal) {
        return fail(ErrorCode::NotFound,
                    "no terminal emulator was found (set $TERMINAL, or install one such as "
                    "gnome-terminal, konsole or xterm)",
                    "PATH");
    }
    const std::string path = variable(variables, "PATH");
    const std::string userShell = fs::path(variable(variables, "SHELL")).filename().string();
    const std::string key = hexHash(prefix + "\n" + quotedCommand(command));
    Launch launch;
    std::vector<std::string> shellArgv;
    if (userShell == "fish" && util::findExecutable("fish", path)) {
        std::string init = fishCommand({cliPath}) + " shell hook --shell fish | source; "
                           + "envdesk activate " + env::fishQuoted(prefix);
        if (!command.empty()) {
            init += "; " + fishCommand(command);
        }
        shellArgv = {*util::findExecutable("fish", path), "-C", init};
    } else if (userShell == "zsh" && util::findExecutable("zsh", path)) {
        // zsh reads its start-up files from $ZDOTDIR: a folder of two that read the user's own
        // and then activate.
        const std::string dir = stateDir + "/zsh-" + key;
        const std::string original = "\"${ENVDESK_USER_ZDOTDIR:-$HOME}\"";
        // The user's .zshenv may set ZDOTDIR itself: its value becomes where the user's own
        // files are, and ZDOTDIR comes back here so that zsh reads this .zshrc.
        launch.files[dir + "/.zshenv"] =
            "# Written by Envdesk for one terminal: the user's .zshenv.\n"
            "ZDOTDIR="
            + original
            + "\n"
              "[ -f \"$ZDOTDIR/.zshenv\" ] && . \"$ZDOTDIR/.zshenv\"\n"
              "ENVDESK_USER_ZDOTDIR=\"$ZDOTDIR\"\n"
              "ZDOTDIR="
            + env::posixQuoted(dir) + "\n";
        std::string rc = "# Written by Envdesk for one terminal: the user's .zshrc, then the "
                         "environment activated.\n"
                         "ZDOTDIR=\"$ENVDESK_USER_ZDOTDIR\"\n"
                         "unset ENVDESK_USER_ZDOTDIR\n"
                         "[ -f \"$ZDOTDIR/.zshrc\" ] && . \"$ZDOTDIR/.zshrc\"\n"
                         "eval \"$("
                         + env::posixQuoted(cliPath)
                         + " shell hook --shell zsh)\"\n"
                           "envdesk activate "
                         + env::posixQuoted(prefix) + "\n";
        if (!command.empty()) {
            rc += quotedCommand(command) + "\n";
        }
        launch.files[dir + "/.zshrc"] = rc;
        launch.environment["ENVDESK_USER_ZDOTDIR"] = variable(variables, "ZDOTDIR");
        launch.environment["ZDOTDIR"] = dir;
        shellArgv = {*util::findExecutable("zsh", path), "-i"};
    } else {
        const std::string rcPath = stateDir + "/terminal-" + key + ".bashrc";
        std::string rc = "# Written by Envdesk for one terminal: the user's ~/.bashrc, then the "
                         "environment activated.\n"
                         "[ -f ~/.bashrc ] && . ~/.bashrc\n"
                         "eval \"$("
                         + env::posixQuoted(cliPath)
                         + " shell hook --shell bash)\"\n"
                           "envdesk activate "
                         + env::posixQuoted(prefix) + "\n";
        if (!command.empty()) {
            rc += quotedCommand(command) + "\n";
        }
        launch.files[rcPath] = rc;
        const auto bash = util::findExecutable("bash", path);
        shellArgv = {bash ? *bash : std::string("/bin/bash"), "--rcfile", rcPath, "-i"};
    }
    launch.argv = {terminal->path};
    launch.argv.insert(launch.argv.end(), terminal->commandPrefix.begin(),
                       terminal->commandPrefix.end());
    const KnownTerminal* known = knownTerminal(fs::path(terminal->path).filename().string());
    if (known && known->singleString) {
        launch.argv.push_back(quotedCommand(shellArgv));
    } else {
        launch.argv.insert(launch.argv.end(), shellArgv.begin(), shellArgv.end());
    }
    return launch;
}

std::optional<std::vector<std::string>> desktopExecArgv(const std::string& exec)
{
    std::vector<std::string> out;
    std::string word;
    bool inWord = false;
    bool quoted = false;
    for (std::size_t i = 0; i < exec.size(); ++i) {
        const char c = exec[i];
        if (quoted) {
            if (c == '\\' && i + 1 < exec.size()) {
                word += exec[++i];
            } else if (c == '"') {
                quoted = false;
            } else {
                word += c;
            }
            continue;
        }
        if (c == '"') {
            quoted = true;
            inWord = true;
        } else if (c == ' ' || c == '\t') {
            if (inWord) {
                out.push_back(std::move(word));
                word.clear();
                inWord = false;
            }
        } else if (c == '%' && i + 1 < exec.size()) {
            const char code = exec[++i];
            if (code == '%') {
                word += '%';
                inWord = true;
            } // any other field code stands for files or URLs the launch does not have
        } else {
            word += c;
            inWord = true;
        }
    }
    if (quoted) {
        return std::nullopt;
    }
    if (inWord) {
        out.push_back(std::move(word));
    }
    return out;
}

std::vector<Application> environmentApplications(const std::string& prefix)
{
    std::vector<Application> apps;
    std::set<std::string> seenIds;
    std::set<std::string> seenPrograms;
    for (const auto& known : wellKnownApplications()) {
        const fs::path program = fs::path(prefix) / "bin" / known.executable;
        if (isExecutableFile(program)) {
            apps.push_back({known.id,
                            known.name,
                            known.description,
                            known.package,
                            {program.string()},
                            known.terminal,
                            {}});
            seenIds.insert(known.id);
            seenPrograms.insert(program.string());
        }
    }
    // What packages declare: app_entry in their records.
    std::error_code ec;
    std::vector<fs::path> records;
    for (fs::directory_iterator it(fs::path(prefix) / "conda-meta", ec), end; !ec && it != end;
         it.increment(ec)) {
        if (it->path().extension() == ".json") {
            records.push_back(it->path());
        }
    }
    std::sort(records.begin(), records.end());
    for (const auto& file : records) {
        const auto text = util::readFile(file.string());
        if (!text) {
            continue;
        }
        const auto record = nlohmann::json::parse(*text, nullptr, false);
        if (!record.is_object() || !record.contains("name") || !record["name"].is_string()) {
            continue;
        }
        const std::string name = record["name"].get<std::string>();
        auto argv = appEntryOf(record, prefix);
        if (!argv || seenIds.contains(name) || seenPrograms.contains(argv->front())) {
            continue;
        }
        std::string summary;
        if (record.contains("summary") && record["summary"].is_string()) {
            summary = record["summary"].get<std::string>();
        }
        seenIds.insert(name);
        seenPrograms.insert(argv->front());
        apps.push_back({name, name, summary, name, std::move(*argv), false, {}});
    }
    // share/applications/*.desktop that the environment's packages installed.
    std::vector<fs::path> desktops;
    for (fs::directory_iterator it(fs::path(prefix) / "share" / "applications", ec), end;
         !ec && it != end; it.increment(ec)) {
        if (it->path().extension() == ".desktop") {
            desktops.push_back(it->path());
        }
    }
    std::sort(desktops.begin(), desktops.end());
    for (const auto& file : desktops) {
        const auto text = util::readFile(file.string());
        if (!text) {
            continue;
        }
        auto entry = desktopEntry(*text);
        if (entry["Type"] != "Application" || entry["NoDisplay"] == "true"
            || entry["Hidden"] == "true" || entry["Name"].empty()) {
            continue;
        }
        auto argv = desktopExecArgv(entry["Exec"]);
        if (!argv || argv->empty()) {
            continue;
        }
        if ((*argv)[0].find('/') == std::string::npos) {
            const fs::path inBin = fs::path(prefix) / "bin" / (*argv)[0];
            if (isExecutableFile(inBin)) {
                (*argv)[0] = inBin.string();
            }
        }
        const std::string id = file.stem().string();
        if (seenIds.contains(id) || seenPrograms.contains(argv->front())) {
            continue;
        }
        std::string icon;
        if (!entry["Icon"].empty() && entry["Icon"].front() == '/'
            && fs::path(entry["Icon"]).lexically_normal().string().starts_with(prefix + "/")) {
            icon = entry["Icon"];
        }
        seenIds.insert(id);
        seenPrograms.insert(argv->front());
        apps.push_back({id,
                        entry["Name"],
                        entry["Comment"],
                        {},
                        std::move(*argv),
                        entry["Terminal"] == "true",
                        icon});
    }
    // By name as a person reads a list: case does not order it.
    auto folded = [](std::string text) {
        std::transform(text.begin(), text.end(), text.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        return text;
    };
    std::sort(apps.begin(), apps.end(), [&folded](const Application& a, const Application& b) {
        return folded(a.name) < folded(b.name);
    });
    for (const auto& known : wellKnownApplications()) {
        if (known.offerInstall && !seenIds.contains(known.id)) {
            apps.push_back(
                {known.id, known.name, known.description, known.package, {}, known.terminal, {}});
        }
    }
    return apps;
}

} // namespace envdesk::ops
