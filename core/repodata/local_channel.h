#pragma once

#include "core/repodata/record_index.h"
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

// One subdir of a local channel as a record index.
struct LocalSubdirIndex {
    std::string subdir;
    std::string path; // the repodata.json it was made from
    RecordIndex index;
    std::vector<std::string> refused; // as SubdirRecords::refused
};

// The subdirs of a local channel among `platforms` as record indexes kept in `cacheDir` (the
// repodata cache), each made once and reused while its repodata.json is the same file with the
// same size and modification time: a large folder channel is parsed once, not on every read, as
// a remote channel's cached repodata is. Missing subdirs as loadLocalChannel; errors name the
// file. `cacheDir` must be writable (loadLocalChannel reads without one). `watch` sees each
// index being built, and may stop it.
[[nodiscard]] util::Result<std::vector<LocalSubdirIndex>>
indexLocalChannel(const specs::Channel& channel, const std::vector<std::string>& platforms,
                  const std::string& cacheDir, const IndexWatch& watch = {});

// The records matching `spec`, sorted as `conda search` lists them: by name, then version
// (conda's order), then build number, then build string.
[[nodiscard]] std::vector<specs::PackageRecord> query(const std::vector<SubdirRecords>& subdirs,
                                                      const specs::MatchSpec& spec);

} // namespace envdesk::repodata
