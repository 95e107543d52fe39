#pragma once

#include "core/gpu/gpu_info.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

// The line protocol between envdesk-gpu-probe (the child process that loads the driver) and
// gpu::detect(). The probe writes one line per event, each starting with kLinePrefix followed
// by a JSON object, with one write() each, to the file named by --report (stdout without it).
// When a driver call crashes or hangs, the lines written before it are in the file when the
// detector reads it, and the last `begin` without a `result` names the method that took the
// probe down. Other text (a driver library printing to stdout) is ignored.
//
//   @envdesk-gpu-probe {"event":"begin","method":"nvml"}
//   @envdesk-gpu-probe {"event":"result","method":"nvml","outcome":"not-found","detail":"..."}
//   @envdesk-gpu-probe {"event":"begin","method":"libcuda"}
//   @envdesk-gpu-probe {"event":"result","method":"libcuda","outcome":"answered","detail":"",
//                       "driver_version":"","cuda_driver_version":12040,"devices":[...]}
//   @envdesk-gpu-probe {"event":"done","protocol":1}
namespace envdesk::gpu::probe {

inline constexpr std::string_view kLinePrefix = "@envdesk-gpu-probe ";
inline constexpr int kProtocolVersion = 1;

// The probe's command line: `envdesk-gpu-probe [--report FILE] [--skip METHOD[,METHOD...]]`,
// METHOD being nvml, libcuda or nvidia-smi: methods an earlier run already tried.
inline constexpr std::string_view kReportOption = "--report";
inline constexpr std::string_view kSkipOption = "--skip";

// What one method found when it answered.
struct Answer {
    std::string driverVersion;
    int cudaDriverVersion = 0;
    std::vector<GpuDevice> devices;
};

// Lines the probe writes, each ending in '\n'.
[[nodiscard]] std::string beginLine(DetectionMethod method);
[[nodiscard]] std::string resultLine(const Attempt& attempt, const Answer* answer = nullptr);
[[nodiscard]] std::string doneLine();

// What the detector read from one run of the probe.
struct Report {
    std::vector<Attempt> attempts; // the methods that finished, in order
    // The method that began and never finished: the probe crashed or hung inside it.
    std::optional<DetectionMethod> unfinished;
    // The answering method's findings (its attempt is the last of `attempts`).
    std::optional<Answer> answer;
    DetectionMethod answeredBy = DetectionMethod::None;
    bool done = false; // the probe reached its end
};
[[nodiscard]] Report parseOutput(std::string_view output);

// GpuInfo as JSON text and back, for the per-boot cache (fromCache is not stored). nullopt for
// text that is not such an object.
[[nodiscard]] std::string toJson(const GpuInfo& info);
[[nodiscard]] std::optional<GpuInfo> gpuInfoFromJson(std::string_view text);

} // namespace envdesk::gpu::probe
