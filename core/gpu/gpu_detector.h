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
    // The environment the probe runs in (the caller's process environment, read at its
    // composition root: ConfigInputs::env); it also gives the defaults below. Core never reads
    // this process's environment itself.
    std::map<std::string, std::string> processEnvironment;
    // The probe program; empty: defaultProbePath(processEnvironment).
    std::string probePath;
    // How long the probe may take, all its runs together. A probe still running then is killed
    // and the result says timedOut.
    std::chrono::milliseconds timeout{5000};
    // Laid over processEnvironment for the probe and its cache key: ENVDESK_GPU_LIBRARY_PATH,
    // ENVDESK_GPU_NO_SYSTEM_SEARCH, ENVDESK_NVIDIA_SMI (docs/gpu.md). Tests set these here.
    std::map<std::string, std::string> environment;
    // Read and write the per-boot cache.
    bool useCache = true;
    // Where the cache lives; empty: defaultCacheFile(processEnvironment).
    std::string cacheFile;
};

// Runs the probe (or reads the cache) and says what the driver reported, which method
// answered, and what each method tried did. No driver, a crashing one and a hanging one are
// all results, not errors. Fails only with NotFound when the probe program is missing (a
// broken installation), IoError when it cannot be started, and Cancelled when `stop` is
// requested (the probe is killed).
[[nodiscard]] util::Result<GpuInfo> detect(const DetectOptions& options = {},
                                           std::stop_token stop = {});

// $ENVDESK_GPU_PROBE of `processEnvironment`, else envdesk-gpu-probe in the folder of the
// running executable (where the build and the installation put it, beside envdesk-cli and
// envdesk).
[[nodiscard]] std::string
defaultProbePath(const std::map<std::string, std::string>& processEnvironment);

// Sets the facts a GPU gives to the virtual packages: HostFacts::cudaDriver (`__cuda`) from the
// driver's CUDA version and HostFacts::cudaArch (`__cuda_arch`) from the lowest compute
// capability of its devices. Facts the driver did not report are cleared.
void applyTo(const GpuInfo& info, platform::HostFacts& host);

} // namespace envdesk::gpu
