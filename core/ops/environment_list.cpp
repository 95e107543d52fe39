#include "core/ops/environment_list.h"

#include "core/util/strings.h"

namespace envdesk::ops {

env::DiscoveryInputs discoveryInputs(const config::ConfigInputs& inputs,
                                     const config::Config& configuration)
{
    env::DiscoveryInputs discovery;
    discovery.rootPrefix = inputs.effectiveRootPrefix();
    discovery.envsDirs = configuration.envsDirs();
    discovery.homeDir = inputs.homeDir;
    if (const auto listed = inputs.variable("ENVDESK_INSTALLATIONS")) {
        std::vector<std::string> places;
        for (auto part : util::split(*listed, ':')) {
            if (!part.empty()) {
                places.emplace_back(part);
            }
        }
        discovery.installations = std::move(places);
    }
    return discovery;
}

std::vector<env::EnvironmentInfo> listEnvironments(const config::ConfigInputs& inputs,
                                                   const config::Config& configuration)
{
    return env::discoverEnvironments(discoveryInputs(inputs, configuration));
}

util::Result<std::string> resolveEnvironmentPrefix(const env::PrefixChoice& choice,
                                                   const config::ConfigInputs& inputs,
                                                   const config::Config& configuration)
{
    env::PrefixLocations locations;
    locations.envsDirs = configuration.envsDirs();
    locations.rootPrefix = inputs.rootPrefix;
    locations.homeDir = inputs.homeDir;
    locations.currentDir = inputs.currentDir;
    return env::resolvePrefix(choice, locations);
}

} // namespace envdesk::ops
