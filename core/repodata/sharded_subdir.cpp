#include "core/repodata/sharded_subdir.h"

#include "core/repodata/compression.h"
#include "core/specs/channel.h"
#include "core/util/file_io.h"
#include "core/util/hash.h"
#include "core/util/strings.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

namespace envdesk::repodata {

namespace fs = std::filesystem;
using util::ErrorCode;
using util::fail;

namespace {

// A shard is one package name's records: a few kilobytes, the largest a few megabytes. The
// bound keeps a hostile one from making us allocate without limit.
constexpr std::uint64_t kMaxDecodedShardBytes = 64ULL << 20;

std::string folderOf(const std::string& url)
{
    const auto slash = url.rfind('/');
    return slash == std::string::npos ? url + "/" : url.substr(0, slash + 1);
}

} // namespace

util::Result<std::shared_ptr<const ShardedSubdir>>
ShardedSubdir::create(ShardIndex index, const std::string& indexUrl, RepodataSource source,
                      std::string_view channelRootUrl, Settings settings)
{
    std::shared_ptr<ShardedSubdir> subdir(new ShardedSubdir());
    subdir->m_indexUrl = specs::maskSecrets(indexUrl);
    const std::string folder = folderOf(indexUrl);
    auto shardsBase =
        resolveIndexReference(folder, index.shardsBaseUrl, channelRootUrl, subdir->m_indexUrl);
    if (!shardsBase) {
        return shardsBase.error();
    }
    subdir->m_shardsBase = std::move(*shardsBase);
    if (index.baseUrl.empty()) {
        // Archives beside the index: the channel's own subdir URL, as for repodata.json (a
        // mirror the index came from is the download's business, not the record's).
        subdir->m_archiveBase = source.subdirUrl;
    } else {
        auto archiveBase =
            resolveIndexReference(folder, index.baseUrl, channelRootUrl, subdir->m_indexUrl);
        if (!archiveBase) {
            return archiveBase.error();
        }
        subdir->m_archiveBase = std::move(*archiveBase);
    }
    while (!subdir->m_archiveBase.empty() && subdir->m_archiveBase.back() == '/') {
        subdir->m_archiveBase.pop_back();
    }
    subdir->m_refused = index.refused;
    subdir->m_counts.names = index.shards.size();
    subdir->m_index = std::move(index);
    subdir->m_source = std::move(source);
    subdir->m_settings = std::move(settings);
    return std::shared_ptr<const ShardedSubdir>(std::move(subdir));
}

std::vector<std::string_view> ShardedSubdir::names() const
{
    std::vector<std::string_view> out;
    out.reserve(m_index.shards.size());
    for (const auto& [name, hash] : m_index.shards) {
        out.push_back(name);
    }
    return out;
}

bool ShardedSubdir::contains(std::string_view name) const
{
    return m_index.shards.find(name) != m_index.shards.end();
}

util::Result<std::vector<specs::PackageRecord>>
ShardedSubdir::recordsFor(std::string_view name) const
{
    if (!contains(name)) {
        return std::vector<specs::PackageRecord>{};
    }
    {
        std::lock_guard lock(m_mutex);
        if (const auto it = m_loaded.find(std::string(name)); it != m_loaded.end()) {
            return it->second;
        }
    }
    if (auto loaded = load({this}, {std::string(name)}); !loaded) {
        return loaded.error();
    }
    std::lock_guard lock(m_mutex);
    const auto it = m_loaded.find(std::string(name));
    return it == m_loaded.end() ? std::vector<specs::PackageRecord>{} : it->second;
}

ShardCounts ShardedSubdir::counts() const
{
    std::lock_guard lock(m_mutex);
    return m_counts;
}

std::vector<std::string> ShardedSubdir::refused() const
{
    std::lock_guard lock(m_mutex);
    return m_refused;
}

std::string ShardedSubdir::shardUrl(const std::string& hash) const
{
    return m_shardsBase + hash + ".msgpack.zst";
}

std::string ShardedSubdir::cachePath(const std::string& hash) const
{
    return m_settings.cacheDir + "/" + hash + ".msgpack.zst";
}

util::Result<void> ShardedSubdir::accept(const std::string& name, std::string_view compressed,
                                         bool downloaded, std::uint64_t bytes) const
{
    const std::string hash = m_index.shards.find(name)->second;
    RepodataSource source = m_source;
    source.description = specs::maskSecrets(shardUrl(hash)) + " (the shard of " + name + ")";
    auto decoded =
        decompress(compressed, Compression::Zstd, source.description, kMaxDecodedShardBytes);
    if (!decoded) {
        return decoded.error();
    }
    auto repodata = parseShard(*decoded, source, m_archiveBase);
    if (!repodata) {
        return repodata.error();
    }
    std::vector<specs::PackageRecord> records;
    std::vector<std::string> refused = std::move(repodata->refused);
    for (auto& record : repodata->records) {
        // A shard speaks for its own name only: records of another would slip past the index.
        if (record.name != name) {
            refused.push_back(source.description + ": record " + util::quoted(record.fn)
                              + " refused: it is not a record of " + name);
            continue;
        }
        records.push_back(std::move(record));
    }
    std::lock_guard lock(m_mutex);
    m_loaded[name] = std::move(records);
    m_refused.insert(m_refused.end(), refused.begin(), refused.end());
    if (downloaded) {
        ++m_counts.fetched;
        m_counts.bytes += bytes;
    } else {
        ++m_counts.cached;
    }
    return {};
}

util::Result<void> ShardedSubdir::load(const std::vector<const ShardedSubdir*>& subdirs,
                                       const std::vector<std::string>& names, std::stop_token stop,
                                       const ShardProgressFn& progress)
{
    struct Wanted {
        const ShardedSubdir* subdir;
        std::string name;
    };
    // By hash: two subdirs (or two names) may share a shard, and one transfer must not write the
    // file another is writing.
    std::map<std::string, std::vector<Wanted>> wanted;
    const std::set<std::string> unique(names.begin(), names.end());
    for (const auto* subdir : subdirs) {
        std::lock_guard lock(subdir->m_mutex);
        for (const auto& name : unique) {
            const auto it = subdir->m_index.shards.find(name);
            if (it != subdir->m_index.shards.end() && subdir->m_loaded.count(name) == 0) {
                wanted[it->second].push_back({subdir, name});
            }
        }
    }
    ShardProgress report;
    report.total = wanted.size();

    // The shard cache first: a file there is used when its content still has its name's hash.
    std::vector<std::pair<std::string, std::vector<Wanted>>> missing;
    for (auto& [hash, users] : wanted) {
        const ShardedSubdir* first = users.front().subdir;
        auto cached = util::readFile(first->cachePath(hash));
        if (cached && util::sha256Hex(*cached) == hash) {
            for (const auto& user : users) {
                if (auto accepted = user.subdir->accept(user.name, *cached, false, 0); !accepted) {
                    return accepted.error();
                }
            }
            ++report.done;
            continue;
        }
        missing.emplace_back(hash, std::move(users));
    }
    if (progress && report.done > 0) {
        progress(report);
    }
    if (missing.empty()) {
        return {};
    }
    if (stop.stop_requested()) {
        return fail(ErrorCode::Cancelled, "cancelled", subdirs.front()->m_indexUrl);
    }
    const auto& options = missing.front().second.front().subdir->m_settings.download;
    if (options.offline) {
        // As an uncached repodata.json offline: no records, and the caller hears which names.
        for (const auto& [hash, users] : missing) {
            for (const auto& user : users) {
                std::lock_guard lock(user.subdir->m_mutex);
                user.subdir->m_loaded[user.name] = {};
                user.subdir->m_counts.offlineMissing.push_back(user.name);
            }
        }
        return {};
    }

    std::vector<download::Request> requests;
    for (const auto& [hash, users] : missing) {
        const ShardedSubdir* first = users.front().subdir;
        download::Request request;
        request.url = first->shardUrl(hash);
        // A name of its own: another load (a second thread, another process) may be fetching the
        // same shard into the same cache now; the finished file is renamed into place.
        request.destination = util::temporaryPathFor(first->cachePath(hash));
        request.expectedSha256 = hash;
        request.label = users.front().name + " (" + first->subdir() + ")";
        requests.push_back(std::move(request));
    }
    std::vector<std::uint64_t> received(requests.size(), 0);
    std::optional<util::Error> failure;
    const auto responses = download::downloadAll(
        requests, options,
        [&](const download::Progress& p) {
            report.bytes += p.received - std::min(p.received, received[p.requestIndex]);
            received[p.requestIndex] = p.received;
            if (progress) {
                progress(report);
            }
        },
        stop,
        [&](std::size_t index, const download::Response& response) {
            if (response.outcome != download::Response::Outcome::Downloaded) {
                return;
            }
            // Decoded while the others are still coming.
            auto bytes = util::readFile(requests[index].destination);
            std::error_code ec;
            fs::rename(requests[index].destination,
                       missing[index].second.front().subdir->cachePath(missing[index].first), ec);
            if (ec) {
                fs::remove(requests[index].destination, ec);
            }
            if (failure) {
                return;
            }
            if (!bytes) {
                failure = bytes.error();
                return;
            }
            for (const auto& user : missing[index].second) {
                if (auto accepted = user.subdir->accept(user.name, *bytes, true, response.bytes);
                    !accepted) {
                    failure = accepted.error();
                    return;
                }
            }
            ++report.done;
            if (progress) {
                progress(report);
            }
        });
    for (std::size_t i = 0; i < responses.size(); ++i) {
        const auto& response = responses[i];
        if (response.outcome == download::Response::Outcome::Cancelled) {
            return fail(ErrorCode::Cancelled, "cancelled", specs::maskSecrets(requests[i].url));
        }
        if (response.outcome == download::Response::Outcome::Failed) {
            util::Error error = response.error.value_or(
                util::Error{ErrorCode::Network, "failed", specs::maskSecrets(requests[i].url)});
            error.detail = "could not fetch the shard of " + missing[i].second.front().name + ": "
                           + error.detail;
            return error;
        }
    }
    if (failure) {
        return *failure;
    }
    return {};
}

} // namespace envdesk::repodata
