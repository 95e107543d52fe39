#pragma once

#include "core/specs/package_record.h"
#include "core/util/result.h"

#include <string>
#include <vector>

// The Python distributions installed in an environment (`*.dist-info`, `*.egg-info` in its
// site-packages), and which of them conda did not install: what `env export` lists under
// `pip:`, as conda does with pip interoperability on.
namespace envdesk::env {

struct PythonDistribution {
    std::string name; // as METADATA spells it ("scikit-learn")
    std::string version;
    std::string path;       // the .dist-info / .egg-info, relative to the prefix
    std::string installer;  // INSTALLER's first line ("pip", "conda"), empty when absent
    bool fromConda = false; // a conda package owns it, or its installer says conda
};

// The distributions of `prefix`'s site-packages (lib/pythonX.Y/site-packages for every X.Y
// there), sorted by lower-cased name. No site-packages: none.
[[nodiscard]] util::Result<std::vector<PythonDistribution>>
pythonDistributions(const std::string& prefix);

// What `conda list` shows: the conda-meta records, and each distribution conda did not install
// as conda's egg-info reading has it (the name lower-cased, build `pypi_0`, channel and subdir
// `pypi`), all sorted by name. An unreadable record is an error naming its file.
[[nodiscard]] util::Result<std::vector<specs::PackageRecord>>
listedPackages(const std::string& prefix);

} // namespace envdesk::env
