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
    // Records left out because a name, version, build or file name is not one plain path
    // component (see RepodataSummary::refused).
    std::vector<std::string> refused;
};

// Receives records one by one while a repodata.json streams by, so that a large channel is never
// held in memory as records (the record index is written this way).
class RecordSink {
public:
    virtual ~RecordSink() = default;
    [[nodiscard]] virtual util::Result<void> add(specs::PackageRecord&& record) = 0;
};

// What a streamed repodata.json said besides its records.
struct RepodataSummary {
    std::string subdir;
    std::string baseUrl; // info.base_url as written
    std::string urlBase; // where the archives are: base_url resolved against the subdir URL
    int repodataVersion = 1;
    std::size_t recordCount = 0; // records passed to the sink
    // File names the sink was given but that are not part of the channel: those listed in
    // `removed`, and `.tar.bz2` files whose `.conda` twin exists.
    std::vector<std::string> excluded;
    // Records not passed to the sink because their name, version, build or file name is not one
    // plain path component (a `fn` of "../../x.conda" would put the download outside the package
    // cache, a build of "0/../../x" its folder): one line per record naming the channel (secrets
    // masked), the record and the field.
    std::vector<std::string> refused;
};

// Streams the records of a repodata.json file (.zst/.bz2 decoded by suffix) into `sink`, as
// they come; records carry the source's channel and millisecond timestamps, but no URL (see
// RepodataSummary::urlBase) and no exclusions applied (see RepodataSummary::excluded).
[[nodiscard]] util::Result<RepodataSummary>
streamRepodataFile(const std::string& path, const RepodataSource& source, RecordSink& sink);

// The same for a document already in memory (a repodata.json just downloaded and decoded).
[[nodiscard]] util::Result<RepodataSummary>
streamRepodataText(std::string_view json, const RepodataSource& source, RecordSink& sink);

// Parses a repodata.json document: `packages` (.tar.bz2) and `packages.conda`, where a `.conda`
// artifact replaces the `.tar.bz2` of the same build, minus the files listed in `removed`.
[[nodiscard]] util::Result<Repodata> parseRepodata(std::string_view json,
                                                   const RepodataSource& source);

// Reads and parses a repodata.json file (.json.zst and .json.bz2 are decoded by their suffix).
[[nodiscard]] util::Result<Repodata> loadRepodataFile(const std::string& path,
                                                      const RepodataSource& source);

} // namespace envdesk::repodata
