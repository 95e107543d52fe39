#include "app/envdesk-cli/config_command.h"

#include "app/envdesk-cli/cli_errors.h"
#include "core/config/condarc_editor.h"
#include "core/config/config.h"
#include "core/config/config_json.h"
#include "core/specs/channel.h"
#include "core/util/strings.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <optional>

namespace envdesk::cli {

namespace {

int failWithError(bool json, const util::Error& error, const std::string& fallbackName = {})
{
    return failWith(json, fallbackName.empty() ? configException(error) : fallbackName,
                    error.message());
}

// Tokens and passwords are shown masked, as conda prints channels (`/t/<TOKEN>`): a shown
// configuration gets pasted into bug reports. --get prints the file as written, to be replayed.
void maskStrings(nlohmann::json& value)
{
    if (value.is_string()) {
        value = specs::maskSecrets(value.get<std::string>());
        return;
    }
    // (A primitive iterates over itself in nlohmann::json: only descend into containers.)
    if (value.is_array() || value.is_object()) {
        for (auto& item : value) {
            maskStrings(item);
        }
    }
}

// Python's str() of a typed value, as `conda config --show` prints it.
std::string pythonText(const nlohmann::json& value)
{
    if (value.is_null()) {
        return "None";
    }
    if (value.is_boolean()) {
        return value.get<bool>() ? "True" : "False";
    }
    if (value.is_string()) {
        return value.get<std::string>();
    }
    if (value.is_number_float()) {
        std::string text = value.dump();
        if (text.find_first_of(".eE") == std::string::npos) {
            text += ".0";
        }
        return text;
    }
    return value.dump();
}

// conda's format_dict: "key: value", lists and maps as indented lines.
void printKey(const std::string& key, const nlohmann::json& value)
{
    if (value.is_object()) {
        if (value.empty()) {
            std::cout << key << ": {}\n";
            return;
        }
        std::cout << key << ":\n";
        for (const auto& [name, entry] : value.items()) {
            if (entry.is_array()) {
                std::cout << "  " << name << ":\n";
                for (const auto& item : entry) {
                    std::cout << "    - " << pythonText(item) << "\n";
                }
            } else {
                std::cout << "  " << name << ": " << pythonText(entry) << "\n";
            }
        }
        return;
    }
    if (value.is_array()) {
        if (value.empty()) {
            std::cout << key << ": []\n";
            return;
        }
        std::cout << key << ":\n";
        for (const auto& item : value) {
            std::cout << "  - " << pythonText(item) << "\n";
        }
        return;
    }
    std::cout << key << ": " << pythonText(value) << "\n";
}

// Python's repr() of a string, as `conda config --get` prints list items.
std::string pythonRepr(const std::string& text)
{
    const char quote =
        text.find('\'') != std::string::npos && text.find('"') == std::string::npos ? '"' : '\'';
    std::string out(1, quote);
    for (const char c : text) {
        if (c == '\\' || c == quote) {
            out += '\\';
        }
        out += c;
    }
    return out + quote;
}

struct Operation {
    std::string verb; // "--set", "--add", ...
    std::string key;
    std::string value;
};

struct ConfigArgs {
    bool json = false;
    bool show = false;
    bool showSources = false;
    bool get = false;
    std::vector<std::string> showKeys;
    std::vector<std::string> getKeys;
    std::vector<Operation> operations;
    std::string file;
    bool system = false;
    bool env = false;
};

// The parsed command line as config's steps: edits in the order given.
ConfigArgs configArgs(const Arguments& parsed)
{
    ConfigArgs out;
    out.json = parsed.flag("--json");
    out.show = parsed.flag("--show");
    out.showSources = parsed.flag("--show-sources");
    out.get = parsed.flag("--get");
    (out.show ? out.showKeys : out.getKeys) = parsed.positionals;
    out.file = parsed.value("--file");
    out.system = parsed.flag("--system");
    out.env = parsed.flag("--env");
    for (const auto& [option, values] : parsed.sequence) {
        if (option == "--set" || option == "--add" || option == "--prepend" || option == "--append"
            || option == "--remove" || option == "--remove-key") {
            out.operations.push_back({option, values.at(0), values.size() > 1 ? values[1] : ""});
        }
    }
    return out;
}

std::optional<std::string> targetFile(const ConfigArgs& args, const config::ConfigInputs& inputs,
                                      std::string& problem)
{
    if (!args.file.empty()) {
        return args.file;
    }
    if (args.system) {
        const std::string path = config::systemConfigFile(inputs);
        if (path.empty()) {
            problem = "--system needs the root prefix: CONDA_ROOT (or CONDA_EXE) is not set";
            return std::nullopt;
        }
        return path;
    }
    if (args.env) {
        auto path = config::envConfigFile(inputs);
        if (!path) {
            problem = "--env needs an active environment: CONDA_PREFIX is not set";
        }
        return path;
    }
    return config::userConfigFile(inputs);
}

int runShow(const ConfigArgs& args, const config::ConfigInputs& inputs)
{
    auto loaded = config::Config::load(inputs);
    if (!loaded) {
        return failWithError(args.json, loaded.error(), "ConfigurationLoadError");
    }
    std::vector<std::string> keys = args.showKeys.empty() ? loaded->keys() : args.showKeys;
    nlohmann::json values = nlohmann::json::object();
    nlohmann::json sources = nlohmann::json::object();
    for (const auto& key : keys) {
        const config::Setting* setting = loaded->setting(key);
        if (!setting) {
            return failWith(args.json, "CondaKeyError",
                            util::quoted(key) + ": invalid configuration key (not set anywhere)");
        }
        values[key] = config::typedJson(setting->value, config::findKey(key));
        maskStrings(values[key]);
        sources[key] = setting->sources;
    }
    if (args.json) {
        nlohmann::json out = values;
        // Our own addition to conda's shape: which sources each value came from, highest
        // priority first (an empty list: conda's default).
        out["envdesk_sources"] = sources;
        std::cout << out.dump(2) << "\n";
        return 0;
    }
    for (const auto& key : keys) {
        printKey(key, values[key]);
    }
    return 0;
}

int runShowSources(const ConfigArgs& args, const config::ConfigInputs& inputs)
{
    auto loaded = config::Config::load(inputs);
    if (!loaded) {
        return failWithError(args.json, loaded.error(), "ConfigurationLoadError");
    }
    nlohmann::json out = nlohmann::json::object();
    bool first = true;
    for (const auto& source : loaded->sources()) {
        nlohmann::json content = nlohmann::json::object();
        for (const auto& [key, value] : source.content.entries) {
            content[key] = config::typedJson(value, config::findKey(key));
            maskStrings(content[key]);
        }
        if (args.json) {
            out[source.name] = content;
            continue;
        }
        std::cout << (first ? "" : "\n") << "==> " << source.name << " <==\n";
        first = false;
        // The file's own order, as conda prints it.
        for (const auto& [key, value] : source.content.entries) {
            printKey(key, content[key]);
        }
    }
    if (args.json) {
        std::cout << out.dump(2) << "\n";
    }
    return 0;
}

int runGet(const ConfigArgs& args, const std::string& path)
{
    auto editor = config::CondarcEditor::open(path);
    if (!editor) {
        return failWithError(args.json, editor.error(), "ConfigurationLoadError");
    }
    const config::ConfigValue& content = editor->content();
    std::vector<std::string> keys = args.getKeys;
    if (keys.empty()) {
        for (const auto& entry : content.entries) {
            keys.push_back(entry.key);
        }
        std::sort(keys.begin(), keys.end());
    }
    nlohmann::json got = nlohmann::json::object();
    std::vector<std::string> warnings;
    for (const auto& key : keys) {
        const config::ConfigValue* value = content.find(key);
        if (!value) {
            if (!config::findKey(key)) {
                warnings.push_back("Unknown key: " + pythonRepr(key));
            }
            continue;
        }
        const nlohmann::json typed = config::typedJson(*value, config::findKey(key));
        got[key] = typed;
        if (args.json) {
            continue;
        }
        if (typed.is_array()) {
            // Reversed, so that running the lines in order rebuilds the list (--add prepends).
            const std::size_t count = typed.size();
            for (std::size_t q = 0; q < count; ++q) {
                const std::string item = pythonText(typed[count - 1 - q]);
                std::cout << "--add " << key << " " << pythonRepr(item);
                if (key == "channels" && (q == 0 || q == count - 1)) {
                    std::cout << "   # " << (q == 0 ? "lowest" : "highest") << " priority";
                }
                std::cout << "\n";
            }
        } else if (typed.is_object()) {
            for (const auto& [name, entry] : typed.items()) {
                std::cout << "--set " << key << "." << name << " " << pythonText(entry) << "\n";
            }
        } else {
            std::cout << "--set " << key << " " << pythonText(typed) << "\n";
        }
    }
    if (args.json) {
        nlohmann::json out;
        out["get"] = got;
        out["rc_path"] = path;
        out["success"] = true;
        out["warnings"] = warnings;
        std::cout << out.dump(2) << "\n";
    } else {
        for (const auto& warning : warnings) {
            std::cerr << warning << "\n";
        }
    }
    return 0;
}

int runEdits(const ConfigArgs& args, const std::string& path)
{
    auto editor = config::CondarcEditor::open(path);
    if (!editor) {
        return failWithError(args.json, editor.error(), "ConfigurationLoadError");
    }
    for (const auto& op : args.operations) {
        util::Result<void> done;
        if (op.verb == "--set") {
            done = editor->set(op.key, op.value);
        } else if (op.verb == "--remove") {
            done = editor->remove(op.key, op.value);
        } else if (op.verb == "--remove-key") {
            done = editor->removeKey(op.key);
        } else {
            // conda: adding a channel to a file without `channels` starts from "defaults", the
            // value the user had before.
            if (op.key == "channels" && !editor->content().find("channels")) {
                if (auto seeded =
                        editor->add("channels", "defaults", config::CondarcEditor::ListEnd::Back);
                    !seeded) {
                    return failWithError(args.json, seeded.error());
                }
            }
            done = editor->add(op.key, op.value,
                               op.verb == "--append" ? config::CondarcEditor::ListEnd::Back
                                                     : config::CondarcEditor::ListEnd::Front);
        }
        if (!done) {
            return failWithError(args.json, done.error());
        }
    }
    if (auto saved = editor->save(); !saved) {
        return failWithError(args.json, saved.error());
    }
    if (args.json) {
        nlohmann::json out;
        out["rc_path"] = path;
        out["success"] = true;
        out["warnings"] = editor->warnings();
        std::cout << out.dump(2) << "\n";
    } else {
        for (const auto& warning : editor->warnings()) {
            std::cerr << "Warning: " << warning << "\n";
        }
    }
    return 0;
}

} // namespace

int runConfig(const Invocation& call)
{
    const ConfigArgs args = configArgs(call.args);
    if (!call.args.positionals.empty() && !args.show && !args.get) {
        return call.usageError("unexpected argument "
                               + util::quoted(call.args.positionals.front()));
    }
    const int actions = (args.show ? 1 : 0) + (args.showSources ? 1 : 0) + (args.get ? 1 : 0)
                        + (args.operations.empty() ? 0 : 1);
    if (actions == 0) {
        return call.usageError(
            "nothing to do: give --show, --show-sources, --get or an edit such as --set KEY VALUE");
    }
    if (actions > 1) {
        return call.usageError("--show, --show-sources, --get and edits cannot be combined");
    }
    const config::ConfigInputs inputs = config::ConfigInputs::fromProcess();
    if (args.show) {
        return runShow(args, inputs);
    }
    if (args.showSources) {
        return runShowSources(args, inputs);
    }
    std::string problem;
    const auto path = targetFile(args, inputs, problem);
    if (!path) {
        return failWith(args.json, "CondaValueError", problem);
    }
    if (args.get) {
        return runGet(args, *path);
    }
    return runEdits(args, *path);
}

} // namespace envdesk::cli
