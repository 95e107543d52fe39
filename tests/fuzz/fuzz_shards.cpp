// libFuzzer entry point for sharded repodata (CEP 16): any bytes, as a shard index or as a
// shard (zstd-compressed or not), give a value or an error, never a crash; and what an index
// names as its URLs resolves inside its channel or is refused.

#include "core/repodata/compression.h"
#include "core/repodata/shards.h"

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

using namespace envdesk::repodata;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    if (size > 1 << 16) {
        return 0;
    }
    std::string bytes(reinterpret_cast<const char*>(data), size);
    // The files as served are zstd frames: seeds from the fixtures are, mutations may stay so.
    if (size >= 4 && static_cast<unsigned char>(bytes[0]) == 0x28 && bytes[1] == '\xb5'
        && bytes[2] == '\x2f' && bytes[3] == '\xfd') {
        auto decoded = decompress(bytes, Compression::Zstd, "fuzz", 1 << 20);
        if (!decoded) {
            return 0;
        }
        bytes = std::move(*decoded);
    }
    if (auto index = parseShardIndex(bytes, "fuzz")) {
        for (const auto& [name, hash] : index->shards) {
            if (hash.size() != 64 || name.empty()) {
                std::abort();
            }
        }
        const std::string root = "https://example.org/fuzz";
        for (const auto& reference : {index->baseUrl, index->shardsBaseUrl}) {
            auto resolved = resolveIndexReference(root + "/linux-64/", reference, root, "fuzz");
            if (resolved && resolved->rfind("http", 0) != 0) {
                std::abort();
            }
        }
        const std::string folder = "file:///srv/fuzz";
        for (const auto& reference : {index->baseUrl, index->shardsBaseUrl}) {
            auto resolved = resolveIndexReference(folder + "/linux-64/", reference, folder, "fuzz");
            if (resolved && resolved->rfind(folder + "/", 0) != 0) {
                std::abort();
            }
        }
    }
    const RepodataSource source{"fuzz", "https://example.org/fuzz/linux-64", "linux-64", "fuzz"};
    (void)parseShard(bytes, source, "https://example.org/fuzz/linux-64");
    return 0;
}
