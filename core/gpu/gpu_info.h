#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// What the machine's NVIDIA driver says about itself and its GPUs, as plain values. Produced by
// gpu::detect() (core/gpu/gpu_detector.h), which asks the driver from a child process; see
// docs/gpu.md.
namespace envdesk::gpu {

// How the driver was asked, in the order detection tries them.
enum class DetectionMethod {
    None,       // nothing answered
    Nvml,       // libnvidia-ml.so.1, the NVIDIA Management Library
    CudaDriver, // libcuda.so.1, the CUDA driver API
    NvidiaSmi,  // the nvidia-smi program
};
// "none", "nvml", "libcuda", "nvidia-smi".
[[nodiscard]] std::string_view toString(DetectionMethod method);
[[nodiscard]] std::optional<DetectionMethod> methodFromString(std::string_view text);

// What one method did.
enum class AttemptOutcome {
    Answered, // it gave a CUDA driver version (and devices)
    NotFound, // its library or program is not on this machine
    Failed,   // it is there but reported an error or gave output that could not be read
    Crashed,  // it took the probe process down (a signal, or an exit from inside the driver)
    TimedOut, // it did not return before the time limit, and the probe was killed
};
// "answered", "not-found", "failed", "crashed", "timed-out".
[[nodiscard]] std::string_view toString(AttemptOutcome outcome);
[[nodiscard]] std::optional<AttemptOutcome> outcomeFromString(std::string_view text);

struct Attempt {
    DetectionMethod method = DetectionMethod::None;
    AttemptOutcome outcome = AttemptOutcome::NotFound;
    // English, for a details view: "libnvidia-ml.so.1: cannot open shared object file",
    // "nvmlInit_v2 returned 9 (Driver Not Loaded)".
    std::string detail;

    bool operator==(const Attempt&) const = default;
};

struct GpuDevice {
    std::string name;              // "NVIDIA GeForce RTX 3090"
    std::uint64_t memoryBytes = 0; // total device memory; 0 when the driver does not say
    int computeMajor = 0;          // compute capability, 0.0 when the driver does not say
    int computeMinor = 0;

    // "8.6", or empty when unknown.
    [[nodiscard]] std::string computeCapability() const;

    bool operator==(const GpuDevice&) const = default;
};

struct GpuInfo {
    DetectionMethod method = DetectionMethod::None; // the method that answered
    // The driver's own version ("550.54.14"): NVML and nvidia-smi report it, libcuda does not.
    std::string driverVersion;
    // The highest CUDA the driver supports, as CUDA encodes it (12040 is 12.4); 0 when unknown.
    int cudaDriverVersion = 0;
    std::vector<GpuDevice> devices;
    // Every method tried, in order, the answering one last.
    std::vector<Attempt> attempts;
    // The probe was killed at the time limit (a driver call hung).
    bool timedOut = false;
    // Read from the per-boot cache rather than asked now (not stored in the cache itself).
    bool fromCache = false;

    // "12.4" from cudaDriverVersion, nullopt when unknown: what `__cuda` says.
    [[nodiscard]] std::optional<std::string> cudaVersion() const;
    // The lowest compute capability among the devices that report one ("7.5"): what
    // `__cuda_arch` says (CEP 46: the lowest, so that a package runs on every device). nullopt
    // without devices.
    [[nodiscard]] std::optional<std::string> lowestComputeCapability() const;

    bool operator==(const GpuInfo&) const = default;
};

// 12040 -> "12.4", 11080 -> "11.8", 12100 -> "12.10"; empty for values <= 0.
[[nodiscard]] std::string formatCudaVersion(int encoded);
// "12.4" -> 12040; nullopt unless the text is MAJOR.MINOR with small numbers.
[[nodiscard]] std::optional<int> parseCudaVersion(std::string_view text);

} // namespace envdesk::gpu
