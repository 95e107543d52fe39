#include "core/gpu/gpu_cache.h"

#include "core/gpu/probe_protocol.h"
#include "core/util/file_io.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <system_error>
#include <vector>

#if defined(__unix__) || defined(__APPLE__)
#include <unistd.h>
#endif

namespace envdesk::gpu {

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr int kCacheFormat = 1;
// Entries written further than this in the future mean the clock went back: not trusted.
constexpr std::int64_t kClockSkewSeconds = 5 * 60;

std::string readSmallFile(const std::string& path)
{
    std::ifstream file(path, std::ios::binary);
    if (!file) {
        return {};
    }
    // Only small /proc files are read here; 4 KiB is plenty.
    char buffer[4096];
    file.read(buffer, sizeof buffer);
    return std::string(buffer, static_cast<std::size_t>(file.gcount()));
}

std::string trimmed(const std::string& text)
{
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) {
        return {};
    }
    const auto last = text.find_last_not_of(" \t\r\n");
    return text.substr(first, last - first + 1);
}

// "path:mtime:size" for a file that exists, empty otherwise.
std::string fileIdentity(const std::string& path)
{
    std::error_code error;
    const auto size = fs::file_size(path, error);
    if (error) {
        return {};
    }
    const auto time = fs::last_write_time(path, error);
    if (error) {
        return {};
    }
    return path + ":" + std::to_string(time.time_since_epoch().count()) + ":"
           + std::to_string(size);
}

std::string lookup(const std::map<std::string, std::string>& environment, const char* name,
                   bool& set)
{
    const auto it = environment.find(name);
    set = it != environment.end();
    return set ? it->second : std::string();
}

std::vector<std::string> splitPath(const std::string& list)
{
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= list.size()) {
        auto end = list.find(':', start);
        if (end == std::string::npos) {
            end = list.size();
        }
        if (end > start) {
            out.push_back(list.substr(start, end - start));
        }
        start = end + 1;
    }
    return out;
}

constexpr const char* kLibraries[] = {"libnvidia-ml.so.1", "libcuda.so.1"};

std::string driverIdentity()
{
    std::string identity;
    // The loaded kernel module's version line changes with every driver update.
    if (const std::string module = trimmed(readSmallFile("/proc/driver/nvidia/version"));
        !module.empty()) {
        identity = "module=" + module;
    } else {
        // No kernel module file (WSL2, or no driver): the user-space libraries' identity.
        for (const char* folder : {"/usr/lib64/nvidia", "/usr/lib/x86_64-linux-gnu",
                                   "/usr/lib/aarch64-linux-gnu", "/usr/lib/wsl/lib"}) {
            for (const char* library : kLibraries) {
                if (auto file = fileIdentity(std::string(folder) + "/" + library); !file.empty()) {
                    identity += "lib=" + file + ";";
                }
            }
        }
    }
    // The device nodes present: containers sharing one cache see different GPUs.
    std::vector<std::string> nodes;
    std::error_code error;
    for (fs::directory_iterator it("/dev", error), end; !error && it != end; it.increment(error)) {
        const std::string name = it->path().filename().string();
        if (name.size() > 6 && name.compare(0, 6, "nvidia") == 0
            && std::all_of(name.begin() + 6, name.end(),
                           [](char c) { return c >= '0' && c <= '9'; })) {
            nodes.push_back(name);
        }
    }
    std::sort(nodes.begin(), nodes.end());
    identity += ";devices=";
    for (const auto& node : nodes) {
        identity += node + ",";
    }
    return identity;
}

std::string probeEnvironment(const std::map<std::string, std::string>& environment)
{
    std::string text;
    for (const char* name : {"ENVDESK_GPU_LIBRARY_PATH", "ENVDESK_GPU_NO_SYSTEM_SEARCH",
                             "ENVDESK_NVIDIA_SMI", "LD_LIBRARY_PATH"}) {
        bool set = false;
        const std::string value = lookup(environment, name, set);
        text += std::string(name) + (set ? "=" + value : " unset") + ";";
    }
    // What the override folders and program hold: rebuilding a stand-in changes the answer.
    bool set = false;
    for (const auto& folder : splitPath(lookup(environment, "ENVDESK_GPU_LIBRARY_PATH", set))) {
        for (const char* library : kLibraries) {
            text += fileIdentity(folder + "/" + library) + ";";
        }
    }
    if (const std::string smi = lookup(environment, "ENVDESK_NVIDIA_SMI", set); !smi.empty()) {
        text += fileIdentity(smi) + ";";
    }
    return text;
}

json keyJson(const CacheKey& key)
{
    return json{{"boot_id", key.bootId},
                {"driver", key.driver},
                {"probe_environment", key.probeEnvironment}};
}

bool hadFault(const GpuInfo& info)
{
    return info.timedOut
           || std::any_of(info.attempts.begin(), info.attempts.end(), [](const Attempt& attempt) {
                  return attempt.outcome == AttemptOutcome::Crashed
                         || attempt.outcome == AttemptOutcome::TimedOut;
              });
}

} // namespace

CacheKey currentCacheKey(const std::map<std::string, std::string>& environment)
{
    CacheKey key;
    key.bootId = trimmed(readSmallFile("/proc/sys/kernel/random/boot_id"));
    if (key.bootId.empty()) {
        return key; // no caching: nothing else to compute
    }
    key.driver = driverIdentity();
    key.probeEnvironment = probeEnvironment(environment);
    return key;
}

std::string defaultCacheFile(const std::map<std::string, std::string>& processEnvironment)
{
    const auto nonEmpty = [&](const char* name) {
        const auto it = processEnvironment.find(name);
        return it == processEnvironment.end() ? std::string() : it->second;
    };
    if (const std::string xdg = nonEmpty("XDG_CACHE_HOME"); !xdg.empty()) {
        return xdg + "/envdesk/gpu.json";
    }
    if (const std::string home = nonEmpty("HOME"); !home.empty()) {
        return home + "/.cache/envdesk/gpu.json";
    }
    return {};
}

std::optional<GpuInfo> readCache(const std::string& file, const CacheKey& key, std::int64_t now)
{
    if (file.empty() || key.bootId.empty()) {
        return std::nullopt;
    }
    std::ifstream stream(file, std::ios::binary);
    if (!stream) {
        return std::nullopt;
    }
    const std::string text{std::istreambuf_iterator<char>(stream),
                           std::istreambuf_iterator<char>()};
    const json value = json::parse(text, nullptr, false);
    if (!value.is_object()) {
        return std::nullopt;
    }
    const auto format = value.find("format");
    const auto storedKey = value.find("key");
    const auto written = value.find("written_at");
    const auto info = value.find("info");
    if (format == value.end() || *format != kCacheFormat || storedKey == value.end()
        || *storedKey != keyJson(key) || written == value.end() || !written->is_number_integer()
        || info == value.end() || !info->is_object()) {
        return std::nullopt;
    }
    const auto writtenAt = written->get<std::int64_t>();
    if (writtenAt - now > kClockSkewSeconds) {
        return std::nullopt;
    }
    auto result = probe::gpuInfoFromJson(info->dump());
    if (!result) {
        return std::nullopt;
    }
    const std::int64_t lifetime =
        hadFault(*result) ? kCacheFaultLifetimeSeconds : kCacheLifetimeSeconds;
    if (now - writtenAt > lifetime) {
        return std::nullopt;
    }
    result->fromCache = true;
    return result;
}

bool writeCache(const std::string& file, const CacheKey& key, const GpuInfo& info, std::int64_t now)
{
    if (file.empty() || key.bootId.empty()) {
        return false;
    }
    const json infoJson = json::parse(probe::toJson(info), nullptr, false);
    if (!infoJson.is_object()) {
        return false;
    }
    const json value{
        {"format", kCacheFormat}, {"key", keyJson(key)}, {"written_at", now}, {"info", infoJson}};
    std::error_code error;
    const fs::path path(file);
    if (path.has_parent_path()) {
        fs::create_directories(path.parent_path(), error);
        if (error) {
            return false;
        }
    }
    const std::string temporary = util::temporaryPathFor(file);
    {
        std::ofstream stream(temporary, std::ios::binary | std::ios::trunc);
        if (!stream) {
            return false;
        }
        stream << value.dump(2, ' ', false, json::error_handler_t::replace) << "\n";
        if (!stream) {
            fs::remove(temporary, error);
            return false;
        }
    }
    fs::rename(temporary, path, error);
    if (error) {
        fs::remove(temporary, error);
        return false;
    }
    return true;
}

} // namespace envdesk::gpu
