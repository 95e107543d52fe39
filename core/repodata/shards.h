#pragma once

#include "core/repodata/repodata_parser.h"
#include "core/util/result.h"

#include <functional>
#include <map>
#include <string>
#include <string_view>

// Sharded repodata (CEP 16): a subdir's `repodata_shards.msgpack.zst` maps each package name to
// the SHA-256 of a shard, `<shards_base_url><sha256>.msgpack.zst`, that holds every record of
// that name as repodata.json would. Reading both formats; fetching is in sharded_subdir.h, writing
// in channel_index.h. See docs/sharded-repodata.md.
namespace envdesk::repodata {

inline constexpr std::string_view kShardIndexFileName = "repodata_shards.msgpack.zst";

struct ShardIndex {
    std::string subdir;        // info.subdir, when given
    std::string baseUrl;       // info.base_url as written: where the archives are
    std::string shardsBaseUrl; // info.shards_base_url as written: where the shards are
    // Package name -> the shard's SHA-256, lower-case hex. Names that are not one plain path
    // component, and hashes that are not 32 bytes, are left out (see `refused`).
    std::map<std::string, std::string, std::less<>> shards;
    std::vector<std::string> refused; // one line per entry left out, naming it
};

// Parses a shard index (the msgpack bytes, zstd already removed). `description` (the URL or
// file) names it in errors. Unknown keys are ignored, as CEP 16 asks.
[[nodiscard]] util::Result<ShardIndex> parseShardIndex(std::string_view msgpack,
                                                       std::string_view description);

// Parses one shard (the msgpack bytes, zstd already removed) into records, with the same rules
// as repodata.json (parseRepodata): `.conda` replaces the `.tar.bz2` of the same build, `removed`
// files are left out, unsafe names refused. Digests may be bytes (as CEP 16 suggests) or hex
// strings (as conda's writer keeps them). Each record's URL is `archiveBase/fn`.
[[nodiscard]] util::Result<Repodata>
parseShard(std::string_view msgpack, const RepodataSource& source, std::string_view archiveBase);

// Resolves a URL reference from a shard index (`base_url`, `shards_base_url`) against the URL of
// the folder the index is in (`folderUrl`, ending in '/'), as a browser would: absolute URLs as
// they are, `/x` from the host, `./` and `../` segments applied. A reference that would leave
// the kind of place the channel is (a remote channel naming a file:// URL or another scheme, a
// file:// channel naming a place outside its folder) is an error naming the index.
[[nodiscard]] util::Result<std::string> resolveIndexReference(std::string_view folderUrl,
                                                              std::string_view reference,
                                                              std::string_view channelRootUrl,
                                                              std::string_view description);

} // namespace envdesk::repodata
