#pragma once

#include "core/specs/channel.h"
#include "core/specs/match_spec.h"
#include "core/specs/package_record.h"
#include "core/util/result.h"

#include <string>
#include <vector>

namespace envdesk::repodata {

// The records of one channel subdir read from disk.
struct SubdirRecords {
    std::string channel; // canonical name
    std::string subdir;
    std::string path; // the repodata.json read
    std::vector<specs::PackageRecord> records;
    // Records refused for unsafe names, one line each (Repodata::refused).
    std::vector<std::string> refused;
};

// The folder a local (file://) channel lives in.
[[nodiscard]] util::Result<std::string> localChannelPath(const specs::Channel& channel);

// Reads `<channel>/<subdir>/repodata.json` for each of `platforms` of a local channel. A subdir
// without a repodata.json is skipped (channels often lack some platforms); a channel without any
// is an error naming the folder, and a broken file is an error naming the file.
[[nodiscard]] util::Result<std::vector<SubdirRecords>>
loadLocalChannel(const specs::Channel& channel, const std::vector<std::string>& platforms);

// The records matching `spec`, sorted as `conda search` lists them: by name, then version
// (conda's order), then build number, then build string.
[[nodiscard]] std::vector<specs::PackageRecord> query(const std::vector<SubdirRecords>& subdirs,
                                                      const specs::MatchSpec& spec);

} // namespace envdesk::repodata
