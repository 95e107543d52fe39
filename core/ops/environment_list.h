#pragma once

#include "core/config/config.h"
#include "core/env/environments.h"
#include "core/env/prefix.h"
#include "core/specs/package_record.h"
#include "core/util/result.h"

#include <optional>
#include <string>
#include <vector>

// Which environments the machine has, and where a named one is, decided the same way for the CLI
// and the window. The list (`env list`, the window's list) holds the configured root and
// envs_dirs, the registry in the home folder, and the installations of conda, Miniconda,
// Miniforge and micromamba in their usual places, or those that ENVDESK_INSTALLATIONS names (a
// colon-separated list, for machines with installations in odd places and for tests).
namespace envdesk::ops {

[[nodiscard]] env::DiscoveryInputs discoveryInputs(const config::ConfigInputs& inputs,
                                                   const config::Config& configuration);

[[nodiscard]] std::vector<env::EnvironmentInfo>
listEnvironments(const config::ConfigInputs& inputs, const config::Config& configuration);

// What a named environment is looked up for: one to use (list, install, export, a clone's
// source) or one to make (create, a clone's or a rename's destination).
enum class PrefixUse { Existing, New };

// The absolute prefix `-n NAME` or `-p PATH` names: env::resolvePrefix over the configuration's
// envs_dirs, the root prefix, the home and current folders of `inputs` (the CLI's target
// prefix, the window's name fields). For an Existing one, a name that no envs_dir holds is also
// looked for among the environments listEnvironments() shows by that name (micromamba's
// ~/micromamba/envs/NAME, say), as long as exactly one has it: `env list` shows it by name, so
// `-n NAME` reaches it. A New one always goes where conda would put it.
[[nodiscard]] util::Result<std::string>
resolveEnvironmentPrefix(const env::PrefixChoice& choice, const config::ConfigInputs& inputs,
                         const config::Config& configuration, PrefixUse use = PrefixUse::Existing);

// conda's determine_target_prefix: the environment `typed` names (resolveEnvironmentPrefix());
// without one, the active environment, else the root prefix; when there is
// neither (nothing active, no root prefix known): NotFound.
[[nodiscard]] util::Result<std::string> targetPrefix(const std::optional<env::PrefixChoice>& typed,
                                                     const config::ConfigInputs& inputs,
                                                     const config::Config& configuration,
                                                     PrefixUse use = PrefixUse::Existing);

// targetPrefix() for what must already be an environment (activation, run, kernels): a folder
// without conda-meta is NotFound with the prefix as its context and conda's words as its detail:
// "Could not find conda environment: NAME" for a name, "Not a conda environment: PATH" otherwise.
[[nodiscard]] util::Result<std::string>
existingEnvironment(const std::optional<env::PrefixChoice>& typed,
                    const config::ConfigInputs& inputs, const config::Config& configuration);

// The packages `conda list REGEX` shows: those whose name `pattern` matches (ECMAScript, case
// ignored) anywhere, or with `fullName` as a whole; all of them when `pattern` is empty. An
// invalid expression is InvalidRecord, naming it.
[[nodiscard]] util::Result<std::vector<specs::PackageRecord>>
packagesMatching(std::vector<specs::PackageRecord> records, const std::string& pattern,
                 bool fullName);

} // namespace envdesk::ops
