#include "app/envdesk-cli/command_setup.h"

#include "core/ops/environment_list.h"
#include "core/present/progress_text.h"
#include "core/util/strings.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <iostream>
#include <latch>
#include <mutex>
#include <thread>

namespace envdesk::cli {

namespace {

// Ctrl+C stops the long steps of a command cleanly. The handler only writes a byte to a pipe (all
// a signal handler may safely do); a watcher thread, blocked reading it, turns it into a stop
// request. The write end is -1 until the watcher runs.
std::atomic<int> g_interruptWrite{-1};

// Never destroyed: the detached watcher may still use it while the process exits.
std::stop_source& interruptSource()
{
    static auto* source = new std::stop_source;
    return *source;
}

// One status line on a terminal ("Fetching 3/8 · 12.3 MB conda-forge/linux-64"); nothing otherwise.
repodata::FetchProgressFn progressPrinter(bool quiet)
{
    if (quiet || !isatty(STDERR_FILENO)) {
        return {};
    }
    return [](const repodata::FetchProgress& progress) {
        std::cerr << "\r\033[K" << present::fetchProgressLine(progress) << std::flush;
    };
}

// The platform named by --platform/--subdir (the machine's when empty); a failure for a
// platform conda does not know.
std::optional<CliFailure> checkPlatform(std::string& platform)
{
    if (platform.empty()) {
        platform = specs::currentPlatform();
        return std::nullopt;
    }
    if (!specs::isKnownPlatform(platform)) {
        return CliFailure{"ArgumentError", "unknown platform '" + platform + "'"};
    }
    return std::nullopt;
}

} // namespace

std::variant<CommandSetup, CliFailure> loadCommandSetup(const config::ConfigInputs& inputs,
                                                        std::string platform)
{
    auto configuration = config::Config::load(inputs);
    if (!configuration) {
        return CliFailure{"ConfigurationError", configuration.error().message()};
    }
    if (auto failure = checkPlatform(platform)) {
        return *failure;
    }
    specs::ChannelContext context = channelContextFor(*configuration, platform);
    return CommandSetup{std::move(*configuration), std::move(platform), std::move(context)};
}

channels::LoadOptions loadOptionsFor(const ChannelRequest& request)
{
    channels::LoadOptions options;
    options.offline = request.offline;
    options.progress = progressPrinter(request.quiet);
    if (!request.quiet && isatty(STDERR_FILENO)) {
        options.shardProgress = [](const repodata::ShardProgress& progress) {
            std::cerr << "\r\033[K" << present::shardProgressLine(progress) << std::flush;
        };
        options.indexProgress = [](const repodata::RecordIndexProgress& progress) {
            std::cerr << "\r\033[K" << present::indexProgressLine(progress) << std::flush;
        };
    }
    if (!request.quiet) {
        const bool terminal = isatty(STDERR_FILENO) != 0;
        options.note = [terminal](const std::string& note) {
            // On its own line, not after a progress line left on the terminal.
            std::cerr << (terminal ? "\r\033[K" : "") << "note: " << util::printableMessage(note)
                      << "\n";
        };
    }
    options.stop = interruptToken();
    return options;
}

void clearProgressLine(const ChannelRequest& request)
{
    if (!request.quiet && isatty(STDERR_FILENO)) {
        std::cerr << "\r\033[K" << std::flush;
    }
}

void watchForInterrupt()
{
    static std::once_flag once;
    std::call_once(once, [] {
        int fds[2];
        if (::pipe2(fds, O_CLOEXEC) != 0) {
            return; // no watcher: Ctrl+C then ends the command the default way
        }
        // The watcher must be running, past its start-up, before this returns: a solve forks
        // without exec, and a thread still starting (its allocations, the sanitizers' thread
        // registry) at that moment could hold a lock the child then waits on forever. Blocked in
        // read(), it holds none. (A latch outlives both sides' use of it: it is static.)
        static std::latch running(1);
        std::thread([readEnd = fds[0]] {
            running.count_down();
            char byte = 0;
            while (::read(readEnd, &byte, 1) < 0 && errno == EINTR) {
            }
            interruptSource().request_stop();
            // A second Ctrl+C ends the command the default way, should a step not heed the stop.
            ::signal(SIGINT, SIG_DFL);
        }).detach(); // blocked until Ctrl+C; the process ends around it
        running.wait();
        g_interruptWrite.store(fds[1]);
        struct sigaction action = {};
        action.sa_handler = [](int) {
            const int saved = errno;
            const int fd = g_interruptWrite.load();
            const char byte = 1;
            [[maybe_unused]] const auto written = ::write(fd, &byte, 1);
            errno = saved;
        };
        ::sigemptyset(&action.sa_mask);
        ::sigaction(SIGINT, &action, nullptr);
    });
}

std::stop_token interruptToken()
{
    watchForInterrupt();
    return interruptSource().get_token();
}

std::optional<env::PrefixChoice> typedTarget(const Arguments& arguments)
{
    // -n and -p together are refused by the parser (each verb declares them exclusive).
    if (arguments.has("--name")) {
        return env::PrefixChoice{env::PrefixChoice::Kind::Name, arguments.value("--name")};
    }
    if (arguments.has("--prefix")) {
        return env::PrefixChoice{env::PrefixChoice::Kind::Path, arguments.value("--prefix")};
    }
    return std::nullopt;
}

std::variant<std::string, CliFailure> targetPrefix(const Arguments& arguments,
                                                   const config::ConfigInputs& inputs,
                                                   const config::Config& configuration,
                                                   ops::PrefixUse use)
{
    auto resolved = ops::targetPrefix(typedTarget(arguments), inputs, configuration, use);
    if (!resolved) {
        return CliFailure{"CondaValueError", resolved.error().message()};
    }
    return std::move(*resolved);
}

std::variant<PrefixCommandSetup, CliFailure> loadPrefixCommand(const Arguments& arguments,
                                                               const config::ConfigInputs& inputs,
                                                               std::string platform,
                                                               ops::PrefixUse use)
{
    auto setup = loadCommandSetup(inputs, std::move(platform));
    if (auto* failure = std::get_if<CliFailure>(&setup)) {
        return std::move(*failure);
    }
    auto& command = std::get<CommandSetup>(setup);
    auto target = targetPrefix(arguments, inputs, command.configuration, use);
    if (auto* failure = std::get_if<CliFailure>(&target)) {
        return std::move(*failure);
    }
    return PrefixCommandSetup{std::move(command), std::get<std::string>(std::move(target))};
}

env::PrefixChoice choiceOf(const std::string& nameOrPath)
{
    return {nameOrPath.find('/') != std::string::npos ? env::PrefixChoice::Kind::Path
                                                      : env::PrefixChoice::Kind::Name,
            nameOrPath};
}

std::variant<std::string, CliFailure> prefixOf(const std::string& nameOrPath,
                                               const config::ConfigInputs& inputs,
                                               const config::Config& configuration,
                                               ops::PrefixUse use)
{
    auto resolved = ops::targetPrefix(choiceOf(nameOrPath), inputs, configuration, use);
    if (!resolved) {
        return CliFailure{"CondaValueError", resolved.error().message()};
    }
    return std::move(*resolved);
}

} // namespace envdesk::cli
