#pragma once

#include "core/specs/package_record.h"
#include "core/util/result.h"

#include <string>
#include <string_view>
#include <vector>

namespace envdesk::repodata {

// Where a repodata.json came from, so that each record can say which channel it belongs to and
// where its archive lives.
struct RepodataSource {
    std::string channelName; // canonical name written into each record ("conda-forge")
    std::string subdirUrl;   // e.g. https://conda.anaconda.org/conda-forge/linux-64
    std::string subdir;      // used when the file does not name its own
    std::string description; // the file or URL, for messages
};

struct Repodata {
    std::string subdir;
    // CEP 15 `info.base_url`: where the archives live when not beside repodata.json.
    std::string baseUrl;
    int repodataVersion = 1;
    std::vector<specs::PackageRecord> records;
};

// Parses a repodata.json document: `packages` (.tar.bz2) and `packages.conda`, where a `.conda`
// artifact replaces the `.tar.bz2` of the same build, minus the files listed in `removed`.
[[nodiscard]] util::Result<Repodata> parseRepodata(std::string_view json,
                                                   const RepodataSource& source);

// Reads and parses a repodata.json file.
[[nodiscard]] util::Result<Repodata> loadRepodataFile(const std::string& path,
                                                      const RepodataSource& source);

} // namespace envdesk::repodata
