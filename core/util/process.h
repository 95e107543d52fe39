#pragma once

#include "core/util/result.h"

#include <map>
#include <stop_token>
#include <string>
#include <vector>

namespace envdesk::util {

struct ProcessResult {
    int exitCode = -1;  // -1 when killed by a signal
    std::string output; // stdout and stderr, interleaved as written
};

// Runs a program and waits for it, with `environment` added to this process's environment.
// Stopping `stop` kills it (Cancelled). The platform-specific part of running child processes
// (POSIX: fork/exec; other platforms to follow) lives here and nowhere else.
[[nodiscard]] Result<ProcessResult>
runProcess(const std::vector<std::string>& arguments,
           const std::map<std::string, std::string>& environment,
           const std::string& workingDirectory, std::stop_token stop = {});

} // namespace envdesk::util
