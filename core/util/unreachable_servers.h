#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// Servers that could not be reached during one session, so that later work does not wait on
// them again: with a mirror down or an international link cut, every dialog that read channels
// used to sit through the connect timeouts and retries once more. The downloader remembers a
// server when a request to it got no answer at all (no connection, no name, no status line;
// after its retries; a 503 or a stalled body is an answer), fails
// later requests to it at once without sending them, and forgets it as soon as any answer
// comes from it. An entry expires after `forgetAfter`, so a long session tries again by itself;
// forget()/forgetAll() try again on demand.
//
// Owned by whoever runs the session (the GUI's session environment) and handed down inside
// config::ConfigInputs, so nothing here is process state; safe to share between threads.
namespace envdesk::util {

class UnreachableServers {
public:
    using Clock = std::chrono::steady_clock;

    struct Entry {
        // "https://conda.anaconda.org": scheme, host and port only, so no credential or token
        // of the request is kept; what a probe asks again.
        std::string origin;
        std::string reason; // what the failure said, secrets masked ("Could not connect ...")
        Clock::time_point since;
    };

    explicit UnreachableServers(std::chrono::seconds forgetAfter = std::chrono::minutes(5));

    // `url` as requested (its origin is taken without credentials); `reason` already masked.
    void remember(std::string_view url, std::string reason);
    void forget(std::string_view url); // the whole origin of `url`
    void forgetAll();

    // The entry for the origin of `url`, unless it expired; nullopt for file:// and unknown URLs.
    [[nodiscard]] std::optional<Entry> find(std::string_view url) const;
    // Every entry that has not expired, oldest first.
    [[nodiscard]] std::vector<Entry> entries() const;

    // "scheme://host[:port]" of `url`, scheme and host lower-cased, credentials left out;
    // empty for file:// and for text that is no http(s) URL.
    [[nodiscard]] static std::string originOf(std::string_view url);

private:
    const Clock::duration m_forgetAfter;
    mutable std::mutex m_mutex;
    std::map<std::string, Entry> m_entries; // by origin
};

} // namespace envdesk::util
