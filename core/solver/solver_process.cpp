#include "core/solver/solver_process.h"

#include <fcntl.h>
#include <nlohmann/json.hpp>
#include <poll.h>
#include <signal.h>
#include <sys/eventfd.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

namespace envdesk::solver::detail {

namespace {

using nlohmann::json;
using specs::PackageRecord;

// A field added to PackageRecord must be added to the wire below too, or the parent would get
// it empty: this fails to compile until then (and on an ABI with other sizes, where it is only
// re-counted).
static_assert(sizeof(PackageRecord)
                  == 12 * sizeof(std::string) + 4 * sizeof(std::vector<std::string>)
                         + 3 * sizeof(std::uint64_t),
              "PackageRecord changed: update recordWire and recordFromWire");

// Every field, credentials included: the child is this program, and the records go on to be
// downloaded.
json recordWire(const PackageRecord& r)
{
    return json::array({r.name, r.version, r.build, r.buildNumber, r.channel, r.subdir, r.fn, r.url,
                        r.md5, r.sha256, r.depends, r.constrains, r.trackFeatures, r.features,
                        r.license, r.licenseFamily, r.noarch, r.timestamp, r.size});
}

PackageRecord recordFromWire(const json& w)
{
    PackageRecord r;
    std::size_t i = 0;
    r.name = w.at(i++).get<std::string>();
    r.version = w.at(i++).get<std::string>();
    r.build = w.at(i++).get<std::string>();
    r.buildNumber = w.at(i++).get<std::uint64_t>();
    r.channel = w.at(i++).get<std::string>();
    r.subdir = w.at(i++).get<std::string>();
    r.fn = w.at(i++).get<std::string>();
    r.url = w.at(i++).get<std::string>();
    r.md5 = w.at(i++).get<std::string>();
    r.sha256 = w.at(i++).get<std::string>();
    r.depends = w.at(i++).get<std::vector<std::string>>();
    r.constrains = w.at(i++).get<std::vector<std::string>>();
    r.trackFeatures = w.at(i++).get<std::vector<std::string>>();
    r.features = w.at(i++).get<std::vector<std::string>>();
    r.license = w.at(i++).get<std::string>();
    r.licenseFamily = w.at(i++).get<std::string>();
    r.noarch = w.at(i++).get<std::string>();
    r.timestamp = w.at(i++).get<std::uint64_t>();
    r.size = w.at(i++).get<std::uint64_t>();
    return r;
}

json optionalRecord(const std::optional<PackageRecord>& record)
{
    return record ? recordWire(*record) : json(nullptr);
}

std::optional<PackageRecord> optionalRecordFrom(const json& w)
{
    return w.is_null() ? std::nullopt : std::optional(recordFromWire(w));
}

json graphWire(const ProblemGraph& graph)
{
    json conflicts = json::array();
    for (const auto& c : graph.conflicts) {
        json chains = json::array();
        for (const auto& chain : c.chains) {
            chains.push_back(chain.steps);
        }
        json suggestions = json::array();
        for (const auto& s : c.suggestions) {
            suggestions.push_back({s.requested, s.constraint,
                                   s.workingVersion ? json(*s.workingVersion) : json(nullptr)});
        }
        conflicts.push_back(
            {c.package, chains, c.availableVersions, suggestions, c.pins, c.needed, c.metTogether});
    }
    json missing = json::array();
    for (const auto& m : graph.missing) {
        missing.push_back({m.spec, m.requiredBy});
    }
    return {conflicts, missing};
}

ProblemGraph graphFromWire(const json& w)
{
    ProblemGraph graph;
    for (const auto& c : w.at(0)) {
        ProblemGraph::Conflict conflict;
        conflict.package = c.at(0).get<std::string>();
        for (const auto& steps : c.at(1)) {
            conflict.chains.push_back({steps.get<std::vector<std::string>>()});
        }
        conflict.availableVersions = c.at(2).get<std::vector<std::string>>();
        for (const auto& s : c.at(3)) {
            conflict.suggestions.push_back(
                {s.at(0).get<std::string>(), s.at(1).get<std::string>(),
                 s.at(2).is_null() ? std::nullopt : std::optional(s.at(2).get<std::string>())});
        }
        conflict.pins = c.at(4).get<std::vector<std::string>>();
        conflict.needed = c.at(5).get<std::string>();
        conflict.metTogether = c.at(6).get<bool>();
        graph.conflicts.push_back(std::move(conflict));
    }
    for (const auto& m : w.at(1)) {
        graph.missing.push_back(
            {m.at(0).get<std::string>(), m.at(1).get<std::vector<std::string>>()});
    }
    return graph;
}

bool writeAll(int fd, const std::string& bytes)
{
    std::size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return false;
        }
        done += static_cast<std::size_t>(n);
    }
    return true;
}

// In the child: nothing but the solve and the answer. Every inherited descriptor but the pipe is
// closed first, so that another solve's pipe never stays open in this child.
[[noreturn]] void runChild(int out, const SolveInChild& work, bool wantStatistics)
{
    ::signal(SIGPIPE, SIG_IGN);
    // The parent's Ctrl+C handler writes to a pipe this child closes below; a stop reaches the
    // child as SIGKILL from the parent anyway.
    ::signal(SIGINT, SIG_IGN);
    if (out > 3) {
        ::close_range(3, static_cast<unsigned>(out - 1), 0);
    }
    ::close_range(static_cast<unsigned>(out + 1), ~0U, 0);
    Statistics statistics;
    bool written = false;
    try {
        const auto outcome = work(wantStatistics ? &statistics : nullptr);
        const std::string bytes = encodeOutcome(outcome, wantStatistics ? &statistics : nullptr);
        const std::uint64_t size = bytes.size();
        written = writeAll(out, std::string(reinterpret_cast<const char*>(&size), sizeof size))
                  && writeAll(out, bytes);
    } catch (...) {
        // The parent reads a missing answer as the child's failure and says so.
        ::_exit(3);
    }
    // _exit, not exit: the child must not run the parent's atexit handlers or flush its buffers.
    ::_exit(written ? 0 : 4);
}

std::string childEnding(int status)
{
    if (WIFSIGNALED(status)) {
        return "the solver's process ended on signal " + std::to_string(WTERMSIG(status)) + " ("
               + ::strsignal(WTERMSIG(status)) + ")";
    }
    return "the solver's process ended with status " + std::to_string(WEXITSTATUS(status))
           + " without an answer";
}

class Descriptor {
public:
    explicit Descriptor(int fd = -1)
        : m_fd(fd)
    {
    }
    ~Descriptor() { reset(); }
    Descriptor(const Descriptor&) = delete;
    Descriptor& operator=(const Descriptor&) = delete;
    [[nodiscard]] int get() const { return m_fd; }
    void reset()
    {
        if (m_fd >= 0) {
            ::close(m_fd);
            m_fd = -1;
        }
    }

private:
    int m_fd;
};

} // namespace

std::string encodeOutcome(const util::Result<Outcome>& outcome, const Statistics* statistics)
{
    json wire;
    if (!outcome) {
        wire["error"] = {static_cast<int>(outcome.error().code), outcome.error().detail,
                         outcome.error().context, static_cast<int>(outcome.error().reason),
                         outcome.error().values};
    } else if (const auto* solution = std::get_if<Solution>(&*outcome)) {
        json actions = json::array();
        for (const auto& action : solution->actions) {
            actions.push_back({static_cast<int>(action.kind), optionalRecord(action.from),
                               optionalRecord(action.to)});
        }
        json packages = json::array();
        for (const auto& record : solution->packages) {
            packages.push_back(recordWire(record));
        }
        wire["solution"] = {actions, packages};
    } else {
        const auto& unsolvable = std::get<Unsolvable>(*outcome);
        wire["unsolvable"] = {graphWire(unsolvable.graph), unsolvable.explanation};
    }
    if (statistics != nullptr) {
        wire["statistics"] = {statistics->solvables, statistics->packageRules,
                              statistics->nameProviderVisits};
    }
    const auto bytes = json::to_cbor(wire);
    return {bytes.begin(), bytes.end()};
}

util::Result<Outcome> decodeOutcome(std::string_view bytes, Statistics* statistics)
{
    try {
        const json wire = json::from_cbor(bytes);
        if (statistics != nullptr && wire.contains("statistics")) {
            const auto& s = wire.at("statistics");
            *statistics = {s.at(0).get<std::size_t>(), s.at(1).get<std::size_t>(),
                           s.at(2).get<std::size_t>()};
        }
        if (wire.contains("error")) {
            const auto& e = wire.at("error");
            const int code = e.at(0).get<int>();
            if (code < 0 || code > static_cast<int>(util::ErrorCode::Internal)) {
                throw std::out_of_range("error code " + std::to_string(code));
            }
            util::Error error{static_cast<util::ErrorCode>(code), e.at(1).get<std::string>(),
                              e.at(2).get<std::string>()};
            const int reason = e.at(3).get<int>();
            if (reason < 0 || reason > static_cast<int>(util::ErrorReason::OfflineNothingCached)) {
                throw std::out_of_range("error reason " + std::to_string(reason));
            }
            return util::because(std::move(error), static_cast<util::ErrorReason>(reason),
                                 e.at(4).get<std::vector<std::string>>());
        }
        if (wire.contains("solution")) {
            Solution solution;
            for (const auto& a : wire.at("solution").at(0)) {
                solution.actions.push_back({static_cast<Action::Kind>(a.at(0).get<int>()),
                                            optionalRecordFrom(a.at(1)),
                                            optionalRecordFrom(a.at(2))});
            }
            for (const auto& r : wire.at("solution").at(1)) {
                solution.packages.push_back(recordFromWire(r));
            }
            return Outcome(std::move(solution));
        }
        const auto& u = wire.at("unsolvable");
        return Outcome(Unsolvable{graphFromWire(u.at(0)), u.at(1).get<std::string>()});
    } catch (const std::exception& error) {
        return util::Error{util::ErrorCode::Internal,
                           std::string("the solver's answer could not be read: ") + error.what(),
                           ""};
    }
}

std::optional<util::Result<Outcome>>
solveInChildProcess(const SolveInChild& work, std::stop_token stop, Statistics* statistics)
{
    int pipeFds[2];
    if (::pipe2(pipeFds, O_CLOEXEC) != 0) {
        return std::nullopt;
    }
    Descriptor readEnd(pipeFds[0]);
    Descriptor writeEnd(pipeFds[1]);
    // Written by the stop callback (on whichever thread requests the stop) to wake the poll.
    Descriptor wake(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK));
    if (wake.get() < 0) {
        return std::nullopt;
    }
    const pid_t child = ::fork();
    if (child < 0) {
        return std::nullopt;
    }
    if (child == 0) {
        runChild(writeEnd.get(), work, statistics != nullptr);
    }
    writeEnd.reset();
    const int wakeFd = wake.get();
    std::stop_callback onStop(stop, [wakeFd] {
        const std::uint64_t one = 1;
        [[maybe_unused]] const auto written = ::write(wakeFd, &one, sizeof one);
    });
    std::string received;
    bool stopped = false;
    char buffer[65536];
    while (true) {
        pollfd fds[2] = {{readEnd.get(), POLLIN, 0}, {wakeFd, POLLIN, 0}};
        if (::poll(fds, 2, -1) < 0) {
            if (errno == EINTR) {
                continue;
            }
            stopped = true; // cannot wait: end the child rather than leave it
            break;
        }
        if (stop.stop_requested()) {
            stopped = true;
            break;
        }
        if ((fds[0].revents & (POLLIN | POLLHUP | POLLERR)) != 0) {
            const ssize_t n = ::read(readEnd.get(), buffer, sizeof buffer);
            if (n < 0 && errno == EINTR) {
                continue;
            }
            if (n <= 0) {
                break; // the child closed its end: done, or dead
            }
            received.append(buffer, static_cast<std::size_t>(n));
            // The answer is framed by its length: once it is whole, the child is done, whether
            // or not another process still holds the pipe open.
            std::uint64_t size = 0;
            if (received.size() >= sizeof size) {
                std::memcpy(&size, received.data(), sizeof size);
                if (received.size() - sizeof size >= size) {
                    break;
                }
            }
        }
    }
    if (stopped) {
        ::kill(child, SIGKILL);
    }
    int status = 0;
    while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
    }
    if (stopped) {
        return util::Result<Outcome>(util::Error{util::ErrorCode::Cancelled, "cancelled", ""});
    }
    std::uint64_t size = 0;
    if (received.size() < sizeof size) {
        return util::Result<Outcome>(
            util::Error{util::ErrorCode::Internal, childEnding(status), ""});
    }
    std::memcpy(&size, received.data(), sizeof size);
    if (received.size() - sizeof size != size) {
        return util::Result<Outcome>(
            util::Error{util::ErrorCode::Internal, childEnding(status), ""});
    }
    return decodeOutcome(std::string_view(received).substr(sizeof size), statistics);
}

} // namespace envdesk::solver::detail
