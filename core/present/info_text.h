#pragma once

#include "core/config/config.h"
#include "core/gpu/cuda_advice.h"
#include "core/gpu/gpu_detector.h"
#include "core/specs/package_record.h"
#include "core/util/result.h"

#include <nlohmann/json.hpp>

#include <string>
#include <utility>
#include <vector>

// What `conda info` reports about this machine and configuration, with Envdesk's GPU section.
namespace envdesk::present {

struct InfoReport {
    std::string platform;
    std::string version;                               // Envdesk's
    std::vector<specs::PackageRecord> virtualPackages; // as the solver sees them, by name
    util::Result<gpu::GpuInfo> gpus = util::Error{};
    gpu::CudaAdvice advice;               // for `__cuda` as the solver sees it, overrides included
    std::vector<std::string> configFiles; // read, in order of increasing priority
    std::string userConfigFile;
    std::string systemConfigFile;         // empty: no root prefix known
    std::vector<std::string> channelUrls; // every subdir URL of every channel, masked
    std::vector<std::pair<std::string, std::string>> channelFailures; // channel, why
    std::vector<std::string> envsDirs;
    std::vector<std::string> pkgsDirs;
    std::string rootPrefix;   // empty: none
    std::string activePrefix; // empty: none
    bool offline = false;
};

// Gathers the report: the GPU first (the virtual packages depend on it; the probe runs in a
// child process with a time limit and its answer is cached for the boot, docs/gpu.md), then the
// virtual packages with the inputs' CONDA_OVERRIDE_*, then the channels resolved for this
// machine's platform.
[[nodiscard]] InfoReport collectInfo(const config::ConfigInputs& inputs,
                                     const config::Config& configuration, std::string version);

// conda info --json's keys (platform, virtual_pkgs, config_files, channels, envs_dirs, ...) and
// Envdesk's own, prefixed envdesk_ (the GPUs, channels that could not be resolved).
[[nodiscard]] nlohmann::json infoJson(const InfoReport& report);

// conda info's text: right-aligned labels, one value per line.
[[nodiscard]] std::string infoText(const InfoReport& report);

} // namespace envdesk::present
