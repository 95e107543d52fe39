#include "core/gpu/gpu_detector.h"

#include "core/gpu/gpu_cache.h"
#include "core/gpu/probe_protocol.h"
#include "core/util/process.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <mutex>
#include <system_error>
#include <thread>

#if defined(__unix__) || defined(__APPLE__)
#include <unistd.h>
#endif

namespace envdesk::gpu {

namespace {

namespace fs = std::filesystem;

// The probe tries three methods; a run ends early only when one of them crashes, and every
// later run skips the methods already tried, so three runs always suffice.
constexpr int kMaxRuns = 3;

struct ProbeRun {
    util::Result<util::ProcessResult> process;
    bool timedOut = false;
};

// Runs the probe, killing it at `deadline` or when `stop` is requested.
ProbeRun runUntil(const std::vector<std::string>& arguments,
                  const std::map<std::string, std::string>& environment,
                  std::chrono::steady_clock::time_point deadline, std::stop_token stop)
{
    std::stop_source kill;
    std::atomic<bool> timedOut{false};
    std::stop_callback forward(stop, [&kill] { kill.request_stop(); });
    std::jthread timer([&kill, &timedOut, deadline](std::stop_token finished) {
        std::mutex mutex;
        std::condition_variable_any wake;
        std::unique_lock lock(mutex);
        wake.wait_until(lock, finished, deadline, [] { return false; });
        if (!finished.stop_requested()) {
            timedOut = true;
            kill.request_stop();
        }
    });
    auto process = util::runProcess(arguments, environment, {}, kill.get_token());
    timer.request_stop();
    timer.join();
    return {std::move(process), timedOut.load()};
}

// A file for the probe's report, created empty in $TMPDIR of `environment` (else /tmp); empty
// path on failure.
std::string makeReportFile(const std::map<std::string, std::string>& environment)
{
#if defined(__unix__) || defined(__APPLE__)
    const auto tmpdir = environment.find("TMPDIR");
    const fs::path folder =
        tmpdir != environment.end() && !tmpdir->second.empty() ? tmpdir->second : "/tmp";
    std::string pattern = (folder / "envdesk-gpu-probe-XXXXXX").string();
    const int fd = mkstemp(pattern.data());
    if (fd < 0) {
        return {};
    }
    close(fd);
    return pattern;
#else
    return {};
#endif
}

std::string readFile(const std::string& path)
{
    std::ifstream stream(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(stream), std::istreambuf_iterator<char>()};
}

std::int64_t secondsNow()
{
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

bool isExecutable(const std::string& path)
{
#if defined(__unix__) || defined(__APPLE__)
    return !path.empty() && access(path.c_str(), X_OK) == 0;
#else
    std::error_code error;
    return !path.empty() && fs::is_regular_file(path, error);
#endif
}

util::Result<GpuInfo> runProbe(const std::string& probePath, const DetectOptions& options,
                               const std::map<std::string, std::string>& environment,
                               std::stop_token stop)
{
    GpuInfo info;
    const auto deadline = std::chrono::steady_clock::now() + options.timeout;
    for (int run = 0; run < kMaxRuns; ++run) {
        if (run > 0 && std::chrono::steady_clock::now() >= deadline) {
            break; // crashes used up the time: report what was found
        }
        const std::string report = makeReportFile(environment);
        if (report.empty()) {
            return util::fail(util::ErrorCode::IoError,
                              "cannot create a temporary file for the GPU probe's report");
        }
        std::vector<std::string> arguments = {probePath, std::string(probe::kReportOption), report};
        std::string skip;
        for (const auto& attempt : info.attempts) {
            skip += (skip.empty() ? "" : ",") + std::string(toString(attempt.method));
        }
        if (!skip.empty()) {
            arguments.push_back(std::string(probe::kSkipOption));
            arguments.push_back(skip);
        }
        auto [process, timedOut] = runUntil(arguments, environment, deadline, stop);
        const probe::Report parsed = probe::parseOutput(readFile(report));
        std::error_code ignored;
        fs::remove(report, ignored);

        if (!process && process.error().code == util::ErrorCode::Cancelled && !timedOut) {
            return process.error(); // the caller stopped it
        }
        if (!process && process.error().code != util::ErrorCode::Cancelled) {
            return process.error(); // it could not be started
        }
        info.attempts.insert(info.attempts.end(), parsed.attempts.begin(), parsed.attempts.end());
        if (parsed.answer) {
            info.method = parsed.answeredBy;
            info.driverVersion = parsed.answer->driverVersion;
            info.cudaDriverVersion = parsed.answer->cudaDriverVersion;
            info.devices = parsed.answer->devices;
            return info;
        }
        if (parsed.done) {
            return info; // every method tried, none answered
        }
        if (timedOut) {
            info.timedOut = true;
            if (parsed.unfinished) {
                const auto limit =
                    std::chrono::duration_cast<std::chrono::milliseconds>(options.timeout);
                info.attempts.push_back({*parsed.unfinished, AttemptOutcome::TimedOut,
                                         "did not return within " + std::to_string(limit.count())
                                             + " ms; the probe was killed"});
            }
            return info;
        }
        if (!parsed.unfinished) {
            return util::fail(util::ErrorCode::IoError,
                              "the GPU probe ended without a report (exit status "
                                  + std::to_string(process->exitCode) + ")",
                              probePath);
        }
        // The probe died inside a method: note it, and run again without it.
        info.attempts.push_back(
            {*parsed.unfinished, AttemptOutcome::Crashed,
             process->exitCode < 0
                 ? std::string("the probe was killed by a signal inside this method")
                 : "the probe exited with status " + std::to_string(process->exitCode)
                       + " inside this method"});
    }
    return info;
}

} // namespace

util::Result<GpuInfo> detect(const DetectOptions& options, std::stop_token stop)
{
    const std::string cacheFile = options.cacheFile.empty()
                                      ? defaultCacheFile(options.processEnvironment)
                                      : options.cacheFile;
    const auto environment =
        util::childEnvironment(options.processEnvironment, options.environment);
    CacheKey key;
    if (options.useCache) {
        key = currentCacheKey(environment);
        if (auto cached = readCache(cacheFile, key, secondsNow())) {
            return *cached;
        }
    }
    const std::string probePath = options.probePath.empty()
                                      ? defaultProbePath(options.processEnvironment)
                                      : options.probePath;
    if (!isExecutable(probePath)) {
        return util::fail(util::ErrorCode::NotFound,
                          "the GPU probe (envdesk-gpu-probe) is missing or not executable",
                          probePath);
    }
    auto info = runProbe(probePath, options, environment, stop);
    if (info && options.useCache) {
        writeCache(cacheFile, key, *info, secondsNow());
    }
    return info;
}

std::string defaultProbePath(const std::map<std::string, std::string>& processEnvironment)
{
    if (const auto path = processEnvironment.find("ENVDESK_GPU_PROBE");
        path != processEnvironment.end() && !path->second.empty()) {
        return path->second;
    }
#if defined(__linux__)
    std::error_code error;
    const fs::path self = fs::read_symlink("/proc/self/exe", error);
    if (!error) {
        return (self.parent_path() / "envdesk-gpu-probe").string();
    }
#endif
    return {};
}

void applyTo(const GpuInfo& info, platform::HostFacts& host)
{
    host.cudaDriver = info.cudaVersion();
    host.cudaArch = info.lowestComputeCapability();
}

} // namespace envdesk::gpu
