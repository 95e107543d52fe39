#include "core/util/file_lock.h"

#include "core/util/secrets.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <thread>
#include <utility>

namespace envdesk::util {

namespace {

Result<int> openLockFile(const std::string& path)
{
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0666);
    if (fd < 0) {
        const int error = errno;
        if (error == EACCES || error == EPERM || error == EROFS) {
            return fail(ErrorCode::PermissionDenied,
                        std::string("permission denied: cannot write here (") + std::strerror(error)
                            + ")",
                        path);
        }
        return fail(ErrorCode::IoError,
                    std::string("cannot open lock file: ") + std::strerror(error), path);
    }
    return fd;
}

// One attempt; true when locked, false when another holder has it.
Result<bool> tryLock(int fd, const std::string& path, bool shared = false)
{
    for (;;) {
        if (::flock(fd, (shared ? LOCK_SH : LOCK_EX) | LOCK_NB) == 0) {
            return true;
        }
        if (errno == EINTR) {
            continue;
        }
        if (errno == EWOULDBLOCK) {
            return false;
        }
        return fail(ErrorCode::IoError, std::string("cannot lock: ") + std::strerror(errno), path);
    }
}

} // namespace

FileLock::~FileLock()
{
    release();
}

FileLock::FileLock(FileLock&& other) noexcept
    : m_fd(std::exchange(other.m_fd, -1))
    , m_path(std::move(other.m_path))
{
}

FileLock& FileLock::operator=(FileLock&& other) noexcept
{
    if (this != &other) {
        release();
        m_fd = std::exchange(other.m_fd, -1);
        m_path = std::move(other.m_path);
    }
    return *this;
}

void FileLock::release()
{
    if (m_fd >= 0) {
        // Closing the descriptor drops the flock; the explicit unlock documents the intent.
        ::flock(m_fd, LOCK_UN);
        ::close(m_fd);
        m_fd = -1;
    }
}

Result<FileLock> FileLock::acquire(const std::string& path, std::stop_token stop)
{
    // No deadline: a century stands for "until released" without overflowing the clock.
    return acquireWithin(path, std::chrono::hours(24 * 365 * 100), {}, stop);
}

Result<FileLock> FileLock::tryAcquire(const std::string& path)
{
    auto fd = openLockFile(path);
    if (!fd) {
        return fd.error();
    }
    FileLock lock;
    lock.m_fd = *fd;
    lock.m_path = path;
    auto locked = tryLock(lock.m_fd, path);
    if (!locked) {
        return locked.error();
    }
    if (!*locked) {
        return fail(ErrorCode::IoError, "locked by another process", path);
    }
    return lock;
}

Result<FileLock> FileLock::acquireShared(const std::string& path, std::stop_token stop)
{
    return acquireAs(path, true, std::chrono::hours(24 * 365 * 100), {}, stop);
}

Result<bool> FileLock::isHeld(const std::string& path)
{
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT) {
            return false; // never made: nobody has held it
        }
        return fail(ErrorCode::IoError,
                    std::string("cannot open lock file: ") + std::strerror(errno), path);
    }
    auto locked = tryLock(fd, path);
    ::close(fd); // drops the probe's lock, if it took one
    if (!locked) {
        return locked.error();
    }
    return !*locked;
}

Result<FileLock> FileLock::acquireWithin(const std::string& path, std::chrono::milliseconds timeout,
                                         const std::function<void()>& onBusy, std::stop_token stop)
{
    return acquireAs(path, false, timeout, onBusy, stop);
}

Result<FileLock> FileLock::acquireAs(const std::string& path, bool shared,
                                     std::chrono::milliseconds timeout,
                                     const std::function<void()>& onBusy, std::stop_token stop)
{
    auto fd = openLockFile(path);
    if (!fd) {
        return fd.error();
    }
    FileLock lock;
    lock.m_fd = *fd;
    lock.m_path = path;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    auto delay = std::chrono::milliseconds(1);
    bool told = false;
    for (;;) {
        auto locked = tryLock(lock.m_fd, path, shared);
        if (!locked) {
            return locked.error();
        }
        if (*locked) {
            return lock;
        }
        if (!told && onBusy) {
            onBusy();
        }
        told = true;
        if (stop.stop_requested()) {
            return fail(ErrorCode::Cancelled, "cancelled while waiting for a lock", path);
        }
        if (std::chrono::steady_clock::now() >= deadline) {
            return fail(ErrorCode::Busy, "still locked by another process", path);
        }
        // Back off up to 50 ms: short holds are caught quickly, long ones cost little CPU.
        std::this_thread::sleep_for(delay);
        delay = std::min(delay * 2, std::chrono::milliseconds(50));
    }
}

void FileLock::writeOwner(const std::string& description)
{
    if (m_fd < 0) {
        return;
    }
    // The lock file is readable by others, and the description may hold a command line.
    const std::string text =
        maskSecrets(description) + " (process " + std::to_string(::getpid()) + ")\n";
    if (::ftruncate(m_fd, 0) == 0) {
        [[maybe_unused]] const auto written = ::pwrite(m_fd, text.data(), text.size(), 0);
    }
}

std::string FileLock::readOwner(const std::string& path)
{
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return {};
    }
    char buffer[512];
    const ssize_t size = ::pread(fd, buffer, sizeof buffer, 0);
    ::close(fd);
    if (size <= 0) {
        return {};
    }
    std::string text(buffer, static_cast<std::size_t>(size));
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) {
        text.pop_back();
    }
    // Only the first line, and only printable characters: it is shown to the user.
    text = text.substr(0, text.find('\n'));
    for (char& c : text) {
        if (static_cast<unsigned char>(c) < 0x20) {
            c = '?';
        }
    }
    return text;
}

} // namespace envdesk::util
