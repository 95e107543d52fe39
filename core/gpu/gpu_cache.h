#pragma once

#include "core/gpu/gpu_info.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>

// The per-boot cache of detection (docs/gpu.md): a small JSON file keyed by what can change the
// answer without this program noticing. A reboot gives a new boot id; a driver update changes
// /proc/driver/nvidia/version (or, where that file does not exist, the driver libraries'
// mtimes); the override variables change what the probe loads. Reads and writes are best
// effort: any problem means "probe again".
namespace envdesk::gpu {

struct CacheKey {
    std::string bootId;           // /proc/sys/kernel/random/boot_id; empty: no caching possible
    std::string driver;           // the driver's identity, see currentCacheKey()
    std::string probeEnvironment; // the override variables and what they point at

    bool operator==(const CacheKey&) const = default;
};

// The key for this machine now. `environment` is the probe's whole environment (see detect()).
[[nodiscard]] CacheKey currentCacheKey(const std::map<std::string, std::string>& environment);

// $XDG_CACHE_HOME/envdesk/gpu.json, else $HOME/.cache/envdesk/gpu.json, both from
// `processEnvironment` (DetectOptions::processEnvironment); empty without either.
[[nodiscard]] std::string
defaultCacheFile(const std::map<std::string, std::string>& processEnvironment);

// How long an entry is trusted even when its key still matches: a day for a complete answer,
// ten minutes when a method crashed or timed out (so a transient fault heals by itself).
inline constexpr std::int64_t kCacheLifetimeSeconds = 24 * 60 * 60;
inline constexpr std::int64_t kCacheFaultLifetimeSeconds = 10 * 60;

// The cached result for `key`, or nullopt when there is none, it is for another key, it is
// expired (`now` in seconds since the epoch) or unreadable. The result has fromCache set.
[[nodiscard]] std::optional<GpuInfo> readCache(const std::string& file, const CacheKey& key,
                                               std::int64_t now);
// Writes atomically (a temporary file renamed over the old one); false on failure. Does
// nothing (false) for a key without a boot id.
bool writeCache(const std::string& file, const CacheKey& key, const GpuInfo& info,
                std::int64_t now);

} // namespace envdesk::gpu
