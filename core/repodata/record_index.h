#pragma once

#include "core/repodata/repodata_parser.h"
#include "core/specs/package_record.h"
#include "core/util/mapped_file.h"
#include "core/util/result.h"

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <stop_token>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace envdesk::repodata {

// A binary, memory-mapped index of one subdir's records, written once after a repodata.json is
// parsed and read on every later start instead of the JSON. Records are grouped by package name
// behind a sorted name table, so a solve decodes only the names it can reach: opening the index
// touches the header and the name table, nothing else. Strings (names, versions, dependency
// specs) are pooled once each. Every offset is checked against the file before it is followed:
// a truncated or corrupt index is an error, never a crash. See docs/repodata-cache.md.
class RecordIndex {
public:
    RecordIndex() = default;

    // Writes the index atomically. `validator` identifies the repodata it came from (its
    // validators, size and variant); open() refuses an index whose validator differs. Each
    // record's URL is kept only as `urlBase/fn` (empty urlBase: the URL is the file name).
    [[nodiscard]] static util::Result<void> write(const std::string& path,
                                                  std::string_view validator,
                                                  std::string_view urlBase,
                                                  const std::vector<specs::PackageRecord>& records);
    [[nodiscard]] static util::Result<RecordIndex> open(const std::string& path,
                                                        std::string_view expectedValidator);

    // The index holds URLs without credentials. Given the subdir URL with them (the channel as
    // configured or typed), records in that place get them back in their URLs, so downloads
    // from a private channel work.
    void restoreCredentials(std::string_view subdirUrl);

    [[nodiscard]] std::size_t nameCount() const { return m_nameCount; }
    // Records in the index (excluded ones — `removed`, shadowed `.tar.bz2` — not counted).
    [[nodiscard]] std::size_t recordCount() const { return m_orderCount; }
    // The package names, sorted.
    [[nodiscard]] std::vector<std::string_view> names() const;
    [[nodiscard]] bool contains(std::string_view name) const;
    // The records of one package name, in the order they were written (empty when absent).
    [[nodiscard]] util::Result<std::vector<specs::PackageRecord>>
    recordsFor(std::string_view name) const;
    [[nodiscard]] util::Result<std::vector<specs::PackageRecord>> all() const;

private:
    [[nodiscard]] util::Result<std::string_view> string(std::uint32_t offset,
                                                        std::uint32_t length) const;
    [[nodiscard]] util::Result<specs::PackageRecord> decode(std::size_t index) const;
    [[nodiscard]] util::Result<std::vector<specs::PackageRecord>>
    decodeOrder(std::uint64_t first, std::uint64_t count) const;
    [[nodiscard]] std::optional<std::size_t> findName(std::string_view name) const;
    [[nodiscard]] std::string_view nameAt(std::size_t slot) const;

    util::MappedFile m_file;
    std::string m_path;
    std::string m_urlBase;
    std::string m_subdir;
    std::size_t m_nameCount = 0;
    std::size_t m_recordCount = 0;
    std::uint64_t m_namesOffset = 0;
    std::uint64_t m_recordsOffset = 0;
    std::uint64_t m_orderOffset = 0;
    std::uint64_t m_orderCount = 0;
    std::uint64_t m_namePoolOffset = 0;
    std::uint64_t m_namePoolLength = 0;
    std::uint64_t m_listsOffset = 0;
    std::uint64_t m_listCount = 0;
    std::uint64_t m_stringsOffset = 0;
    std::uint64_t m_stringsLength = 0;
};

// Builds a record index from records streamed into it (a RecordSink), holding only the pooled
// strings and fixed-size entries, never the records themselves: a 500,000-record channel is
// indexed in a fraction of the memory its records would take.
class RecordIndexWriter final : public RecordSink {
public:
    RecordIndexWriter();
    ~RecordIndexWriter() override;
    RecordIndexWriter(const RecordIndexWriter&) = delete;
    RecordIndexWriter& operator=(const RecordIndexWriter&) = delete;

    // Room for the records of a repodata.json of `jsonBytes` (decoded), reserved up front.
    void reserveFor(std::size_t jsonBytes);
    [[nodiscard]] util::Result<void> add(specs::PackageRecord&& record) override;
    // Writes the file. From `summary`: records whose file name is `excluded` are left out, URLs
    // are `urlBase/fn`, and a record without a subdir takes the summary's.
    [[nodiscard]] util::Result<void> finish(const std::string& path, std::string_view validator,
                                            const RepodataSummary& summary);

private:
    struct State;
    std::unique_ptr<State> m_state;
};

// How far the building of an index has come: records read so far from `subdir` (the
// repodata's subdir URL, credentials masked, or its file), `done` once the index is written.
struct RecordIndexProgress {
    std::string subdir;
    std::size_t records = 0;
    bool done = false;
};
using RecordIndexProgressFn = std::function<void(const RecordIndexProgress&)>;

// Someone watching an index being built: `progress` every few thousand records and once at the
// end (may be empty); `stop` ends the build with ErrorCode::Cancelled, leaving no index behind.
struct IndexWatch {
    RecordIndexProgressFn progress;
    std::stop_token stop;
};

// Streams a repodata.json file into a record index at `indexPath` (see streamRepodataFile).
[[nodiscard]] util::Result<RepodataSummary> indexRepodataFile(const std::string& jsonPath,
                                                              const RepodataSource& source,
                                                              const std::string& indexPath,
                                                              std::string_view validator,
                                                              const IndexWatch& watch = {});

// The index at `indexPath` when it was made from the same repodata (`validator`), else made
// from `jsonPath` first (atomically: a reader never sees half an index). `refused` (may be null)
// gets the records the parser left out, kept beside the index in `<index>.refused`. `text`,
// when given, is the file's decoded content already in memory (just downloaded): it is parsed
// instead of reading and decoding the file again, and let go of (when this holds the last
// reference) before the index is written, so the two are never in memory together. `watch`
// sees a build (not an index that was already there) and may stop it.
[[nodiscard]] util::Result<RecordIndex> openOrBuildRecordIndex(
    const std::string& jsonPath, const RepodataSource& source, const std::string& indexPath,
    std::string_view validator, std::vector<std::string>* refused,
    std::shared_ptr<const std::string> text = nullptr, const IndexWatch& watch = {});

} // namespace envdesk::repodata
