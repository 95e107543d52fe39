#pragma once

#include "core/specs/package_record.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace envdesk::platform {

// What the machine says, gathered once (detect()) or given by a test. Every field is what the
// host reports; whether it applies to a solve is decided by virtualPackages().
struct HostFacts {
    std::string platform; // the subdir this build runs as: "linux-64", "osx-arm64", ...
    // The kernel release trimmed to its leading numeric dotted part ("6.1.0" from
    // "6.1.0-18-amd64"), as conda's `__linux`.
    std::optional<std::string> linuxKernel;
    // GNU libc's own version ("2.36"); absent on musl and other libcs.
    std::optional<std::string> glibc;
    // The `__archspec` build string, as archspec (and so conda) names the CPU: on Linux the
    // microarchitecture /proc/cpuinfo fits best ("skylake_avx512", "zen4", "neoverse_n1"), or
    // the generic level ("x86_64_v3") when no model of its vendor fits; elsewhere the ISA level
    // or the machine name from uname. See core/platform/microarchitecture.h and
    // docs/virtual-packages.md.
    std::optional<std::string> archspec;
    // The highest CUDA the driver supports ("12.4"). Never set by detect(): loading a driver
    // can crash or hang the process, so the apps ask core/gpu (gpu::detect(), which runs a
    // child process) and set it with gpu::applyTo().
    std::optional<std::string> cudaDriver;
    // The lowest compute capability of the CUDA devices ("8.6"), for `__cuda_arch` (CEP 46, as
    // pixi has it). Set with cudaDriver by gpu::applyTo(), never by detect().
    std::optional<std::string> cudaArch;
    std::optional<std::string> osxVersion; // macOS product version ("14.4.1")
    std::optional<std::string> winVersion; // Windows `major.minor.build` ("10.0.22631")

    // Reads the running machine. Never throws and never blocks on anything slower than a
    // system call: no driver is loaded and no child process is started, so cudaDriver and
    // cudaArch stay empty.
    [[nodiscard]] static HostFacts detect();

    bool operator==(const HostFacts&) const = default;
};

struct VirtualPackageOptions {
    // The target subdir. When it differs from HostFacts::platform the solve is for another
    // machine, and only overrides and documented defaults are used, never the host's facts.
    std::string platform;
    // CONDA_OVERRIDE_* variables by their full name ("CONDA_OVERRIDE_GLIBC" -> "2.17"): from
    // condaOverridesIn() in the apps, given directly by tests. Recognised:
    // CONDA_OVERRIDE_CUDA, _CUDA_ARCH, _GLIBC, _LINUX, _OSX, _WIN, _ARCHSPEC; others are
    // ignored. An empty value removes the package where conda removes it (see
    // docs/virtual-packages.md); a value that is not a valid conda version (a build string for
    // archspec, MAJOR.MINOR for cuda_arch) is ignored as if unset.
    std::map<std::string, std::string> environment;
};

// The virtual package records the solver adds to the installed/available sets, as conda 24/25
// builds them: name, version, build "0" (except `__archspec`: version "1", build the
// microarchitecture), build number 0, channel "@", subdir the target platform, fn the name.
// Linux targets: __unix, __linux, __glibc, __archspec, __cuda, __cuda_arch; macOS: __unix,
// __osx, __archspec, __cuda, __cuda_arch; Windows: __win, __archspec, __cuda, __cuda_arch;
// noarch: none. __cuda appears only when the driver reports a version or CONDA_OVERRIDE_CUDA
// sets one; __cuda_arch only with __cuda (CEP 46), from HostFacts::cudaArch or
// CONDA_OVERRIDE_CUDA_ARCH ("MAJOR.MINOR").
[[nodiscard]] std::vector<specs::PackageRecord>
virtualPackages(const HostFacts& host, const VirtualPackageOptions& options);

// The recognised CONDA_OVERRIDE_* variables of `environment` (the process environment the
// composition root read, ConfigInputs::env, with the GUI's session overrides laid over it),
// empty values included: an empty value is meaningful (it removes the package).
[[nodiscard]] std::map<std::string, std::string>
condaOverridesIn(const std::map<std::string, std::string>& environment);

} // namespace envdesk::platform
