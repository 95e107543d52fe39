#pragma once

#include "core/platform/virtual_packages.h"
#include "core/specs/package_record.h"

#include <map>
#include <string>

// What the CONDA_OVERRIDE_* variables did to the virtual packages, and whether a value would
// be taken: the rules the Machine page shows and checks, decided by the same code the solver
// uses (virtualPackages()).
namespace envdesk::platform {

// The override variable that gave `record` its value under `overrides` (a variable the solver
// ignored, an invalid value, gives none), or empty.
[[nodiscard]] std::string overrideBehind(const specs::PackageRecord& record,
                                         const std::map<std::string, std::string>& overrides);

// The override variable that removed the virtual package `package` (set to empty; an empty
// CONDA_OVERRIDE_CUDA also removes __cuda_arch), or empty.
[[nodiscard]] std::string overrideRemoving(const std::string& package,
                                           const std::map<std::string, std::string>& overrides);

// Whether setting `variable` to `value` on `host` would come through into its virtual package:
// versions are numbers (conda would take "twelve" and then ignore it), CUDA's is MAJOR.MINOR as
// the driver says it, __archspec's is a build string the solver keeps.
[[nodiscard]] bool overrideAccepted(const HostFacts& host, const std::string& variable,
                                    const std::string& value);

} // namespace envdesk::platform
