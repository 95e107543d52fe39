#pragma once

#include <curl/curl.h>

#include <stop_token>

// The program's one libcurl multi loop. A batch of downloads (download.cpp) and a channel
// latency probe (core/channels/channel_probe.cpp) are both clients of it: the engine owns the
// multi handle (curl's global set-up done once for the process), runs curl, hands each finished
// transfer back and sleeps until there is something to do, waking at once when the caller's
// stop is requested. The client decides which transfers start when (parallel limits, retries),
// what a finished one means, and what happens between turns (timeouts, progress). Internal to
// core: only code that already speaks libcurl includes it.
namespace envdesk::download {

class TransferEngine;

class TransferClient {
public:
    virtual ~TransferClient() = default;
    // Starts what is due (TransferEngine::add for each new handle). Called before every turn.
    virtual void startDue(TransferEngine& engine) = 0;
    // Nothing runs and nothing waits to run: the loop is over.
    [[nodiscard]] virtual bool idle() const = 0;
    // A transfer that `startDue` added has ended with `code`. The client removes it from the
    // engine (TransferEngine::remove) before cleaning it up.
    virtual void finished(CURL* easy, CURLcode code) = 0;
    // After each turn of curl: deadlines curl does not keep, progress reports.
    virtual void afterTurn() {}
    // The longest the engine may sleep before the next turn, in milliseconds (a due retry, a
    // deadline). The engine also wakes for network activity and for a stop.
    [[nodiscard]] virtual int maxWaitMs() const = 0;
};

class TransferEngine {
public:
    TransferEngine();
    ~TransferEngine();
    TransferEngine(const TransferEngine&) = delete;
    TransferEngine& operator=(const TransferEngine&) = delete;

    // False when libcurl could not be set up; then nothing else may be called.
    [[nodiscard]] bool ready() const { return m_multi != nullptr; }
    // Lets transfers to one host share an HTTP/2 connection instead of opening one each.
    void allowMultiplexing();

    [[nodiscard]] bool add(CURL* easy);
    void remove(CURL* easy);

    // Turns until the client is idle (true) or `stop` is requested (false). A stop requested
    // from another thread wakes the wait at once.
    [[nodiscard]] bool run(TransferClient& client, const std::stop_token& stop);

private:
    CURLM* m_multi = nullptr;
};

} // namespace envdesk::download
