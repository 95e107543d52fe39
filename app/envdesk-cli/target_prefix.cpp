#include "app/envdesk-cli/target_prefix.h"

#include "core/env/prefix.h"
#include "core/util/strings.h"

#include <filesystem>
#include <system_error>
#include <utility>

namespace envdesk::cli {

std::variant<std::string, CliFailure> targetPrefix(const Arguments& arguments,
                                                   const config::ConfigInputs& inputs,
                                                   const config::Config& configuration)
{
    const bool hasName = !arguments.all("--name").empty();
    const bool hasPrefix = !arguments.all("--prefix").empty();
    if (hasName && hasPrefix) {
        // argparse's wording, as conda prints it.
        return CliFailure{"CondaValueError",
                          "argument -p/--prefix: not allowed with argument -n/--name"};
    }
    if (!hasName && !hasPrefix) {
        const std::string active = !inputs.prefix.empty() ? inputs.prefix : inputs.rootPrefix;
        if (active.empty()) {
            return CliFailure{"CondaValueError",
                              "no environment given and none is active: use -n NAME or -p PREFIX"};
        }
        return active;
    }
    env::PrefixLocations locations;
    locations.envsDirs = configuration.envsDirs();
    locations.rootPrefix = inputs.rootPrefix;
    locations.homeDir = inputs.homeDir;
    std::error_code error;
    locations.currentDir = std::filesystem::current_path(error).string();
    auto resolved = env::resolvePrefix(
        hasName ? env::PrefixChoice{env::PrefixChoice::Kind::Name, arguments.value("--name")}
                : env::PrefixChoice{env::PrefixChoice::Kind::Path, arguments.value("--prefix")},
        locations);
    if (!resolved) {
        return CliFailure{"CondaValueError", resolved.error().message()};
    }
    return std::move(*resolved);
}

std::variant<PrefixCommandSetup, CliFailure> loadPrefixCommand(const Arguments& arguments,
                                                               const config::ConfigInputs& inputs,
                                                               std::string platform)
{
    auto setup = loadCommandSetup(inputs, std::move(platform));
    if (auto* failure = std::get_if<CliFailure>(&setup)) {
        return std::move(*failure);
    }
    auto& command = std::get<CommandSetup>(setup);
    auto target = targetPrefix(arguments, inputs, command.configuration);
    if (auto* failure = std::get_if<CliFailure>(&target)) {
        return std::move(*failure);
    }
    return PrefixCommandSetup{std::move(command), std::get<std::string>(std::move(target))};
}

} // namespace envdesk::cli
