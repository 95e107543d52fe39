#pragma once

#include "core/util/result.h"

#include <chrono>
#include <functional>
#include <stop_token>
#include <string>

namespace envdesk::util {

// An exclusive advisory lock on a file (flock(2) on POSIX), shared by every process that uses
// the same path: several envdesk processes sharing one package cache take it around the work on
// one package, so they never write the same archive or folder at once. The lock goes with the
// open file, so a crashed holder releases it automatically; the lock file itself is left in
// place on purpose (removing it would let two processes lock two different inodes).
class FileLock {
public:
    FileLock() = default;
    ~FileLock();
    FileLock(FileLock&& other) noexcept;
    FileLock& operator=(FileLock&& other) noexcept;
    FileLock(const FileLock&) = delete;
    FileLock& operator=(const FileLock&) = delete;

    // Waits until the lock is free (creating the file if needed). Waiting polls, so that a stop
    // request ends the wait promptly with a Cancelled error instead of blocking in the kernel.
    [[nodiscard]] static Result<FileLock> acquire(const std::string& path,
                                                  std::stop_token stop = {});
    // A shared hold: any number of shared holders at once, none while an exclusive one holds
    // it (waits as acquire() does). An install holds a package's "in use" lock this way while
    // it links from the cache; clean takes it exclusively to know nobody does.
    [[nodiscard]] static Result<FileLock> acquireShared(const std::string& path,
                                                        std::stop_token stop = {});
    // Whether another process holds the lock now, without creating the file (a missing file has
    // never been held) and without keeping it. For looking, as a dry run does.
    [[nodiscard]] static Result<bool> isHeld(const std::string& path);
    // Takes the lock only when it is free at once; an error means "busy" (code
    // IoError, detail names the holder's path) or that the file could not be opened.
    [[nodiscard]] static Result<FileLock> tryAcquire(const std::string& path);
    // Waits as acquire() does, at most `timeout`: then an error with code Busy. `onBusy` is
    // called once, when the first attempt finds the lock held, so the caller can say who it is
    // waiting for (readOwner()). Opening the file without permission is PermissionDenied.
    [[nodiscard]] static Result<FileLock> acquireWithin(const std::string& path,
                                                        std::chrono::milliseconds timeout,
                                                        const std::function<void()>& onBusy,
                                                        std::stop_token stop);

    // Replaces the lock file's contents with a line about the holder (the caller's description
    // and the process id), so that a process waiting for the lock can say who holds it. Only the
    // holder writes it; best effort.
    void writeOwner(const std::string& description);
    // What the current holder wrote with writeOwner(); empty when nothing could be read.
    [[nodiscard]] static std::string readOwner(const std::string& path);

    [[nodiscard]] bool isLocked() const { return m_fd >= 0; }
    [[nodiscard]] const std::string& path() const { return m_path; }
    void release();

private:
    // Waits for the lock, shared or exclusive, polling so that `stop` is heeded.
    [[nodiscard]] static Result<FileLock> acquireAs(const std::string& path, bool shared,
                                                    std::chrono::milliseconds timeout,
                                                    const std::function<void()>& onBusy,
                                                    std::stop_token stop);

    int m_fd = -1;
    std::string m_path;
};

} // namespace envdesk::util
