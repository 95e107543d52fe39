#pragma once

#include "core/gpu/gpu_info.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

// Reading nvidia-smi, the last resort of detection (docs/gpu.md). Its text is not an API, so
// every reader here rejects what it does not recognise instead of guessing.
namespace envdesk::gpu {

struct NvidiaSmiVersions {
    int cudaDriverVersion = 0; // 12040 for "CUDA Version : 12.4"
    std::string driverVersion; // "550.54.14", empty when absent

    bool operator==(const NvidiaSmiVersions&) const = default;
};

// The arguments the probe passes (after the program): a query that prints the header with the
// CUDA and driver versions, and the per-device CSV with and without compute_cap (a field drivers
// before R510 do not know).
[[nodiscard]] std::vector<std::string> nvidiaSmiVersionArguments();
[[nodiscard]] std::vector<std::string> nvidiaSmiDeviceArguments(bool withComputeCapability);

// "CUDA Version : 12.4" and "Driver Version : 550.54.14" from `nvidia-smi -q` output (the plain
// banner's "CUDA Version: 12.4" too). nullopt without a CUDA version of the form MAJOR.MINOR.
[[nodiscard]] std::optional<NvidiaSmiVersions> parseNvidiaSmiVersions(std::string_view text);

// One device a line, "NVIDIA A100-SXM4-80GB, 81920, 8.0" (name, memory.total in MiB,
// compute_cap; without compute_cap when withComputeCapability is false). "[N/A]" reads as
// unknown. "No devices were found" is an empty list. nullopt when any line does not have that
// shape.
[[nodiscard]] std::optional<std::vector<GpuDevice>>
parseNvidiaSmiDevices(std::string_view text, bool withComputeCapability);

} // namespace envdesk::gpu
