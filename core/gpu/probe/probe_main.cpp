// envdesk-gpu-probe: asks the NVIDIA driver what it supports, in a process of its own.
//
// Loading a driver library runs the vendor's code in the loading process, and a broken driver
// can crash it (a signal inside cuInit) or hang it (an ioctl that never returns). So Envdesk
// never loads one itself: gpu::detect() runs this program with a time limit and reads what it
// prints (core/gpu/probe_protocol.h). Methods, in order, stopping at the first that answers:
// NVML (libnvidia-ml.so.1), the CUDA driver API (libcuda.so.1), then nvidia-smi. Where each is
// looked for, and the variables that change it: docs/gpu.md.

#include "core/gpu/gpu_info.h"
#include "core/gpu/nvidia_smi.h"
#include "core/gpu/probe_protocol.h"

#include <cerrno>
#include <csignal>
#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#if defined(__unix__) || defined(__APPLE__)
#include <dlfcn.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#endif
#if defined(__linux__)
#include <sys/prctl.h>
#endif

namespace {

using envdesk::gpu::Attempt;
using envdesk::gpu::AttemptOutcome;
using envdesk::gpu::DetectionMethod;
using envdesk::gpu::GpuDevice;
namespace probe = envdesk::gpu::probe;

struct MethodResult {
    Attempt attempt;
    probe::Answer answer;
};

MethodResult finished(DetectionMethod method, AttemptOutcome outcome, std::string detail)
{
    return {Attempt{method, outcome, std::move(detail)}, {}};
}

#if defined(__unix__) || defined(__APPLE__)

// Where the lines go: the --report file the detector reads after the run (even after killing
// this process), else stdout (a person running the probe by hand).
int g_reportFd = STDOUT_FILENO;

// One write per line, straight to the file descriptor: a line is never interleaved with a
// library's own output and is in the file even if the next call kills the process.
void emit(const std::string& line)
{
    std::size_t written = 0;
    while (written < line.size()) {
        const ssize_t count = write(g_reportFd, line.data() + written, line.size() - written);
        if (count < 0 && errno == EINTR) {
            continue;
        }
        if (count <= 0) {
            return; // the detector is gone; nothing to do about it
        }
        written += static_cast<std::size_t>(count);
    }
}

std::string environmentValue(const char* name)
{
    const char* value = std::getenv(name);
    return value != nullptr ? std::string(value) : std::string();
}

bool environmentIsSet(const char* name)
{
    return std::getenv(name) != nullptr;
}

// ENVDESK_GPU_NO_SYSTEM_SEARCH=1: only the folders and program the override variables name
// are used (hermetic tests on machines that have a real driver).
bool systemSearchAllowed()
{
    const std::string value = environmentValue("ENVDESK_GPU_NO_SYSTEM_SEARCH");
    return value.empty() || value == "0";
}

std::vector<std::string> splitPath(const std::string& list)
{
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= list.size()) {
        auto end = list.find(':', start);
        if (end == std::string::npos) {
            end = list.size();
        }
        if (end > start) {
            out.push_back(list.substr(start, end - start));
        }
        start = end + 1;
    }
    return out;
}

struct Library {
    void* handle = nullptr;
    std::string path;
    std::string error;
};

// ENVDESK_GPU_LIBRARY_PATH's folders first, then the dynamic linker's own search (the driver
// installs these into its library path), then the folders distributions and WSL use that the
// linker may not know about.
Library openLibrary(const std::string& name)
{
    Library library;
    std::vector<std::string> candidates;
    for (const auto& folder : splitPath(environmentValue("ENVDESK_GPU_LIBRARY_PATH"))) {
        candidates.push_back(folder + "/" + name);
    }
    if (systemSearchAllowed()) {
        candidates.push_back(name);
        for (const char* folder : {"/usr/lib64/nvidia", "/usr/lib/x86_64-linux-gnu",
                                   "/usr/lib/aarch64-linux-gnu", "/usr/lib/wsl/lib"}) {
            candidates.push_back(std::string(folder) + "/" + name);
        }
    }
    for (const auto& candidate : candidates) {
        const bool bare = candidate.find('/') == std::string::npos;
        if (!bare && access(candidate.c_str(), F_OK) != 0) {
            continue;
        }
        dlerror();
        if (void* handle = dlopen(candidate.c_str(), RTLD_NOW | RTLD_LOCAL); handle != nullptr) {
            library.handle = handle;
            library.path = candidate;
            library.error.clear();
            return library;
        }
        const char* message = dlerror();
        // Keep the first real error (a library that exists but cannot load says more than
        // "not found" from the linker's search).
        if (library.error.empty() || !bare) {
            library.error = message != nullptr ? message : candidate + ": cannot be loaded";
        }
    }
    if (library.error.empty()) {
        library.error = name + ": not found";
    }
    return library;
}

template <typename Function>
Function symbol(void* handle, const char* name)
{
    // dlsym returns an object pointer; POSIX guarantees it converts to a function pointer.
    return reinterpret_cast<Function>(dlsym(handle, name));
}

template <typename Function>
Function symbol(void* handle, const char* name, const char* fallback)
{
    if (auto function = symbol<Function>(handle, name)) {
        return function;
    }
    return symbol<Function>(handle, fallback);
}

std::string cString(const char* buffer, std::size_t size)
{
    return std::string(buffer, strnlen(buffer, size));
}

// ---- NVML ---------------------------------------------------------------------------------
// The few declarations of nvml.h used here (NVML's ABI is stable C).
using nvmlReturn_t = int;
struct nvmlDevice_st;
using nvmlDevice_t = nvmlDevice_st*;
struct nvmlMemory_t {
    unsigned long long total;
    unsigned long long free;
    unsigned long long used;
};
constexpr nvmlReturn_t kNvmlSuccess = 0;
constexpr unsigned kNvmlDriverVersionBuffer = 80;
constexpr unsigned kNvmlDeviceNameBuffer = 96;

MethodResult probeNvml()
{
    constexpr auto method = DetectionMethod::Nvml;
    const Library library = openLibrary("libnvidia-ml.so.1");
    if (library.handle == nullptr) {
        return finished(method, AttemptOutcome::NotFound, library.error);
    }
    using Init = nvmlReturn_t (*)();
    using Shutdown = nvmlReturn_t (*)();
    using ErrorString = const char* (*)(nvmlReturn_t);
    using GetCudaVersion = nvmlReturn_t (*)(int*);
    using GetDriverVersion = nvmlReturn_t (*)(char*, unsigned);
    using GetCount = nvmlReturn_t (*)(unsigned*);
    using GetHandle = nvmlReturn_t (*)(unsigned, nvmlDevice_t*);
    using GetName = nvmlReturn_t (*)(nvmlDevice_t, char*, unsigned);
    using GetMemory = nvmlReturn_t (*)(nvmlDevice_t, nvmlMemory_t*);
    using GetCapability = nvmlReturn_t (*)(nvmlDevice_t, int*, int*);

    const auto init = symbol<Init>(library.handle, "nvmlInit_v2", "nvmlInit");
    const auto shutdown = symbol<Shutdown>(library.handle, "nvmlShutdown");
    const auto getCudaVersion = symbol<GetCudaVersion>(
        library.handle, "nvmlSystemGetCudaDriverVersion_v2", "nvmlSystemGetCudaDriverVersion");
    if (init == nullptr || shutdown == nullptr || getCudaVersion == nullptr) {
        return finished(method, AttemptOutcome::Failed,
                        library.path
                            + ": not NVML (nvmlInit_v2, nvmlShutdown or "
                              "nvmlSystemGetCudaDriverVersion is missing)");
    }
    const auto errorString = symbol<ErrorString>(library.handle, "nvmlErrorString");
    auto describe = [errorString](const char* call, nvmlReturn_t code) {
        std::string text = std::string(call) + " returned " + std::to_string(code);
        if (errorString != nullptr) {
            if (const char* message = errorString(code); message != nullptr) {
                text += " (" + std::string(message) + ")";
            }
        }
        return text;
    };

    if (const nvmlReturn_t code = init(); code != kNvmlSuccess) {
        return finished(method, AttemptOutcome::Failed, describe("nvmlInit_v2", code));
    }
    MethodResult result = finished(method, AttemptOutcome::Answered, {});
    int cudaVersion = 0;
    if (const nvmlReturn_t code = getCudaVersion(&cudaVersion);
        code != kNvmlSuccess || cudaVersion <= 0) {
        shutdown();
        return finished(method, AttemptOutcome::Failed,
                        describe("nvmlSystemGetCudaDriverVersion_v2", code));
    }
    result.answer.cudaDriverVersion = cudaVersion;

    if (const auto getDriver =
            symbol<GetDriverVersion>(library.handle, "nvmlSystemGetDriverVersion")) {
        char buffer[kNvmlDriverVersionBuffer] = {};
        if (getDriver(buffer, sizeof buffer) == kNvmlSuccess) {
            result.answer.driverVersion = cString(buffer, sizeof buffer);
        }
    }

    const auto getCount =
        symbol<GetCount>(library.handle, "nvmlDeviceGetCount_v2", "nvmlDeviceGetCount");
    const auto getHandle = symbol<GetHandle>(library.handle, "nvmlDeviceGetHandleByIndex_v2",
                                             "nvmlDeviceGetHandleByIndex");
    const auto getName = symbol<GetName>(library.handle, "nvmlDeviceGetName");
    const auto getMemory = symbol<GetMemory>(library.handle, "nvmlDeviceGetMemoryInfo");
    const auto getCapability =
        symbol<GetCapability>(library.handle, "nvmlDeviceGetCudaComputeCapability");
    unsigned count = 0;
    if (getCount != nullptr && getHandle != nullptr && getCount(&count) == kNvmlSuccess) {
        for (unsigned index = 0; index < count && index < 64; ++index) {
            nvmlDevice_t device = nullptr;
            if (getHandle(index, &device) != kNvmlSuccess) {
                continue;
            }
            GpuDevice info;
            if (getName != nullptr) {
                char name[kNvmlDeviceNameBuffer] = {};
                if (getName(device, name, sizeof name) == kNvmlSuccess) {
                    info.name = cString(name, sizeof name);
                }
            }
            if (getMemory != nullptr) {
                nvmlMemory_t memory{};
                if (getMemory(device, &memory) == kNvmlSuccess) {
                    info.memoryBytes = memory.total;
                }
            }
            if (getCapability != nullptr) {
                int major = 0;
                int minor = 0;
                if (getCapability(device, &major, &minor) == kNvmlSuccess && major > 0) {
                    info.computeMajor = major;
                    info.computeMinor = minor;
                }
            }
            result.answer.devices.push_back(std::move(info));
        }
    } else {
        result.attempt.detail = "the device count is not available";
    }
    shutdown();
    return result;
}

// ---- CUDA driver API ----------------------------------------------------------------------
using CUresult = int;
using CUdevice = int;
constexpr CUresult kCudaSuccess = 0;
constexpr CUresult kCudaErrorNoDevice = 100;
constexpr int kComputeCapabilityMajor = 75; // CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR
constexpr int kComputeCapabilityMinor = 76; // CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR

MethodResult probeCudaDriver()
{
    constexpr auto method = DetectionMethod::CudaDriver;
    const Library library = openLibrary("libcuda.so.1");
    if (library.handle == nullptr) {
        return finished(method, AttemptOutcome::NotFound, library.error);
    }
    using Init = CUresult (*)(unsigned);
    using GetVersion = CUresult (*)(int*);
    using GetCount = CUresult (*)(int*);
    using GetDevice = CUresult (*)(CUdevice*, int);
    using GetName = CUresult (*)(char*, int, CUdevice);
    using TotalMemory = CUresult (*)(std::size_t*, CUdevice);
    using GetAttribute = CUresult (*)(int*, int, CUdevice);
    using GetErrorName = CUresult (*)(CUresult, const char**);

    const auto init = symbol<Init>(library.handle, "cuInit");
    const auto getVersion = symbol<GetVersion>(library.handle, "cuDriverGetVersion");
    if (init == nullptr || getVersion == nullptr) {
        return finished(method, AttemptOutcome::Failed,
                        library.path
                            + ": not the CUDA driver (cuInit or cuDriverGetVersion is "
                              "missing)");
    }
    const auto errorName = symbol<GetErrorName>(library.handle, "cuGetErrorName");
    auto describe = [errorName](const char* call, CUresult code) {
        std::string text = std::string(call) + " returned " + std::to_string(code);
        const char* name = nullptr;
        if (errorName != nullptr && errorName(code, &name) == kCudaSuccess && name != nullptr) {
            text += " (" + std::string(name) + ")";
        }
        return text;
    };

    // A driver without devices fails cuInit with CUDA_ERROR_NO_DEVICE; it still has a version,
    // which is what `__cuda` is about (CEP 46: `__cuda_arch` is then absent).
    const CUresult initCode = init(0);
    if (initCode != kCudaSuccess && initCode != kCudaErrorNoDevice) {
        return finished(method, AttemptOutcome::Failed, describe("cuInit", initCode));
    }
    MethodResult result = finished(method, AttemptOutcome::Answered, {});
    int version = 0;
    if (const CUresult code = getVersion(&version); code != kCudaSuccess || version <= 0) {
        return finished(method, AttemptOutcome::Failed, describe("cuDriverGetVersion", code));
    }
    result.answer.cudaDriverVersion = version;
    if (initCode == kCudaErrorNoDevice) {
        result.attempt.detail = "the driver reports no CUDA device";
        return result;
    }

    const auto getCount = symbol<GetCount>(library.handle, "cuDeviceGetCount");
    const auto getDevice = symbol<GetDevice>(library.handle, "cuDeviceGet");
    const auto getName = symbol<GetName>(library.handle, "cuDeviceGetName");
    const auto totalMemory = symbol<TotalMemory>(library.handle, "cuDeviceTotalMem_v2");
    const auto getAttribute = symbol<GetAttribute>(library.handle, "cuDeviceGetAttribute");
    int count = 0;
    if (getCount == nullptr || getDevice == nullptr || getCount(&count) != kCudaSuccess) {
        result.attempt.detail = "the device count is not available";
        return result;
    }
    for (int ordinal = 0; ordinal < count && ordinal < 64; ++ordinal) {
        CUdevice device = 0;
        if (getDevice(&device, ordinal) != kCudaSuccess) {
            continue;
        }
        GpuDevice info;
        if (getName != nullptr) {
            char name[256] = {};
            if (getName(name, static_cast<int>(sizeof name), device) == kCudaSuccess) {
                info.name = cString(name, sizeof name);
            }
        }
        if (totalMemory != nullptr) {
            std::size_t bytes = 0;
            if (totalMemory(&bytes, device) == kCudaSuccess) {
                info.memoryBytes = bytes;
            }
        }
        if (getAttribute != nullptr) {
            int major = 0;
            int minor = 0;
            if (getAttribute(&major, kComputeCapabilityMajor, device) == kCudaSuccess
                && getAttribute(&minor, kComputeCapabilityMinor, device) == kCudaSuccess
                && major > 0) {
                info.computeMajor = major;
                info.computeMinor = minor;
            }
        }
        result.answer.devices.push_back(std::move(info));
    }
    return result;
}

// ---- nvidia-smi ---------------------------------------------------------------------------
struct ProgramRun {
    bool started = false;
    int exitCode = -1;
    std::string output; // stdout only: its stderr goes nowhere
};

ProgramRun runProgram(const std::string& program, const std::vector<std::string>& arguments)
{
    ProgramRun run;
    std::vector<std::string> storage;
    storage.push_back(program);
    storage.insert(storage.end(), arguments.begin(), arguments.end());
    std::vector<char*> argv;
    for (auto& item : storage) {
        argv.push_back(item.data());
    }
    argv.push_back(nullptr);

    int fds[2];
    if (pipe(fds) != 0) {
        return run;
    }
    const pid_t parent = getpid();
    const pid_t pid = fork();
    if (pid < 0) {
        close(fds[0]);
        close(fds[1]);
        return run;
    }
    if (pid == 0) {
#if defined(__linux__)
        // When the detector kills this probe at its time limit, nvidia-smi goes too.
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() != parent) {
            _exit(127);
        }
#else
        (void)parent;
#endif
        dup2(fds[1], STDOUT_FILENO);
        const int devNull = open("/dev/null", O_RDWR);
        if (devNull >= 0) {
            dup2(devNull, STDIN_FILENO);
            dup2(devNull, STDERR_FILENO);
        }
        close(fds[0]);
        close(fds[1]);
        execv(argv[0], argv.data());
        _exit(127);
    }
    close(fds[1]);
    run.started = true;
    char buffer[4096];
    constexpr std::size_t kLimit = 4 * 1024 * 1024;
    while (true) {
        const ssize_t count = read(fds[0], buffer, sizeof buffer);
        if (count < 0 && errno == EINTR) {
            continue;
        }
        if (count <= 0) {
            break;
        }
        if (run.output.size() < kLimit) {
            run.output.append(buffer, static_cast<std::size_t>(count));
        }
    }
    close(fds[0]);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    run.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return run;
}

// The first bytes of unexpected output, printable, for the attempt's detail.
std::string excerpt(const std::string& output)
{
    std::string out;
    for (const char c : output.substr(0, 60)) {
        const auto byte = static_cast<unsigned char>(c);
        out += byte >= 0x20 && byte < 0x7f ? c : '?';
    }
    return output.size() > 60 ? out + "..." : out;
}

std::string findNvidiaSmi(std::string& why)
{
    if (environmentIsSet("ENVDESK_NVIDIA_SMI")) {
        std::string path = environmentValue("ENVDESK_NVIDIA_SMI");
        if (path.empty()) {
            why = "ENVDESK_NVIDIA_SMI is empty: nvidia-smi is not used";
        } else if (access(path.c_str(), X_OK) != 0) {
            why = path + ": " + std::strerror(errno);
            path.clear();
        }
        return path;
    }
    if (!systemSearchAllowed()) {
        why = "nvidia-smi: not searched (ENVDESK_GPU_NO_SYSTEM_SEARCH)";
        return {};
    }
    for (const auto& folder : splitPath(environmentValue("PATH"))) {
        const std::string candidate = folder + "/nvidia-smi";
        if (access(candidate.c_str(), X_OK) == 0) {
            return candidate;
        }
    }
    why = "nvidia-smi: not found on PATH";
    return {};
}

MethodResult probeNvidiaSmi()
{
    constexpr auto method = DetectionMethod::NvidiaSmi;
    std::string why;
    const std::string program = findNvidiaSmi(why);
    if (program.empty()) {
        return finished(method, AttemptOutcome::NotFound, why);
    }
    const ProgramRun header = runProgram(program, envdesk::gpu::nvidiaSmiVersionArguments());
    if (!header.started) {
        return finished(method, AttemptOutcome::Failed, program + ": cannot be started");
    }
    const auto versions = envdesk::gpu::parseNvidiaSmiVersions(header.output);
    if (!versions) {
        std::string detail = program + ": ";
        detail += header.exitCode != 0 ? "exited with status " + std::to_string(header.exitCode)
                                       : std::string("no CUDA version in its output");
        if (!header.output.empty()) {
            detail += " (output: \"" + excerpt(header.output) + "\")";
        }
        return finished(method, AttemptOutcome::Failed, detail);
    }
    MethodResult result = finished(method, AttemptOutcome::Answered, {});
    result.answer.cudaDriverVersion = versions->cudaDriverVersion;
    result.answer.driverVersion = versions->driverVersion;
    for (const bool withCapability : {true, false}) {
        const ProgramRun list =
            runProgram(program, envdesk::gpu::nvidiaSmiDeviceArguments(withCapability));
        if (list.exitCode != 0) {
            continue; // drivers before R510 reject the compute_cap field
        }
        if (auto devices = envdesk::gpu::parseNvidiaSmiDevices(list.output, withCapability)) {
            result.answer.devices = std::move(*devices);
            return result;
        }
    }
    result.attempt.detail = "the device list could not be read";
    return result;
}

#endif

} // namespace

int main(int argc, char** argv)
{
#if defined(__unix__) || defined(__APPLE__)
    // A crashing driver should not leave core files behind, and a detector that went away
    // should end this program quietly.
    const rlimit noCore{0, 0};
    setrlimit(RLIMIT_CORE, &noCore);
    signal(SIGPIPE, SIG_IGN);
    // Detection is about the machine: every GPU, whatever this process was told to use (the
    // CUDA driver hides devices CUDA_VISIBLE_DEVICES leaves out; NVML ignores it anyway).
    unsetenv("CUDA_VISIBLE_DEVICES");

    std::set<std::string> skip;
    for (int i = 1; i < argc; ++i) {
        const std::string_view argument(argv[i]);
        if (argument == probe::kReportOption && i + 1 < argc) {
            const int fd = open(argv[++i], O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
            if (fd < 0) {
                return 2;
            }
            g_reportFd = fd;
        } else if (argument == probe::kSkipOption && i + 1 < argc) {
            std::string list(argv[++i]);
            std::size_t start = 0;
            while (start <= list.size()) {
                auto end = list.find(',', start);
                if (end == std::string::npos) {
                    end = list.size();
                }
                skip.insert(list.substr(start, end - start));
                start = end + 1;
            }
        }
    }

    using Probe = MethodResult (*)();
    const std::pair<DetectionMethod, Probe> methods[] = {
        {DetectionMethod::Nvml, &probeNvml},
        {DetectionMethod::CudaDriver, &probeCudaDriver},
        {DetectionMethod::NvidiaSmi, &probeNvidiaSmi},
    };
    for (const auto& [method, run] : methods) {
        if (skip.count(std::string(envdesk::gpu::toString(method))) != 0) {
            continue;
        }
        emit(probe::beginLine(method));
        const MethodResult result = run();
        const bool answered = result.attempt.outcome == AttemptOutcome::Answered;
        emit(probe::resultLine(result.attempt, answered ? &result.answer : nullptr));
        if (answered) {
            break;
        }
    }
    emit(probe::doneLine());
    return 0;
#else
    (void)argc;
    (void)argv;
    return 1;
#endif
}
