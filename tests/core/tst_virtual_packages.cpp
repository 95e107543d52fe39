#include "core/platform/conda_overrides.h"
#include "core/platform/microarchitecture.h"
#include "core/platform/virtual_packages.h"
#include "core/specs/channel.h"
#include "core/specs/version.h"
#include "test_printers.h"

#include <QTest>

#include <algorithm>
#include <fstream>
#include <iterator>

using namespace envdesk;
using namespace envdesk::platform;

namespace {

// A Linux x86_64 host with everything known, so each row says exactly which facts it uses.
HostFacts linuxHost()
{
    HostFacts host;
    host.platform = "linux-64";
    host.linuxKernel = "6.1.0";
    host.glibc = "2.36";
    host.archspec = "x86_64_v3";
    host.cudaDriver = "12.4";
    return host;
}

// /etc/os-release, to pin the exact glibc on a distribution we know.
std::string osRelease()
{
    std::ifstream file("/etc/os-release");
    return {std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
}

// One record as `name=version=build`, the way conda info lists virtual packages.
std::string brief(const specs::PackageRecord& record)
{
    return record.name + "=" + record.version + "=" + record.build;
}

std::vector<std::string> briefs(const std::vector<specs::PackageRecord>& records)
{
    std::vector<std::string> out;
    for (const auto& record : records) {
        out.push_back(brief(record));
    }
    return out;
}

// "A=1;B=" -> {A: "1", B: ""}: the row data keeps overrides readable in one string.
std::map<std::string, std::string> parseEnvironment(const QString& text)
{
    std::map<std::string, std::string> environment;
    for (const QString& item : text.split(QLatin1Char(';'), Qt::SkipEmptyParts)) {
        const auto equals = item.indexOf(QLatin1Char('='));
        environment[item.left(equals).toStdString()] = item.mid(equals + 1).toStdString();
    }
    return environment;
}

std::vector<std::string> toStd(const QStringList& list)
{
    std::vector<std::string> out;
    for (const QString& item : list) {
        out.push_back(item.toStdString());
    }
    return out;
}

// One row named after its input: the platform, then the overrides when there are any.
void addRow(const char* platform, const char* environment, const char* expected)
{
    std::string name = *platform != '\0' ? platform : "(empty platform)";
    if (*environment != '\0') {
        name += std::string(" ") + environment;
    }
    QTest::newRow(name.c_str()) << QString::fromUtf8(platform) << QString::fromUtf8(environment)
                                << QString::fromUtf8(expected);
}

// What linuxHost() gives for its own platform with no overrides.
constexpr const char* kNativeLinux =
    "__unix=0=0 __linux=6.1.0=0 __glibc=2.36=0 __archspec=1=x86_64_v3 __cuda=12.4=0";

} // namespace

class TestVirtualPackages : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void detectHost();
    void overridesExplained();
    void records_data();
    void records();
    void recordFields();
    void noarchHasNone();
    void overridesFromTheEnvironmentValue();
    void cudaArch_data();
    void cudaArch();
};

void TestVirtualPackages::detectHost()
{
    const HostFacts host = HostFacts::detect();
    QCOMPARE(host.platform, specs::currentPlatform());
#if defined(__linux__)
    QVERIFY(host.platform.starts_with("linux-"));
    QVERIFY(host.linuxKernel.has_value());
    QVERIFY2(specs::Version::parse(*host.linuxKernel).ok(), host.linuxKernel->c_str());
    QVERIFY2(host.linuxKernel->find('-') == std::string::npos, host.linuxKernel->c_str());
#if defined(__GLIBC__)
    QVERIFY(host.glibc.has_value());
    // The running libc, which for a build on this machine is at least the one it built with.
    const auto running = specs::Version::parse(*host.glibc);
    QVERIFY2(running.ok(), host.glibc->c_str());
    const auto built =
        specs::Version::parse(std::to_string(__GLIBC__) + "." + std::to_string(__GLIBC_MINOR__));
    QVERIFY(*running >= *built);
    if (osRelease().find("ID=debian") != std::string::npos
        && osRelease().find("VERSION_ID=\"12\"") != std::string::npos) {
        QCOMPARE(*host.glibc, std::string("2.36")); // Debian 12 ships glibc 2.36
    }
#endif
#endif
#if defined(__x86_64__)
    QVERIFY(host.archspec.has_value());
    // A generic level (x86_64_v3) or, where /proc/cpuinfo lists a known CPU's features, its
    // name (icelake, zen3), as archspec answers; which one depends on the machine the test
    // runs on.
    const auto known = platform::knownMicroarchitectures();
    QVERIFY2(std::find(known.begin(), known.end(), *host.archspec) != known.end(),
             host.archspec->c_str());
    QVERIFY2(*host.archspec != "aarch64", host.archspec->c_str());
#elif defined(__aarch64__) && defined(__linux__)
    QCOMPARE(host.archspec.value_or(""), std::string("aarch64"));
#endif
    // Never by detect(): core/gpu's child-process probe fills these (gpu::applyTo).
    QVERIFY(!host.cudaDriver.has_value());
    QVERIFY(!host.cudaArch.has_value());
    QVERIFY(!host.osxVersion.has_value() || host.platform.starts_with("osx-"));
    QVERIFY(!host.winVersion.has_value() || host.platform.starts_with("win-"));

    // The detected facts make a complete native set for this machine.
    std::string names;
    for (const auto& record : virtualPackages(host, {host.platform, {}})) {
        names += " " + brief(record);
    }
    QVERIFY(!names.empty());
    qInfo("virtual packages on this machine:%s", names.c_str());
}

void TestVirtualPackages::records_data()
{
    QTest::addColumn<QString>("platform");
    QTest::addColumn<QString>("environment");
    QTest::addColumn<QString>("expected");

    addRow("linux-64", "", kNativeLinux);

    // Overrides replace values (trimmed, as conda strips them).
    addRow("linux-64", "CONDA_OVERRIDE_GLIBC=2.17",
           "__unix=0=0 __linux=6.1.0=0 __glibc=2.17=0 __archspec=1=x86_64_v3 __cuda=12.4=0");
    addRow("linux-64", "CONDA_OVERRIDE_GLIBC= 2.28 ",
           "__unix=0=0 __linux=6.1.0=0 __glibc=2.28=0 __archspec=1=x86_64_v3 __cuda=12.4=0");
    addRow("linux-64", "CONDA_OVERRIDE_CUDA=11.8",
           "__unix=0=0 __linux=6.1.0=0 __glibc=2.36=0 __archspec=1=x86_64_v3 __cuda=11.8=0");
    addRow("linux-64", "CONDA_OVERRIDE_LINUX=5.15.0-rc2",
           "__unix=0=0 __linux=5.15.0=0 __glibc=2.36=0 __archspec=1=x86_64_v3 __cuda=12.4=0");
    addRow("linux-64", "CONDA_OVERRIDE_ARCHSPEC=skylake_avx512",
           "__unix=0=0 __linux=6.1.0=0 __glibc=2.36=0 __archspec=1=skylake_avx512 __cuda=12.4=0");
    addRow("linux-64", "CONDA_OVERRIDE_GLIBC=2.31;CONDA_OVERRIDE_CUDA=12.0",
           "__unix=0=0 __linux=6.1.0=0 __glibc=2.31=0 __archspec=1=x86_64_v3 __cuda=12.0=0");

    // An empty override removes the package...
    addRow("linux-64", "CONDA_OVERRIDE_CUDA=",
           "__unix=0=0 __linux=6.1.0=0 __glibc=2.36=0 __archspec=1=x86_64_v3");
    addRow("linux-64", "CONDA_OVERRIDE_CUDA=   ",
           "__unix=0=0 __linux=6.1.0=0 __glibc=2.36=0 __archspec=1=x86_64_v3");
    addRow("linux-64", "CONDA_OVERRIDE_GLIBC=",
           "__unix=0=0 __linux=6.1.0=0 __archspec=1=x86_64_v3 __cuda=12.4=0");
    addRow("linux-64",
           "CONDA_OVERRIDE_ARCHSPEC=", "__unix=0=0 __linux=6.1.0=0 __glibc=2.36=0 __cuda=12.4=0");
    // ...except where conda keeps it: __linux becomes 0 (its empty_override=None).
    addRow("linux-64", "CONDA_OVERRIDE_LINUX=",
           "__unix=0=0 __linux=0=0 __glibc=2.36=0 __archspec=1=x86_64_v3 __cuda=12.4=0");

    // Invalid values are ignored as if unset.
    addRow("linux-64", "CONDA_OVERRIDE_GLIBC=2..17", kNativeLinux);
    addRow("linux-64", "CONDA_OVERRIDE_CUDA=twelve point four", kNativeLinux);
    addRow("linux-64", "CONDA_OVERRIDE_LINUX=latest", kNativeLinux);
    addRow("linux-64", "CONDA_OVERRIDE_ARCHSPEC=x86_64 v3", kNativeLinux);

    // Overrides for another OS, and unknown variables, do not apply.
    addRow("linux-64", "CONDA_OVERRIDE_OSX=13.0;CONDA_OVERRIDE_WIN=10", kNativeLinux);
    addRow("linux-64", "CONDA_OVERRIDE_UNIX=;CONDA_OVERRIDE_FOO=1", kNativeLinux);

    // Foreign platforms never use the host's facts: overrides, else documented defaults.
    addRow("osx-arm64", "", "__unix=0=0 __osx=11.0=0 __archspec=1=arm64");
    addRow("osx-64", "", "__unix=0=0 __osx=10.15=0 __archspec=1=x86_64");
    addRow("osx-arm64", "CONDA_OVERRIDE_OSX=14.5", "__unix=0=0 __osx=14.5=0 __archspec=1=arm64");
    addRow("osx-arm64", "CONDA_OVERRIDE_OSX=", "__unix=0=0 __archspec=1=arm64");
    addRow("osx-arm64", "CONDA_OVERRIDE_GLIBC=2.28;CONDA_OVERRIDE_LINUX=5.4",
           "__unix=0=0 __osx=11.0=0 __archspec=1=arm64");
    addRow("osx-arm64", "CONDA_OVERRIDE_ARCHSPEC=m1", "__unix=0=0 __osx=11.0=0 __archspec=1=m1");
    addRow("win-64", "", "__win=0=0 __archspec=1=x86_64");
    addRow("win-64", "CONDA_OVERRIDE_WIN=10.0.22631", "__win=10.0.22631=0 __archspec=1=x86_64");
    // conda's windows plugin ignores an empty CONDA_OVERRIDE_WIN; __win is always present.
    addRow("win-64", "CONDA_OVERRIDE_WIN=", "__win=0=0 __archspec=1=x86_64");
    addRow("win-64", "CONDA_OVERRIDE_CUDA=12.1", "__win=0=0 __archspec=1=x86_64 __cuda=12.1=0");
    addRow("win-arm64", "", "__win=0=0 __archspec=1=arm64");
    addRow("linux-aarch64", "", "__unix=0=0 __linux=5.10=0 __glibc=2.17=0 __archspec=1=aarch64");
    addRow("linux-aarch64", "CONDA_OVERRIDE_GLIBC=2.28;CONDA_OVERRIDE_LINUX=4.18",
           "__unix=0=0 __linux=4.18=0 __glibc=2.28=0 __archspec=1=aarch64");
    addRow("linux-aarch64",
           "CONDA_OVERRIDE_GLIBC=", "__unix=0=0 __linux=5.10=0 __archspec=1=aarch64");
    addRow("linux-aarch64", "CONDA_OVERRIDE_ARCHSPEC=neoverse_v2",
           "__unix=0=0 __linux=5.10=0 __glibc=2.17=0 __archspec=1=neoverse_v2");
    addRow("linux-aarch64", "CONDA_OVERRIDE_CUDA=12.6",
           "__unix=0=0 __linux=5.10=0 __glibc=2.17=0 __archspec=1=aarch64 __cuda=12.6=0");
    addRow("linux-32", "", "__unix=0=0 __linux=5.10=0 __glibc=2.17=0 __archspec=1=x86");
    addRow("linux-ppc64le", "", "__unix=0=0 __linux=5.10=0 __glibc=2.17=0 __archspec=1=ppc64le");
    addRow("emscripten-wasm32", "", "__unix=0=0 __archspec=1=wasm32");

    // noarch and non-platforms give nothing, overrides or not.
    addRow("noarch", "", "");
    addRow("noarch", "CONDA_OVERRIDE_CUDA=12.4", "");
    addRow("", "", "");
}

void TestVirtualPackages::records()
{
    QFETCH(QString, platform);
    QFETCH(QString, environment);
    QFETCH(QString, expected);
    const VirtualPackageOptions options{platform.toStdString(), parseEnvironment(environment)};
    QCOMPARE(briefs(virtualPackages(linuxHost(), options)),
             toStd(expected.split(QLatin1Char(' '), Qt::SkipEmptyParts)));
}

void TestVirtualPackages::recordFields()
{
    const auto records = virtualPackages(linuxHost(), {"linux-64", {}});
    QCOMPARE(records.size(), std::size_t{5});
    for (const auto& record : records) {
        QCOMPARE(record.channel, std::string("@"));
        QCOMPARE(record.subdir, std::string("linux-64"));
        QCOMPARE(record.buildNumber, std::uint64_t{0});
        QCOMPARE(record.fn, record.name);
        QVERIFY(record.depends.empty());
        QVERIFY(record.url.empty());
        // Every version is a valid conda version so the solver's specs can match it.
        QVERIFY2(specs::Version::parse(record.version).ok(), record.version.c_str());
    }
    const auto archspec = std::find_if(records.begin(), records.end(),
                                       [](const auto& r) { return r.name == "__archspec"; });
    QVERIFY(archspec != records.end());
    QCOMPARE(archspec->version, std::string("1"));
    QCOMPARE(archspec->build, std::string("x86_64_v3"));
    QCOMPARE(archspec->distName(), std::string("__archspec-1-x86_64_v3"));

    const auto foreign = virtualPackages(linuxHost(), {"osx-arm64", {}});
    for (const auto& record : foreign) {
        QCOMPARE(record.subdir, std::string("osx-arm64"));
        QCOMPARE(record.channel, std::string("@"));
    }
}

void TestVirtualPackages::noarchHasNone()
{
    QVERIFY(virtualPackages(HostFacts::detect(), {"noarch", {}}).empty());
}

// The overrides come from the environment value the composition root read, never from the
// process: a variable only this process has is not seen.
void TestVirtualPackages::overridesFromTheEnvironmentValue()
{
    qputenv("CONDA_OVERRIDE_OSX", "99.0");
    const std::map<std::string, std::string> environment = {
        {"CONDA_OVERRIDE_GLIBC", "2.17"},  {"CONDA_OVERRIDE_CUDA", ""},
        {"CONDA_OVERRIDE_UNRELATED", "1"}, {"CONDA_OVERRIDE_CUDA_ARCH", "8.9"},
        {"HOME", "/home/tester"},
    };
    const auto overrides = condaOverridesIn(environment);
    qunsetenv("CONDA_OVERRIDE_OSX");

    QCOMPARE(overrides.count("CONDA_OVERRIDE_GLIBC"), std::size_t{1});
    QCOMPARE(overrides.at("CONDA_OVERRIDE_GLIBC"), std::string("2.17"));
    // Set to empty is kept: it is the request to drop __cuda.
    QCOMPARE(overrides.count("CONDA_OVERRIDE_CUDA"), std::size_t{1});
    QCOMPARE(overrides.at("CONDA_OVERRIDE_CUDA"), std::string());
    QCOMPARE(overrides.count("CONDA_OVERRIDE_OSX"), std::size_t{0});
    QCOMPARE(overrides.count("CONDA_OVERRIDE_UNRELATED"), std::size_t{0});
    QCOMPARE(overrides.count("HOME"), std::size_t{0});
    QCOMPARE(overrides.count("CONDA_OVERRIDE_CUDA_ARCH"), std::size_t{1});
    QCOMPARE(overrides.at("CONDA_OVERRIDE_CUDA_ARCH"), std::string("8.9"));
}

void TestVirtualPackages::cudaArch_data()
{
    // host: "gpu" (driver CUDA 12.4, lowest compute capability 8.6), "driver" (a driver without
    // devices: no compute capability), "none" (no driver). Only the __cuda* records are listed.
    QTest::addColumn<QString>("host");
    QTest::addColumn<QString>("platform");
    QTest::addColumn<QString>("environment");
    QTest::addColumn<QString>("expected");

    auto row = [](const char* host, const char* platform, const char* environment,
                  const char* expected) {
        std::string name = std::string(host) + " " + platform;
        if (*environment != '\0') {
            name += std::string(" ") + environment;
        }
        QTest::newRow(name.c_str())
            << QString::fromUtf8(host) << QString::fromUtf8(platform)
            << QString::fromUtf8(environment) << QString::fromUtf8(expected);
    };
    // CEP 46 (pixi's __cuda_arch): the lowest compute capability, build 0.
    row("gpu", "linux-64", "", "__cuda=12.4=0 __cuda_arch=8.6=0");
    row("gpu", "linux-64", "CONDA_OVERRIDE_CUDA_ARCH=9.0", "__cuda=12.4=0 __cuda_arch=9.0=0");
    row("gpu", "linux-64", "CONDA_OVERRIDE_CUDA_ARCH= 10.0 ", "__cuda=12.4=0 __cuda_arch=10.0=0");
    row("gpu", "linux-64", "CONDA_OVERRIDE_CUDA_ARCH=", "__cuda=12.4=0");
    // Not MAJOR.MINOR: ignored, as every invalid override.
    row("gpu", "linux-64", "CONDA_OVERRIDE_CUDA_ARCH=9.0a", "__cuda=12.4=0 __cuda_arch=8.6=0");
    row("gpu", "linux-64", "CONDA_OVERRIDE_CUDA_ARCH=sm_90", "__cuda=12.4=0 __cuda_arch=8.6=0");
    row("gpu", "linux-64", "CONDA_OVERRIDE_CUDA_ARCH=9", "__cuda=12.4=0 __cuda_arch=8.6=0");
    // No __cuda, no __cuda_arch, whatever its override says.
    row("gpu", "linux-64", "CONDA_OVERRIDE_CUDA=", "");
    row("gpu", "linux-64", "CONDA_OVERRIDE_CUDA=;CONDA_OVERRIDE_CUDA_ARCH=9.0", "");
    row("gpu", "linux-64", "CONDA_OVERRIDE_CUDA=11.8", "__cuda=11.8=0 __cuda_arch=8.6=0");
    row("driver", "linux-64", "", "__cuda=12.4=0");
    row("driver", "linux-64", "CONDA_OVERRIDE_CUDA_ARCH=8.0", "__cuda=12.4=0 __cuda_arch=8.0=0");
    row("none", "linux-64", "CONDA_OVERRIDE_CUDA_ARCH=8.0", "");
    row("none", "linux-64", "CONDA_OVERRIDE_CUDA=12.0;CONDA_OVERRIDE_CUDA_ARCH=8.0",
        "__cuda=12.0=0 __cuda_arch=8.0=0");
    // Foreign targets: overrides only, never the host's GPU.
    row("gpu", "linux-aarch64", "CONDA_OVERRIDE_CUDA=12.6", "__cuda=12.6=0");
    row("gpu", "win-64", "CONDA_OVERRIDE_CUDA=12.1;CONDA_OVERRIDE_CUDA_ARCH=8.9",
        "__cuda=12.1=0 __cuda_arch=8.9=0");
    row("gpu", "osx-arm64", "", "");
    row("gpu", "noarch", "CONDA_OVERRIDE_CUDA=12.1;CONDA_OVERRIDE_CUDA_ARCH=8.9", "");
}

void TestVirtualPackages::cudaArch()
{
    QFETCH(QString, host);
    QFETCH(QString, platform);
    QFETCH(QString, environment);
    QFETCH(QString, expected);
    HostFacts facts = linuxHost();
    if (host == QStringLiteral("gpu")) {
        facts.cudaArch = "8.6";
    } else if (host == QStringLiteral("none")) {
        facts.cudaDriver.reset();
    }
    const VirtualPackageOptions options{platform.toStdString(), parseEnvironment(environment)};
    std::vector<std::string> cuda;
    for (const auto& record : virtualPackages(facts, options)) {
        if (record.name.starts_with("__cuda")) {
            QCOMPARE(record.channel, std::string("@"));
            QCOMPARE(record.subdir, platform.toStdString());
            cuda.push_back(brief(record));
        }
    }
    QCOMPARE(cuda, toStd(expected.split(QLatin1Char(' '), Qt::SkipEmptyParts)));
}

// What the Machine page says about an override, decided with the solver's own records: which
// variable gave a record its value or removed it, and whether a typed value would be taken.
void TestVirtualPackages::overridesExplained()
{
    HostFacts host;
    host.platform = "linux-64";
    host.linuxKernel = "6.1.0";
    host.glibc = "2.36";
    host.archspec = "x86_64_v3";
    const std::map<std::string, std::string> overrides = {{"CONDA_OVERRIDE_CUDA", "12.4"},
                                                          {"CONDA_OVERRIDE_GLIBC", "2 28"},
                                                          {"CONDA_OVERRIDE_ARCHSPEC", ""}};
    std::map<std::string, std::string> behind;
    for (const auto& record : envdesk::platform::virtualPackages(host, {"linux-64", overrides})) {
        behind[record.name] = envdesk::platform::overrideBehind(record, overrides);
    }
    QCOMPARE(behind["__cuda"], std::string("CONDA_OVERRIDE_CUDA"));
    QCOMPARE(behind["__glibc"], std::string()); // ignored: the detected 2.36 stays
    QVERIFY(!behind.contains("__archspec"));    // removed by the empty value
    QCOMPARE(envdesk::platform::overrideRemoving("__archspec", overrides),
             std::string("CONDA_OVERRIDE_ARCHSPEC"));
    QCOMPARE(envdesk::platform::overrideRemoving("__cuda_arch", {{"CONDA_OVERRIDE_CUDA", " "}}),
             std::string("CONDA_OVERRIDE_CUDA"));
    QCOMPARE(envdesk::platform::overrideRemoving("__glibc", overrides), std::string());

    using envdesk::platform::overrideAccepted;
    QVERIFY(overrideAccepted(host, "CONDA_OVERRIDE_CUDA", "12.4"));
    QVERIFY(!overrideAccepted(host, "CONDA_OVERRIDE_CUDA", "12"));
    QVERIFY(!overrideAccepted(host, "CONDA_OVERRIDE_CUDA", "12.4.1"));
    QVERIFY(!overrideAccepted(host, "CONDA_OVERRIDE_CUDA", "twelve"));
    QVERIFY(overrideAccepted(host, "CONDA_OVERRIDE_GLIBC", " 2.28 "));
    QVERIFY(!overrideAccepted(host, "CONDA_OVERRIDE_GLIBC", "2"));
    QVERIFY(overrideAccepted(host, "CONDA_OVERRIDE_ARCHSPEC", "zen4"));
    QVERIFY(!overrideAccepted(host, "CONDA_OVERRIDE_NOPE", "1.0"));
    QVERIFY(!overrideAccepted(host, "CONDA_OVERRIDE_GLIBC", ""));
}

QTEST_APPLESS_MAIN(TestVirtualPackages)
#include "tst_virtual_packages.moc"
