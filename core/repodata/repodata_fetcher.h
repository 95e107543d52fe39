#pragma once

#include "core/download/download.h"
#include "core/repodata/record_index.h"
#include "core/specs/channel.h"
#include "core/util/result.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <stop_token>
#include <string>
#include <vector>

namespace envdesk::repodata {

// What is remembered about one cached repodata.json, in `<key>.state.json` beside it.
struct CacheState {
    std::string url;     // the subdir URL, credentials removed
    std::string variant; // the file last fetched: "repodata.json.zst", "repodata.json", ".bz2"
    std::string etag;
    std::string lastModified;
    std::string cacheControl;
    std::int64_t refreshedAt = 0; // unix seconds of the last fetch or 304
    std::uint64_t size = 0;       // bytes of the decoded repodata.json
    // The file kept in the cache: "repodata.json.zst" (as sent: a tenth of the size, decoded in
    // memory when read) or "repodata.json" (decoded; also what caches without this key hold).
    std::string stored;
    // When `.zst` was last found missing on this server: it is not asked for again for a day.
    std::int64_t zstMissingSince = 0;
    // The same for the shard index (CEP 16), so that a channel without shards costs one extra
    // request a day, not one per load.
    std::int64_t shardsMissingSince = 0;

    bool operator==(const CacheState&) const = default;
};

struct FetchOptions {
    std::string cacheDir;
    download::Options download;
    // conda's local_repodata_ttl: 1 honours the server's `Cache-Control: max-age`, 0 always
    // revalidates, more than 1 is a time-to-live in seconds.
    std::int64_t localRepodataTtl = 1;
    bool useZst = true; // conda's repodata_use_zst
    // conda's repodata_use_shards: ask for the shard index (CEP 16) first, and use it when the
    // channel has one.
    bool useShards = true;
    // Seconds since the epoch; tests replace it to move time.
    std::function<std::int64_t()> now;
};

// One subdir of one channel to bring up to date.
struct SubdirTarget {
    specs::Channel channel;
    std::string platform;
};

struct FetchedSubdir {
    enum class Origin {
        Downloaded,        // a new repodata came from the server
        NotModified,       // the server answered 304: the cache is current
        FreshCache,        // within its time-to-live: the server was not asked
        CacheWhileOffline, // offline: the cache was used, however old
        CacheAfterFailure, // the server failed: the cache was used; `note` says why
    };
    SubdirTarget target;
    Origin origin = Origin::Downloaded;
    // What came: the decoded repodata.json, or the channel's shard index (CEP 16), in the cache.
    bool sharded = false;
    // The repodata in the cache (not sharded): `<key>.json`, or `<key>.json.zst` as sent (readers
    // decode by suffix).
    std::string jsonPath;
    std::string shardIndexPath; // repodata_shards.msgpack.zst as sent (sharded)
    std::string url;            // where it came from, credentials masked
    // The subdir URL it came from (a mirror's, or the channel's), credentials kept: what the
    // shard index's relative URLs are resolved against. Memory only, never written.
    std::string sourceUrl;
    std::uint64_t bytesFetched = 0; // bytes downloaded for it in this call (as sent, compressed)
    // Just downloaded: the decoded repodata.json, still in memory, so that its record index is
    // built without reading and decoding the cached file again. Null otherwise.
    std::shared_ptr<const std::string> decoded;
    std::string note; // a sentence for the user when the cache stood in for the network
    CacheState state;
};

struct FetchProgress {
    std::size_t done = 0;
    std::size_t total = 0;
    std::uint64_t bytes = 0;
    std::string current;
};
using FetchProgressFn = std::function<void(const FetchProgress&)>;

// Brings every target's repodata into the cache, in parallel: `.zst` first (unless disabled or
// known missing), then `.json`, then `.bz2`; conditional requests with the cached validators;
// the channel's mirrors in order. Offline, or when every source fails, a cached copy is used and
// the result says so; a target with neither is an error naming its URLs: NotFound when every
// server answered 404 (or, offline, nothing is cached), Network when one could not be reached.
[[nodiscard]] std::vector<util::Result<FetchedSubdir>>
fetchRepodata(const std::vector<SubdirTarget>& targets, const FetchOptions& options,
              const FetchProgressFn& progress, std::stop_token stop);

// The record index of a fetched subdir (`<key>.idx` beside its JSON), built from the cached
// repodata.json when it is missing or was made from other data, so that only the first load
// after a download parses JSON. `channelName` is written into each record. When `refused` is
// given, it receives one line per record the channel holds but that was refused for an unsafe
// name (RepodataSummary::refused), kept beside the index so that a cached index still says so.
// A just-downloaded subdir's `decoded` text is handed to the index builder (and is null after).
// `watch` sees the index being built, and may stop it.
[[nodiscard]] util::Result<RecordIndex> openRecordIndex(FetchedSubdir& fetched,
                                                        std::vector<std::string>* refused = nullptr,
                                                        const IndexWatch& watch = {});

// The cache file names for a subdir URL (exposed for tests and the cache cleaner).
[[nodiscard]] std::string cacheKey(std::string_view subdirUrl);
[[nodiscard]] util::Result<CacheState> readCacheState(const std::string& path);

} // namespace envdesk::repodata
