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

// --show KEYS, or --show-sources when `sources`.
int runShow(bool json, const std::vector<std::string>& keys, bool sources,
            const config::ConfigInputs& inputs)
{
    auto loaded = config::Config::load(inputs);
    if (!loaded) {
        return failWithError(json, loaded.error(), "ConfigurationLoadError");
    }
    if (sources) {
        return show(json, present::configShowSources(*loaded));
    }
    auto shown = present::configShow(*loaded, keys);
    if (!shown.document) {
        return failWith(json, "CondaKeyError",
                        util::quoted(shown.unknownKey)
                            + ": invalid configuration key (not set anywhere)");
    }
    return show(json, shown.document->json, shown.document->text);
}

int runGet(bool json, const std::vector<std::string>& keys, const std::string& path)
{
    auto editor = config::CondarcEditor::open(path);
    if (!editor) {
        return failWithError(json, editor.error(), "ConfigurationLoadError");
    }
    const auto got = present::configGet(editor->content(), keys, path);
    for (const auto& warning : got.warnings) {
        note(json, warning);
    }
    return show(json, got.json, got.text);
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
    if (showKeys || parsed.flag("--show-sources")) {
        return runShow(json, parsed.positionals, !showKeys, inputs);
    }
    const auto path = config::configFileToEdit(
        inputs, {parsed.value("--file"), parsed.flag("--system"), parsed.flag("--env")});
    if (!path) {
        return failWith(json, "CondaValueError", path.error().message());
    }
    return get ? runGet(json, parsed.positionals, *path) : runEdits(json, edits, *path);
}

} // namespace envdesk::cli
