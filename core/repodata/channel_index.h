#pragma once

#include "core/util/result.h"

#include <cstddef>
#include <functional>
#include <stop_token>
#include <string>
#include <vector>

// Building a local channel's index, as `conda index` does: each subdir's packages are read and
// described in `<subdir>/repodata.json` (and `.json.zst`), so the folder can be served by any
// static HTTP server or used as a file:// channel.
namespace envdesk::repodata {

struct IndexOptions {
    // The subdirs to index. Empty: every folder named after a known platform, plus noarch (which
    // is created, with an empty index, when absent). A named subdir that does not exist is
    // created the same way.
    std::vector<std::string> subdirs;
    // Reuse the entries of files whose name, size and mtime are unchanged since the last run
    // (kept in `<subdir>/.cache/envdesk-index.json`). Off: every archive is read again.
    bool useCache = true;
    // Also write sharded repodata (CEP 16) beside repodata.json: one zstd-compressed msgpack shard
    // per package name, named by its SHA-256 (`<sha256>.msgpack.zst`), and the index of them,
    // `repodata_shards.msgpack.zst`, so that any static server serves a sharded channel.
    bool shards = false;
};

struct IndexProgress {
    std::string subdir;
    std::string fileName;
    std::size_t done = 0; // packages of this subdir handled so far, this one included
    std::size_t total = 0;
};
using IndexProgressFn = std::function<void(const IndexProgress&)>;

struct SkippedPackage {
    std::string fileName;
    std::string path;
    std::string reason; // English: what is wrong with the file (the path is beside it)
};

struct SubdirIndexResult {
    std::string subdir;
    std::string repodataPath;
    bool created = false;             // the folder did not exist and was made
    std::size_t shardCount = 0;       // package names sharded (IndexOptions::shards)
    std::vector<std::string> indexed; // read from their archives in this run
    std::vector<std::string> reused;  // taken from the cache unchanged
    std::vector<SkippedPackage> skipped;
    // Things worth a look that did not stop a package from being indexed (an unreadable cache).
    std::vector<std::string> warnings;

    [[nodiscard]] std::size_t recordCount() const { return indexed.size() + reused.size(); }
};

struct ChannelIndexResult {
    std::string channelDir;
    std::vector<SubdirIndexResult> subdirs;

    // False when any package was skipped: the channel is indexed, but not completely.
    [[nodiscard]] bool complete() const;
};

// Indexes the channel in `channelDir`. A package that cannot be read, or whose index.json names
// another subdir than the folder it sits in, is skipped and reported in the result; the rest of
// the channel is still indexed. An error means nothing usable was done: `channelDir` is not a
// folder, an index could not be written, a subdir name is not one, or `stop` was requested
// (ErrorCode::Cancelled; subdirs finished before that keep their new index).
[[nodiscard]] util::Result<ChannelIndexResult> indexChannel(const std::string& channelDir,
                                                            const IndexOptions& options = {},
                                                            const IndexProgressFn& progress = {},
                                                            std::stop_token stop = {});

// Writes sharded repodata (as IndexOptions::shards does) for the repodata.json already in
// `subdirFolder`, reading no archive: to serve shards for a mirrored channel that has none, and
// for tests and benchmarks. Returns the number of names.
[[nodiscard]] util::Result<std::size_t> shardRepodata(const std::string& subdirFolder);

} // namespace envdesk::repodata
