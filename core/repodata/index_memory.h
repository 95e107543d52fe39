#pragma once

#include "core/repodata/record_index.h"
#include "core/repodata/sharded_subdir.h"

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

// Remote subdirs a session has already brought up to date and opened, so that the window's
// dialogs (Create, each change preview, Version…, every switch of environment) answer from them
// instead of revalidating and reopening the same channels each time: behind a slow link or a
// mirror, every revalidation is a round trip per subdir. Only current data is kept (downloaded,
// answered 304, or fresh in the cache), never a cached stand-in for a server that failed, so a
// server that comes back is asked again. An entry is used for `keepFor` after it was fetched;
// forget() drops them all (the window's Reload Channels, a changed configuration).
//
// Owned by whoever runs the session (the GUI) and handed down in config::ConfigInputs, like
// util::UnreachableServers; safe to share between threads. Kept in memory only: the indexes'
// URLs may hold a private channel's credentials.
namespace envdesk::repodata {

class IndexMemory {
public:
    using Clock = std::chrono::steady_clock;

    struct Entry {
        std::shared_ptr<const RecordIndex> index;
        std::shared_ptr<const ShardedSubdir> sharded; // instead of `index`: a sharded subdir
        std::vector<std::string> refused;
    };

    explicit IndexMemory(std::chrono::seconds keepFor = std::chrono::minutes(30));

    // The entry for a subdir URL (as requested, credentials and all), when one younger than
    // keepFor is kept.
    [[nodiscard]] std::optional<Entry> find(const std::string& subdirUrl) const;
    void remember(const std::string& subdirUrl, Entry entry);
    void forget();
    [[nodiscard]] std::size_t size() const;

    // Tests move time.
    void setClock(std::function<Clock::time_point()> now);

private:
    [[nodiscard]] Clock::time_point now() const;

    std::chrono::seconds m_keepFor;
    std::function<Clock::time_point()> m_now;
    mutable std::mutex m_mutex;
    std::map<std::string, std::pair<Entry, Clock::time_point>> m_entries;
};

} // namespace envdesk::repodata
