#include "app/envdesk-cli/info_command.h"

#include "app/envdesk-cli/arguments.h"
#include "app/envdesk-cli/channel_loading.h"
#include "app/envdesk-cli/cli_errors.h"
#include "core/config/config.h"
#include "core/gpu/cuda_advice.h"
#include "core/gpu/gpu_detector.h"
#include "core/platform/virtual_packages.h"
#include "core/specs/channel.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <optional>

namespace envdesk::cli {

namespace {

struct ChannelUrls {
    std::vector<std::string> urls;                             // masked, in channel order
    std::vector<std::pair<std::string, std::string>> failures; // channel, why
};

// conda info's channel URLs: every subdir URL of every configured channel (multichannels
// expanded), tokens and passwords masked.
ChannelUrls channelUrls(const config::Config& configuration, const std::string& platform)
{
    ChannelUrls out;
    const specs::ChannelContext context = channelContextFor(configuration, platform);
    for (const auto& typed : configuration.channels()) {
        auto resolved = specs::resolve(typed, context);
        if (!resolved) {
            out.failures.emplace_back(typed, resolved.error().message());
            continue;
        }
        for (const auto& channel : *resolved) {
            for (const auto& url : channel.urls(true)) {
                std::string masked = specs::maskSecrets(url);
                if (std::find(out.urls.begin(), out.urls.end(), masked) == out.urls.end()) {
                    out.urls.push_back(std::move(masked));
                }
            }
        }
    }
    return out;
}

// The files that were read, in order of increasing priority (conda's `config_files`).
std::vector<std::string> configFiles(const config::Config& configuration)
{
    std::vector<std::string> files;
    for (const auto& source : configuration.sources()) {
        if (source.name != "envvars" && source.name != "cmd_line") {
            files.push_back(source.name);
        }
    }
    return files;
}

nlohmann::json nullable(const std::string& text)
{
    return text.empty() ? nlohmann::json(nullptr) : nlohmann::json(text);
}

std::string memoryText(std::uint64_t bytes)
{
    if (bytes == 0) {
        return "memory unknown";
    }
    char text[32];
    std::snprintf(text, sizeof text, "%.1f GiB",
                  static_cast<double>(bytes) / (1024.0 * 1024.0 * 1024.0));
    return text;
}

nlohmann::json gpusJson(const util::Result<gpu::GpuInfo>& detected, const gpu::CudaAdvice& advice)
{
    nlohmann::json out = nlohmann::json::object();
    if (!detected) {
        out["method"] = nullptr;
        out["error"] = detected.error().message();
    } else {
        const gpu::GpuInfo& info = *detected;
        out["method"] = info.method == gpu::DetectionMethod::None
                            ? nlohmann::json(nullptr)
                            : nlohmann::json(std::string(gpu::toString(info.method)));
        out["driver_version"] = nullable(info.driverVersion);
        out["cuda_driver_version"] = nullable(info.cudaVersion().value_or(""));
        nlohmann::json devices = nlohmann::json::array();
        for (std::size_t i = 0; i < info.devices.size(); ++i) {
            const auto& device = info.devices[i];
            devices.push_back({{"index", i},
                               {"name", device.name},
                               {"memory_bytes", device.memoryBytes},
                               {"compute_capability", nullable(device.computeCapability())}});
        }
        out["devices"] = std::move(devices);
        nlohmann::json attempts = nlohmann::json::array();
        for (const auto& attempt : info.attempts) {
            attempts.push_back({{"method", std::string(gpu::toString(attempt.method))},
                                {"outcome", std::string(gpu::toString(attempt.outcome))},
                                {"detail", attempt.detail}});
        }
        out["attempts"] = std::move(attempts);
        out["timed_out"] = info.timedOut;
        out["from_cache"] = info.fromCache;
    }
    out["advice"] = {{"cuda", nullable(advice.driverCuda)},
                     {"cuda_version_constraint", nullable(advice.cudaVersionConstraint)},
                     {"minor_compatible_constraint", nullable(advice.minorCompatibleConstraint)},
                     {"pytorch", advice.pytorchSpecs},
                     {"tensorflow", advice.tensorflowSpecs}};
    return out;
}

// conda info's layout: right-aligned labels, continuation lines under the first value.
void printField(const std::string& label, const std::vector<std::string>& values)
{
    constexpr std::size_t kWidth = 23;
    const std::string padding(kWidth > label.size() ? kWidth - label.size() : 0, ' ');
    std::cout << padding << label << " : " << (values.empty() ? "" : values.front()) << "\n";
    for (std::size_t i = 1; i < values.size(); ++i) {
        std::cout << std::string(kWidth + 3, ' ') << values[i] << "\n";
    }
}

void printGpus(const util::Result<gpu::GpuInfo>& detected, const gpu::CudaAdvice& advice)
{
    if (!detected) {
        printField("GPUs", {"not detected: " + detected.error().message()});
        return;
    }
    const gpu::GpuInfo& info = *detected;
    std::vector<std::string> devices;
    for (std::size_t i = 0; i < info.devices.size(); ++i) {
        const auto& device = info.devices[i];
        const std::string capability = device.computeCapability();
        devices.push_back(
            std::to_string(i) + ": " + (device.name.empty() ? "?" : device.name) + " ("
            + (capability.empty() ? "compute capability unknown" : "compute " + capability) + ", "
            + memoryText(device.memoryBytes) + ")");
    }
    if (devices.empty()) {
        devices.push_back("None");
    }
    printField("GPUs", devices);
    if (info.method == gpu::DetectionMethod::None) {
        std::vector<std::string> lines = {info.timedOut ? "not detected (timed out)"
                                                        : "not detected"};
        for (const auto& attempt : info.attempts) {
            lines.push_back(std::string(gpu::toString(attempt.method)) + ": "
                            + std::string(gpu::toString(attempt.outcome))
                            + (attempt.detail.empty() ? "" : " (" + attempt.detail + ")"));
        }
        printField("CUDA driver", lines);
    } else {
        std::string line = info.cudaVersion().value_or("?");
        if (!info.driverVersion.empty()) {
            line += ", driver " + info.driverVersion;
        }
        line += ", found by " + std::string(gpu::toString(info.method));
        if (info.fromCache) {
            line += " (cached)";
        }
        printField("CUDA driver", {line});
    }
    if (!advice.cudaVersionConstraint.empty()) {
        printField("CUDA toolkits",
                   {advice.cudaVersionConstraint,
                    advice.minorCompatibleConstraint + " with minor version compatibility"});
    }
    printField("pytorch builds", advice.pytorchSpecs);
    printField("tensorflow builds", advice.tensorflowSpecs);
}

} // namespace

int runInfo(const Invocation& call)
{
    const Arguments* parsed = &call.args;
    const bool json = parsed->flag("--json");

    const config::ConfigInputs inputs = config::ConfigInputs::fromProcess();
    auto configuration = config::Config::load(inputs);
    if (!configuration) {
        return failWith(json, "ConfigurationLoadError", configuration.error().message());
    }

    // The GPU first: the virtual packages depend on it. The probe runs in a child process with
    // a time limit, and its answer is cached for the boot (docs/gpu.md).
    gpu::DetectOptions detectOptions;
    detectOptions.processEnvironment = inputs.env;
    const auto detected = gpu::detect(detectOptions);
    platform::HostFacts host = platform::HostFacts::detect();
    if (detected) {
        gpu::applyTo(*detected, host);
    }
    auto records =
        platform::virtualPackages(host, {host.platform, platform::condaOverridesIn(inputs.env)});
    std::sort(records.begin(), records.end(),
              [](const auto& a, const auto& b) { return a.name < b.name; });
    // The advice follows `__cuda` as the solver sees it, overrides included.
    std::optional<std::string> cuda;
    for (const auto& record : records) {
        if (record.name == "__cuda") {
            cuda = record.version;
        }
    }
    const gpu::CudaAdvice advice = gpu::cudaAdvice(cuda);

    const ChannelUrls channels = channelUrls(*configuration, host.platform);
    const std::vector<std::string> files = configFiles(*configuration);
    const std::string rootPrefix = inputs.effectiveRootPrefix();
    const std::string activePrefix = inputs.effectivePrefix();

    if (json) {
        nlohmann::json out = nlohmann::json::object();
        out["platform"] = host.platform;
        out["envdesk_version"] = ENVDESK_VERSION;
        nlohmann::json virtualPkgs = nlohmann::json::array();
        for (const auto& record : records) {
            virtualPkgs.push_back({record.name, record.version, record.build});
        }
        out["virtual_pkgs"] = std::move(virtualPkgs);
        out["config_files"] = files;
        out["user_rc_path"] = config::userConfigFile(inputs);
        out["sys_rc_path"] = nullable(config::systemConfigFile(inputs));
        out["channels"] = channels.urls;
        if (!channels.failures.empty()) {
            nlohmann::json failures = nlohmann::json::array();
            for (const auto& [channel, why] : channels.failures) {
                failures.push_back({{"channel", channel}, {"error", why}});
            }
            out["envdesk_channel_errors"] = std::move(failures);
        }
        out["envs_dirs"] = configuration->envsDirs();
        out["pkgs_dirs"] = configuration->pkgsDirs();
        out["root_prefix"] = nullable(rootPrefix);
        out["active_prefix"] = nullable(activePrefix);
        out["offline"] = configuration->offline();
        out["envdesk_gpus"] = gpusJson(detected, advice);
        std::cout << out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
        return 0;
    }

    std::cout << "\n";
    printField("active environment", {activePrefix.empty() ? "None" : activePrefix});
    printField("user config file", {config::userConfigFile(inputs)});
    printField("populated config files", files);
    printField("envdesk version", {ENVDESK_VERSION});
    printField("platform", {host.platform});
    std::vector<std::string> virtualLines;
    for (const auto& record : records) {
        virtualLines.push_back(record.name + "=" + record.version + "=" + record.build);
    }
    printField("virtual packages", virtualLines);
    printGpus(detected, advice);
    printField("base environment", {rootPrefix.empty() ? "None" : rootPrefix});
    std::vector<std::string> urlLines = channels.urls;
    for (const auto& [channel, why] : channels.failures) {
        urlLines.push_back(channel + "  (cannot be resolved: " + why + ")");
    }
    printField("channel URLs", urlLines);
    printField("package cache", configuration->pkgsDirs());
    printField("envs directories", configuration->envsDirs());
    printField("offline mode", {configuration->offline() ? "True" : "False"});
    std::cout << "\n";
    return 0;
}

} // namespace envdesk::cli
