#pragma once

#include "core/specs/package_record.h"

#include <string>
#include <vector>

namespace envdesk::ops {

// The Python series ("3.12") the channels' python records offer, newest first, each once; a
// pre-release ("3.14.0rc1") or a version with anything but digits and dots makes no series of
// its own. What a create offers as its Python choices (the GUI's create dialog).
[[nodiscard]] std::vector<std::string>
pythonSeries(const std::vector<specs::PackageRecord>& records);

} // namespace envdesk::ops
