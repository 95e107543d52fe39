#include "core/platform/virtual_packages.h"

#include "core/specs/version.h"

#include <array>
#include <cstdlib>
#include <regex>
#include <string_view>

namespace envdesk::platform {

namespace {

// conda gives every virtual record this md5 (PackageRecord.virtual_package); JSON output that
// mirrors conda's shows it, and nothing ever downloads a virtual package to check it.
constexpr std::string_view kPlaceholderMd5 = "12345678901234567890123456789012";

// Defaults for a foreign target, where the host cannot say anything about the machine the
// environment is for. conda reuses the host's kernel and glibc when the host runs the same OS
// (even for another CPU) and otherwise falls back to "0" (`__glibc=0`, `__osx=0`), which makes
// most conda-forge packages unsolvable until the user sets CONDA_OVERRIDE_*. These are
// conda-lock's defaults (default-virtual-packages.yaml): old, conservative baselines, so a
// cross-platform solve works out of the box and picks builds that also run on older systems;
// a CONDA_OVERRIDE_* value replaces each one.
constexpr std::string_view kForeignLinuxKernel = "5.10";
constexpr std::string_view kForeignGlibc = "2.17";
constexpr std::string_view kForeignOsxX86 = "10.15";
constexpr std::string_view kForeignOsxArm = "11.0";
constexpr std::string_view kForeignWin = "0";

struct Target {
    std::string os;   // "linux", "osx", "win", ...
    std::string arch; // "64", "aarch64", "arm64", ...
};

std::optional<Target> splitPlatform(const std::string& platform)
{
    const auto dash = platform.find('-');
    if (dash == std::string::npos || dash == 0 || dash + 1 == platform.size()) {
        return std::nullopt;
    }
    return Target{platform.substr(0, dash), platform.substr(dash + 1)};
}

std::string trim(std::string_view text)
{
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) {
        return {};
    }
    const auto last = text.find_last_not_of(" \t\r\n");
    return std::string(text.substr(first, last - first + 1));
}

// What an override variable says about one package.
enum class OverrideKind {
    Unset, // not set, or set to something invalid (ignored, as if unset)
    Empty, // set to "" (or only spaces): conda's signal to drop the package
    Value, // a valid replacement
};

struct Override {
    OverrideKind kind = OverrideKind::Unset;
    std::string value;
};

bool isValidVersion(const std::string& text)
{
    return specs::Version::parse(text).ok();
}

// A build string for `__archspec`: what a match spec's build field can name without quoting
// (archspec names are lower-case identifiers such as "x86_64_v3", "skylake_avx512", "m1").
bool isValidBuildString(const std::string& text)
{
    for (char c : text) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                        || c == '_' || c == '.' || c == '+';
        if (!ok) {
            return false;
        }
    }
    return !text.empty();
}

template <typename Validate>
Override readOverride(const VirtualPackageOptions& options, const std::string& variable,
                      Validate validate)
{
    const auto it = options.environment.find(variable);
    if (it == options.environment.end()) {
        return {};
    }
    // conda strips the value before deciding whether it is empty.
    std::string value = trim(it->second);
    if (value.empty()) {
        return {OverrideKind::Empty, {}};
    }
    auto validated = validate(value);
    if (!validated) {
        return {}; // invalid values are ignored, see the header
    }
    return {OverrideKind::Value, std::move(*validated)};
}

std::optional<std::string> asVersion(const std::string& value)
{
    return isValidVersion(value) ? std::optional<std::string>(value) : std::nullopt;
}

// conda's linux_version_validate: keep the leading numeric dotted part ("6.1.0-rc1" ->
// "6.1.0"). conda turns a value without one into `__linux=0`; the CEP on virtual packages only
// lets a matching value override, so a value without one is ignored here.
std::optional<std::string> asLinuxVersion(const std::string& value)
{
    static const std::regex pattern(R"(^\d+\.\d+(\.\d+)?(\.\d+)?)");
    std::smatch match;
    if (!std::regex_search(value, match, pattern)) {
        return std::nullopt;
    }
    return match.str(0);
}

std::optional<std::string> asBuildString(const std::string& value)
{
    return isValidBuildString(value) ? std::optional<std::string>(value) : std::nullopt;
}

// CEP 46's compute capability: MAJOR.MINOR, digits only ("8.6", "10.0"); a subarchitecture
// letter ("9.0a") is not part of `__cuda_arch`.
std::optional<std::string> asComputeCapability(const std::string& value)
{
    static const std::regex pattern(R"(^[0-9]+\.[0-9]+$)");
    return std::regex_match(value, pattern) ? std::optional<std::string>(value) : std::nullopt;
}

specs::PackageRecord makeRecord(std::string name, std::string version, std::string build,
                                const std::string& subdir)
{
    specs::PackageRecord record;
    record.fn = name;
    record.name = std::move(name);
    record.version = version.empty() ? "0" : std::move(version);
    record.build = build.empty() ? "0" : std::move(build);
    record.buildNumber = 0;
    record.channel = "@";
    record.subdir = subdir;
    record.md5 = std::string(kPlaceholderMd5);
    return record;
}

// conda's get_archspec_name for a foreign target: the machine the subdir names ("64" is
// x86_64, "32" x86; arm64 stays arm64 as in osx-arm64 and win-arm64). Targets conda has no
// machine for (zos-z, *-wasm32) use the CEP's appendix of naive names.
std::string archspecFromSubdirArch(const std::string& arch)
{
    if (arch == "64") {
        return "x86_64";
    }
    if (arch == "32") {
        return "x86";
    }
    return arch;
}

bool isUnixLike(const std::string& os)
{
    return os == "linux" || os == "osx" || os == "freebsd" || os == "emscripten";
}

} // namespace

std::vector<specs::PackageRecord> virtualPackages(const HostFacts& host,
                                                  const VirtualPackageOptions& options)
{
    std::vector<specs::PackageRecord> records;
    const auto target = splitPlatform(options.platform);
    if (!target) {
        return records; // noarch, or not a platform at all
    }
    const std::string& subdir = options.platform;
    // Only the machine we run on describes itself; for any other target (another OS, or the
    // same OS on another CPU) the host's kernel, libc and CPU say nothing about it.
    const bool native = options.platform == host.platform;
    auto hostFact = [native](const std::optional<std::string>& fact) {
        return native ? fact : std::nullopt;
    };

    if (isUnixLike(target->os)) {
        // No override: conda and the CEP say CONDA_OVERRIDE_UNIX has no effect.
        records.push_back(makeRecord("__unix", "0", "0", subdir));
    }

    if (target->os == "linux") {
        // __linux is always present for a linux target (conda, CEP). An empty override gives
        // "0", as conda's `empty_override=None` does, rather than removing it.
        const Override linuxOverride =
            readOverride(options, "CONDA_OVERRIDE_LINUX", asLinuxVersion);
        std::string kernel;
        if (linuxOverride.kind == OverrideKind::Value) {
            kernel = linuxOverride.value;
        } else if (linuxOverride.kind == OverrideKind::Empty) {
            kernel = "0";
        } else if (native) {
            kernel = host.linuxKernel.value_or("0");
        } else {
            kernel = std::string(kForeignLinuxKernel);
        }
        records.push_back(makeRecord("__linux", kernel, "0", subdir));

        const Override glibc = readOverride(options, "CONDA_OVERRIDE_GLIBC", asVersion);
        std::optional<std::string> libc;
        if (glibc.kind == OverrideKind::Value) {
            libc = glibc.value;
        } else if (glibc.kind == OverrideKind::Unset) {
            // A native host without glibc (musl) gets no __glibc: conda would export
            // `__glibc=0`, which only makes glibc packages fail later with a worse message.
            libc = native ? host.glibc : std::optional<std::string>(kForeignGlibc);
        }
        if (libc) {
            records.push_back(makeRecord("__glibc", *libc, "0", subdir));
        }
    }

    if (target->os == "osx") {
        const Override osx = readOverride(options, "CONDA_OVERRIDE_OSX", asVersion);
        std::optional<std::string> version;
        if (osx.kind == OverrideKind::Value) {
            version = osx.value;
        } else if (osx.kind == OverrideKind::Unset) {
            if (native) {
                version = host.osxVersion.value_or("0");
            } else {
                version = std::string(target->arch == "arm64" ? kForeignOsxArm : kForeignOsxX86);
            }
        }
        if (version) {
            records.push_back(makeRecord("__osx", *version, "0", subdir));
        }
    }

    if (target->os == "win") {
        // __win is always present for a windows target (CEP); an empty CONDA_OVERRIDE_WIN is
        // ignored, as conda's windows plugin ignores it (`if not dist_version`).
        const Override win = readOverride(options, "CONDA_OVERRIDE_WIN", asVersion);
        std::string version;
        if (win.kind == OverrideKind::Value) {
            version = win.value;
        } else if (native) {
            version = host.winVersion.value_or("0");
        } else {
            version = std::string(kForeignWin);
        }
        records.push_back(makeRecord("__win", version, "0", subdir));
    }

    {
        const Override archspec = readOverride(options, "CONDA_OVERRIDE_ARCHSPEC", asBuildString);
        std::optional<std::string> build;
        if (archspec.kind == OverrideKind::Value) {
            build = archspec.value;
        } else if (archspec.kind == OverrideKind::Unset) {
            build = hostFact(host.archspec);
            if (!build) {
                build = archspecFromSubdirArch(target->arch);
            }
        }
        if (build) {
            records.push_back(makeRecord("__archspec", "1", *build, subdir));
        }
    }

    {
        // conda reports the host's driver for every target; a driver on this machine says
        // nothing about another one, so a foreign target gets __cuda from the override only.
        const Override cuda = readOverride(options, "CONDA_OVERRIDE_CUDA", asVersion);
        std::optional<std::string> version;
        if (cuda.kind == OverrideKind::Value) {
            version = cuda.value;
        } else if (cuda.kind == OverrideKind::Unset) {
            version = hostFact(host.cudaDriver);
        }
        if (version) {
            records.push_back(makeRecord("__cuda", *version, "0", subdir));

            // CEP 46 (pixi and the nvidia-virtual-packages plugin agree): the lowest compute
            // capability of the devices, build "0", present only with __cuda. An empty
            // override removes it; like __cuda, a foreign target gets it from the override
            // only.
            const Override arch =
                readOverride(options, "CONDA_OVERRIDE_CUDA_ARCH", asComputeCapability);
            std::optional<std::string> capability;
            if (arch.kind == OverrideKind::Value) {
                capability = arch.value;
            } else if (arch.kind == OverrideKind::Unset) {
                capability = hostFact(host.cudaArch);
            }
            if (capability) {
                records.push_back(makeRecord("__cuda_arch", *capability, "0", subdir));
            }
        }
    }

    return records;
}

namespace {

constexpr std::array<const char*, 7> kOverrideVariables = {
    "CONDA_OVERRIDE_CUDA",    "CONDA_OVERRIDE_CUDA_ARCH", "CONDA_OVERRIDE_GLIBC",
    "CONDA_OVERRIDE_LINUX",   "CONDA_OVERRIDE_OSX",       "CONDA_OVERRIDE_WIN",
    "CONDA_OVERRIDE_ARCHSPEC"};

} // namespace

std::map<std::string, std::string>
condaOverridesIn(const std::map<std::string, std::string>& environment)
{
    std::map<std::string, std::string> overrides;
    for (const char* variable : kOverrideVariables) {
        if (const auto found = environment.find(variable); found != environment.end()) {
            overrides.emplace(variable, found->second);
        }
    }
    return overrides;
}

} // namespace envdesk::platform
