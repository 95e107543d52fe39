#include "app/envdesk-cli/commands.h"
#include "app/envdesk-cli/output.h"
#include "core/config/condarc_edits.h"
#include "core/config/config_json.h"
#include "core/present/conda_text.h"
#include "core/present/config_text.h"
#include "core/util/strings.h"

#include <algorithm>
#include <map>

namespace envdesk::cli {

namespace {

int failWithError(bool json, const util::Error& error, const std::string& fallbackName = {})
{
    return failWith(json, fallbackName.empty() ? configException(error) : fallbackName,
                    error.message());
}

// The edits on the command line, in the order given.
std::vector<config::ConfigEdit> editsOf(const Arguments& parsed)
{
    using Kind = config::ConfigEdit::Kind;
    static const std::map<std::string, Kind> kinds = {
        {"--set", Kind::Set},       {"--add", Kind::Add},       {"--prepend", Kind::Add},
        {"--append", Kind::Append}, {"--remove", Kind::Remove}, {"--remove-key", Kind::RemoveKey}};
    std::vector<config::ConfigEdit> edits;
    for (const auto& [option, values] : parsed.sequence) {
        if (const auto kind = kinds.find(option); kind != kinds.end()) {
            edits.push_back({kind->second, values.at(0), values.size() > 1 ? values[1] : ""});
        }
    }
    return edits;
}

int runShow(bool json, std::vector<std::string> keys, const config::ConfigInputs& inputs)
{
    auto loaded = config::Config::load(inputs);
    if (!loaded) {
        return failWithError(json, loaded.error(), "ConfigurationLoadError");
    }
    if (keys.empty()) {
        keys = loaded->keys();
    }
    nlohmann::json values = nlohmann::json::object();
    nlohmann::json sources = nlohmann::json::object();
    std::string text;
    for (const auto& key : keys) {
        const config::Setting* setting = loaded->setting(key);
        if (!setting) {
            return failWith(json, "CondaKeyError",
                            util::quoted(key) + ": invalid configuration key (not set anywhere)");
        }
        values[key] = config::typedJson(setting->value, config::findKey(key));
        present::maskSecretsIn(values[key]);
        sources[key] = setting->sources;
        text += present::configShowText(key, values[key]);
    }
    // Our own addition to conda's shape: which sources each value came from, highest priority
    // first (an empty list: conda's default).
    values["envdesk_sources"] = sources;
    return show(json, values, text);
}

int runShowSources(bool json, const config::ConfigInputs& inputs)
{
    auto loaded = config::Config::load(inputs);
    if (!loaded) {
        return failWithError(json, loaded.error(), "ConfigurationLoadError");
    }
    nlohmann::json out = nlohmann::json::object();
    std::string text;
    for (const auto& source : loaded->sources()) {
        nlohmann::json content = nlohmann::json::object();
        text += (text.empty() ? "" : "\n") + std::string("==> ") + source.name + " <==\n";
        // The file's own order, as conda prints it.
        for (const auto& [key, value] : source.content.entries) {
            content[key] = config::typedJson(value, config::findKey(key));
            present::maskSecretsIn(content[key]);
            text += present::configShowText(key, content[key]);
        }
        out[source.name] = content;
    }
    return show(json, out, text);
}

int runGet(bool json, std::vector<std::string> keys, const std::string& path)
{
    auto editor = config::CondarcEditor::open(path);
    if (!editor) {
        return failWithError(json, editor.error(), "ConfigurationLoadError");
    }
    const config::ConfigValue& content = editor->content();
    if (keys.empty()) {
        for (const auto& entry : content.entries) {
            keys.push_back(entry.key);
        }
        std::sort(keys.begin(), keys.end());
    }
    nlohmann::json got = nlohmann::json::object();
    std::vector<std::string> warnings;
    std::string text;
    for (const auto& key : keys) {
        const config::ConfigValue* value = content.find(key);
        if (!value) {
            if (!config::findKey(key)) {
                warnings.push_back("Unknown key: " + present::pythonRepr(key));
                note(json, warnings.back());
            }
            continue;
        }
        got[key] = config::typedJson(*value, config::findKey(key));
        text += present::configGetText(key, got[key]);
    }
    return show(json, {{"get", got}, {"rc_path", path}, {"success", true}, {"warnings", warnings}},
                text);
}

int runEdits(bool json, const std::vector<config::ConfigEdit>& edits, const std::string& path)
{
    auto editor = config::CondarcEditor::open(path);
    if (!editor) {
        return failWithError(json, editor.error(), "ConfigurationLoadError");
    }
    if (auto edited = config::applyEdits(*editor, edits); !edited) {
        return failWithError(json, edited.error());
    }
    if (auto saved = editor->save(); !saved) {
        return failWithError(json, saved.error());
    }
    for (const auto& warning : editor->warnings()) {
        note(json, "Warning: " + warning);
    }
    return show(json, {{"rc_path", path}, {"success", true}, {"warnings", editor->warnings()}}, "");
}

} // namespace

int runConfig(const Invocation& call)
{
    const Arguments& parsed = call.args;
    const bool json = parsed.flag("--json");
    const bool showKeys = parsed.flag("--show");
    const bool get = parsed.flag("--get");
    const auto edits = editsOf(parsed);
    if (!parsed.positionals.empty() && !showKeys && !get) {
        return call.usageError("unexpected argument " + util::quoted(parsed.positionals.front()));
    }
    const int actions = (showKeys ? 1 : 0) + (parsed.flag("--show-sources") ? 1 : 0) + (get ? 1 : 0)
                        + (edits.empty() ? 0 : 1);
    if (actions == 0) {
        return call.usageError(
            "nothing to do: give --show, --show-sources, --get or an edit such as --set KEY VALUE");
    }
    if (actions > 1) {
        return call.usageError("--show, --show-sources, --get and edits cannot be combined");
    }
    const config::ConfigInputs inputs = config::ConfigInputs::fromProcess();
    if (showKeys) {
        return runShow(json, parsed.positionals, inputs);
    }
    if (parsed.flag("--show-sources")) {
        return runShowSources(json, inputs);
    }
    const auto path = config::configFileToEdit(
        inputs, {parsed.value("--file"), parsed.flag("--system"), parsed.flag("--env")});
    if (!path) {
        return failWith(json, "CondaValueError", path.error().message());
    }
    return get ? runGet(json, parsed.positionals, *path) : runEdits(json, edits, *path);
}

} // namespace envdesk::cli
