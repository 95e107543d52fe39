#include "core/gpu/cuda_advice.h"
#include "core/gpu/gpu_cache.h"
#include "core/gpu/gpu_detector.h"
#include "core/gpu/nvidia_smi.h"
#include "core/gpu/probe_protocol.h"
#include "core/platform/virtual_packages.h"
#include "tests/core/test_printers.h"

#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QTest>

#include <cerrno>
#include <csignal>
#include <fstream>
#include <thread>

using namespace envdesk;
using namespace envdesk::gpu;

namespace {

const std::string kStandins = ENVDESK_GPU_STANDINS_DIR;
const std::string kProbe = ENVDESK_BIN_DIR "/envdesk-gpu-probe";

// Options that see only the stand-ins of `scenario` (an empty scenario: no libraries at all)
// and the stand-in nvidia-smi `smi` (empty: none), never the machine's own driver.
DetectOptions standinOptions(const std::string& scenario, const std::string& smi = {})
{
    DetectOptions options;
    // This test's own environment, as a composition root passes its own (ASAN_OPTIONS
    // included, see initTestCase).
    const QProcessEnvironment process = QProcessEnvironment::systemEnvironment();
    for (const QString& key : process.keys()) {
        options.processEnvironment[key.toStdString()] = process.value(key).toStdString();
    }
    options.probePath = kProbe;
    options.useCache = false;
    options.timeout = std::chrono::seconds(30); // generous: only the hang test waits for it
    options.environment["ENVDESK_GPU_LIBRARY_PATH"] =
        scenario.empty() ? kStandins + "/none" : kStandins + "/" + scenario;
    options.environment["ENVDESK_GPU_NO_SYSTEM_SEARCH"] = "1";
    options.environment["ENVDESK_NVIDIA_SMI"] =
        smi.empty() ? std::string() : kStandins + "/smi-" + smi + "/nvidia-smi";
    return options;
}

// Enum values by name, so that a failed comparison prints them.
std::string name(DetectionMethod method)
{
    return std::string(toString(method));
}

std::string name(AttemptOutcome outcome)
{
    return std::string(toString(outcome));
}

// The attempts as "method:outcome", to compare in one line.
std::vector<std::string> attemptSummary(const GpuInfo& info)
{
    std::vector<std::string> out;
    for (const auto& attempt : info.attempts) {
        out.push_back(std::string(toString(attempt.method)) + ":"
                      + std::string(toString(attempt.outcome)));
    }
    return out;
}

std::string describe(const util::Result<GpuInfo>& result)
{
    if (!result) {
        return "error: " + result.error().message();
    }
    std::string text = "method " + std::string(toString(result->method)) + ", attempts:";
    for (const auto& attempt : result->attempts) {
        text += " [" + std::string(toString(attempt.method)) + " "
                + std::string(toString(attempt.outcome)) + ": " + attempt.detail + "]";
    }
    return text;
}

// The virtual packages a linux-64 host with `info` applied gets, as name=version=build.
std::vector<std::string> cudaPackages(const GpuInfo& info,
                                      std::map<std::string, std::string> overrides = {})
{
    platform::HostFacts host;
    host.platform = "linux-64";
    host.linuxKernel = "6.1.0";
    host.glibc = "2.36";
    host.archspec = "x86_64_v3";
    applyTo(info, host);
    std::vector<std::string> out;
    for (const auto& record : platform::virtualPackages(host, {"linux-64", std::move(overrides)})) {
        if (record.name.starts_with("__cuda")) {
            out.push_back(record.name + "=" + record.version + "=" + record.build);
        }
    }
    return out;
}

std::vector<std::string> toStd(const QStringList& list)
{
    std::vector<std::string> out;
    for (const QString& item : list) {
        out.push_back(item.toStdString());
    }
    return out;
}

} // namespace

class TestGpu : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    // Detection through the real probe, against stand-in drivers.
    void normalDriver();
    void severalDevices();
    void nvmlMissing();
    void nvmlInitFails();
    void driverWithoutDevices();
    void cuInitCrashes();
    void cuInitCrashesThenNvidiaSmiAnswers();
    void cuInitHangs();
    void nvidiaSmi_data();
    void nvidiaSmi();
    void nothingFound();
    void probeMissing();
    void cancelled();

    // The per-boot cache.
    void secondCallUsesCache();
    void cacheKeyChangesWithOverrides();
    void cacheRejects_data();
    void cacheRejects();

    // Pure parts.
    void nvidiaSmiVersions_data();
    void nvidiaSmiVersions();
    void nvidiaSmiDevices_data();
    void nvidiaSmiDevices();
    void probeOutput();
    void cudaVersionText_data();
    void cudaVersionText();
    void advice_data();
    void advice();
    void virtualPackageOverrides_data();
    void virtualPackageOverrides();
};

void TestGpu::initTestCase()
{
    QVERIFY2(QFile::exists(QString::fromStdString(kProbe)),
             "envdesk-gpu-probe is not built beside envdesk-cli");
    QVERIFY2(QFile::exists(QString::fromStdString(kStandins + "/normal/libnvidia-ml.so.1")),
             "the stand-in libraries are not built");
    // In a sanitizer build the probe is instrumented too, and AddressSanitizer's SIGSEGV handler
    // would turn a stand-in driver's crash into exit status 1. The probe must die of the signal,
    // as it does in a release build (this process read ASAN_OPTIONS when it started; only the
    // probes it starts see the change).
    QByteArray asan = qgetenv("ASAN_OPTIONS");
    asan += asan.isEmpty() ? "handle_segv=0" : ":handle_segv=0";
    qputenv("ASAN_OPTIONS", asan);
}

void TestGpu::normalDriver()
{
    const auto result = detect(standinOptions("normal"));
    QVERIFY2(result.ok(), describe(result).c_str());
    QCOMPARE(name(result->method), name(DetectionMethod::Nvml));
    QCOMPARE(attemptSummary(*result), std::vector<std::string>{"nvml:answered"});
    QCOMPARE(result->cudaDriverVersion, 12040);
    QCOMPARE(result->cudaVersion().value_or(""), std::string("12.4"));
    QCOMPARE(result->driverVersion, std::string("550.54.14"));
    QCOMPARE(result->devices.size(), std::size_t{1});
    QCOMPARE(result->devices[0].name, std::string("Envdesk Stand-in GPU"));
    QCOMPARE(result->devices[0].memoryBytes, std::uint64_t{24} * 1024 * 1024 * 1024);
    QCOMPARE(result->devices[0].computeCapability(), std::string("8.6"));
    QVERIFY2(!result->timedOut, "nothing hung");
    QVERIFY2(!result->fromCache, "the cache was off");
    QCOMPARE(cudaPackages(*result),
             (std::vector<std::string>{"__cuda=12.4=0", "__cuda_arch=8.6=0"}));
}

void TestGpu::severalDevices()
{
    const auto result = detect(standinOptions("several"));
    QVERIFY2(result.ok(), describe(result).c_str());
    QCOMPARE(name(result->method), name(DetectionMethod::Nvml));
    QCOMPARE(result->cudaVersion().value_or(""), std::string("12.6"));
    QCOMPARE(result->devices.size(), std::size_t{3});
    std::vector<std::string> capabilities;
    for (const auto& device : result->devices) {
        capabilities.push_back(device.name + " " + device.computeCapability());
    }
    QCOMPARE(capabilities,
             (std::vector<std::string>{"Envdesk Stand-in RTX A 8.6", "Envdesk Stand-in T4 7.5",
                                       "Envdesk Stand-in H100 9.0"}));
    // CEP 46: the lowest, so that what is installed runs on every device.
    QCOMPARE(result->lowestComputeCapability().value_or(""), std::string("7.5"));
    QCOMPARE(cudaPackages(*result),
             (std::vector<std::string>{"__cuda=12.6=0", "__cuda_arch=7.5=0"}));
}

void TestGpu::nvmlMissing()
{
    const auto result = detect(standinOptions("no-nvml"));
    QVERIFY2(result.ok(), describe(result).c_str());
    QCOMPARE(name(result->method), name(DetectionMethod::CudaDriver));
    QCOMPARE(attemptSummary(*result),
             (std::vector<std::string>{"nvml:not-found", "libcuda:answered"}));
    QVERIFY2(result->attempts[0].detail.find("libnvidia-ml.so.1") != std::string::npos,
             result->attempts[0].detail.c_str());
    QCOMPARE(result->cudaVersion().value_or(""), std::string("12.2"));
    QVERIFY2(result->driverVersion.empty(), "libcuda does not know the driver's own version");
    QCOMPARE(result->devices.size(), std::size_t{2});
    QCOMPARE(result->devices[1].name, std::string("Envdesk Stand-in CUDA 1"));
    QCOMPARE(result->devices[1].memoryBytes, std::uint64_t{16} * 1024 * 1024 * 1024);
    QCOMPARE(result->devices[1].computeCapability(), std::string("8.9"));
    QCOMPARE(cudaPackages(*result),
             (std::vector<std::string>{"__cuda=12.2=0", "__cuda_arch=7.5=0"}));
}

void TestGpu::nvmlInitFails()
{
    const auto result = detect(standinOptions("nvml-broken"));
    QVERIFY2(result.ok(), describe(result).c_str());
    QCOMPARE(name(result->method), name(DetectionMethod::CudaDriver));
    QCOMPARE(attemptSummary(*result),
             (std::vector<std::string>{"nvml:failed", "libcuda:answered"}));
    QCOMPARE(result->attempts[0].detail, std::string("nvmlInit_v2 returned 9 (Driver Not Loaded)"));
}

void TestGpu::driverWithoutDevices()
{
    const auto result = detect(standinOptions("no-device"));
    QVERIFY2(result.ok(), describe(result).c_str());
    QCOMPARE(name(result->method), name(DetectionMethod::CudaDriver));
    QCOMPARE(result->cudaVersion().value_or(""), std::string("12.4"));
    QVERIFY2(result->devices.empty(), describe(result).c_str());
    // CEP 46: a driver without devices has __cuda and no __cuda_arch.
    QCOMPARE(cudaPackages(*result), std::vector<std::string>{"__cuda=12.4=0"});
}

void TestGpu::cuInitCrashes()
{
    const auto result = detect(standinOptions("cuda-crash"));
    QVERIFY2(result.ok(), describe(result).c_str());
    QCOMPARE(name(result->method), name(DetectionMethod::None));
    // The crash is attributed to libcuda, and a second run of the probe still tried nvidia-smi.
    QCOMPARE(attemptSummary(*result), (std::vector<std::string>{"nvml:not-found", "libcuda:crashed",
                                                                "nvidia-smi:not-found"}));
    QVERIFY2(result->attempts[1].detail.find("signal") != std::string::npos,
             result->attempts[1].detail.c_str());
    QVERIFY2(!result->timedOut, "a crash is not a timeout");
    QVERIFY2(cudaPackages(*result).empty(), "no __cuda without an answer");
}

void TestGpu::cuInitCrashesThenNvidiaSmiAnswers()
{
    const auto result = detect(standinOptions("cuda-crash", "normal"));
    QVERIFY2(result.ok(), describe(result).c_str());
    QCOMPARE(name(result->method), name(DetectionMethod::NvidiaSmi));
    QCOMPARE(attemptSummary(*result), (std::vector<std::string>{"nvml:not-found", "libcuda:crashed",
                                                                "nvidia-smi:answered"}));
    QCOMPARE(result->cudaVersion().value_or(""), std::string("12.2"));
}

void TestGpu::cuInitHangs()
{
    QTemporaryDir folder;
    QVERIFY2(folder.isValid(), "a temporary folder");
    const std::string pidFile = folder.filePath(QStringLiteral("standin.pid")).toStdString();
    DetectOptions options = standinOptions("cuda-hang", "normal");
    options.timeout = std::chrono::milliseconds(1500);
    options.environment["ENVDESK_STANDIN_PID_FILE"] = pidFile;

    // The stand-in hangs in cuInit for good: without the time limit this would never return
    // (the test's own timeout would fail it), and the result says the limit ended it.
    const auto result = detect(options);

    QVERIFY2(result.ok(), describe(result).c_str());
    QVERIFY2(result->timedOut, describe(result).c_str());
    QCOMPARE(name(result->method), name(DetectionMethod::None));
    QCOMPARE(attemptSummary(*result),
             (std::vector<std::string>{"nvml:not-found", "libcuda:timed-out"}));
    QVERIFY2(result->attempts[1].detail.find("killed") != std::string::npos,
             result->attempts[1].detail.c_str());

    // The process that hung in cuInit is gone.
    std::ifstream stream(pidFile);
    long pid = 0;
    stream >> pid;
    QVERIFY2(pid > 0, "the hanging stand-in wrote its process id");
    errno = 0;
    QVERIFY2(kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH,
             "the probe that hung is still running");
}

void TestGpu::nvidiaSmi_data()
{
    QTest::addColumn<QString>("smi");
    QTest::addColumn<QString>("outcome");
    QTest::addColumn<QString>("cuda");
    QTest::addColumn<QString>("driver");
    QTest::addColumn<QStringList>("devices");

    QTest::newRow("normal") << QStringLiteral("normal") << QStringLiteral("answered")
                            << QStringLiteral("12.2") << QStringLiteral("535.183.01")
                            << QStringList{QStringLiteral("NVIDIA GeForce RTX 3090 8.6 24576"),
                                           QStringLiteral("Tesla T4 7.5 15360")};
    // Before R510 there is no compute_cap: the devices are listed without it.
    QTest::newRow("old") << QStringLiteral("old") << QStringLiteral("answered")
                         << QStringLiteral("11.4") << QStringLiteral("470.223.02")
                         << QStringList{QStringLiteral("Tesla K80  11441")};
    QTest::newRow("garbage") << QStringLiteral("garbage") << QStringLiteral("failed") << QString()
                             << QString() << QStringList{};
}

void TestGpu::nvidiaSmi()
{
    QFETCH(QString, smi);
    QFETCH(QString, outcome);
    QFETCH(QString, cuda);
    QFETCH(QString, driver);
    QFETCH(QStringList, devices);

    const auto result = detect(standinOptions({}, smi.toStdString()));
    QVERIFY2(result.ok(), describe(result).c_str());
    QCOMPARE(attemptSummary(*result),
             (std::vector<std::string>{"nvml:not-found", "libcuda:not-found",
                                       "nvidia-smi:" + outcome.toStdString()}));
    QCOMPARE(result->cudaVersion().value_or(""), cuda.toStdString());
    QCOMPARE(result->driverVersion, driver.toStdString());
    std::vector<std::string> found;
    for (const auto& device : result->devices) {
        found.push_back(device.name + " " + device.computeCapability() + " "
                        + std::to_string(device.memoryBytes / (1024 * 1024)));
    }
    QCOMPARE(found, toStd(devices));
    if (outcome == QStringLiteral("answered")) {
        QCOMPARE(name(result->method), name(DetectionMethod::NvidiaSmi));
    } else {
        QCOMPARE(name(result->method), name(DetectionMethod::None));
        QVERIFY2(result->attempts.back().detail.find("no CUDA version") != std::string::npos,
                 result->attempts.back().detail.c_str());
    }
}

void TestGpu::nothingFound()
{
    const auto result = detect(standinOptions({}));
    QVERIFY2(result.ok(), describe(result).c_str());
    QCOMPARE(name(result->method), name(DetectionMethod::None));
    QCOMPARE(
        attemptSummary(*result),
        (std::vector<std::string>{"nvml:not-found", "libcuda:not-found", "nvidia-smi:not-found"}));
    QVERIFY2(!result->cudaVersion(), "no CUDA version");
    QVERIFY2(result->devices.empty(), "no devices");
    QVERIFY2(cudaPackages(*result).empty(), "no __cuda, no __cuda_arch");
    // An override still gives __cuda, as on any machine without a GPU.
    QCOMPARE(cudaPackages(*result, {{"CONDA_OVERRIDE_CUDA", "12.0"}}),
             std::vector<std::string>{"__cuda=12.0=0"});
}

void TestGpu::probeMissing()
{
    DetectOptions options = standinOptions("normal");
    options.probePath = kStandins + "/no-such-probe";
    const auto result = detect(options);
    QVERIFY2(!result.ok(), describe(result).c_str());
    QCOMPARE(std::string(util::toString(result.error().code)),
             std::string(util::toString(util::ErrorCode::NotFound)));
}

void TestGpu::cancelled()
{
    DetectOptions options = standinOptions("cuda-hang");
    options.timeout = std::chrono::seconds(120);
    std::stop_source stop;
    std::jthread canceller([&stop] {
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        stop.request_stop();
    });
    const auto result = detect(options, stop.get_token());
    QVERIFY2(!result.ok(), describe(result).c_str());
    QCOMPARE(std::string(util::toString(result.error().code)),
             std::string(util::toString(util::ErrorCode::Cancelled)));
}

void TestGpu::secondCallUsesCache()
{
    QTemporaryDir folder;
    QVERIFY2(folder.isValid(), "a temporary folder");
    DetectOptions options = standinOptions("normal");
    options.useCache = true;
    options.cacheFile = folder.filePath(QStringLiteral("envdesk/gpu.json")).toStdString();
    if (currentCacheKey(options.environment).bootId.empty()) {
        QSKIP("no boot id on this system: nothing is cached");
    }

    const auto first = detect(options);
    QVERIFY2(first.ok(), describe(first).c_str());
    QVERIFY2(!first->fromCache, "the first call asks the driver");
    QVERIFY2(QFile::exists(QString::fromStdString(options.cacheFile)), "the cache was written");

    // The second call does not run the probe at all: a missing one does not matter.
    options.probePath = kStandins + "/no-such-probe";
    const auto second = detect(options);
    QVERIFY2(second.ok(), describe(second).c_str());
    QVERIFY2(second->fromCache, "the second call reads the cache");
    GpuInfo expected = *first;
    expected.fromCache = true;
    QVERIFY2(*second == expected, describe(second).c_str());
}

void TestGpu::cacheKeyChangesWithOverrides()
{
    QTemporaryDir folder;
    QVERIFY2(folder.isValid(), "a temporary folder");
    DetectOptions options = standinOptions("normal");
    options.useCache = true;
    options.cacheFile = folder.filePath(QStringLiteral("gpu.json")).toStdString();
    if (currentCacheKey(options.environment).bootId.empty()) {
        QSKIP("no boot id on this system: nothing is cached");
    }
    const auto first = detect(options);
    QVERIFY2(first.ok(), describe(first).c_str());

    // Other stand-ins make another key: the cached answer is not used.
    options.environment["ENVDESK_GPU_LIBRARY_PATH"] = kStandins + "/several";
    QVERIFY2(!(currentCacheKey(options.environment)
               == currentCacheKey(standinOptions("normal").environment)),
             "the library folder is part of the key");
    const auto other = detect(options);
    QVERIFY2(other.ok(), describe(other).c_str());
    QVERIFY2(!other->fromCache, "a different library folder is a different driver");
    QCOMPARE(other->devices.size(), std::size_t{3});
}

void TestGpu::cacheRejects_data()
{
    QTest::addColumn<QString>("change");
    QTest::newRow("another boot") << QStringLiteral("boot");
    QTest::newRow("another driver") << QStringLiteral("driver");
    QTest::newRow("after a day") << QStringLiteral("day");
    QTest::newRow("a timeout after ten minutes") << QStringLiteral("fault");
    QTest::newRow("written in the future") << QStringLiteral("future");
    QTest::newRow("unreadable file") << QStringLiteral("garbage");
}

void TestGpu::cacheRejects()
{
    QFETCH(QString, change);
    QTemporaryDir folder;
    QVERIFY2(folder.isValid(), "a temporary folder");
    const std::string file = folder.filePath(QStringLiteral("gpu.json")).toStdString();
    const CacheKey key{"boot-1", "module=NVRM 550.54.14", "ENVDESK_GPU_LIBRARY_PATH unset;"};
    GpuInfo info;
    info.method = DetectionMethod::Nvml;
    info.cudaDriverVersion = 12040;
    info.devices.push_back({"GPU", 1024, 8, 6});
    info.attempts.push_back({DetectionMethod::Nvml, AttemptOutcome::Answered, {}});
    const std::int64_t written = 1'700'000'000;
    std::int64_t now = written + 60;
    CacheKey asked = key;

    if (change == QStringLiteral("boot")) {
        asked.bootId = "boot-2";
    } else if (change == QStringLiteral("driver")) {
        asked.driver = "module=NVRM 560.35.03";
    } else if (change == QStringLiteral("day")) {
        now = written + kCacheLifetimeSeconds + 1;
    } else if (change == QStringLiteral("fault")) {
        info.timedOut = true;
        now = written + kCacheFaultLifetimeSeconds + 1;
    } else if (change == QStringLiteral("future")) {
        now = written - 3600;
    }
    QVERIFY2(writeCache(file, key, info, written), "the cache is written");
    // Unchanged, it is read back as it was.
    const auto same = readCache(file, key, written + 60);
    QVERIFY2(same.has_value(), "the entry itself is valid");
    QVERIFY2(same->fromCache, "marked as cached");
    if (change == QStringLiteral("garbage")) {
        std::ofstream(file) << "{ not json";
    }
    QVERIFY2(!readCache(file, asked, now).has_value(), qPrintable(change));
}

void TestGpu::nvidiaSmiVersions_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("cuda");
    QTest::addColumn<QString>("driver");

    QTest::newRow("-q header") << QStringLiteral(
        "Driver Version                            : 550.54.15\n"
        "CUDA Version                              : 12.4\n")
                               << 12040 << QStringLiteral("550.54.15");
    QTest::newRow("banner") << QStringLiteral(
        "| NVIDIA-SMI 580.95.05   Driver Version: 580.95.05   CUDA Version: 13.0     |\n")
                            << 13000 << QStringLiteral("580.95.05");
    QTest::newRow("CUDA 12.10") << QStringLiteral("CUDA Version : 12.10\n") << 12100 << QString();
    QTest::newRow("no version") << QStringLiteral("NVIDIA-SMI has failed because it couldn't "
                                                  "communicate with the NVIDIA driver.")
                                << 0 << QString();
    QTest::newRow("words") << QStringLiteral("CUDA Version : twelve") << 0 << QString();
    QTest::newRow("empty") << QString() << 0 << QString();
}

void TestGpu::nvidiaSmiVersions()
{
    QFETCH(QString, text);
    QFETCH(int, cuda);
    QFETCH(QString, driver);
    const auto versions = parseNvidiaSmiVersions(text.toStdString());
    if (cuda == 0) {
        QVERIFY2(!versions.has_value(), "rejected");
        return;
    }
    QVERIFY2(versions.has_value(), "read");
    QCOMPARE(versions->cudaDriverVersion, cuda);
    QCOMPARE(versions->driverVersion, driver.toStdString());
}

void TestGpu::nvidiaSmiDevices_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("withCapability");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<QStringList>("devices");

    QTest::newRow("NVIDIA A100-SXM4-80GB, 81920, 8.0")
        << QStringLiteral("NVIDIA A100-SXM4-80GB, 81920, 8.0\n") << true << true
        << QStringList{QStringLiteral("NVIDIA A100-SXM4-80GB|81920|8.0")};
    QTest::newRow("two lines, CRLF")
        << QStringLiteral("A, 1024, 7.5\r\nB, 2048, 12.0\r\n") << true << true
        << QStringList{QStringLiteral("A|1024|7.5"), QStringLiteral("B|2048|12.0")};
    QTest::newRow("[N/A] memory") << QStringLiteral("NVIDIA GH200 480GB, [N/A], 9.0") << true
                                  << true
                                  << QStringList{QStringLiteral("NVIDIA GH200 480GB|0|9.0")};
    QTest::newRow("Tesla K80, 11441") << QStringLiteral("Tesla K80, 11441") << false << true
                                      << QStringList{QStringLiteral("Tesla K80|11441|")};
    QTest::newRow("No devices were found")
        << QStringLiteral("No devices were found\n") << true << true << QStringList{};
    QTest::newRow("too few fields")
        << QStringLiteral("Tesla K80, 11441") << true << false << QStringList{};
    QTest::newRow("memory in words")
        << QStringLiteral("GPU, lots, 8.6") << true << false << QStringList{};
    QTest::newRow("capability 8") << QStringLiteral("GPU, 1024, 8") << true << false
                                  << QStringList{};
    QTest::newRow("error text") << QStringLiteral(
        "Field \"compute_cap\" is not a valid field to query.")
                                << true << false << QStringList{};
}

void TestGpu::nvidiaSmiDevices()
{
    QFETCH(QString, text);
    QFETCH(bool, withCapability);
    QFETCH(bool, valid);
    QFETCH(QStringList, devices);
    const auto parsed = parseNvidiaSmiDevices(text.toStdString(), withCapability);
    QCOMPARE(parsed.has_value(), valid);
    if (!parsed) {
        return;
    }
    std::vector<std::string> found;
    for (const auto& device : *parsed) {
        found.push_back(device.name + "|" + std::to_string(device.memoryBytes / (1024 * 1024)) + "|"
                        + device.computeCapability());
    }
    QCOMPARE(found, toStd(devices));
}

void TestGpu::probeOutput()
{
    probe::Answer answer;
    answer.cudaDriverVersion = 12040;
    answer.driverVersion = "550.54.14";
    answer.devices.push_back({"GPU \xff name", 1024, 8, 6}); // not UTF-8: replaced, not thrown
    std::string output = "driver chatter without a newline";
    output += probe::beginLine(DetectionMethod::Nvml);
    output += "garbage line\n";
    output += probe::resultLine({DetectionMethod::Nvml, AttemptOutcome::NotFound, "absent"});
    output += probe::beginLine(DetectionMethod::CudaDriver);
    output += std::string(probe::kLinePrefix) + "{ broken json\n";
    output +=
        probe::resultLine({DetectionMethod::CudaDriver, AttemptOutcome::Answered, {}}, &answer);
    output += probe::doneLine();

    const auto report = probe::parseOutput(output);
    QVERIFY2(report.done, "the done line was read");
    QVERIFY2(!report.unfinished, "every method finished");
    QCOMPARE(report.attempts.size(), std::size_t{2});
    QCOMPARE(report.attempts[0].detail, std::string("absent"));
    QCOMPARE(name(report.answeredBy), name(DetectionMethod::CudaDriver));
    QVERIFY2(report.answer.has_value(), "the answer was read");
    QCOMPARE(report.answer->cudaDriverVersion, 12040);
    QCOMPARE(report.answer->devices.size(), std::size_t{1});
    QCOMPARE(report.answer->devices[0].computeCapability(), std::string("8.6"));

    // A begin without its result: the method the probe died in.
    const auto cut = probe::parseOutput(
        probe::beginLine(DetectionMethod::Nvml)
        + probe::resultLine({DetectionMethod::Nvml, AttemptOutcome::NotFound, {}})
        + probe::beginLine(DetectionMethod::CudaDriver));
    QVERIFY2(!cut.done, "no done line");
    QCOMPARE(name(cut.unfinished.value_or(DetectionMethod::None)),
             name(DetectionMethod::CudaDriver));

    // An answer without a version is a failure.
    probe::Answer empty;
    const auto hollow = probe::parseOutput(
        probe::resultLine({DetectionMethod::Nvml, AttemptOutcome::Answered, {}}, &empty));
    QVERIFY2(!hollow.answer.has_value(), "no version, no answer");
    QCOMPARE(name(hollow.attempts.at(0).outcome), name(AttemptOutcome::Failed));

    // GpuInfo survives the cache's JSON.
    GpuInfo info;
    info.method = DetectionMethod::NvidiaSmi;
    info.driverVersion = "535.183.01";
    info.cudaDriverVersion = 12020;
    info.devices.push_back({"Tesla T4", 15ULL << 30, 7, 5});
    info.attempts.push_back({DetectionMethod::CudaDriver, AttemptOutcome::Crashed, "signal"});
    info.timedOut = true;
    QVERIFY2(probe::gpuInfoFromJson(probe::toJson(info)) == info, probe::toJson(info).c_str());
    QVERIFY2(!probe::gpuInfoFromJson("[1, 2]").has_value(), "not an object");
}

void TestGpu::cudaVersionText_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("encoded");
    QTest::newRow("12.4") << QStringLiteral("12.4") << 12040;
    QTest::newRow("11.8") << QStringLiteral("11.8") << 11080;
    QTest::newRow("13.0") << QStringLiteral("13.0") << 13000;
    QTest::newRow("12.10") << QStringLiteral("12.10") << 12100;
    QTest::newRow("12") << QStringLiteral("12") << 0;
    QTest::newRow("12.4.1") << QStringLiteral("12.4.1") << 0;
    QTest::newRow("-1.0") << QStringLiteral("-1.0") << 0;
    QTest::newRow("(empty)") << QString() << 0;
}

void TestGpu::cudaVersionText()
{
    QFETCH(QString, text);
    QFETCH(int, encoded);
    QCOMPARE(parseCudaVersion(text.toStdString()).value_or(0), encoded);
    if (encoded != 0) {
        QCOMPARE(formatCudaVersion(encoded), text.toStdString());
    }
}

void TestGpu::advice_data()
{
    QTest::addColumn<QString>("cuda");
    QTest::addColumn<QString>("constraint");
    QTest::addColumn<QString>("minorCompatible");
    QTest::addColumn<QStringList>("pytorch");
    QTest::addColumn<QStringList>("tensorflow");

    QTest::newRow("12.4") << QStringLiteral("12.4") << QStringLiteral("cuda-version <=12.4")
                          << QStringLiteral("cuda-version <13")
                          << QStringList{QStringLiteral("pytorch=*=cuda12*"),
                                         QStringLiteral("pytorch=*=cuda11*"),
                                         QStringLiteral("pytorch=*=cpu*")}
                          << QStringList{QStringLiteral("tensorflow=*=cuda12*"),
                                         QStringLiteral("tensorflow=*=cuda11*"),
                                         QStringLiteral("tensorflow=*=cpu*")};
    QTest::newRow("13.0") << QStringLiteral("13.0") << QStringLiteral("cuda-version <=13.0")
                          << QStringLiteral("cuda-version <14")
                          << QStringList{QStringLiteral("pytorch=*=cuda13*"),
                                         QStringLiteral("pytorch=*=cuda12*"),
                                         QStringLiteral("pytorch=*=cuda11*"),
                                         QStringLiteral("pytorch=*=cpu*")}
                          << QStringList{QStringLiteral("tensorflow=*=cuda12*"),
                                         QStringLiteral("tensorflow=*=cuda11*"),
                                         QStringLiteral("tensorflow=*=cpu*")};
    QTest::newRow("11.4") << QStringLiteral("11.4") << QStringLiteral("cuda-version <=11.4")
                          << QStringLiteral("cuda-version <12")
                          << QStringList{QStringLiteral("pytorch=*=cuda11*"),
                                         QStringLiteral("pytorch=*=cpu*")}
                          << QStringList{QStringLiteral("tensorflow=*=cuda11*"),
                                         QStringLiteral("tensorflow=*=cpu*")};
    QTest::newRow("10.2") << QStringLiteral("10.2") << QStringLiteral("cuda-version <=10.2")
                          << QStringLiteral("cuda-version <11")
                          << QStringList{QStringLiteral("pytorch=*=cpu*")}
                          << QStringList{QStringLiteral("tensorflow=*=cpu*")};
    QTest::newRow("(no driver)") << QString() << QString() << QString()
                                 << QStringList{QStringLiteral("pytorch=*=cpu*")}
                                 << QStringList{QStringLiteral("tensorflow=*=cpu*")};
    QTest::newRow("twelve") << QStringLiteral("twelve") << QString() << QString()
                            << QStringList{QStringLiteral("pytorch=*=cpu*")}
                            << QStringList{QStringLiteral("tensorflow=*=cpu*")};
}

void TestGpu::advice()
{
    QFETCH(QString, cuda);
    QFETCH(QString, constraint);
    QFETCH(QString, minorCompatible);
    QFETCH(QStringList, pytorch);
    QFETCH(QStringList, tensorflow);
    const CudaAdvice result =
        cudaAdvice(cuda.isEmpty() ? std::nullopt : std::optional<std::string>(cuda.toStdString()));
    QCOMPARE(result.cudaVersionConstraint, constraint.toStdString());
    QCOMPARE(result.minorCompatibleConstraint, minorCompatible.toStdString());
    QCOMPARE(result.pytorchSpecs, toStd(pytorch));
    QCOMPARE(result.tensorflowSpecs, toStd(tensorflow));
}

void TestGpu::virtualPackageOverrides_data()
{
    QTest::addColumn<QString>("overrides");
    QTest::addColumn<QStringList>("expected");

    const QStringList detected = {QStringLiteral("__cuda=12.6=0"),
                                  QStringLiteral("__cuda_arch=7.5=0")};
    QTest::newRow("(none)") << QString() << detected;
    QTest::newRow("CONDA_OVERRIDE_CUDA=11.8")
        << QStringLiteral("CONDA_OVERRIDE_CUDA=11.8")
        << QStringList{QStringLiteral("__cuda=11.8=0"), QStringLiteral("__cuda_arch=7.5=0")};
    QTest::newRow("CONDA_OVERRIDE_CUDA_ARCH=9.0")
        << QStringLiteral("CONDA_OVERRIDE_CUDA_ARCH=9.0")
        << QStringList{QStringLiteral("__cuda=12.6=0"), QStringLiteral("__cuda_arch=9.0=0")};
    QTest::newRow("CONDA_OVERRIDE_CUDA_ARCH=") << QStringLiteral("CONDA_OVERRIDE_CUDA_ARCH=")
                                               << QStringList{QStringLiteral("__cuda=12.6=0")};
    // No __cuda, no __cuda_arch (CEP 46), whatever CONDA_OVERRIDE_CUDA_ARCH says.
    QTest::newRow("CONDA_OVERRIDE_CUDA=")
        << QStringLiteral("CONDA_OVERRIDE_CUDA=") << QStringList{};
    QTest::newRow("CONDA_OVERRIDE_CUDA= CONDA_OVERRIDE_CUDA_ARCH=9.0")
        << QStringLiteral("CONDA_OVERRIDE_CUDA= CONDA_OVERRIDE_CUDA_ARCH=9.0") << QStringList{};
    QTest::newRow("CONDA_OVERRIDE_CUDA_ARCH=9.0a (ignored)")
        << QStringLiteral("CONDA_OVERRIDE_CUDA_ARCH=9.0a") << detected;
}

void TestGpu::virtualPackageOverrides()
{
    QFETCH(QString, overrides);
    QFETCH(QStringList, expected);
    GpuInfo info;
    info.method = DetectionMethod::Nvml;
    info.cudaDriverVersion = 12060;
    info.devices = {{"A", 0, 8, 6}, {"B", 0, 7, 5}};
    std::map<std::string, std::string> environment;
    for (const QString& item : overrides.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        const auto equals = item.indexOf(QLatin1Char('='));
        environment[item.left(equals).toStdString()] = item.mid(equals + 1).toStdString();
    }
    QCOMPARE(cudaPackages(info, environment), toStd(expected));
}

QTEST_APPLESS_MAIN(TestGpu)
#include "tst_gpu.moc"
