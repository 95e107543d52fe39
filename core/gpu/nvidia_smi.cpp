#include "core/gpu/nvidia_smi.h"

#include <charconv>
#include <regex>

namespace envdesk::gpu {

namespace {

std::string_view trimmed(std::string_view text)
{
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) {
        return {};
    }
    const auto last = text.find_last_not_of(" \t\r\n");
    return text.substr(first, last - first + 1);
}

std::vector<std::string_view> splitView(std::string_view text, char separator)
{
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    while (true) {
        const auto end = text.find(separator, start);
        if (end == std::string_view::npos) {
            parts.push_back(text.substr(start));
            return parts;
        }
        parts.push_back(text.substr(start, end - start));
        start = end + 1;
    }
}

bool isUnknown(std::string_view field)
{
    return field == "[N/A]" || field == "N/A" || field == "[Not Supported]";
}

// A printable device name: no control characters, not absurdly long.
bool isPlausibleName(std::string_view name)
{
    if (name.empty() || name.size() > 200) {
        return false;
    }
    for (const char c : name) {
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
            return false;
        }
    }
    return true;
}

std::optional<std::uint64_t> parseMebibytes(std::string_view field)
{
    if (isUnknown(field)) {
        return 0;
    }
    // "81920" (nounits) or "81920 MiB".
    if (field.size() > 4 && field.substr(field.size() - 4) == " MiB") {
        field = field.substr(0, field.size() - 4);
    }
    std::uint64_t value = 0;
    const auto [end, error] = std::from_chars(field.data(), field.data() + field.size(), value);
    if (error != std::errc() || end != field.data() + field.size() || value > (1ULL << 40)) {
        return std::nullopt;
    }
    return value * 1024 * 1024;
}

bool parseComputeCapability(std::string_view field, GpuDevice& device)
{
    if (isUnknown(field)) {
        return true;
    }
    const auto dot = field.find('.');
    if (dot == std::string_view::npos) {
        return false;
    }
    const auto major = field.substr(0, dot);
    const auto minor = field.substr(dot + 1);
    int majorValue = 0;
    int minorValue = 0;
    const auto a = std::from_chars(major.data(), major.data() + major.size(), majorValue);
    const auto b = std::from_chars(minor.data(), minor.data() + minor.size(), minorValue);
    if (major.empty() || minor.empty() || a.ec != std::errc() || b.ec != std::errc()
        || a.ptr != major.data() + major.size() || b.ptr != minor.data() + minor.size()
        || majorValue <= 0 || majorValue > 99 || minorValue < 0 || minorValue > 99) {
        return false;
    }
    device.computeMajor = majorValue;
    device.computeMinor = minorValue;
    return true;
}

} // namespace

std::vector<std::string> nvidiaSmiVersionArguments()
{
    // `-q -d COMPUTE` prints the header (driver and CUDA versions) and one short section per GPU:
    // the smallest query that has both versions, on every driver since CUDA 10.
    return {"-q", "-d", "COMPUTE"};
}

std::vector<std::string> nvidiaSmiDeviceArguments(bool withComputeCapability)
{
    return {withComputeCapability ? "--query-gpu=name,memory.total,compute_cap"
                                  : "--query-gpu=name,memory.total",
            "--format=csv,noheader,nounits"};
}

std::optional<NvidiaSmiVersions> parseNvidiaSmiVersions(std::string_view text)
{
    // Output larger than this is not nvidia-smi's header; do not spend time on it.
    if (text.size() > 4 * 1024 * 1024) {
        return std::nullopt;
    }
    static const std::regex cudaPattern(R"(CUDA Version\s*:\s*([0-9]+\.[0-9]+)\b)");
    static const std::regex driverPattern(R"(Driver Version\s*:\s*([0-9]+(\.[0-9]+)*)\b)");
    const std::string owned(text);
    std::smatch match;
    if (!std::regex_search(owned, match, cudaPattern)) {
        return std::nullopt;
    }
    const auto cuda = parseCudaVersion(match.str(1));
    if (!cuda) {
        return std::nullopt;
    }
    NvidiaSmiVersions versions;
    versions.cudaDriverVersion = *cuda;
    if (std::regex_search(owned, match, driverPattern)) {
        versions.driverVersion = match.str(1);
    }
    return versions;
}

std::optional<std::vector<GpuDevice>> parseNvidiaSmiDevices(std::string_view text,
                                                            bool withComputeCapability)
{
    if (text.size() > 1024 * 1024) {
        return std::nullopt;
    }
    std::vector<GpuDevice> devices;
    const std::size_t fields = withComputeCapability ? 3 : 2;
    for (const auto rawLine : splitView(text, '\n')) {
        const auto line = trimmed(rawLine);
        if (line.empty()) {
            continue;
        }
        if (line == "No devices were found") {
            return std::vector<GpuDevice>{};
        }
        const auto parts = splitView(line, ',');
        if (parts.size() != fields) {
            return std::nullopt;
        }
        GpuDevice device;
        device.name = std::string(trimmed(parts[0]));
        if (!isPlausibleName(device.name)) {
            return std::nullopt;
        }
        const auto memory = parseMebibytes(trimmed(parts[1]));
        if (!memory) {
            return std::nullopt;
        }
        device.memoryBytes = *memory;
        if (withComputeCapability && !parseComputeCapability(trimmed(parts[2]), device)) {
            return std::nullopt;
        }
        devices.push_back(std::move(device));
    }
    return devices;
}

} // namespace envdesk::gpu
