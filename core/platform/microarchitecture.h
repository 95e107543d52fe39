#pragma once

#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace envdesk::platform {

// What archspec reads about the CPU: the first entry of /proc/cpuinfo on Linux.
struct CpuInfo {
    std::string machine; // uname's machine: "x86_64", "aarch64" ("amd64", "arm64" are accepted)
    // x86: "vendor_id" ("GenuineIntel", "AuthenticAMD"); aarch64: "CPU implementer" as the
    // kernel prints it ("0x41"), or already a vendor name ("ARM").
    std::string vendor;
    std::set<std::string> flags; // x86: "flags"; aarch64: "Features"
    std::string part;            // aarch64: "CPU part" ("0xd0c"); empty on x86

    bool operator==(const CpuInfo&) const = default;
};

// The first processor entry of a /proc/cpuinfo text, read the way archspec reads it (stops at
// the first line without a colon once something was read), with the fields that matter for
// `machine`: x86_64 takes vendor_id and flags, aarch64 takes CPU implementer, Features and
// CPU part.
[[nodiscard]] CpuInfo parseProcCpuinfo(std::string_view text, std::string machine);

// The microarchitecture archspec's `archspec.cpu.host()` names for this CPU ("skylake_avx512",
// "zen3", "haswell", "neoverse_n1", "x86_64_v3", "aarch64"), which conda reports as the build
// string of `__archspec`. Only the x86_64 and aarch64 families are known; any other machine is
// answered with its own name (as archspec's generic fallback), and an empty machine with "".
[[nodiscard]] std::string hostMicroarchitecture(const CpuInfo& cpu);

// The names in the compiled-in table, in archspec's order (for tests and diagnostics).
[[nodiscard]] std::vector<std::string> knownMicroarchitectures();

} // namespace envdesk::platform
