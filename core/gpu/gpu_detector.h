#pragma once

#include "core/gpu/gpu_info.h"
#include "core/platform/virtual_packages.h"
#include "core/util/result.h"

#include <chrono>
#include <map>
#include <stop_token>
#include <string>

// Finding out what the NVIDIA driver supports without ever loading it into this process: the
// envdesk-gpu-probe program does the loading, in a child process with a time limit, and the
// answer is cached for the rest of the boot. Methods, variables and cache: docs/gpu.md.
namespace envdesk::gpu {

struct DetectOptions {
    // The probe program; empty: defaultProbePath().
    std::string probePath;
    // How long the probe may take, all its runs together. A probe still running then is killed
    // and the result says timedOut.
    std::chrono::milliseconds timeout{5000};
    // Added to the probe's environment, and read before this process's own environment for the
    // cache key: ENVDESK_GPU_LIBRARY_PATH, ENVDESK_GPU_NO_SYSTEM_SEARCH, ENVDESK_NVIDIA_SMI
    // (docs/gpu.md). Tests set these here instead of in their own process.
    std::map<std::string, std::string> environment;
    // Read and write the per-boot cache.
    bool useCache = true;
    // Where the cache lives; empty: defaultCacheFile().
    std::string cacheFile;
};

// Runs the probe (or reads the cache) and says what the driver reported, which method
// answered, and what each method tried did. No driver, a crashing one and a hanging one are
// all results, not errors. Fails only with NotFound when the probe program is missing (a
// broken installation), IoError when it cannot be started, and Cancelled when `stop` is
// requested (the probe is killed).
[[nodiscard]] util::Result<GpuInfo> detect(const DetectOptions& options = {},
                                           std::stop_token stop = {});

// $ENVDESK_GPU_PROBE, else envdesk-gpu-probe in the folder of the running executable (where
// the build and the installation put it, beside envdesk-cli and envdesk).
[[nodiscard]] std::string defaultProbePath();

// Sets the facts a GPU gives to the virtual packages: HostFacts::cudaDriver (`__cuda`) from the
// driver's CUDA version and HostFacts::cudaArch (`__cuda_arch`) from the lowest compute
// capability of its devices. Facts the driver did not report are cleared.
void applyTo(const GpuInfo& info, platform::HostFacts& host);

} // namespace envdesk::gpu
