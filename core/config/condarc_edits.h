#pragma once

#include "core/config/condarc_editor.h"
#include "core/config/config.h"
#include "core/util/result.h"

#include <string>
#include <vector>

// `conda config`'s edits of one .condarc: which file they go to and how each changes it.
namespace envdesk::config {

struct ConfigEdit {
    enum class Kind { Set, Add, Append, Remove, RemoveKey } kind = Kind::Set;
    std::string key;
    std::string value; // empty for RemoveKey
};

// Applies `edits` in order, stopping at the first that fails. As conda does, adding to
// `channels` in a file that has none first writes "defaults", the value the user had before;
// Add puts an item first (conda's --add and --prepend), Append last.
[[nodiscard]] util::Result<void> applyEdits(CondarcEditor& editor,
                                            const std::vector<ConfigEdit>& edits);

// The file conda config reads and edits: `file` when given, the root prefix's with `system`,
// the active environment's with `environment`, else the user's (~/.condarc). An error, with
// nothing in `context`, when the inputs lack what --system or --env need.
struct ConfigFileChoice {
    std::string file;
    bool system = false;
    bool environment = false;
};
[[nodiscard]] util::Result<std::string> configFileToEdit(const ConfigInputs& inputs,
                                                         const ConfigFileChoice& choice);

} // namespace envdesk::config
