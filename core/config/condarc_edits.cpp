#include "core/config/condarc_edits.h"

namespace envdesk::config {

util::Result<void> applyEdits(CondarcEditor& editor, const std::vector<ConfigEdit>& edits)
{
    using Kind = ConfigEdit::Kind;
    for (const auto& edit : edits) {
        util::Result<void> done;
        switch (edit.kind) {
        case Kind::Set:
            done = editor.set(edit.key, edit.value);
            break;
        case Kind::Remove:
            done = editor.remove(edit.key, edit.value);
            break;
        case Kind::RemoveKey:
            done = editor.removeKey(edit.key);
            break;
        case Kind::Add:
        case Kind::Append:
            if (edit.key == "channels" && !editor.content().find("channels")) {
                if (auto seeded = editor.add("channels", "defaults", CondarcEditor::ListEnd::Back);
                    !seeded) {
                    return seeded;
                }
            }
            done = editor.add(edit.key, edit.value,
                              edit.kind == Kind::Append ? CondarcEditor::ListEnd::Back
                                                        : CondarcEditor::ListEnd::Front);
            break;
        }
        if (!done) {
            return done;
        }
    }
    return util::Ok{};
}

util::Result<std::string> configFileToEdit(const ConfigInputs& inputs,
                                           const ConfigFileChoice& choice)
{
    if (!choice.file.empty()) {
        return choice.file;
    }
    if (choice.system) {
        std::string path = systemConfigFile(inputs);
        if (path.empty()) {
            return util::Error{
                util::ErrorCode::NotFound,
                "--system needs the root prefix: CONDA_ROOT (or CONDA_EXE) is not set", ""};
        }
        return path;
    }
    if (choice.environment) {
        auto path = envConfigFile(inputs);
        if (!path) {
            return util::Error{util::ErrorCode::NotFound,
                               "--env needs an active environment: CONDA_PREFIX is not set", ""};
        }
        return *path;
    }
    return userConfigFile(inputs);
}

} // namespace envdesk::config
