#pragma once

#include "core/download/download.h"
#include "core/repodata/shards.h"
#include "core/specs/package_record.h"
#include "core/util/result.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <stop_token>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

// One subdir of a channel that serves sharded repodata (CEP 16): its shard index, and the shards
// of the names asked for so far, fetched on demand. Shards are kept in `<cache>/shards/` under
// their SHA-256, checked on every read: being content-addressed, a cached shard is never asked
// for again. Safe to share between threads (the session's IndexMemory keeps one per subdir).
namespace envdesk::repodata {

struct ShardCounts {
    std::size_t fetched = 0; // shards downloaded
    std::size_t cached = 0;  // shards read from the shard cache
    std::uint64_t bytes = 0; // bytes downloaded for them (compressed, as sent)
    std::size_t names = 0;   // names in the shard index
    // Names whose shard was not cached while offline: taken as having no records.
    std::vector<std::string> offlineMissing;
};

struct ShardProgress {
    std::size_t done = 0; // shards of this call read or fetched
    std::size_t total = 0;
    std::uint64_t bytes = 0; // downloaded so far by this call
};
using ShardProgressFn = std::function<void(const ShardProgress&)>;

class ShardedSubdir {
public:
    struct Settings {
        std::string cacheDir; // the shard cache folder
        download::Options download;
    };

    // `index` as parsed from `indexUrl`; `source.subdirUrl` is the subdir's URL with its
    // credentials (records' URLs keep them); `channelRootUrl` bounds where the index may point.
    [[nodiscard]] static util::Result<std::shared_ptr<const ShardedSubdir>>
    create(ShardIndex index, const std::string& indexUrl, RepodataSource source,
           std::string_view channelRootUrl, Settings settings);

    [[nodiscard]] const std::string& subdir() const { return m_source.subdir; }
    [[nodiscard]] const std::string& channel() const { return m_source.channelName; }
    // The names of the shard index, sorted; known without fetching a shard.
    [[nodiscard]] std::vector<std::string_view> names() const;
    [[nodiscard]] bool contains(std::string_view name) const;
    // The records of `name`, its shard fetched first when it is not loaded yet.
    [[nodiscard]] util::Result<std::vector<specs::PackageRecord>>
    recordsFor(std::string_view name) const;
    [[nodiscard]] ShardCounts counts() const;
    // Index entries and records refused for unsafe names, one line each.
    [[nodiscard]] std::vector<std::string> refused() const;

    // Loads the shards of `names` in every one of `subdirs` that has them and has not loaded
    // them yet, all at once (parallel transfers over shared connections). An error names the
    // shard that could not be fetched or read; Cancelled when `stop` was requested.
    [[nodiscard]] static util::Result<void> load(const std::vector<const ShardedSubdir*>& subdirs,
                                                 const std::vector<std::string>& names,
                                                 std::stop_token stop = {},
                                                 const ShardProgressFn& progress = {});

private:
    ShardedSubdir() = default;
    [[nodiscard]] std::string shardUrl(const std::string& hash) const;
    [[nodiscard]] std::string cachePath(const std::string& hash) const;
    // Decodes a shard's compressed bytes into this subdir's records of `name`.
    util::Result<void> accept(const std::string& name, std::string_view compressed, bool downloaded,
                              std::uint64_t bytes) const;

    ShardIndex m_index;
    RepodataSource m_source;
    std::string m_shardsBase;  // absolute, ends in '/'
    std::string m_archiveBase; // absolute, no trailing '/'
    std::string m_indexUrl;    // credentials masked
    Settings m_settings;

    mutable std::mutex m_mutex;
    mutable std::unordered_map<std::string, std::vector<specs::PackageRecord>> m_loaded;
    mutable ShardCounts m_counts;
    mutable std::vector<std::string> m_refused;
};

} // namespace envdesk::repodata
