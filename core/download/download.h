#pragma once

#include "core/util/error.h"
#include "core/util/unreachable_servers.h"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

// Fetching files over http(s):// and file:// (libcurl multi, never visible here): parallel
// transfers, retries with back-off on transient errors, connect and read timeouts, proxies, TLS
// settings, resumable downloads, checksum verification while streaming, per-request progress and
// per-call cancellation. Plain request/result structs plus one function, as libmamba's
// downloader; the behaviour and its reasons are in docs/download.md.
namespace envdesk::download {

struct Request {
    std::string url; // http://, https:// or file://
    // The final path. Data goes to destination + ".part" and is renamed on success only, so the
    // destination is never half-written. Missing parent folders are created.
    std::string destination;
    // Verified while streaming; a mismatch is an error naming the URL and both hashes, and the
    // .part is deleted. Hex, either case.
    std::optional<std::string> expectedSha256;
    std::optional<std::string> expectedMd5; // used when no sha256 is given
    std::optional<std::uint64_t> expectedSize;
    // Continue an existing .part with a Range request (the hash resumes over the existing
    // bytes). A server that answers 200 instead of 206 is handled: the file starts over. With
    // resume, a .part is also kept after a cancel or a network failure so a later call goes on.
    bool resume = false;
    // Extra request headers, e.g. {"If-None-Match", etag}, {"If-Modified-Since", date}.
    std::vector<std::pair<std::string, std::string>> headers;
    std::string label; // for progress ("numpy-1.26.4-py312_0.conda")
};

struct Response {
    enum class Outcome { Downloaded, NotModified, Failed, Cancelled };
    Outcome outcome = Outcome::Failed;
    long httpStatus = 0; // of the last response after redirects; 0 for file://
    // Response validators, for conditional requests (empty when the server sent none).
    std::string etag, lastModified, cacheControl;
    std::uint64_t bytes = 0;  // size of the final file (Downloaded only)
    std::string sha256;       // of the final file, lower-case hex (Downloaded only)
    std::string effectiveUrl; // after redirects, secrets masked
    int attempts = 0;         // requests sent, retries included
    // Failed: code (Network, NotFound, ChecksumMismatch, IoError, ...), context = the masked URL,
    // detail = why ("HTTP 500 Internal Server Error", "no data received for 60 s", ...).
    // Cancelled: code Cancelled. Never holds a token or a password.
    std::optional<util::Error> error;
};

// "envdesk/<version>".
[[nodiscard]] std::string defaultUserAgent();

class TransferEngine;

// Connections kept open from one downloadAll() call to the next, for a caller that fetches in
// rounds (a channel's shard index, then its shards a level of dependencies at a time): each round
// reuses the HTTP/2 connections and TLS sessions of the one before instead of opening its own.
// One call uses the pool at a time; a call that finds it in use (on another thread) opens
// connections of its own rather than wait.
class ConnectionPool {
public:
    ConnectionPool();
    ~ConnectionPool();
    ConnectionPool(const ConnectionPool&) = delete;
    ConnectionPool& operator=(const ConnectionPool&) = delete;

    // The pool's engine and the lock that makes it the caller's, or nothing when another call
    // holds it.
    struct Lease {
        std::unique_lock<std::mutex> lock;
        TransferEngine* engine = nullptr;
    };
    [[nodiscard]] Lease tryLease();

private:
    std::mutex m_mutex;
    std::unique_ptr<TransferEngine> m_engine;
};

struct Options {
    // Connections shared with other calls that have the same pool (may be null: this call's
    // connections end with it).
    std::shared_ptr<ConnectionPool> connections;
    int maxParallel = 5;              // transfers at once (several may share one HTTP/2 connection)
    double connectTimeoutSecs = 9.15; // conda's remote_connect_timeout_secs
    // conda's remote_read_timeout_secs: a transfer is aborted when no byte arrives for this long.
    double readTimeoutSecs = 60;
    // conda's remote_max_retries, for transient errors only (connect failures, timeouts, 5xx, 408,
    // 429, truncated bodies), with exponential back-off and jitter.
    int maxRetries = 3;
    // The first back-off; each later one doubles, then jitter picks 50-100 % of it (capped at
    // 30 s). conda's remote_backoff_factor.
    double retryBackoffSecs = 1.0;
    // conda's proxy_servers: "http", "https", "all", "scheme://host" or "all://host" keys ->
    // proxy URL; the most specific key wins. Without a match libcurl's *_proxy variables apply.
    std::map<std::string, std::string> proxies;
    bool sslVerify = true;
    std::string caBundle; // ssl_verify given as a path
    std::string userAgent = defaultUserAgent();
    bool offline = false; // only file:// allowed; others fail at once with a clear message
    // The session's memory of servers that did not answer (may be null): a request to one is
    // failed at once (Network, attempts 0) instead of waiting through the timeouts again; a
    // request that got no answer at all through its retries adds its server; any answer from
    // a server takes it out.
    std::shared_ptr<util::UnreachableServers> unreachable;
};

struct Progress {
    std::size_t requestIndex;
    std::uint64_t received; // bytes of the file so far (a resumed .part counts); may go back on
                            // a retry that starts over
    std::uint64_t total;    // 0 = unknown
};
using ProgressFn = std::function<void(const Progress&)>;
// Told, on the calling thread, as soon as one request has its final Response, so the caller can
// start on that file (extract it, say) while the others are still coming.
using FinishedFn = std::function<void(std::size_t requestIndex, const Response&)>;

// Runs all requests concurrently (curl multi, HTTP/2 multiplexing where offered) and returns one
// Response per request, in order. `progress` (may be empty) is called on the calling thread, at
// most once per 50 ms per request; the last value of a finished transfer is always delivered.
// Stopping `stop` cancels this call's transfers only (calls in other threads go on) and returns
// promptly; finished files stay, no partial final file is left.
// `finished` (may be empty) is called once per request, in the order they finish.
[[nodiscard]] std::vector<Response> downloadAll(const std::vector<Request>& requests,
                                                const Options& options, const ProgressFn& progress,
                                                std::stop_token stop,
                                                const FinishedFn& finished = {});

// "Downloaded", "NotModified", "Failed", "Cancelled".
[[nodiscard]] const char* toString(Response::Outcome outcome);

// The proxy for `url` from .condarc's proxy_servers, as requests' select_proxy (which conda
// uses) chooses: the most specific key wins ("https://host", "https", "all://host", "all").
[[nodiscard]] std::optional<std::string>
proxyFor(std::string_view url, const std::map<std::string, std::string>& proxies);

} // namespace envdesk::download
