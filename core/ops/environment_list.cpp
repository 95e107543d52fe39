#include "core/ops/environment_list.h"

#include "core/util/strings.h"

#include <algorithm>
#include <filesystem>
#include <regex>

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
                                                   const config::Config& configuration,
                                                   PrefixUse use)
{
    env::PrefixLocations locations;
    locations.envsDirs = configuration.envsDirs();
    locations.rootPrefix = inputs.rootPrefix;
    locations.homeDir = inputs.homeDir;
    locations.currentDir = inputs.currentDir;
    auto resolved = env::resolvePrefix(choice, locations);
    // Only when nothing is where conda would look: a broken folder there is that environment
    // (reported as such), never a reason to act on another one of the same name.
    std::error_code missing;
    if (!resolved || use == PrefixUse::New || choice.kind != env::PrefixChoice::Kind::Name
        || std::filesystem::exists(*resolved, missing)) {
        return resolved;
    }
    std::vector<std::string> named;
    for (const auto& info : listEnvironments(inputs, configuration)) {
        if (!info.isRoot && info.name == choice.value
            && info.state == env::EnvironmentInfo::State::Ok) {
            named.push_back(info.prefix);
        }
    }
    return named.size() == 1 ? named.front() : std::move(*resolved);
}

util::Result<std::string> targetPrefix(const std::optional<env::PrefixChoice>& typed,
                                       const config::ConfigInputs& inputs,
                                       const config::Config& configuration, PrefixUse use)
{
    if (typed) {
        return resolveEnvironmentPrefix(*typed, inputs, configuration, use);
    }
    const std::string active = inputs.effectivePrefix();
    if (!active.empty()) {
        return active;
    }
    const std::string root = inputs.effectiveRootPrefix();
    if (root.empty()) {
        return util::Error{util::ErrorCode::NotFound,
                           "no environment given and none is active: use -n NAME or -p PREFIX",
                           {}};
    }
    return root;
}

util::Result<std::string> existingEnvironment(const std::optional<env::PrefixChoice>& typed,
                                              const config::ConfigInputs& inputs,
                                              const config::Config& configuration)
{
    auto prefix = targetPrefix(typed, inputs, configuration);
    std::error_code ec;
    if (!prefix || std::filesystem::is_directory(*prefix + "/conda-meta", ec)) {
        return prefix;
    }
    const bool byName = typed && typed->kind == env::PrefixChoice::Kind::Name;
    return util::Error{util::ErrorCode::NotFound,
                       byName ? "Could not find conda environment: " + typed->value
                              : "Not a conda environment: " + *prefix,
                       *prefix};
}

util::Result<std::vector<specs::PackageRecord>>
packagesMatching(std::vector<specs::PackageRecord> records, const std::string& pattern,
                 bool fullName)
{
    if (pattern.empty()) {
        return records;
    }
    std::regex expression;
    try {
        expression = std::regex(fullName ? "^(" + pattern + ")$" : pattern,
                                std::regex::ECMAScript | std::regex::icase);
    } catch (const std::regex_error& error) {
        return util::Error{util::ErrorCode::InvalidRecord, error.what(),
                           "invalid regular expression " + util::quoted(pattern)};
    }
    std::erase_if(records, [&](const specs::PackageRecord& record) {
        return !std::regex_search(record.name, expression);
    });
    return records;
}

} // namespace envdesk::ops
