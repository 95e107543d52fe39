#pragma once

#include "core/util/result.h"

#include <string>
#include <utility>
#include <vector>

// The variables an environment sets when activated (`conda env config vars`), kept by conda in
// `conda-meta/state` as {"env_vars": {"NAME": "value"}}: what environment.yml's `variables:`
// becomes, and what `env export` writes back.
namespace envdesk::env {

// The variables, in the order the file lists them; none when there is no state file. A name
// that is not util::isShellVariableName is an error naming it and the file.
[[nodiscard]] util::Result<std::vector<std::pair<std::string, std::string>>>
readEnvironmentVariables(const std::string& prefix);

// Sets `variables` (added to those there, a name given again replaced), keeping the file's
// other keys; written atomically.
[[nodiscard]] util::Result<void>
writeEnvironmentVariables(const std::string& prefix,
                          const std::vector<std::pair<std::string, std::string>>& variables);

} // namespace envdesk::env
