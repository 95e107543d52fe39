#include "core/platform/conda_overrides.h"

#include "core/util/strings.h"

#include <array>
#include <regex>
#include <string_view>

namespace envdesk::platform {

namespace {

// The CONDA_OVERRIDE_* variables and the virtual package each one sets
// (docs/virtual-packages.md).
struct OverrideVariable {
    std::string_view variable;
    std::string_view package;
    bool setsBuild; // __archspec: the override is the build string, not the version
};

constexpr std::array<OverrideVariable, 7> kOverrideVariables = {{
    {"CONDA_OVERRIDE_CUDA", "__cuda", false},
    {"CONDA_OVERRIDE_CUDA_ARCH", "__cuda_arch", false},
    {"CONDA_OVERRIDE_GLIBC", "__glibc", false},
    {"CONDA_OVERRIDE_LINUX", "__linux", false},
    {"CONDA_OVERRIDE_OSX", "__osx", false},
    {"CONDA_OVERRIDE_WIN", "__win", false},
    {"CONDA_OVERRIDE_ARCHSPEC", "__archspec", true},
}};

const OverrideVariable* findVariable(std::string_view name)
{
    for (const auto& variable : kOverrideVariables) {
        if (variable.variable == name) {
            return &variable;
        }
    }
    return nullptr;
}

// Whether `record` holds the value that `variable` = `value` gives it: the solver ignores an
// invalid value, and then the record holds the detected one instead.
bool recordFromOverride(const specs::PackageRecord& record, const OverrideVariable& variable,
                        const std::string& value)
{
    if (record.name != variable.package) {
        return false;
    }
    const std::string wanted(util::trim(value));
    if (wanted.empty()) {
        // Empty removes the package, except __linux, which becomes __linux=0.
        return record.name == "__linux";
    }
    if (variable.setsBuild) {
        return record.build == wanted;
    }
    if (record.name == "__linux") {
        // CONDA_OVERRIDE_LINUX keeps its leading numeric part ("5.15.0-rc2" gives 5.15.0).
        return record.version != "0" && wanted.starts_with(record.version);
    }
    return record.version == wanted;
}

} // namespace

std::string overrideBehind(const specs::PackageRecord& record,
                           const std::map<std::string, std::string>& overrides)
{
    for (const auto& variable : kOverrideVariables) {
        const auto it = overrides.find(std::string(variable.variable));
        if (it != overrides.end() && recordFromOverride(record, variable, it->second)) {
            return std::string(variable.variable);
        }
    }
    return {};
}

std::string overrideRemoving(const std::string& package,
                             const std::map<std::string, std::string>& overrides)
{
    const auto isEmpty = [&overrides](std::string_view variable) {
        const auto it = overrides.find(std::string(variable));
        return it != overrides.end() && util::trim(it->second).empty();
    };
    for (const auto& variable : kOverrideVariables) {
        if (package == variable.package && isEmpty(variable.variable)) {
            return std::string(variable.variable);
        }
    }
    if (package == "__cuda_arch" && isEmpty("CONDA_OVERRIDE_CUDA")) {
        return "CONDA_OVERRIDE_CUDA";
    }
    return {};
}

bool overrideAccepted(const HostFacts& host, const std::string& variable, const std::string& value)
{
    const OverrideVariable* known = findVariable(variable);
    const std::string wanted(util::trim(value));
    if (known == nullptr || wanted.empty()) {
        return false;
    }
    static const std::regex version("^[0-9]+(\\.[0-9]+)+$");
    // MAJOR 1..999, MINOR 0..99: what a driver reports and the CUDA advice reads.
    static const std::regex majorMinor("^0*[1-9][0-9]{0,2}\\.[0-9]{1,2}$");
    if (!known->setsBuild && !std::regex_match(wanted, version)) {
        return false;
    }
    if (variable == "CONDA_OVERRIDE_CUDA" && !std::regex_match(wanted, majorMinor)) {
        return false;
    }
    for (const auto& record : virtualPackages(host, {host.platform, {{variable, wanted}}})) {
        if (recordFromOverride(record, *known, wanted)) {
            return true;
        }
    }
    return false;
}

} // namespace envdesk::platform
