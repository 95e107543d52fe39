#include "core/gpu/gpu_info.h"

#include <array>
#include <charconv>
#include <utility>

namespace envdesk::gpu {

namespace {

constexpr std::array<std::pair<DetectionMethod, std::string_view>, 4> kMethods = {{
    {DetectionMethod::None, "none"},
    {DetectionMethod::Nvml, "nvml"},
    {DetectionMethod::CudaDriver, "libcuda"},
    {DetectionMethod::NvidiaSmi, "nvidia-smi"},
}};

constexpr std::array<std::pair<AttemptOutcome, std::string_view>, 5> kOutcomes = {{
    {AttemptOutcome::Answered, "answered"},
    {AttemptOutcome::NotFound, "not-found"},
    {AttemptOutcome::Failed, "failed"},
    {AttemptOutcome::Crashed, "crashed"},
    {AttemptOutcome::TimedOut, "timed-out"},
}};

std::optional<int> parseSmallNumber(std::string_view text)
{
    if (text.empty() || text.size() > 4) {
        return std::nullopt;
    }
    int value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size()) {
        return std::nullopt;
    }
    return value;
}

} // namespace

std::string_view toString(DetectionMethod method)
{
    for (const auto& [value, name] : kMethods) {
        if (value == method) {
            return name;
        }
    }
    return "none";
}

std::optional<DetectionMethod> methodFromString(std::string_view text)
{
    for (const auto& [value, name] : kMethods) {
        if (name == text) {
            return value;
        }
    }
    return std::nullopt;
}

std::string_view toString(AttemptOutcome outcome)
{
    for (const auto& [value, name] : kOutcomes) {
        if (value == outcome) {
            return name;
        }
    }
    return "failed";
}

std::optional<AttemptOutcome> outcomeFromString(std::string_view text)
{
    for (const auto& [value, name] : kOutcomes) {
        if (name == text) {
            return value;
        }
    }
    return std::nullopt;
}

std::string GpuDevice::computeCapability() const
{
    if (computeMajor <= 0) {
        return {};
    }
    return std::to_string(computeMajor) + "." + std::to_string(computeMinor);
}

std::optional<std::string> GpuInfo::cudaVersion() const
{
    std::string text = formatCudaVersion(cudaDriverVersion);
    if (text.empty()) {
        return std::nullopt;
    }
    return text;
}

std::optional<std::string> GpuInfo::lowestComputeCapability() const
{
    const GpuDevice* lowest = nullptr;
    for (const auto& device : devices) {
        if (device.computeMajor <= 0) {
            continue;
        }
        if (!lowest
            || std::pair(device.computeMajor, device.computeMinor)
                   < std::pair(lowest->computeMajor, lowest->computeMinor)) {
            lowest = &device;
        }
    }
    if (!lowest) {
        return std::nullopt;
    }
    return lowest->computeCapability();
}

std::string formatCudaVersion(int encoded)
{
    if (encoded <= 0) {
        return {};
    }
    // CUDA's encoding: 1000 * major + 10 * minor (cuDriverGetVersion, NVML).
    return std::to_string(encoded / 1000) + "." + std::to_string((encoded % 1000) / 10);
}

std::optional<int> parseCudaVersion(std::string_view text)
{
    const auto dot = text.find('.');
    if (dot == std::string_view::npos) {
        return std::nullopt;
    }
    const auto major = parseSmallNumber(text.substr(0, dot));
    const auto minor = parseSmallNumber(text.substr(dot + 1));
    if (!major || !minor || *major <= 0 || *major > 999 || *minor > 99) {
        return std::nullopt;
    }
    return *major * 1000 + *minor * 10;
}

} // namespace envdesk::gpu
