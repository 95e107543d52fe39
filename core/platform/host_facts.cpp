#include "core/platform/microarchitecture.h"
#include "core/platform/virtual_packages.h"
#include "core/specs/channel.h"

#include <cstring>
#include <fstream>
#include <regex>
#include <string>

#if defined(__unix__) || defined(__APPLE__)
#include <sys/utsname.h>
#endif
#if defined(__GLIBC__)
#include <gnu/libc-version.h>
#endif
#if defined(__APPLE__)
#include <sys/sysctl.h>
#endif
#if defined(_WIN32)
#include <windows.h>
#endif
#if (defined(__GNUC__) || defined(__clang__)) && (defined(__x86_64__) || defined(__i386__))
#include <cpuid.h>
#define ENVDESK_HAVE_CPUID 1
#endif

namespace envdesk::platform {

namespace {

// conda's LINUX_VERSION_PATTERN: the kernel release is three or four numeric components
// followed by vendor bits ("6.1.0-18-amd64", "5.15.153.1-microsoft-standard-WSL2"); only the
// numeric part is a meaningful version. A `-rcN` suffix is dropped too, as conda drops it.
[[maybe_unused]] std::optional<std::string> numericKernelVersion(const std::string& release)
{
    static const std::regex pattern(R"(^\d+\.\d+(\.\d+)?(\.\d+)?)");
    std::smatch match;
    if (std::regex_search(release, match, pattern)) {
        return match.str(0);
    }
    return std::nullopt;
}

#if defined(ENVDESK_HAVE_CPUID)
struct CpuidRegisters {
    unsigned eax = 0;
    unsigned ebx = 0;
    unsigned ecx = 0;
    unsigned edx = 0;
};

CpuidRegisters cpuid(unsigned leaf, unsigned subleaf = 0)
{
    CpuidRegisters r;
    // __get_cpuid_count checks the highest supported leaf first and leaves zeros when the
    // leaf does not exist, so a missing leaf reads as "no features".
    if (__get_cpuid_count(leaf, subleaf, &r.eax, &r.ebx, &r.ecx, &r.edx) == 0) {
        return {};
    }
    return r;
}

bool bit(unsigned value, int index)
{
    return ((value >> index) & 1U) != 0;
}

// The x86-64 psABI microarchitecture levels, with the feature lists archspec uses for its
// generic targets x86_64_v2/v3/v4. AVX and AVX-512 also need the OS to save their register
// state (XCR0), otherwise the instructions fault even though CPUID lists them.
[[maybe_unused]] std::string x86IsaLevel()
{
    const CpuidRegisters leaf1 = cpuid(1);
    const CpuidRegisters leaf7 = cpuid(7, 0);
    const CpuidRegisters ext1 = cpuid(0x80000001U);

    const bool v2 = bit(leaf1.ecx, 13)    // cx16
                    && bit(ext1.ecx, 0)   // lahf_lm
                    && bit(leaf1.ecx, 23) // popcnt
                    && bit(leaf1.ecx, 0)  // sse3
                    && bit(leaf1.ecx, 19) // sse4_1
                    && bit(leaf1.ecx, 20) // sse4_2
                    && bit(leaf1.ecx, 9); // ssse3
    if (!v2) {
        return "x86_64";
    }

    unsigned long long xcr0 = 0;
    if (bit(leaf1.ecx, 27)) { // osxsave: xgetbv is usable
        unsigned lo = 0;
        unsigned hi = 0;
        __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
        xcr0 = (static_cast<unsigned long long>(hi) << 32) | lo;
    }
    const bool avxState = (xcr0 & 0x6ULL) == 0x6ULL;      // XMM and YMM
    const bool avx512State = (xcr0 & 0xe6ULL) == 0xe6ULL; // plus opmask, ZMM_Hi256, Hi16_ZMM

    const bool v3 = avxState && bit(leaf1.ecx, 28) // avx
                    && bit(leaf7.ebx, 5)           // avx2
                    && bit(leaf7.ebx, 3)           // bmi1
                    && bit(leaf7.ebx, 8)           // bmi2
                    && bit(leaf1.ecx, 29)          // f16c
                    && bit(leaf1.ecx, 12)          // fma
                    && bit(ext1.ecx, 5)            // abm (lzcnt)
                    && bit(leaf1.ecx, 22)          // movbe
                    && bit(leaf1.ecx, 26);         // xsave
    if (!v3) {
        return "x86_64_v2";
    }

    const bool v4 = avx512State && bit(leaf7.ebx, 16) // avx512f
                    && bit(leaf7.ebx, 30)             // avx512bw
                    && bit(leaf7.ebx, 28)             // avx512cd
                    && bit(leaf7.ebx, 17)             // avx512dq
                    && bit(leaf7.ebx, 31);            // avx512vl
    return v4 ? "x86_64_v4" : "x86_64_v3";
}
#endif

#if defined(__linux__)
// The first processor's entry of /proc/cpuinfo (up to the first blank line), which is all that
// archspec reads; the rest repeats it for every core.
std::string firstCpuinfoEntry()
{
    std::ifstream file("/proc/cpuinfo");
    std::string text;
    std::string line;
    while (std::getline(file, line)) {
        if (line.find_first_not_of(" \t\r") == std::string::npos) {
            if (!text.empty()) {
                break;
            }
            continue;
        }
        text += line;
        text += '\n';
    }
    return text;
}
#endif

[[maybe_unused]] std::optional<std::string> archspecFor(const std::string& machine)
{
#if defined(__linux__)
    // As archspec.cpu.host() on Linux: the most specific microarchitecture whose features
    // /proc/cpuinfo lists (core/platform/microarchitecture.h). The kernel drops the AVX and
    // AVX-512 flags when it does not save their state, so no XCR0 check is needed here.
    if (const std::string entry = firstCpuinfoEntry(); !entry.empty()) {
        std::string name = hostMicroarchitecture(parseProcCpuinfo(entry, machine));
        if (!name.empty()) {
            return name;
        }
    }
#endif
    // Without /proc/cpuinfo (other Unixes, a sandbox hiding it): the ISA level from CPUID.
#if defined(ENVDESK_HAVE_CPUID) && defined(__x86_64__)
    if (machine == "x86_64" || machine == "amd64") {
        return x86IsaLevel();
    }
#endif
    // Linux says aarch64 and macOS arm64; both stay as they are, like conda's subdirs
    // (linux-aarch64, osx-arm64), so they fall through to the machine name.
    if (machine.empty()) {
        return std::nullopt;
    }
    return machine;
}

void detectInto(HostFacts& facts)
{
    facts.platform = specs::currentPlatform();

#if defined(__unix__) || defined(__APPLE__)
    struct utsname names {};
    if (uname(&names) == 0) {
#if defined(__linux__)
        facts.linuxKernel = numericKernelVersion(names.release);
#endif
        facts.archspec = archspecFor(names.machine);
    }
#endif

#if defined(__GLIBC__)
    // The running libc, not the one this was compiled against (__GLIBC_MINOR__).
    if (const char* version = gnu_get_libc_version(); version != nullptr && *version != '\0') {
        facts.glibc = std::string(version);
    }
#endif

#if defined(__APPLE__)
    // kern.osproductversion reports the real version (11.x on Big Sur), never the 10.16 that
    // SYSTEM_VERSION_COMPAT shows to old binaries.
    char product[64] = {};
    std::size_t size = sizeof(product);
    if (sysctlbyname("kern.osproductversion", product, &size, nullptr, 0) == 0
        && product[0] != '\0') {
        facts.osxVersion = std::string(product);
    }
#endif

#if defined(_WIN32)
    // GetVersionEx lies to unmanifested programs; RtlGetVersion does not.
    using RtlGetVersionFn = LONG(WINAPI*)(OSVERSIONINFOW*);
    if (HMODULE ntdll = GetModuleHandleW(L"ntdll.dll"); ntdll != nullptr) {
        auto rtlGetVersion =
            reinterpret_cast<RtlGetVersionFn>(GetProcAddress(ntdll, "RtlGetVersion"));
        OSVERSIONINFOW info{};
        info.dwOSVersionInfoSize = sizeof(info);
        if (rtlGetVersion != nullptr && rtlGetVersion(&info) == 0) {
            facts.winVersion = std::to_string(info.dwMajorVersion) + "."
                               + std::to_string(info.dwMinorVersion) + "."
                               + std::to_string(info.dwBuildNumber);
        }
    }
#if defined(_M_ARM64) || defined(__aarch64__)
    facts.archspec = "aarch64";
#elif defined(_WIN64) && defined(ENVDESK_HAVE_CPUID)
    facts.archspec = x86IsaLevel();
#elif defined(_WIN64)
    facts.archspec = "x86_64";
#else
    facts.archspec = "x86";
#endif
#endif
}

} // namespace

HostFacts HostFacts::detect()
{
    HostFacts facts;
    // Detection is best effort: a fact that cannot be read stays empty rather than failing
    // the whole app (std::regex and std::string may throw on allocation).
    try {
        detectInto(facts);
    } catch (...) {
        // Keep what was read before the failure; "unknown" fits the small-string buffer, so
        // assigning it cannot throw again.
        if (facts.platform.empty()) {
            facts.platform = "unknown";
        }
    }
    return facts;
}

} // namespace envdesk::platform
