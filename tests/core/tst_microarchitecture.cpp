#include "core/platform/microarchitecture.h"
#include "core/platform/virtual_packages.h"

#include <QTest>

#include <algorithm>

using namespace envdesk::platform;

namespace {

// The first entries of real /proc/cpuinfo files, trimmed to the fields archspec reads plus a
// few neighbours, and followed by a second processor that must be ignored.
const char* const kSkylakeSp = R"(processor	: 0
vendor_id	: GenuineIntel
cpu family	: 6
model		: 85
model name	: Intel(R) Xeon(R) Gold 6148 CPU @ 2.40GHz
flags		: fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush dts acpi mmx fxsr sse sse2 ss ht tm pbe syscall nx pdpe1gb rdtscp lm constant_tsc art arch_perfmon pebs bts rep_good nopl xtopology nonstop_tsc cpuid aperfmperf pni pclmulqdq dtes64 monitor ds_cpl vmx smx est tm2 ssse3 sdbg fma cx16 xtpr pdcm pcid dca sse4_1 sse4_2 x2apic movbe popcnt tsc_deadline_timer aes xsave avx f16c rdrand lahf_lm abm 3dnowprefetch cpuid_fault epb cat_l3 cdp_l3 invpcid_single pti intel_ppin ssbd mba ibrs ibpb stibp tpr_shadow vnmi flexpriority ept vpid ept_ad fsgsbase tsc_adjust bmi1 hle avx2 smep bmi2 erms invpcid rtm cqm mpx rdt_a avx512f avx512dq rdseed adx smap clflushopt clwb intel_pt avx512cd avx512bw avx512vl xsaveopt xsavec xgetbv1 xsaves cqm_llc cqm_occup_llc cqm_mbm_total cqm_mbm_local dtherm ida arat pln pts pku ospke md_clear flush_l1d arch_capabilities
bogomips	: 4800.00

processor	: 1
vendor_id	: GenuineIntel
flags		: fpu
)";

const char* const kHaswell = R"(processor	: 0
vendor_id	: GenuineIntel
cpu family	: 6
model		: 60
model name	: Intel(R) Core(TM) i7-4770 CPU @ 3.40GHz
flags		: fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush dts acpi mmx fxsr sse sse2 ss ht tm pbe syscall nx pdpe1gb rdtscp lm constant_tsc arch_perfmon pebs bts rep_good nopl xtopology nonstop_tsc cpuid aperfmperf pni pclmulqdq dtes64 monitor ds_cpl vmx smx est tm2 ssse3 sdbg fma cx16 xtpr pdcm pcid sse4_1 sse4_2 x2apic movbe popcnt tsc_deadline_timer aes xsave avx f16c rdrand lahf_lm abm cpuid_fault epb invpcid_single pti ssbd ibrs ibpb stibp tpr_shadow vnmi flexpriority ept vpid ept_ad fsgsbase tsc_adjust bmi1 avx2 smep bmi2 erms invpcid xsaveopt dtherm ida arat pln pts md_clear flush_l1d
)";

const char* const kZen3 = R"(processor	: 0
vendor_id	: AuthenticAMD
cpu family	: 25
model		: 1
model name	: AMD EPYC 7763 64-Core Processor
flags		: fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush mmx fxsr sse sse2 ht syscall nx mmxext fxsr_opt pdpe1gb rdtscp lm constant_tsc rep_good nopl nonstop_tsc cpuid extd_apicid aperfmperf rapl pni pclmulqdq monitor ssse3 fma cx16 pcid sse4_1 sse4_2 x2apic movbe popcnt aes xsave avx f16c rdrand lahf_lm cmp_legacy svm extapic cr8_legacy abm sse4a misalignsse 3dnowprefetch osvw ibs skinit wdt tce topoext perfctr_core perfctr_nb bpext perfctr_llc mwaitx cpb cat_l3 cdp_l3 invpcid_single hw_pstate ssbd mba ibrs ibpb stibp vmmcall fsgsbase bmi1 avx2 smep bmi2 erms invpcid cqm rdt_a rdseed adx smap clflushopt clwb sha_ni xsaveopt xsavec xgetbv1 xsaves cqm_llc cqm_occup_llc cqm_mbm_total cqm_mbm_local clzero irperf xsaveerptr rdpru wbnoinvd amd_ppin brs arat npt lbrv svm_lock nrip_save tsc_scale vmcb_clean flushbyasid decodeassists pausefilter pfthreshold v_vmsave_vmload vgif v_spec_ctrl umip pku ospke vaes vpclmulqdq rdpid overflow_recov succor smca fsrm
)";

const char* const kZen4 = R"(processor	: 0
vendor_id	: AuthenticAMD
cpu family	: 25
model		: 17
model name	: AMD EPYC 9654 96-Core Processor
flags		: fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush mmx fxsr sse sse2 ht syscall nx mmxext fxsr_opt pdpe1gb rdtscp lm constant_tsc rep_good amd_lbr_v2 nopl nonstop_tsc cpuid extd_apicid aperfmperf rapl pni pclmulqdq monitor ssse3 fma cx16 pcid sse4_1 sse4_2 x2apic movbe popcnt aes xsave avx f16c rdrand lahf_lm cmp_legacy svm extapic cr8_legacy abm sse4a misalignsse 3dnowprefetch osvw ibs skinit wdt tce topoext perfctr_core perfctr_nb bpext perfctr_llc mwaitx cpb cat_l3 cdp_l3 invpcid_single hw_pstate ssbd mba perfmon_v2 ibrs ibpb stibp ibrs_enhanced vmmcall fsgsbase bmi1 avx2 smep bmi2 erms invpcid cqm rdt_a avx512f avx512dq rdseed adx smap avx512ifma clflushopt clwb avx512cd sha_ni avx512bw avx512vl xsaveopt xsavec xgetbv1 xsaves cqm_llc cqm_occup_llc cqm_mbm_total cqm_mbm_local avx512_bf16 clzero irperf xsaveerptr rdpru wbnoinvd amd_ppin cppc arat npt lbrv svm_lock nrip_save tsc_scale vmcb_clean flushbyasid decodeassists pausefilter pfthreshold avic v_vmsave_vmload vgif x2avic v_spec_ctrl vnmi avx512vbmi umip pku ospke avx512_vbmi2 gfni vaes vpclmulqdq avx512_vnni avx512_bitalg avx512_vpopcntdq la57 rdpid overflow_recov succor smca fsrm flush_l1d
)";

const char* const kCore2 = R"(processor	: 0
vendor_id	: GenuineIntel
cpu family	: 6
model		: 23
model name	: Intel(R) Core(TM)2 Duo CPU     E8400  @ 3.00GHz
flags		: fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush dts acpi mmx fxsr sse sse2 ss ht tm pbe syscall nx lm constant_tsc arch_perfmon pebs bts rep_good nopl cpuid aperfmperf pni dtes64 monitor ds_cpl vmx smx est tm2 ssse3 cx16 xtpr pdcm sse4_1 lahf_lm pti tpr_shadow vnmi flexpriority dtherm
)";

// Hygon Dhyana: a Zen 1 under another vendor_id, so only the generic levels fit.
const char* const kHygon = R"(processor	: 0
vendor_id	: HygonGenuine
cpu family	: 24
model		: 0
model name	: Hygon C86 7185 32-core Processor
flags		: fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush mmx fxsr sse sse2 ht syscall nx mmxext fxsr_opt pdpe1gb rdtscp lm constant_tsc rep_good nopl nonstop_tsc cpuid extd_apicid amd_dcm aperfmperf pni pclmulqdq monitor ssse3 fma cx16 sse4_1 sse4_2 movbe popcnt aes xsave avx f16c rdrand lahf_lm cmp_legacy svm extapic cr8_legacy abm sse4a misalignsse 3dnowprefetch osvw skinit wdt tce topoext perfctr_core perfctr_nb bpext perfctr_llc mwaitx cpb hw_pstate sme ssbd sev ibpb vmmcall fsgsbase bmi1 avx2 smep bmi2 rdseed adx smap clflushopt sha_ni xsaveopt xsavec xgetbv1 xsaves clzero irperf xsaveerptr arat npt lbrv svm_lock nrip_save tsc_scale vmcb_clean flushbyasid decodeassists pausefilter pfthreshold avic v_vmsave_vmload vgif overflow_recov succor smca
)";

// Zhaoxin KX-6000: SSE4.2 but no AVX2.
const char* const kZhaoxin = R"(processor	: 0
vendor_id	: CentaurHauls
cpu family	: 7
model		: 11
model name	: ZHAOXIN KaiXian KX-U6780A@2.7GHz
flags		: fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush acpi mmx fxsr sse sse2 ss ht tm pbe syscall nx pdpe1gb rdtscp lm constant_tsc rep_good nopl xtopology nonstop_tsc cpuid aperfmperf pni pclmulqdq monitor est tm2 ssse3 cx16 xtpr pdcm sse4_1 sse4_2 x2apic popcnt tsc_deadline_timer aes xsave avx rdrand lahf_lm 3dnowprefetch ssbd ibrs ibpb stibp tpr_shadow vnmi flexpriority ept vpid fsgsbase tsc_adjust smep erms xsaveopt arat umip pku ospke md_clear arch_capabilities
)";

const char* const kGraviton2 = R"(processor	: 0
BogoMIPS	: 243.75
Features	: fp asimd evtstrm aes pmull sha1 sha2 crc32 atomics fphp asimdhp cpuid asimdrdm lrcpc dcpop asimddp ssbs
CPU implementer	: 0x41
CPU architecture: 8
CPU variant	: 0x3
CPU part	: 0xd0c
CPU revision	: 1

processor	: 1
Features	: fp
)";

const char* const kGraviton3 = R"(processor	: 0
BogoMIPS	: 2100.00
Features	: fp asimd evtstrm aes pmull sha1 sha2 crc32 atomics fphp asimdhp cpuid asimdrdm jscvt fcma lrcpc dcpop sha3 sm3 sm4 asimddp sha512 sve asimdfhm dit uscat ilrcpc flagm ssbs paca pacg dcpodp svei8mm svebf16 i8mm bf16 dgh rng
CPU implementer	: 0x41
CPU architecture: 8
CPU variant	: 0x1
CPU part	: 0xd40
CPU revision	: 1
)";

// Neoverse V2 (NVIDIA Grace, Graviton4) and N2 list the same features; only the part differs.
const char* const kNeoverseV2Features =
    "fp asimd evtstrm aes pmull sha1 sha2 crc32 atomics fphp asimdhp cpuid asimdrdm jscvt fcma "
    "lrcpc dcpop sha3 sm3 sm4 asimddp sha512 sve asimdfhm dit uscat ilrcpc flagm ssbs sb paca "
    "pacg dcpodp sve2 sveaes svepmull svebitperm svesha3 svesm4 flagm2 frint svei8mm svebf16 i8mm "
    "bf16 dgh bti";

const char* const kA64fx = R"(processor	: 0
BogoMIPS	: 200.00
Features	: fp asimd evtstrm sha1 sha2 crc32 atomics fphp asimdhp cpuid asimdrdm fcma dcpop sve
CPU implementer	: 0x46
CPU architecture: 8
CPU variant	: 0x1
CPU part	: 0x001
CPU revision	: 0
)";

// Raspberry Pi 4: a Cortex-A72 without the crypto extension, so cortex_a72 does not fit.
const char* const kRaspberryPi4 = R"(processor	: 0
BogoMIPS	: 108.00
Features	: fp asimd evtstrm crc32 cpuid
CPU implementer	: 0x41
CPU architecture: 8
CPU variant	: 0x0
CPU part	: 0xd08
CPU revision	: 3
)";

QString q(const std::string& text)
{
    return QString::fromStdString(text);
}

std::string aarch64Cpuinfo(const char* features, const char* part)
{
    return std::string("processor\t: 0\nFeatures\t: ") + features
           + "\nCPU implementer\t: 0x41\nCPU architecture: 8\nCPU part\t: " + part + "\n";
}

} // namespace

class TestMicroarchitecture : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void parsesFirstEntryOnly()
    {
        const CpuInfo x86 = parseProcCpuinfo(kSkylakeSp, "x86_64");
        QCOMPARE(q(x86.machine), QStringLiteral("x86_64"));
        QCOMPARE(q(x86.vendor), QStringLiteral("GenuineIntel"));
        QVERIFY(x86.flags.count("avx512f") == 1);
        QVERIFY(x86.flags.count("fpu") == 1);
        QVERIFY(x86.part.empty());

        const CpuInfo arm = parseProcCpuinfo(kGraviton2, "aarch64");
        QCOMPARE(q(arm.vendor), QStringLiteral("0x41"));
        QCOMPARE(q(arm.part), QStringLiteral("0xd0c"));
        QCOMPARE(arm.flags.size(), std::size_t(17)); // not the second processor's "fp" alone
        QVERIFY(arm.flags.count("asimddp") == 1);
    }

    void detects_data()
    {
        QTest::addColumn<QString>("machine");
        QTest::addColumn<QString>("cpuinfo");
        QTest::addColumn<QString>("expected");

        // Expected answers follow archspec's data and host() rules: the deepest compatible
        // model of the CPU's vendor that descends from the best generic level.
        QTest::newRow("Xeon Gold 6148 (Skylake-SP)")
            << QStringLiteral("x86_64") << QString::fromLatin1(kSkylakeSp)
            << QStringLiteral("skylake_avx512");
        QTest::newRow("Core i7-4770 (Haswell)")
            << QStringLiteral("x86_64") << QString::fromLatin1(kHaswell)
            << QStringLiteral("haswell");
        QTest::newRow("EPYC 7763 (Zen 3)")
            << QStringLiteral("x86_64") << QString::fromLatin1(kZen3) << QStringLiteral("zen3");
        QTest::newRow("EPYC 9654 (Zen 4)")
            << QStringLiteral("x86_64") << QString::fromLatin1(kZen4) << QStringLiteral("zen4");
        QTest::newRow("Core 2 Duo E8400")
            << QStringLiteral("x86_64") << QString::fromLatin1(kCore2) << QStringLiteral("core2");
        QTest::newRow("HygonGenuine (unknown vendor, v3)")
            << QStringLiteral("x86_64") << QString::fromLatin1(kHygon)
            << QStringLiteral("x86_64_v3");
        QTest::newRow("CentaurHauls (unknown vendor, v2)")
            << QStringLiteral("x86_64") << QString::fromLatin1(kZhaoxin)
            << QStringLiteral("x86_64_v2");
        QTest::newRow("amd64 spelling") << QStringLiteral("amd64") << QString::fromLatin1(kHaswell)
                                        << QStringLiteral("haswell");
        QTest::newRow("empty x86_64 cpuinfo")
            << QStringLiteral("x86_64") << QString() << QStringLiteral("x86_64");

        QTest::newRow("Graviton2 (0x41 0xd0c)")
            << QStringLiteral("aarch64") << QString::fromLatin1(kGraviton2)
            << QStringLiteral("neoverse_n1");
        QTest::newRow("Graviton3 (0x41 0xd40)")
            << QStringLiteral("aarch64") << QString::fromLatin1(kGraviton3)
            << QStringLiteral("neoverse_v1");
        QTest::newRow("Grace (0x41 0xd4f)")
            << QStringLiteral("aarch64") << q(aarch64Cpuinfo(kNeoverseV2Features, "0xd4f"))
            << QStringLiteral("neoverse_v2");
        QTest::newRow("Neoverse N2 (0x41 0xd49)")
            << QStringLiteral("aarch64") << q(aarch64Cpuinfo(kNeoverseV2Features, "0xd49"))
            << QStringLiteral("neoverse_n2");
        QTest::newRow("A64FX (0x46 0x001)")
            << QStringLiteral("aarch64") << QString::fromLatin1(kA64fx) << QStringLiteral("a64fx");
        QTest::newRow("Raspberry Pi 4 (no crypto)")
            << QStringLiteral("aarch64") << QString::fromLatin1(kRaspberryPi4)
            << QStringLiteral("aarch64");
        QTest::newRow("unknown implementer 0xc0")
            << QStringLiteral("aarch64")
            << QStringLiteral("processor\t: 0\nFeatures\t: fp asimd evtstrm aes pmull sha1 sha2 "
                              "crc32 atomics fphp asimdhp cpuid asimdrdm lrcpc dcpop asimddp\n"
                              "CPU implementer\t: 0xc0\nCPU part\t: 0xac3\n")
            << QStringLiteral("aarch64");
        QTest::newRow("ppc64le (family not in the table)")
            << QStringLiteral("ppc64le") << QStringLiteral("processor\t: 0\ncpu\t: POWER9\n")
            << QStringLiteral("ppc64le");
    }

    void detects()
    {
        QFETCH(QString, machine);
        QFETCH(QString, cpuinfo);
        QFETCH(QString, expected);
        const CpuInfo cpu = parseProcCpuinfo(cpuinfo.toStdString(), machine.toStdString());
        QCOMPARE(q(hostMicroarchitecture(cpu)), expected);
    }

    // A flag missing only from an older model's list must not matter: the check is per model,
    // not per ancestor (Linux never lists "sse3", which nocona needs, yet core2 is found).
    void doesNotNeedAncestorsFeatures()
    {
        CpuInfo cpu;
        cpu.machine = "x86_64";
        cpu.vendor = "GenuineIntel";
        cpu.flags = {"mmx", "sse", "sse2", "ssse3"};
        QCOMPARE(q(hostMicroarchitecture(cpu)), QStringLiteral("core2"));
        cpu.flags.insert("sse3");
        QCOMPARE(q(hostMicroarchitecture(cpu)), QStringLiteral("core2"));
    }

    void tableHasTheFamilies()
    {
        const auto names = knownMicroarchitectures();
        for (const char* name :
             {"x86_64", "x86_64_v2", "x86_64_v3", "x86_64_v4", "nocona", "sapphirerapids", "k10",
              "zen5", "aarch64", "thunderx2", "a64fx", "neoverse_n1", "neoverse_v1", "m1", "m2"}) {
            QVERIFY2(std::find(names.begin(), names.end(), name) != names.end(), name);
        }
    }

    void thisMachine()
    {
        const HostFacts host = HostFacts::detect();
        QVERIFY(host.archspec.has_value());
        qInfo("__archspec on this machine: %s", host.archspec->c_str());
#if defined(__linux__) && (defined(__x86_64__) || defined(__aarch64__))
        const auto names = knownMicroarchitectures();
        QVERIFY2(std::find(names.begin(), names.end(), *host.archspec) != names.end(),
                 host.archspec->c_str());
#endif
    }
};

QTEST_APPLESS_MAIN(TestMicroarchitecture)
#include "tst_microarchitecture.moc"
