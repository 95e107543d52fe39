#include "core/platform/microarchitecture.h"

#include <algorithm>
#include <array>
#include <cstddef>
#include <map>
#include <optional>
#include <utility>

namespace envdesk::platform {

namespace {

// One entry of archspec's cpu/microarchitectures.json: its parents ("from"), vendor, the
// features it needs (space separated, as /proc/cpuinfo spells them) and, on aarch64, the
// "cpupart" that identifies it.
struct Entry {
    std::string_view name;
    std::string_view parents;
    std::string_view vendor;
    std::string_view features;
    std::string_view cpuPart = {};
};

// Copied by hand from archspec-json's cpu/microarchitectures.json (master, the revision that
// archspec 0.2.5 ships: the first with zen5, neoverse_n2/v2 and cpupart; it has no
// emeraldrapids, graniterapids, m3 or m4), keeping only the x86_64 and aarch64 families and
// dropping the compiler flags. The order is the JSON's: archspec breaks ties by it.
constexpr std::array kTable{
    // x86_64: the generic psABI levels.
    Entry{"x86_64", "", "generic", ""},
    Entry{"x86_64_v2", "x86_64", "generic", "cx16 lahf_lm mmx sse sse2 ssse3 sse4_1 sse4_2 popcnt"},
    Entry{"x86_64_v3", "x86_64_v2", "generic",
          "cx16 lahf_lm mmx sse sse2 ssse3 sse4_1 sse4_2 popcnt avx avx2 bmi1 bmi2 f16c fma abm "
          "movbe xsave"},
    Entry{"x86_64_v4", "x86_64_v3", "generic",
          "cx16 lahf_lm mmx sse sse2 ssse3 sse4_1 sse4_2 popcnt avx avx2 bmi1 bmi2 f16c fma abm "
          "movbe xsave avx512f avx512bw avx512cd avx512dq avx512vl"},
    // x86_64: Intel.
    Entry{"nocona", "x86_64", "GenuineIntel", "mmx sse sse2 sse3"},
    Entry{"core2", "nocona", "GenuineIntel", "mmx sse sse2 ssse3"},
    Entry{"nehalem", "core2 x86_64_v2", "GenuineIntel", "mmx sse sse2 ssse3 sse4_1 sse4_2 popcnt"},
    Entry{"westmere", "nehalem", "GenuineIntel",
          "mmx sse sse2 ssse3 sse4_1 sse4_2 popcnt aes pclmulqdq"},
    Entry{"sandybridge", "westmere", "GenuineIntel",
          "mmx sse sse2 ssse3 sse4_1 sse4_2 popcnt aes pclmulqdq avx"},
    Entry{"ivybridge", "sandybridge", "GenuineIntel",
          "mmx sse sse2 ssse3 sse4_1 sse4_2 popcnt aes pclmulqdq avx rdrand f16c"},
    Entry{"haswell", "ivybridge x86_64_v3", "GenuineIntel",
          "mmx sse sse2 ssse3 sse4_1 sse4_2 popcnt aes pclmulqdq avx rdrand f16c movbe fma avx2 "
          "bmi1 bmi2"},
    Entry{"broadwell", "haswell", "GenuineIntel",
          "mmx sse sse2 ssse3 sse4_1 sse4_2 popcnt aes pclmulqdq avx rdrand f16c movbe fma avx2 "
          "bmi1 bmi2 rdseed adx"},
    Entry{"skylake", "broadwell", "GenuineIntel",
          "mmx sse sse2 ssse3 sse4_1 sse4_2 popcnt aes pclmulqdq avx rdrand f16c movbe fma avx2 "
          "bmi1 bmi2 rdseed adx clflushopt xsavec xsaveopt"},
    Entry{"mic_knl", "broadwell", "GenuineIntel",
          "mmx sse sse2 ssse3 sse4_1 sse4_2 popcnt aes pclmulqdq avx rdrand f16c movbe avx2 fma "
          "avx2 bmi1 bmi2 rdseed adx avx512f avx512pf avx512er avx512cd"},
    Entry{"skylake_avx512", "skylake x86_64_v4", "GenuineIntel",
          "mmx sse sse2 ssse3 sse4_1 sse4_2 popcnt aes pclmulqdq avx rdrand f16c movbe fma avx2 "
          "bmi1 bmi2 rdseed adx clflushopt xsavec xsaveopt avx512f clwb avx512vl avx512bw "
          "avx512dq avx512cd"},
    Entry{"cannonlake", "skylake", "GenuineIntel",
          "mmx sse sse2 ssse3 sse4_1 sse4_2 popcnt aes pclmulqdq avx rdrand f16c movbe fma avx2 "
          "bmi1 bmi2 rdseed adx clflushopt xsavec xsaveopt avx512f avx512vl avx512bw avx512dq "
          "avx512cd avx512vbmi avx512ifma sha"},
    Entry{"cascadelake", "skylake_avx512", "GenuineIntel",
          "mmx sse sse2 ssse3 sse4_1 sse4_2 popcnt aes pclmulqdq avx rdrand f16c movbe fma avx2 "
          "bmi1 bmi2 rdseed adx clflushopt xsavec xsaveopt avx512f clwb avx512vl avx512bw "
          "avx512dq avx512cd avx512_vnni"},
    Entry{"icelake", "cascadelake cannonlake", "GenuineIntel",
          "mmx sse sse2 ssse3 sse4_1 sse4_2 popcnt aes pclmulqdq avx rdrand f16c movbe fma avx2 "
          "bmi1 bmi2 rdseed adx clflushopt xsavec xsaveopt avx512f avx512vl avx512bw avx512dq "
          "avx512cd avx512vbmi avx512ifma sha_ni clwb rdpid gfni avx512_vbmi2 avx512_vpopcntdq "
          "avx512_bitalg avx512_vnni vpclmulqdq vaes"},
    Entry{"sapphirerapids", "icelake", "GenuineIntel",
          "mmx sse sse2 ssse3 sse4_1 sse4_2 popcnt aes pclmulqdq avx rdrand f16c movbe fma avx2 "
          "bmi1 bmi2 rdseed adx clflushopt xsavec xsaveopt avx512f avx512vl avx512bw avx512dq "
          "avx512cd avx512vbmi avx512ifma sha_ni clwb rdpid gfni avx512_vbmi2 avx512_vpopcntdq "
          "avx512_bitalg avx512_vnni vpclmulqdq vaes avx512_bf16 cldemote movdir64b movdiri "
          "serialize waitpkg amx_bf16 amx_tile amx_int8"},
    // x86_64: AMD.
    Entry{"k10", "x86_64", "AuthenticAMD", "mmx sse sse2 sse4a abm cx16 3dnow 3dnowext"},
    Entry{"bulldozer", "x86_64_v2", "AuthenticAMD",
          "mmx sse sse2 sse4a abm avx xop fma4 aes pclmulqdq cx16 ssse3 sse4_1 sse4_2"},
    Entry{"piledriver", "bulldozer", "AuthenticAMD",
          "mmx sse sse2 sse4a abm avx xop fma4 aes pclmulqdq cx16 ssse3 sse4_1 sse4_2 bmi1 f16c "
          "fma tbm"},
    Entry{"steamroller", "piledriver", "AuthenticAMD",
          "mmx sse sse2 sse4a abm avx xop fma4 aes pclmulqdq cx16 ssse3 sse4_1 sse4_2 bmi1 f16c "
          "fma fsgsbase tbm"},
    Entry{"excavator", "steamroller x86_64_v3", "AuthenticAMD",
          "mmx sse sse2 sse4a abm avx xop fma4 aes pclmulqdq cx16 ssse3 sse4_1 sse4_2 bmi1 f16c "
          "fma fsgsbase bmi2 avx2 movbe tbm"},
    Entry{"zen", "x86_64_v3", "AuthenticAMD",
          "bmi1 bmi2 f16c fma fsgsbase avx avx2 rdseed clzero aes pclmulqdq cx16 movbe mmx sse "
          "sse2 sse4a ssse3 sse4_1 sse4_2 abm xsavec xsaveopt clflushopt popcnt"},
    Entry{"zen2", "zen", "AuthenticAMD",
          "bmi1 bmi2 f16c fma fsgsbase avx avx2 rdseed clzero aes pclmulqdq cx16 movbe mmx sse "
          "sse2 sse4a ssse3 sse4_1 sse4_2 abm xsavec xsaveopt clflushopt popcnt clwb"},
    Entry{"zen3", "zen2", "AuthenticAMD",
          "bmi1 bmi2 f16c fma fsgsbase avx avx2 rdseed clzero aes pclmulqdq cx16 movbe mmx sse "
          "sse2 sse4a ssse3 sse4_1 sse4_2 abm xsavec xsaveopt clflushopt popcnt clwb vaes "
          "vpclmulqdq pku"},
    Entry{"zen4", "zen3 x86_64_v4", "AuthenticAMD",
          "bmi1 bmi2 f16c fma fsgsbase avx avx2 rdseed clzero aes pclmulqdq cx16 movbe mmx sse "
          "sse2 sse4a ssse3 sse4_1 sse4_2 abm xsavec xsaveopt clflushopt popcnt clwb vaes "
          "vpclmulqdq pku gfni flush_l1d avx512f avx512dq avx512ifma avx512cd avx512bw avx512vl "
          "avx512_bf16 avx512vbmi avx512_vbmi2 avx512_vnni avx512_bitalg avx512_vpopcntdq"},
    Entry{"zen5", "zen4", "AuthenticAMD",
          "abm aes avx avx2 avx512_bf16 avx512_bitalg avx512bw avx512cd avx512dq avx512f "
          "avx512ifma avx512vbmi avx512_vbmi2 avx512vl avx512_vnni avx512_vp2intersect "
          "avx512_vpopcntdq avx_vnni bmi1 bmi2 clflushopt clwb clzero cppc cx16 f16c flush_l1d "
          "fma fsgsbase gfni ibrs_enhanced mmx movbe movdir64b movdiri pclmulqdq popcnt rdseed "
          "sse sse2 sse4_1 sse4_2 sse4a ssse3 tsc_adjust vaes vpclmulqdq xsavec xsaveopt"},
    // aarch64: the generic architecture levels (never detected on Linux, see below).
    Entry{"aarch64", "", "generic", ""},
    Entry{"armv8.1a", "aarch64", "generic", ""},
    Entry{"armv8.2a", "armv8.1a", "generic", ""},
    Entry{"armv8.3a", "armv8.2a", "generic", ""},
    Entry{"armv8.4a", "armv8.3a", "generic", ""},
    Entry{"armv8.5a", "armv8.4a", "generic", ""},
    Entry{"armv9.0a", "armv8.5a", "generic", ""},
    // aarch64: vendors' cores.
    Entry{"thunderx2", "armv8.1a", "Cavium",
          "fp asimd evtstrm aes pmull sha1 sha2 crc32 atomics cpuid asimdrdm", "0x0af"},
    Entry{"a64fx", "armv8.2a", "Fujitsu",
          "fp asimd evtstrm sha1 sha2 crc32 atomics cpuid asimdrdm fphp asimdhp fcma dcpop sve",
          "0x001"},
    Entry{"cortex_a72", "aarch64", "ARM", "fp asimd evtstrm aes pmull sha1 sha2 crc32 cpuid",
          "0xd08"},
    Entry{"neoverse_n1", "cortex_a72 armv8.2a", "ARM",
          "fp asimd evtstrm aes pmull sha1 sha2 crc32 atomics fphp asimdhp cpuid asimdrdm lrcpc "
          "dcpop asimddp",
          "0xd0c"},
    Entry{"neoverse_v1", "neoverse_n1 armv8.4a", "ARM",
          "fp asimd evtstrm aes pmull sha1 sha2 crc32 atomics fphp asimdhp cpuid asimdrdm jscvt "
          "fcma lrcpc dcpop sha3 asimddp sha512 sve asimdfhm dit uscat ilrcpc flagm dcpodp "
          "svei8mm svebf16 i8mm bf16 dgh rng",
          "0xd40"},
    Entry{"neoverse_v2", "neoverse_n1 armv9.0a", "ARM",
          "fp asimd evtstrm aes pmull sha1 sha2 crc32 atomics fphp asimdhp cpuid asimdrdm jscvt "
          "fcma lrcpc dcpop sha3 asimddp sha512 sve asimdfhm uscat ilrcpc flagm sb dcpodp sve2 "
          "flagm2 frint svei8mm svebf16 i8mm bf16",
          "0xd4f"},
    Entry{"neoverse_n2", "neoverse_n1 armv9.0a", "ARM",
          "fp asimd evtstrm aes pmull sha1 sha2 crc32 atomics fphp asimdhp cpuid asimdrdm jscvt "
          "fcma lrcpc dcpop sha3 asimddp sha512 sve asimdfhm uscat ilrcpc flagm sb dcpodp sve2 "
          "flagm2 frint svei8mm svebf16 i8mm bf16",
          "0xd49"},
    Entry{"m1", "armv8.4a", "Apple",
          "fp asimd evtstrm aes pmull sha1 sha2 crc32 atomics fphp asimdhp cpuid asimdrdm jscvt "
          "fcma lrcpc dcpop sha3 asimddp sha512 asimdfhm dit uscat ilrcpc flagm ssbs sb paca pacg "
          "dcpodp flagm2 frint",
          "0x022"},
    Entry{"m2", "m1 armv8.5a", "Apple",
          "fp asimd evtstrm aes pmull sha1 sha2 crc32 atomics fphp asimdhp cpuid asimdrdm jscvt "
          "fcma lrcpc dcpop sha3 asimddp sha512 asimdfhm dit uscat ilrcpc flagm ssbs sb paca pacg "
          "dcpodp flagm2 frint ecv bf16 i8mm bti",
          "0x032"},
};

// archspec's conversions.arm_vendors: the kernel prints the implementer code.
constexpr std::array<std::pair<std::string_view, std::string_view>, 17> kArmVendors{{
    {"0x41", "ARM"},
    {"0x42", "Broadcom"},
    {"0x43", "Cavium"},
    {"0x44", "DEC"},
    {"0x46", "Fujitsu"},
    {"0x48", "HiSilicon"},
    {"0x49", "Infineon Technologies AG"},
    {"0x4d", "Motorola"},
    {"0x4e", "Nvidia"},
    {"0x50", "APM"},
    {"0x51", "Qualcomm"},
    {"0x53", "Samsung"},
    {"0x56", "Marvell"},
    {"0x61", "Apple"},
    {"0x66", "Faraday"},
    {"0x68", "HXT"},
    {"0x69", "Intel"},
}};

std::vector<std::string> splitWords(std::string_view text)
{
    std::vector<std::string> words;
    std::size_t pos = 0;
    while (pos < text.size()) {
        const std::size_t start = text.find_first_not_of(" \t\r\n", pos);
        if (start == std::string_view::npos) {
            break;
        }
        std::size_t end = text.find_first_of(" \t\r\n", start);
        if (end == std::string_view::npos) {
            end = text.size();
        }
        words.emplace_back(text.substr(start, end - start));
        pos = end;
    }
    return words;
}

std::string_view trim(std::string_view text)
{
    const std::size_t start = text.find_first_not_of(" \t\r\n\f\v");
    if (start == std::string_view::npos) {
        return {};
    }
    const std::size_t end = text.find_last_not_of(" \t\r\n\f\v");
    return text.substr(start, end - start + 1);
}

// A table entry with its graph resolved, as archspec's Microarchitecture objects.
struct Target {
    std::string_view name;
    std::string_view vendor;
    std::set<std::string> features;
    std::string_view cpuPart;
    std::set<std::size_t> ancestors; // indices into the table, parents' parents included
    std::size_t root = 0;            // the family: x86_64 or aarch64
};

std::vector<Target> buildTargets()
{
    std::map<std::string_view, std::size_t> index;
    for (std::size_t i = 0; i < kTable.size(); ++i) {
        index.emplace(kTable[i].name, i);
    }
    std::vector<Target> targets(kTable.size());
    // Parents always come before their children in the table, so one pass in order resolves
    // every ancestor set.
    for (std::size_t i = 0; i < kTable.size(); ++i) {
        Target& target = targets[i];
        target.name = kTable[i].name;
        target.vendor = kTable[i].vendor;
        target.cpuPart = kTable[i].cpuPart;
        for (auto& feature : splitWords(kTable[i].features)) {
            target.features.insert(std::move(feature));
        }
        target.root = i;
        for (const auto& parentName : splitWords(kTable[i].parents)) {
            const std::size_t parent = index.at(parentName);
            target.ancestors.insert(parent);
            target.ancestors.insert(targets[parent].ancestors.begin(),
                                    targets[parent].ancestors.end());
            target.root = targets[parent].root;
        }
    }
    return targets;
}

const std::vector<Target>& targets()
{
    static const std::vector<Target> all = buildTargets();
    return all;
}

std::optional<std::size_t> indexOf(std::string_view name)
{
    const auto& all = targets();
    for (std::size_t i = 0; i < all.size(); ++i) {
        if (all[i].name == name) {
            return i;
        }
    }
    return std::nullopt;
}

std::string normalizedMachine(const std::string& machine)
{
    if (machine == "amd64" || machine == "AMD64") {
        return "x86_64";
    }
    if (machine == "arm64" || machine == "ARM64") {
        return "aarch64";
    }
    return machine;
}

std::string_view armVendor(std::string_view implementer)
{
    for (const auto& [code, name] : kArmVendors) {
        if (code == implementer) {
            return name;
        }
    }
    return implementer;
}

bool hasAll(const std::set<std::string>& flags, const std::set<std::string>& needed)
{
    return std::includes(flags.begin(), flags.end(), needed.begin(), needed.end());
}

// archspec's compatibility_check_for_x86_64: in the family, the CPU's vendor or generic, and
// every listed feature among the flags (ancestors' features are not checked).
bool compatibleX86(const CpuInfo& cpu, const Target& target, std::size_t root)
{
    return target.root == root && (target.vendor == cpu.vendor || target.vendor == "generic")
           && hasAll(cpu.flags, target.features);
}

// archspec's compatibility_check_for_aarch64 on Linux: the armv8.x/armv9.0a levels are never
// candidates (their features cannot be told from /proc/cpuinfo); others need the vendor (or
// generic) and every feature.
bool compatibleAarch64(std::string_view vendor, const CpuInfo& cpu, const Target& target,
                       std::size_t root)
{
    if (target.vendor == "generic" && target.name != "aarch64") {
        return false;
    }
    return target.root == root && (target.vendor == vendor || target.vendor == "generic")
           && hasAll(cpu.flags, target.features);
}

} // namespace

CpuInfo parseProcCpuinfo(std::string_view text, std::string machine)
{
    std::map<std::string, std::string, std::less<>> fields;
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t end = text.find('\n', pos);
        if (end == std::string_view::npos) {
            end = text.size();
        }
        const std::string_view line = text.substr(pos, end - pos);
        pos = end + 1;
        const std::size_t colon = line.find(':');
        if (colon == std::string_view::npos) {
            // A line without a colon after some fields is the blank line that ends the first
            // processor's entry: archspec reads only that one.
            if (!fields.empty()) {
                break;
            }
            continue;
        }
        fields[std::string(trim(line.substr(0, colon)))] =
            std::string(trim(line.substr(colon + 1)));
    }

    auto field = [&fields](std::string_view key) -> std::string {
        const auto it = fields.find(key);
        return it == fields.end() ? std::string() : it->second;
    };

    CpuInfo cpu;
    cpu.machine = std::move(machine);
    const std::string family = normalizedMachine(cpu.machine);
    if (family == "aarch64") {
        cpu.vendor = field("CPU implementer");
        cpu.part = field("CPU part");
        for (auto& feature : splitWords(field("Features"))) {
            cpu.flags.insert(std::move(feature));
        }
    } else {
        cpu.vendor = field("vendor_id");
        for (auto& flag : splitWords(field("flags"))) {
            cpu.flags.insert(std::move(flag));
        }
    }
    return cpu;
}

std::string hostMicroarchitecture(const CpuInfo& cpu)
{
    const std::string family = normalizedMachine(cpu.machine);
    if (family != "x86_64" && family != "aarch64") {
        return family; // archspec's generic_microarchitecture(family) for families we lack
    }
    const auto root = indexOf(family);
    const auto& all = targets();
    const std::string_view vendor = family == "aarch64" ? armVendor(cpu.vendor) : cpu.vendor;

    std::vector<std::size_t> candidates;
    for (std::size_t i = 0; i < all.size(); ++i) {
        const bool ok = family == "x86_64" ? compatibleX86(cpu, all[i], *root)
                                           : compatibleAarch64(vendor, cpu, all[i], *root);
        if (ok) {
            candidates.push_back(i);
        }
    }
    if (candidates.empty()) {
        candidates.push_back(*root);
    }

    // archspec's sorting_fn: depth in the ancestry graph, then the number of features; on a
    // tie the first in the table wins (Python's max keeps the first maximum).
    auto best = [&all](const std::vector<std::size_t>& among) {
        std::size_t winner = among.front();
        for (const std::size_t i : among) {
            const auto key = std::pair(all[i].ancestors.size(), all[i].features.size());
            const auto top = std::pair(all[winner].ancestors.size(), all[winner].features.size());
            if (key > top) {
                winner = i;
            }
        }
        return winner;
    };

    std::vector<std::size_t> generic;
    std::copy_if(candidates.begin(), candidates.end(), std::back_inserter(generic),
                 [&all](std::size_t i) { return all[i].vendor == "generic"; });
    const std::size_t bestGeneric = best(generic);

    // On aarch64 a CPU part named by the table picks among the candidates (neoverse_n2 and
    // neoverse_v2 list the same features).
    if (!cpu.part.empty()) {
        std::vector<std::size_t> samePart;
        std::copy_if(candidates.begin(), candidates.end(), std::back_inserter(samePart),
                     [&all, &cpu](std::size_t i) { return all[i].cpuPart == cpu.part; });
        if (!samePart.empty()) {
            candidates = std::move(samePart);
        }
    }

    // Only descendants of the best generic level: a niche feature turned off in the BIOS must
    // not drop a CPU to an older model.
    std::vector<std::size_t> descendants;
    std::copy_if(
        candidates.begin(), candidates.end(), std::back_inserter(descendants),
        [&all, bestGeneric](std::size_t i) { return all[i].ancestors.count(bestGeneric); });
    if (descendants.empty()) {
        return std::string(all[bestGeneric].name);
    }
    return std::string(all[best(descendants)].name);
}

std::vector<std::string> knownMicroarchitectures()
{
    std::vector<std::string> names;
    names.reserve(kTable.size());
    for (const auto& entry : kTable) {
        names.emplace_back(entry.name);
    }
    return names;
}

} // namespace envdesk::platform
