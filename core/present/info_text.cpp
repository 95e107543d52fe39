#include "core/present/info_text.h"

#include "core/channels/loaded_channels.h"
#include "core/platform/virtual_packages.h"
#include "core/present/conda_text.h"
#include "core/specs/channel.h"

#include <algorithm>
#include <cstdio>
#include <optional>

namespace envdesk::present {

namespace {

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

std::string gpusText(const util::Result<gpu::GpuInfo>& detected, const gpu::CudaAdvice& advice)
{
    if (!detected) {
        return labelledLines("GPUs", {"not detected: " + detected.error().message()});
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
    std::string out = labelledLines("GPUs", devices);
    if (info.method == gpu::DetectionMethod::None) {
        std::vector<std::string> lines = {info.timedOut ? "not detected (timed out)"
                                                        : "not detected"};
        for (const auto& attempt : info.attempts) {
            lines.push_back(std::string(gpu::toString(attempt.method)) + ": "
                            + std::string(gpu::toString(attempt.outcome))
                            + (attempt.detail.empty() ? "" : " (" + attempt.detail + ")"));
        }
        out += labelledLines("CUDA driver", lines);
    } else {
        std::string line = info.cudaVersion().value_or("?");
        if (!info.driverVersion.empty()) {
            line += ", driver " + info.driverVersion;
        }
        line += ", found by " + std::string(gpu::toString(info.method));
        if (info.fromCache) {
            line += " (cached)";
        }
        out += labelledLines("CUDA driver", {line});
    }
    if (!advice.cudaVersionConstraint.empty()) {
        out += labelledLines("CUDA toolkits", {advice.cudaVersionConstraint,
                                               advice.minorCompatibleConstraint
                                                   + " with minor version compatibility"});
    }
    out += labelledLines("pytorch builds", advice.pytorchSpecs);
    return out + labelledLines("tensorflow builds", advice.tensorflowSpecs);
}

} // namespace

InfoReport collectInfo(const config::ConfigInputs& inputs, const config::Config& configuration,
                       std::string version)
{
    InfoReport report;
    report.version = std::move(version);
    gpu::DetectOptions detectOptions;
    detectOptions.processEnvironment = inputs.env;
    report.gpus = gpu::detect(detectOptions);
    platform::HostFacts host = platform::HostFacts::detect();
    if (report.gpus) {
        gpu::applyTo(*report.gpus, host);
    }
    report.platform = host.platform;
    report.virtualPackages =
        platform::virtualPackages(host, {host.platform, platform::condaOverridesIn(inputs.env)});
    std::sort(report.virtualPackages.begin(), report.virtualPackages.end(),
              [](const auto& a, const auto& b) { return a.name < b.name; });
    std::optional<std::string> cuda;
    for (const auto& record : report.virtualPackages) {
        if (record.name == "__cuda") {
            cuda = record.version;
        }
    }
    report.advice = gpu::cudaAdvice(cuda);

    // Every subdir URL of every configured channel (multichannels expanded), each once.
    const specs::ChannelContext context = channels::channelContextFor(configuration, host.platform);
    for (const auto& typed : configuration.channels()) {
        auto resolved = specs::resolve(typed, context);
        if (!resolved) {
            report.channelFailures.emplace_back(typed, resolved.error().message());
            continue;
        }
        for (const auto& channel : *resolved) {
            for (const auto& url : channel.urls(true)) {
                std::string masked = specs::maskSecrets(url);
                if (std::find(report.channelUrls.begin(), report.channelUrls.end(), masked)
                    == report.channelUrls.end()) {
                    report.channelUrls.push_back(std::move(masked));
                }
            }
        }
    }
    for (const auto& source : configuration.sources()) {
        if (source.name != "envvars" && source.name != "cmd_line") {
            report.configFiles.push_back(source.name);
        }
    }
    report.userConfigFile = config::userConfigFile(inputs);
    report.systemConfigFile = config::systemConfigFile(inputs);
    report.envsDirs = configuration.envsDirs();
    report.pkgsDirs = configuration.pkgsDirs();
    report.rootPrefix = inputs.effectiveRootPrefix();
    report.activePrefix = inputs.effectivePrefix();
    report.offline = configuration.offline();
    return report;
}

nlohmann::json infoJson(const InfoReport& report)
{
    nlohmann::json out = nlohmann::json::object();
    out["platform"] = report.platform;
    out["envdesk_version"] = report.version;
    nlohmann::json virtualPkgs = nlohmann::json::array();
    for (const auto& record : report.virtualPackages) {
        virtualPkgs.push_back({record.name, record.version, record.build});
    }
    out["virtual_pkgs"] = std::move(virtualPkgs);
    out["config_files"] = report.configFiles;
    out["user_rc_path"] = report.userConfigFile;
    out["sys_rc_path"] = nullable(report.systemConfigFile);
    out["channels"] = report.channelUrls;
    if (!report.channelFailures.empty()) {
        nlohmann::json failures = nlohmann::json::array();
        for (const auto& [channel, why] : report.channelFailures) {
            failures.push_back({{"channel", channel}, {"error", why}});
        }
        out["envdesk_channel_errors"] = std::move(failures);
    }
    out["envs_dirs"] = report.envsDirs;
    out["pkgs_dirs"] = report.pkgsDirs;
    out["root_prefix"] = nullable(report.rootPrefix);
    out["active_prefix"] = nullable(report.activePrefix);
    out["offline"] = report.offline;
    out["envdesk_gpus"] = gpusJson(report.gpus, report.advice);
    return out;
}

std::string infoText(const InfoReport& report)
{
    const auto noneIfEmpty = [](const std::string& text) { return text.empty() ? "None" : text; };
    std::string out = "\n" + labelledLines("active environment", {noneIfEmpty(report.activePrefix)})
                      + labelledLines("user config file", {report.userConfigFile})
                      + labelledLines("populated config files", report.configFiles)
                      + labelledLines("envdesk version", {report.version})
                      + labelledLines("platform", {report.platform});
    std::vector<std::string> virtualLines;
    for (const auto& record : report.virtualPackages) {
        virtualLines.push_back(record.name + "=" + record.version + "=" + record.build);
    }
    out += labelledLines("virtual packages", virtualLines) + gpusText(report.gpus, report.advice)
           + labelledLines("base environment", {noneIfEmpty(report.rootPrefix)});
    std::vector<std::string> urlLines = report.channelUrls;
    for (const auto& [channel, why] : report.channelFailures) {
        urlLines.push_back(channel + "  (cannot be resolved: " + why + ")");
    }
    return out + labelledLines("channel URLs", urlLines)
           + labelledLines("package cache", report.pkgsDirs)
           + labelledLines("envs directories", report.envsDirs)
           + labelledLines("offline mode", {report.offline ? "True" : "False"}) + "\n";
}

} // namespace envdesk::present
