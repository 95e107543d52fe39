#include "core/ops/solve_inputs.h"

#include "core/gpu/gpu_detector.h"
#include "core/ops/plan_change.h"
#include "core/platform/virtual_packages.h"

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
    DependencyNames specNames;
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
                                                     std::stop_token stop)
{
    platform::HostFacts host = platform::HostFacts::detect();
    if (platform == host.platform) {
        if (const auto detected = gpu::detect({}, std::move(stop))) {
            gpu::applyTo(*detected, host);
        }
    }
    return platform::virtualPackages(host, {platform, platform::condaOverridesFromProcess()});
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

} // namespace envdesk::ops
