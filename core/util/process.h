#pragma once

#include "core/util/result.h"

#include <map>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

namespace envdesk::util {

struct ProcessResult {
    int exitCode = -1;  // -1 when killed by a signal
    std::string output; // stdout and stderr, interleaved as written
};

// `base` with `overrides` laid over it: the environment of a child process.
[[nodiscard]] std::map<std::string, std::string>
childEnvironment(std::map<std::string, std::string> base,
                 const std::map<std::string, std::string>& overrides);

// Runs a program and waits for it, with `environment` as its whole environment (the caller
// builds it from the environment its composition root read, ConfigInputs::env, plus its own
// variables: core never reads this process's). Stopping `stop` kills it (Cancelled). The
// platform-specific part of running child processes (POSIX: fork/exec; other platforms to
// follow) lives here and nowhere else.
[[nodiscard]] Result<ProcessResult>
runProcess(const std::vector<std::string>& arguments,
           const std::map<std::string, std::string>& environment,
           const std::string& workingDirectory, std::stop_token stop = {});

// The first executable file `name` names on `pathVariable` (a PATH value), as execvp finds it;
// `name` holding a '/' is taken as it is when executable. nullopt when there is none.
[[nodiscard]] std::optional<std::string> findExecutable(const std::string& name,
                                                        const std::string& pathVariable);

} // namespace envdesk::util
