#pragma once

#include "core/config/config.h"
#include "core/util/result.h"
#include "ui/changes/change_steps.h"

#include <QString>

#include <stop_token>
#include <string>
#include <vector>

// The changes of whole environments the Environments place offers (its context menu and
// Import): clone, rename, remove, create from a file, each a ChangeStep that decides on a
// worker thread and shows its preview and progress in a ChangeDialog; and export, which writes
// a file and changes nothing. Each loads its configuration from the `inputs` it is given (the
// session's, SessionEnvironment::inputs(), taken on the GUI thread), for its decision, its apply
// and what comes after.
namespace envdesk::ui {

// A copy of `source` at `target`: the same packages (from the cache), then the user's own
// files with the prefix re-pointed.
[[nodiscard]] ChangeStep cloneStep(const config::ConfigInputs& inputs, const std::string& source,
                                   const std::string& target);

// The whole environment at `prefix`, packages (their unlink scripts run) then the folder and
// its registry line. Refuses the base and the active environment, a symlinked prefix and a
// folder that is no environment, naming why.
[[nodiscard]] ChangeStep removeEnvironmentStep(const config::ConfigInputs& inputs,
                                               const QString& name, const std::string& prefix);

// A rename, as conda does it: a clone to `target`, then `source` removed.
[[nodiscard]] std::vector<ChangeStep> renameSteps(const config::ConfigInputs& inputs,
                                                  const QString& name, const std::string& source,
                                                  const std::string& target);

// A new environment at `prefix` from environment.yml (solved), an explicit file or a
// conda-lock file (exact packages), then the file's variables and pip packages.
[[nodiscard]] ChangeStep importStep(const config::ConfigInputs& inputs, const std::string& file,
                                    const std::string& prefix);

enum class ExportFormat { Full, NoBuilds, FromHistory, Explicit, Lock };

// The text of `prefix` exported as `format`, for this machine's platform. Reads only.
[[nodiscard]] util::Result<std::string> exportText(const config::ConfigInputs& inputs,
                                                   const std::string& prefix, ExportFormat format,
                                                   std::stop_token stop);

// `<first envs dir>/<name>` of the configuration, as conda places a new named environment; a
// name holding '/', ' ', ':' or '#' is an error.
[[nodiscard]] util::Result<std::string> prefixForName(const config::ConfigInputs& inputs,
                                                      const std::string& name);

} // namespace envdesk::ui
