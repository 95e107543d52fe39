#pragma once

#include "core/ops/cache_clean.h"

#include <nlohmann/json.hpp>

#include <string>

// `conda clean`'s output for a plan (core/ops/cache_clean.h): the JSON document conda prints and
// its text, brief ("Will remove 3 (12.1 MB) tarball(s).") or with -v the list of each cache.
namespace envdesk::present {

// {"success", "tarballs": {"pkgs_dirs", "pkg_sizes", "total_size", "warnings"}, "packages": ...,
// "index_cache": {"files"}, "logfiles": [...]}: the sections asked for, in conda's shape.
[[nodiscard]] nlohmann::json cleanPlanJson(const ops::CleanPlan& plan);

// What the plan would remove, section by section, as conda words it before asking.
[[nodiscard]] std::string cleanPlanText(const ops::CleanPlan& plan, bool verbose);

// Whether the plan removes anything at all.
[[nodiscard]] bool cleanPlanIsEmpty(const ops::CleanPlan& plan);

} // namespace envdesk::present
