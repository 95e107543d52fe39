#include "core/gpu/probe_protocol.h"

#include <nlohmann/json.hpp>

namespace envdesk::gpu::probe {

namespace {

using nlohmann::json;

// Driver strings are not guaranteed to be UTF-8; replace what is not rather than throw.
std::string dump(const json& value)
{
    return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string stringField(const json& object, const char* key)
{
    const auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

long long integerField(const json& object, const char* key)
{
    const auto it = object.find(key);
    return it != object.end() && it->is_number_integer() ? it->get<long long>() : 0;
}

json deviceJson(const GpuDevice& device)
{
    return json{{"name", device.name},
                {"memory_bytes", device.memoryBytes},
                {"cc_major", device.computeMajor},
                {"cc_minor", device.computeMinor}};
}

std::optional<GpuDevice> deviceFromJson(const json& value)
{
    if (!value.is_object()) {
        return std::nullopt;
    }
    GpuDevice device;
    device.name = stringField(value, "name");
    const auto memory = value.find("memory_bytes");
    if (memory != value.end() && memory->is_number_unsigned()) {
        device.memoryBytes = memory->get<std::uint64_t>();
    }
    const long long major = integerField(value, "cc_major");
    const long long minor = integerField(value, "cc_minor");
    if (major > 0 && major < 100 && minor >= 0 && minor < 100) {
        device.computeMajor = static_cast<int>(major);
        device.computeMinor = static_cast<int>(minor);
    }
    return device;
}

std::vector<GpuDevice> devicesFromJson(const json& object)
{
    std::vector<GpuDevice> devices;
    const auto it = object.find("devices");
    if (it == object.end() || !it->is_array()) {
        return devices;
    }
    for (const auto& item : *it) {
        if (auto device = deviceFromJson(item)) {
            devices.push_back(std::move(*device));
        }
    }
    return devices;
}

int cudaVersionField(const json& object)
{
    const long long value = integerField(object, "cuda_driver_version");
    return value > 0 && value < 1000000 ? static_cast<int>(value) : 0;
}

json attemptJson(const Attempt& attempt)
{
    return json{{"method", toString(attempt.method)},
                {"outcome", toString(attempt.outcome)},
                {"detail", attempt.detail}};
}

std::optional<Attempt> attemptFromJson(const json& value)
{
    if (!value.is_object()) {
        return std::nullopt;
    }
    const auto method = methodFromString(stringField(value, "method"));
    const auto outcome = outcomeFromString(stringField(value, "outcome"));
    if (!method || !outcome || *method == DetectionMethod::None) {
        return std::nullopt;
    }
    return Attempt{*method, *outcome, stringField(value, "detail")};
}

std::string line(const json& event)
{
    return std::string(kLinePrefix) + dump(event) + "\n";
}

} // namespace

std::string beginLine(DetectionMethod method)
{
    return line(json{{"event", "begin"}, {"method", toString(method)}});
}

std::string resultLine(const Attempt& attempt, const Answer* answer)
{
    json event = attemptJson(attempt);
    event["event"] = "result";
    if (answer) {
        event["driver_version"] = answer->driverVersion;
        event["cuda_driver_version"] = answer->cudaDriverVersion;
        json devices = json::array();
        for (const auto& device : answer->devices) {
            devices.push_back(deviceJson(device));
        }
        event["devices"] = std::move(devices);
    }
    return line(event);
}

std::string doneLine()
{
    return line(json{{"event", "done"}, {"protocol", kProtocolVersion}});
}

Report parseOutput(std::string_view output)
{
    Report report;
    std::size_t start = 0;
    while (start < output.size()) {
        auto end = output.find('\n', start);
        if (end == std::string_view::npos) {
            end = output.size(); // a last line cut short is parsed if it is whole JSON
        }
        const std::string_view text = output.substr(start, end - start);
        start = end + 1;
        // The prefix may follow other text on the same line when a library wrote without a
        // newline; take it wherever it starts.
        const auto at = text.find(kLinePrefix);
        if (at == std::string_view::npos) {
            continue;
        }
        const json event = json::parse(text.substr(at + kLinePrefix.size()), nullptr, false);
        if (!event.is_object()) {
            continue;
        }
        const std::string kind = stringField(event, "event");
        if (kind == "begin") {
            report.unfinished = methodFromString(stringField(event, "method"));
        } else if (kind == "result") {
            auto attempt = attemptFromJson(event);
            if (!attempt) {
                continue;
            }
            report.unfinished.reset();
            if (attempt->outcome == AttemptOutcome::Answered) {
                Answer answer;
                answer.driverVersion = stringField(event, "driver_version");
                answer.cudaDriverVersion = cudaVersionField(event);
                answer.devices = devicesFromJson(event);
                if (answer.cudaDriverVersion == 0) {
                    // An answer without a version is no answer.
                    attempt->outcome = AttemptOutcome::Failed;
                    attempt->detail = "no CUDA driver version in the answer";
                } else {
                    report.answer = std::move(answer);
                    report.answeredBy = attempt->method;
                }
            }
            report.attempts.push_back(std::move(*attempt));
        } else if (kind == "done") {
            report.done = true;
        }
    }
    return report;
}

std::string toJson(const GpuInfo& info)
{
    json devices = json::array();
    for (const auto& device : info.devices) {
        devices.push_back(deviceJson(device));
    }
    json attempts = json::array();
    for (const auto& attempt : info.attempts) {
        attempts.push_back(attemptJson(attempt));
    }
    return dump(json{{"method", toString(info.method)},
                     {"driver_version", info.driverVersion},
                     {"cuda_driver_version", info.cudaDriverVersion},
                     {"devices", std::move(devices)},
                     {"attempts", std::move(attempts)},
                     {"timed_out", info.timedOut}});
}

std::optional<GpuInfo> gpuInfoFromJson(std::string_view text)
{
    const json value = json::parse(text, nullptr, false);
    if (!value.is_object()) {
        return std::nullopt;
    }
    const auto method = methodFromString(stringField(value, "method"));
    if (!method) {
        return std::nullopt;
    }
    GpuInfo info;
    info.method = *method;
    info.driverVersion = stringField(value, "driver_version");
    info.cudaDriverVersion = cudaVersionField(value);
    info.devices = devicesFromJson(value);
    if (const auto it = value.find("attempts"); it != value.end() && it->is_array()) {
        for (const auto& item : *it) {
            if (auto attempt = attemptFromJson(item)) {
                info.attempts.push_back(std::move(*attempt));
            }
        }
    }
    if (const auto it = value.find("timed_out"); it != value.end() && it->is_boolean()) {
        info.timedOut = it->get<bool>();
    }
    return info;
}

} // namespace envdesk::gpu::probe
