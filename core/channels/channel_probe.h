#pragma once

#include "core/specs/channel.h"

#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

// How fast and whether channel servers answer: one small request per URL, all at once, timed to
// the first byte of the answer, so a user can see which mirror is quickest from where they are
// and which channels a mirror lacks. libcurl stays inside the .cpp, where the probes run on the
// downloads' transfer engine (core/download/transfer_engine.h) with their connection settings.
namespace envdesk::channels {

struct ProbeOptions {
    // The longest one probe may take, connecting included; then it is TimedOut.
    double timeoutSecs = 10;
    double connectTimeoutSecs = 9.15; // conda's remote_connect_timeout_secs
    int maxParallel = 16;
    // conda's proxy_servers ("http", "https", "all", "scheme://host", "all://host" -> proxy
    // URL; the most specific key wins). Without a match libcurl's *_proxy variables apply.
    std::map<std::string, std::string> proxies;
    bool sslVerify = true;
    std::string caBundle;  // ssl_verify given as a path
    std::string userAgent; // empty: download::defaultUserAgent()
    bool offline = false;  // only file:// URLs are probed; others fail at once
    // HEAD instead of a GET for one byte (Range: bytes=0-0, cut off after the first byte).
    bool head = false;

    bool operator==(const ProbeOptions&) const = default;
};

struct ProbeResult {
    enum class Status {
        Available, // a 2xx (or 304) answer: the file is there
        NotFound,  // 404 or 410: the server answers but does not have this channel
        HttpError, // any other status (500, 403, ...)
        TimedOut,  // no answer within ProbeOptions::timeoutSecs (or no connection in time)
        Failed,    // no answer at all: name lookup, refused connection, TLS, proxy, offline
        Cancelled, // the stop token was triggered before the probe finished
    };
    Status status = Status::Failed;
    long httpStatus = 0; // of the last answer after redirects; 0 without one (and for file://)
    // From sending the request to the first byte of the answer, connecting and redirects
    // included; set whenever an answer came (a 404 or a 500 too).
    std::optional<double> firstByteMs;
    std::string url;    // after redirects, secrets masked
    std::string detail; // why, for everything but Available ("HTTP 404", "connection refused")

    bool operator==(const ProbeResult&) const = default;
};

// "Available", "NotFound", "HttpError", "TimedOut", "Failed", "Cancelled".
[[nodiscard]] const char* toString(ProbeResult::Status status);

// What to ask a channel for: its noarch/repodata.json at the first place it is fetched from
// (a mirror when one is configured). Every channel has a noarch subdir, and conda reports a
// channel without one as unavailable, so the answer tells whether the channel is there.
[[nodiscard]] std::string probeUrlFor(const specs::Channel& channel);

using ProbeFinishedFn = std::function<void(std::size_t index, const ProbeResult& result)>;

// Probes every URL (http://, https://, file://) concurrently, each on a fresh connection so
// that one mirror's many channels do not look faster than a mirror probed once. Returns one
// result per URL, in order. `finished` (may be empty) is called on the calling thread as each
// result is final. Stopping `stop` ends the call promptly; unfinished probes are Cancelled.
// There are no retries: a probe reports what happened the first time.
[[nodiscard]] std::vector<ProbeResult> probeUrls(const std::vector<std::string>& urls,
                                                 const ProbeOptions& options, std::stop_token stop,
                                                 const ProbeFinishedFn& finished = {});

} // namespace envdesk::channels
