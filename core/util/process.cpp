#include "core/util/process.h"

#include <cerrno>
#include <csignal>
#include <cstring>

#if defined(__unix__) || defined(__APPLE__)
#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#endif

namespace envdesk::util {

std::map<std::string, std::string>
childEnvironment(std::map<std::string, std::string> base,
                 const std::map<std::string, std::string>& overrides)
{
    for (const auto& [name, value] : overrides) {
        base[name] = value;
    }
    return base;
}

std::optional<std::string> findExecutable(const std::string& name, const std::string& pathVariable)
{
    if (name.empty()) {
        return std::nullopt;
    }
#if defined(__unix__) || defined(__APPLE__)
    auto runnable = [](const std::string& path) {
        struct stat info {};
        return ::stat(path.c_str(), &info) == 0 && S_ISREG(info.st_mode)
               && ::access(path.c_str(), X_OK) == 0;
    };
    if (name.find('/') != std::string::npos) {
        return runnable(name) ? std::optional<std::string>(name) : std::nullopt;
    }
    std::size_t start = 0;
    for (;;) {
        const auto colon = pathVariable.find(':', start);
        std::string dir = pathVariable.substr(start, colon - start);
        if (dir.empty()) {
            dir = "."; // an empty entry is the current folder, as execvp reads it
        }
        const std::string candidate = dir + "/" + name;
        if (runnable(candidate)) {
            return candidate;
        }
        if (colon == std::string::npos) {
            break;
        }
        start = colon + 1;
    }
#endif
    return std::nullopt;
}

Result<ProcessResult> runProcess(const std::vector<std::string>& arguments,
                                 const std::map<std::string, std::string>& environment,
                                 const std::string& workingDirectory, std::stop_token stop)
{
#if defined(__unix__) || defined(__APPLE__)
    if (arguments.empty()) {
        return fail(ErrorCode::Internal, "no program to run");
    }
    // Everything the child needs is prepared before fork: after it, only async-signal-safe calls.
    std::vector<std::string> envStrings;
    for (const auto& [name, value] : environment) {
        envStrings.push_back(name + "=" + value);
    }
    std::vector<char*> argv;
    for (const auto& argument : arguments) {
        argv.push_back(const_cast<char*>(argument.c_str()));
    }
    argv.push_back(nullptr);
    std::vector<char*> envp;
    for (auto& entry : envStrings) {
        envp.push_back(entry.data());
    }
    envp.push_back(nullptr);

    int pipeFds[2];
    if (pipe2(pipeFds, O_CLOEXEC) != 0) {
        return fail(ErrorCode::IoError,
                    std::string("cannot create a pipe: ") + std::strerror(errno), arguments[0]);
    }
    const pid_t pid = fork();
    if (pid < 0) {
        close(pipeFds[0]);
        close(pipeFds[1]);
        return fail(ErrorCode::IoError, std::string("cannot start: ") + std::strerror(errno),
                    arguments[0]);
    }
    if (pid == 0) {
        dup2(pipeFds[1], STDOUT_FILENO);
        dup2(pipeFds[1], STDERR_FILENO);
        const int devNull = open("/dev/null", O_RDONLY);
        if (devNull >= 0) {
            dup2(devNull, STDIN_FILENO);
        }
        if (!workingDirectory.empty() && chdir(workingDirectory.c_str()) != 0) {
            _exit(127);
        }
        execve(argv[0], argv.data(), envp.data());
        _exit(127);
    }
    close(pipeFds[1]);
    ProcessResult result;
    char buffer[4096];
    bool killed = false;
    while (true) {
        if (stop.stop_requested() && !killed) {
            kill(pid, SIGKILL);
            killed = true;
        }
        pollfd descriptor{pipeFds[0], POLLIN, 0};
        const int ready = poll(&descriptor, 1, 100);
        if (ready < 0 && errno != EINTR) {
            break;
        }
        if (ready > 0) {
            const ssize_t count = read(pipeFds[0], buffer, sizeof buffer);
            if (count <= 0) {
                break; // the child closed its end: it has ended
            }
            result.output.append(buffer, static_cast<std::size_t>(count));
        }
    }
    close(pipeFds[0]);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (killed) {
        return fail(ErrorCode::Cancelled, "cancelled", arguments[0]);
    }
    result.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return result;
#else
    (void)arguments;
    (void)environment;
    (void)workingDirectory;
    (void)stop;
    return fail(ErrorCode::Internal, "running programs is not supported on this platform yet");
#endif
}

} // namespace envdesk::util
