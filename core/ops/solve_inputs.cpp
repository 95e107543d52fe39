#include "core/ops/solve_inputs.h"

#include "core/gpu/gpu_detector.h"
#include "core/ops/plan_change.h"
#include "core/platform/virtual_packages.h"
#include "core/specs/spec_name.h"

#include <algorithm>

namespace envdesk::ops {

std::vector<std::string> reachableNames(const std::vector<std::string>& requestedNames,
                                        const std::vector<specs::PackageRecord>& installed,
                                        const std::vector<std::string>& pinned,
                                        const std::vector<std::string>& historySpecs)
{
    std::vector<std::string> names = requestedNames;
    for (const auto& record : installed) {
        names.push_back(record.name);
    }
    specs::SpecNames specNames;
    for (const auto* list : {&pinned, &historySpecs}) {
        for (const auto& spec : *list) {
            if (auto name = specNames.nameOf(spec)) {
                names.push_back(*name);
            }
        }
    }
    return names;
}

std::vector<specs::PackageRecord> virtualPackagesFor(const std::string& platform,
                                                     const config::Config& configuration,
                                                     std::stop_token stop)
{
    const auto& environment = configuration.inputs().env;
    platform::HostFacts host = platform::HostFacts::detect();
    if (platform == host.platform) {
        gpu::DetectOptions options;
        options.processEnvironment = environment;
        if (const auto detected = gpu::detect(options, std::move(stop))) {
            gpu::applyTo(*detected, host);
        }
    }
    return platform::virtualPackages(host, {platform, platform::condaOverridesIn(environment)});
}

solver::ChannelPriority solverChannelPriority(config::ChannelPriority priority)
{
    switch (priority) {
    case config::ChannelPriority::Strict:
        return solver::ChannelPriority::Strict;
    case config::ChannelPriority::Flexible:
        return solver::ChannelPriority::Flexible;
    case config::ChannelPriority::Disabled:
        return solver::ChannelPriority::Disabled;
    }
    return solver::ChannelPriority::Flexible;
}

std::optional<std::string> pythonMinorPin(const std::vector<specs::PackageRecord>& installed,
                                          const std::vector<std::string>& requestedNames,
                                          solver::Request::Kind kind)
{
    if (kind == solver::Request::Kind::Remove
        || std::find(requestedNames.begin(), requestedNames.end(), "python")
               != requestedNames.end()) {
        return std::nullopt;
    }
    const auto python = std::find_if(installed.begin(), installed.end(),
                                     [](const auto& record) { return record.name == "python"; });
    if (python == installed.end()) {
        return std::nullopt;
    }
    const auto firstDot = python->version.find('.');
    const auto secondDot =
        firstDot == std::string::npos ? std::string::npos : python->version.find('.', firstDot + 1);
    if (secondDot == std::string::npos) {
        return std::nullopt;
    }
    return "python " + python->version.substr(0, secondDot) + ".*";
}

} // namespace envdesk::ops
