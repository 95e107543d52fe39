#include "core/download/download.h"

#include "core/download/connection_settings.h"
#include "core/download/transfer_engine.h"
#include "core/specs/channel.h"
#include "core/util/hash.h"
#include "core/util/strings.h"

#include <curl/curl.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <exception>
#include <filesystem>
#include <mutex>
#include <random>
#include <thread>

#ifndef ENVDESK_VERSION
#define ENVDESK_VERSION "unknown"
#endif

namespace envdesk::download {

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using util::ErrorCode;

// The most often a caller hears about one request: a UI repaints at ~10 Hz anyway, and a fast
// local transfer would otherwise call back thousands of times a second.
constexpr auto kProgressInterval = std::chrono::milliseconds(50);
// The longest the engine sleeps between turns: bounds how late a read timeout or a due retry is
// noticed (a stop wakes it at once).
constexpr int kPollMs = 50;
constexpr double kMaxBackoffSecs = 30;

std::string lowerScheme(std::string_view url)
{
    const std::size_t sep = url.find("://");
    return sep == std::string_view::npos ? std::string() : util::toLower(url.substr(0, sep));
}

struct UrlView {
    std::string scheme;
    std::string userInfo;
    std::string host; // lower case, without port
    std::string path;
};

UrlView splitUrl(std::string_view url)
{
    UrlView out;
    const std::size_t sep = url.find("://");
    if (sep == std::string_view::npos) {
        out.path = std::string(url);
        return out;
    }
    out.scheme = util::toLower(url.substr(0, sep));
    std::string_view rest = url.substr(sep + 3);
    const std::size_t pathStart = std::min(rest.find('/'), rest.size());
    std::string_view authority = rest.substr(0, pathStart);
    out.path = std::string(rest.substr(pathStart));
    const std::size_t at = authority.rfind('@');
    if (at != std::string_view::npos) {
        out.userInfo = std::string(authority.substr(0, at));
        authority.remove_prefix(at + 1);
    }
    if (!authority.empty() && authority.front() == '[') {
        out.host = util::toLower(authority.substr(0, authority.find(']') + 1));
    } else {
        out.host = util::toLower(authority.substr(0, authority.find(':')));
    }
    return out;
}

// The literal secrets of a URL: maskSecrets() hides them where they appear inside URLs, but a
// library message may quote them on their own, so every message is also scrubbed of these.
void collectSecrets(std::string_view url, std::vector<std::pair<std::string, std::string>>& out)
{
    const UrlView parts = splitUrl(url);
    const std::size_t colon = parts.userInfo.find(':');
    if (colon != std::string::npos && colon + 1 < parts.userInfo.size()) {
        out.emplace_back(parts.userInfo.substr(colon + 1), "<PASSWORD>");
    }
    const std::size_t t = parts.path.find("/t/");
    if (t != std::string::npos) {
        const std::size_t start = t + 3;
        const std::size_t end = std::min(parts.path.find('/', start), parts.path.size());
        if (end > start) {
            out.emplace_back(parts.path.substr(start, end - start), "<TOKEN>");
        }
    }
}

std::string scrub(std::string_view text,
                  const std::vector<std::pair<std::string, std::string>>& secrets)
{
    std::string out = specs::maskSecrets(text);
    for (const auto& [secret, mask] : secrets) {
        // Very short secrets would also match ordinary words; inside URLs maskSecrets hid them.
        if (secret.size() < 3) {
            continue;
        }
        for (std::size_t pos = out.find(secret); pos != std::string::npos;
             pos = out.find(secret, pos + mask.size())) {
            out.replace(pos, secret.size(), mask);
        }
    }
    return out;
}

std::string formatSeconds(double secs)
{
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%g", secs);
    return buffer;
}

bool equalsIgnoreCase(std::string_view a, std::string_view b)
{
    return a.size() == b.size() && util::toLower(a) == util::toLower(b);
}

struct Context;

// One request through all its attempts. Callbacks from curl get a pointer to it.
struct Transfer {
    enum class State { Queued, Active, Waiting, Done };
    enum class Abort { None, Write, TooLarge, BadRange, Stopped };

    std::size_t index = 0;
    const Request* request = nullptr;
    Response* response = nullptr;
    Context* context = nullptr;
    std::string maskedUrl;
    std::vector<std::pair<std::string, std::string>> secrets;
    std::string partPath;
    bool isFileUrl = false;
    // The .condarc proxy this request goes through, if any (proxyFor).
    std::optional<std::string> proxy;
    // libcurl's code for the last failed attempt: a proxy that did not answer is told apart
    // from a server that did not.
    CURLcode lastCode = CURLE_OK;
    State state = State::Queued;
    Clock::time_point retryAt;
    int retriesUsed = 0;
    // A resumed .part the server would not continue (416, a wrong Content-Range): start over,
    // once, without spending a retry.
    bool forceFresh = false;
    bool freshRestartUsed = false;

    // The current attempt.
    CURL* easy = nullptr;
    curl_slist* headerList = nullptr;
    std::FILE* file = nullptr;
    std::uint64_t offset = 0;  // bytes of the .part kept from before this attempt
    std::uint64_t written = 0; // bytes in the .part now
    std::optional<util::Hasher> sha256;
    std::optional<util::Hasher> md5;
    bool bodyStarted = false;
    bool discardBody = false;
    std::string reason; // of the last status line ("Not Found")
    std::string contentRange;
    std::string retryAfter;
    bool contentEncoded = false;
    std::string etag, lastModified, cacheControl;

    // Forgets what the last response said: a new response (after a redirect, a 100, or a retry)
    // brings its own headers.
    void clearResponseHeaders()
    {
        reason.clear();
        contentRange.clear();
        retryAfter.clear();
        contentEncoded = false;
        etag.clear();
        lastModified.clear();
        cacheControl.clear();
    }
    std::uint64_t transferTotal = 0; // what curl expects of this attempt's body, 0 = unknown
    Clock::time_point lastActivity;
    bool readTimedOut = false;
    Abort abort = Abort::None;
    int writeErrno = 0;
    char errorBuffer[CURL_ERROR_SIZE] = {};

    // Progress.
    Clock::time_point lastReport{};
    std::uint64_t lastReported = UINT64_MAX;
    bool reportPending = false;

    [[nodiscard]] std::uint64_t total() const
    {
        if (request->expectedSize) {
            return *request->expectedSize;
        }
        // A transparently decoded body is larger than the Content-Length curl knows.
        if (contentEncoded || transferTotal == 0) {
            return 0;
        }
        return offset + transferTotal;
    }
};

struct Context {
    const Options* options = nullptr;
    const ProgressFn* progress = nullptr;
    std::stop_token stop;
};

void report(Transfer& t, bool force)
{
    const ProgressFn& progress = *t.context->progress;
    if (!progress || (t.written == t.lastReported && !force)) {
        return;
    }
    const auto now = Clock::now();
    if (now - t.lastReport < kProgressInterval) {
        // Too soon: the loop delivers the latest value once the interval has passed.
        t.reportPending = true;
        return;
    }
    t.lastReport = now;
    t.lastReported = t.written;
    t.reportPending = false;
    try {
        progress(Progress{t.index, t.written, t.total()});
    } catch (...) {
        // A throwing sink must not unwind through libcurl's C frames; progress is advisory.
    }
}

void resetHashers(Transfer& t)
{
    t.sha256.emplace(util::Hasher::Algorithm::Sha256);
    t.md5.reset();
    if (!t.request->expectedSha256 && t.request->expectedMd5) {
        t.md5.emplace(util::Hasher::Algorithm::Md5);
    }
}

bool openPart(Transfer& t)
{
    std::error_code ec;
    const fs::path parent = fs::path(t.partPath).parent_path();
    if (!parent.empty()) {
        fs::create_directories(parent, ec);
        if (ec) {
            t.writeErrno = ec.value();
            return false;
        }
    }
    t.file = std::fopen(t.partPath.c_str(), t.offset > 0 ? "ab" : "wb");
    if (t.file == nullptr) {
        t.writeErrno = errno;
        return false;
    }
    return true;
}

// Called on the first body byte, when the status and headers of the final response are known.
bool beginBody(Transfer& t)
{
    t.bodyStarted = true;
    long status = 0;
    curl_easy_getinfo(t.easy, CURLINFO_RESPONSE_CODE, &status);
    if (!t.isFileUrl && (status < 200 || status >= 300)) {
        // An error page or a 304: never written, so a .part or destination stays as it was.
        t.discardBody = true;
        return true;
    }
    if (t.offset > 0 && !t.isFileUrl) {
        if (status == 206) {
            // "bytes <first>-<last>/<size>": it must continue exactly where the .part ends.
            std::uint64_t first = UINT64_MAX;
            const std::size_t space = t.contentRange.find(' ');
            if (space != std::string::npos) {
                const char* begin = t.contentRange.data() + space + 1;
                std::from_chars(begin, t.contentRange.data() + t.contentRange.size(), first);
            }
            if (first != t.offset) {
                t.abort = Transfer::Abort::BadRange;
                return false;
            }
        } else {
            // The server ignored the Range header and sends the whole file: start over.
            t.offset = 0;
            t.written = 0;
            resetHashers(t);
        }
    }
    if (!openPart(t)) {
        t.abort = Transfer::Abort::Write;
        return false;
    }
    return true;
}

std::size_t writeBody(char* data, std::size_t size, std::size_t count, void* user)
{
    auto& t = *static_cast<Transfer*>(user);
    const std::size_t length = size * count;
    t.lastActivity = Clock::now();
    if (!t.bodyStarted && !beginBody(t)) {
        return 0; // aborts the transfer with CURLE_WRITE_ERROR; t.abort says why
    }
    if (t.discardBody) {
        return length;
    }
    if (t.request->expectedSize && t.written + length > *t.request->expectedSize) {
        t.abort = Transfer::Abort::TooLarge;
        return 0;
    }
    if (std::fwrite(data, 1, length, t.file) != length) {
        t.writeErrno = errno;
        t.abort = Transfer::Abort::Write;
        return 0;
    }
    t.sha256->update(data, length);
    if (t.md5) {
        t.md5->update(data, length);
    }
    t.written += length;
    return length;
}

std::size_t parseHeader(char* data, std::size_t size, std::size_t count, void* user)
{
    auto& t = *static_cast<Transfer*>(user);
    const std::size_t length = size * count;
    t.lastActivity = Clock::now();
    std::string_view line(data, length);
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) {
        line.remove_suffix(1);
    }
    if (util::startsWith(line, "HTTP/")) {
        // A new response (after a redirect or a 100): its headers replace the previous ones.
        t.clearResponseHeaders();
        const std::size_t first = line.find(' ');
        const std::size_t second =
            first == std::string_view::npos ? first : line.find(' ', first + 1);
        if (second != std::string_view::npos) {
            t.reason = std::string(util::trim(line.substr(second + 1)));
        }
        return length;
    }
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) {
        return length;
    }
    const std::string_view name = util::trim(line.substr(0, colon));
    const std::string value(util::trim(line.substr(colon + 1)));
    if (equalsIgnoreCase(name, "etag")) {
        t.etag = value;
    } else if (equalsIgnoreCase(name, "last-modified")) {
        t.lastModified = value;
    } else if (equalsIgnoreCase(name, "cache-control")) {
        t.cacheControl = value;
    } else if (equalsIgnoreCase(name, "content-range")) {
        t.contentRange = value;
    } else if (equalsIgnoreCase(name, "retry-after")) {
        t.retryAfter = value;
    } else if (equalsIgnoreCase(name, "content-encoding")) {
        t.contentEncoded = !value.empty() && !equalsIgnoreCase(value, "identity");
    }
    return length;
}

// No exception may unwind through libcurl's C frames; the only ones possible here are
// allocation failures, and they end the transfer as a write error.
std::size_t writeCallback(char* data, std::size_t size, std::size_t count, void* user)
{
    try {
        return writeBody(data, size, count, user);
    } catch (...) {
        static_cast<Transfer*>(user)->writeErrno = ENOMEM;
        static_cast<Transfer*>(user)->abort = Transfer::Abort::Write;
        return 0;
    }
}

std::size_t headerCallback(char* data, std::size_t size, std::size_t count, void* user)
{
    try {
        return parseHeader(data, size, count, user);
    } catch (...) {
        return 0;
    }
}

int xferinfoCallback(void* user, curl_off_t downloadTotal, curl_off_t /*downloaded*/,
                     curl_off_t /*uploadTotal*/, curl_off_t /*uploaded*/)
{
    auto& t = *static_cast<Transfer*>(user);
    if (t.context->stop.stop_requested()) {
        // Stops a transfer that is busy inside curl_multi_perform right away.
        t.abort = Transfer::Abort::Stopped;
        return 1;
    }
    if (downloadTotal > 0) {
        t.transferTotal = static_cast<std::uint64_t>(downloadTotal);
    }
    report(t, false);
    return 0;
}

bool isTransient(CURLcode code)
{
    switch (code) {
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_CONNECT:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_PARTIAL_FILE:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_AGAIN:
        return true;
    default:
        return false;
    }
}

bool isTransientStatus(long status)
{
    return status >= 500 || status == 408 || status == 429;
}

class Downloader : public TransferClient {
public:
    Downloader(const std::vector<Request>& requests, const Options& options,
               const ProgressFn& progress, std::stop_token stop, std::vector<Response>& responses,
               const FinishedFn& finished)
        : m_transfers(requests.size())
        , m_random(std::random_device{}())
        , m_finished(finished)
        , m_notified(requests.size(), false)
    {
        m_context.options = &options;
        m_context.progress = &progress;
        m_context.stop = std::move(stop);
        for (std::size_t i = 0; i < requests.size(); ++i) {
            Transfer& t = m_transfers[i];
            t.index = i;
            t.request = &requests[i];
            t.response = &responses[i];
            t.context = &m_context;
            collectSecrets(requests[i].url, t.secrets);
            for (const auto& [key, proxy] : options.proxies) {
                collectSecrets(proxy, t.secrets);
            }
            t.maskedUrl = scrub(requests[i].url, t.secrets);
            responses[i].effectiveUrl = t.maskedUrl;
            t.partPath = requests[i].destination + ".part";
            t.isFileUrl = lowerScheme(requests[i].url) == "file";
            t.proxy = proxyFor(requests[i].url, options.proxies);
        }
    }

    ~Downloader()
    {
        for (Transfer& t : m_transfers) {
            releaseAttempt(t);
        }
    }

    Downloader(const Downloader&) = delete;
    Downloader& operator=(const Downloader&) = delete;

    void run()
    {
        validate();
        notifyFinished();
        if (std::none_of(m_transfers.begin(), m_transfers.end(),
                         [](const Transfer& t) { return t.state != Transfer::State::Done; })) {
            return;
        }
        if (m_context.options->connections) {
            m_lease = m_context.options->connections->tryLease();
            m_engine = m_lease.engine;
        }
        if (m_engine == nullptr) {
            m_ownEngine.emplace();
            m_engine = &*m_ownEngine;
        }
        if (!m_engine->ready()) {
            for (Transfer& t : m_transfers) {
                if (t.state != Transfer::State::Done) {
                    fail(t, ErrorCode::Internal, "cannot initialise libcurl");
                }
            }
            return;
        }
        m_engine->allowMultiplexing();
        if (m_engine->run(*this, m_context.stop)) {
            // The last value of each finished transfer, once its interval has passed.
            flushReports(true);
        } else {
            cancelAll();
        }
        notifyFinished();
    }

    // Tells the caller of each request that has reached its final state since the last call.
    void notifyFinished()
    {
        if (!m_finished) {
            return;
        }
        for (Transfer& t : m_transfers) {
            if (t.state == Transfer::State::Done && !m_notified[t.index]) {
                m_notified[t.index] = true;
                m_finished(t.index, *t.response);
            }
        }
    }

    // Marks every unfinished request as failed: only used when something threw.
    void failUnfinished(const std::string& why)
    {
        for (Transfer& t : m_transfers) {
            if (t.state != Transfer::State::Done) {
                releaseAttempt(t);
                removePart(t);
                fail(t, ErrorCode::Internal, why);
            }
        }
    }

private:
    void validate()
    {
        const Options& options = *m_context.options;
        std::map<std::string, std::size_t> destinations;
        for (Transfer& t : m_transfers) {
            const std::string scheme = lowerScheme(t.request->url);
            if (scheme != "http" && scheme != "https" && scheme != "file") {
                fail(t, ErrorCode::Network,
                     "unsupported URL (only http://, https:// and file:// can be fetched)");
            } else if (options.offline && scheme != "file") {
                fail(t, ErrorCode::Network,
                     "offline mode is on: only file:// URLs can be fetched, this one was not "
                     "tried");
                setReason(t, util::ErrorReason::Offline);
            } else if (const auto down = options.unreachable
                                             ? options.unreachable->find(t.request->url)
                                             : std::nullopt) {
                fail(t, ErrorCode::Network,
                     "not tried: " + down->origin + " did not answer earlier in this session ("
                         + down->reason + ")");
                setReason(t, util::ErrorReason::DidNotAnswerEarlier, {down->origin});
            } else if (const auto proxyDown = options.unreachable && t.proxy
                                                  ? options.unreachable->find(*t.proxy)
                                                  : std::nullopt) {
                fail(t, ErrorCode::Network,
                     "not tried: the proxy " + proxyDown->origin
                         + " did not answer earlier in this session (" + proxyDown->reason + ")");
                setReason(t, util::ErrorReason::DidNotAnswerEarlier, {proxyDown->origin});
            } else if (t.request->destination.empty()) {
                fail(t, ErrorCode::IoError, "no destination path given");
            } else if (const auto [it, inserted] =
                           destinations.emplace(t.request->destination, t.index);
                       !inserted) {
                // Two transfers into one .part would corrupt each other.
                fail(t, ErrorCode::IoError,
                     "the destination " + t.request->destination + " is also that of request "
                         + std::to_string(it->second));
            }
        }
    }

    // TransferClient: what the engine asks between its turns of curl.
    void startDue(TransferEngine& /*engine*/) override
    {
        const auto now = Clock::now();
        const int maxParallel = std::max(1, m_context.options->maxParallel);
        int active = activeCount();
        for (Transfer& t : m_transfers) {
            const bool due = t.state == Transfer::State::Queued
                             || (t.state == Transfer::State::Waiting && t.retryAt <= now);
            if (due && active < maxParallel) {
                startAttempt(t);
                active += t.state == Transfer::State::Active ? 1 : 0;
            }
        }
    }

    [[nodiscard]] bool idle() const override
    {
        return std::all_of(m_transfers.begin(), m_transfers.end(),
                           [](const Transfer& t) { return t.state == Transfer::State::Done; });
    }

    void finished(CURL* easy, CURLcode code) override
    {
        Transfer* t = nullptr;
        curl_easy_getinfo(easy, CURLINFO_PRIVATE, &t);
        finishAttempt(*t, code);
    }

    void afterTurn() override
    {
        // The read timeout is enforced here rather than with CURLOPT_LOW_SPEED_TIME, which only
        // takes whole seconds.
        const Options& options = *m_context.options;
        const auto now = Clock::now();
        const auto readTimeout = std::chrono::duration<double>(options.readTimeoutSecs);
        for (Transfer& t : m_transfers) {
            if (t.state == Transfer::State::Active && options.readTimeoutSecs > 0
                && now - t.lastActivity > readTimeout) {
                t.readTimedOut = true;
                finishAttempt(t, CURLE_OPERATION_TIMEDOUT);
            }
        }
        flushReports(false);
        notifyFinished();
    }

    // With nothing running, only a due retry is waited for.
    [[nodiscard]] int maxWaitMs() const override
    {
        if (activeCount() > 0) {
            return kPollMs;
        }
        std::optional<Clock::time_point> nextRetry;
        for (const Transfer& t : m_transfers) {
            if (t.state == Transfer::State::Waiting && (!nextRetry || t.retryAt < *nextRetry)) {
                nextRetry = t.retryAt;
            }
        }
        if (!nextRetry) {
            return kPollMs;
        }
        const auto until =
            std::chrono::duration_cast<std::chrono::milliseconds>(*nextRetry - Clock::now());
        return static_cast<int>(std::clamp<long long>(until.count(), 0, kPollMs));
    }

    [[nodiscard]] int activeCount() const
    {
        return static_cast<int>(
            std::count_if(m_transfers.begin(), m_transfers.end(),
                          [](const Transfer& t) { return t.state == Transfer::State::Active; }));
    }

    void flushReports(bool wait)
    {
        for (Transfer& t : m_transfers) {
            if (!t.reportPending) {
                continue;
            }
            if (wait) {
                std::this_thread::sleep_until(t.lastReport + kProgressInterval);
            }
            report(t, true);
        }
    }

    void startAttempt(Transfer& t)
    {
        const Options& options = *m_context.options;
        const Request& request = *t.request;
        t.abort = Transfer::Abort::None;
        t.readTimedOut = false;
        t.bodyStarted = false;
        t.discardBody = false;
        t.transferTotal = 0;
        t.clearResponseHeaders();
        t.errorBuffer[0] = '\0';
        t.writeErrno = 0;
        resetHashers(t);
        t.offset = 0;
        if (request.resume && !t.forceFresh) {
            t.offset = hashExistingPart(t);
        }
        t.written = t.offset;

        t.easy = curl_easy_init();
        if (t.easy == nullptr) {
            fail(t, ErrorCode::Internal, "cannot create a libcurl handle");
            return;
        }
        CURL* easy = t.easy;
        applyConnectionSettings(
            easy, request.url,
            {options.proxies, options.sslVerify, options.caBundle, options.userAgent,
             static_cast<long>(std::max(1.0, options.connectTimeoutSecs * 1000))});
        curl_easy_setopt(easy, CURLOPT_PRIVATE, &t);
        curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, t.errorBuffer);
        curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, writeCallback);
        if (t.isFileUrl) {
            // A local file is read in large blocks: curl's 16 KiB default costs a read, a hash
            // update and a write call per block, which dominates copying a big package.
            curl_easy_setopt(easy, CURLOPT_BUFFERSIZE, 512L * 1024);
        }
        curl_easy_setopt(easy, CURLOPT_WRITEDATA, &t);
        curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, headerCallback);
        curl_easy_setopt(easy, CURLOPT_HEADERDATA, &t);
        curl_easy_setopt(easy, CURLOPT_XFERINFOFUNCTION, xferinfoCallback);
        curl_easy_setopt(easy, CURLOPT_XFERINFODATA, &t);
        curl_easy_setopt(easy, CURLOPT_NOPROGRESS, 0L);
        curl_easy_setopt(easy, CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_2TLS);
        // Wait for a connection that can multiplex rather than open a new one per transfer.
        curl_easy_setopt(easy, CURLOPT_PIPEWAIT, 1L);
        curl_easy_setopt(easy, CURLOPT_TCP_KEEPALIVE, 1L);
        // Only JSON is decoded on the fly; archives and .zst/.bz2 repodata are the caller's to
        // decode and must arrive byte for byte as their checksums describe them.
        if (util::endsWith(util::toLower(splitUrl(request.url).path), ".json")) {
            curl_easy_setopt(easy, CURLOPT_ACCEPT_ENCODING, "");
        } else {
            curl_easy_setopt(easy, CURLOPT_HTTP_CONTENT_DECODING, 0L);
        }
        for (const auto& [name, value] : request.headers) {
            t.headerList = curl_slist_append(t.headerList, (name + ": " + value).c_str());
        }
        if (t.headerList != nullptr) {
            curl_easy_setopt(easy, CURLOPT_HTTPHEADER, t.headerList);
        }
        if (t.offset > 0) {
            const std::string range = std::to_string(t.offset) + "-";
            curl_easy_setopt(easy, CURLOPT_RANGE, range.c_str()); // curl copies the string
        }
        if (!m_engine->add(easy)) {
            releaseAttempt(t);
            fail(t, ErrorCode::Internal, "cannot start the transfer");
            return;
        }
        t.state = Transfer::State::Active;
        t.lastActivity = Clock::now();
        ++t.response->attempts;
    }

    // Feeds the bytes of an existing .part to the hashers; returns how many there are (0 when
    // there is nothing usable to resume).
    std::uint64_t hashExistingPart(Transfer& t)
    {
        std::error_code ec;
        const auto size = fs::file_size(t.partPath, ec);
        if (ec || size == 0) {
            return 0;
        }
        if (t.request->expectedSize && size > *t.request->expectedSize) {
            return 0; // not a prefix of this file
        }
        std::FILE* in = std::fopen(t.partPath.c_str(), "rb");
        if (in == nullptr) {
            return 0;
        }
        std::vector<char> buffer(1 << 16);
        std::uint64_t total = 0;
        std::size_t n = 0;
        while ((n = std::fread(buffer.data(), 1, buffer.size(), in)) > 0) {
            t.sha256->update(buffer.data(), n);
            if (t.md5) {
                t.md5->update(buffer.data(), n);
            }
            total += n;
        }
        const bool failed = std::ferror(in) != 0;
        std::fclose(in);
        if (failed || total != size) {
            resetHashers(t);
            return 0;
        }
        return total;
    }

    // Detaches the current attempt from curl and closes the .part; false when closing it
    // reported a write error (a full disk often shows only at the final flush).
    bool releaseAttempt(Transfer& t)
    {
        if (t.easy != nullptr) {
            if (m_engine) {
                m_engine->remove(t.easy);
            }
            curl_easy_cleanup(t.easy);
            t.easy = nullptr;
        }
        if (t.headerList != nullptr) {
            curl_slist_free_all(t.headerList);
            t.headerList = nullptr;
        }
        bool ok = true;
        if (t.file != nullptr) {
            if (std::fclose(t.file) != 0) {
                t.writeErrno = errno;
                ok = false;
            }
            t.file = nullptr;
        }
        return ok;
    }

    void removePart(const Transfer& t)
    {
        std::error_code ec;
        fs::remove(t.partPath, ec);
    }

    void fail(Transfer& t, ErrorCode code, const std::string& detail)
    {
        t.state = Transfer::State::Done;
        t.response->outcome = Response::Outcome::Failed;
        t.response->error = util::Error{code, scrub(detail, t.secrets), t.maskedUrl};
    }

    // What the failure (final or before a retry) was, for the user's words (util::ErrorReason).
    static void setReason(Transfer& t, util::ErrorReason reason,
                          std::vector<std::string> values = {})
    {
        if (t.response->error) {
            t.response->error->reason = reason;
            t.response->error->values = std::move(values);
        }
    }

    static util::ErrorReason reasonOf(CURLcode code)
    {
        switch (code) {
        case CURLE_COULDNT_RESOLVE_HOST:
        case CURLE_COULDNT_RESOLVE_PROXY:
            return util::ErrorReason::HostNotFound;
        case CURLE_COULDNT_CONNECT:
            return util::ErrorReason::ConnectionFailed;
        case CURLE_OPERATION_TIMEDOUT:
            return util::ErrorReason::TimedOut;
        case CURLE_PEER_FAILED_VERIFICATION:
        case CURLE_SSL_CACERT_BADFILE:
        case CURLE_SSL_CERTPROBLEM:
        case CURLE_SSL_ISSUER_ERROR:
            return util::ErrorReason::TlsVerification;
        default:
            return util::ErrorReason::Unspecified;
        }
    }

    void cancelAll()
    {
        for (Transfer& t : m_transfers) {
            if (t.state == Transfer::State::Done) {
                continue;
            }
            releaseAttempt(t);
            // A resumable .part is worth keeping for the next call; any other is garbage.
            if (!t.request->resume) {
                removePart(t);
            }
            t.state = Transfer::State::Done;
            t.response->outcome = Response::Outcome::Cancelled;
            t.response->error = util::Error{ErrorCode::Cancelled, "cancelled", t.maskedUrl};
            t.reportPending = false;
        }
    }

    std::string writeErrorText(const Transfer& t) const
    {
        return "cannot write " + t.partPath + ": " + std::strerror(t.writeErrno);
    }

    void finishAttempt(Transfer& t, CURLcode code)
    {
        long status = 0;
        curl_easy_getinfo(t.easy, CURLINFO_RESPONSE_CODE, &status);
        const char* effective = nullptr;
        curl_easy_getinfo(t.easy, CURLINFO_EFFECTIVE_URL, &effective);
        Response& response = *t.response;
        response.httpStatus = t.isFileUrl ? 0 : status;
        response.effectiveUrl = scrub(effective != nullptr ? effective : t.request->url, t.secrets);
        response.etag = t.etag;
        response.lastModified = t.lastModified;
        response.cacheControl = t.cacheControl;
        std::string curlText = t.errorBuffer[0] != '\0' ? std::string(t.errorBuffer)
                                                        : std::string(curl_easy_strerror(code));
        const bool closed = releaseAttempt(t);

        if (t.abort == Transfer::Abort::Stopped || m_context.stop.stop_requested()) {
            // cancelAll() at the top of the loop reports it, for every transfer alike.
            t.state = Transfer::State::Queued;
            return;
        }
        if (t.abort == Transfer::Abort::Write || !closed) {
            removePart(t);
            fail(t, ErrorCode::IoError, writeErrorText(t));
            return;
        }
        if (t.abort == Transfer::Abort::TooLarge) {
            removePart(t);
            fail(t, ErrorCode::ChecksumMismatch,
                 "the server sent more than the expected "
                     + std::to_string(*t.request->expectedSize) + " bytes");
            return;
        }
        const bool rangeRefused =
            t.offset > 0
            && (t.abort == Transfer::Abort::BadRange || code == CURLE_RANGE_ERROR
                || code == CURLE_BAD_DOWNLOAD_RESUME || (code == CURLE_OK && status == 416));
        if (rangeRefused && !t.freshRestartUsed) {
            // The .part cannot be continued: start over from byte 0, without a back-off.
            t.forceFresh = true;
            t.freshRestartUsed = true;
            t.state = Transfer::State::Queued;
            return;
        }
        t.lastCode = code; // this attempt's, whatever an earlier one said
        if (t.abort == Transfer::Abort::BadRange) {
            fail(t, ErrorCode::Network,
                 "the server sent another range than the one asked for (Content-Range: "
                     + t.contentRange + ")");
            cleanupAfterFailure(t);
            return;
        }

        if (t.readTimedOut) {
            retryOrFail(t, ErrorCode::Network,
                        "no data received for " + formatSeconds(m_context.options->readTimeoutSecs)
                            + " s (read timeout)");
            setReason(t, util::ErrorReason::TimedOut);
            cleanupAfterFailure(t);
            return;
        }
        if (code != CURLE_OK) {
            if (t.isFileUrl && code == CURLE_FILE_COULDNT_READ_FILE) {
                fail(t, ErrorCode::NotFound, curlText);
            } else if (code == CURLE_PARTIAL_FILE) {
                retryOrFail(t, ErrorCode::Network, "truncated response: " + curlText);
            } else if (isTransient(code)) {
                retryOrFail(t, ErrorCode::Network, curlText);
            } else {
                fail(t, ErrorCode::Network, curlText);
            }
            setReason(t, reasonOf(code));
            cleanupAfterFailure(t);
            return;
        }
        if (!t.isFileUrl) {
            if (m_context.options->unreachable && !isTransientStatus(status)) {
                m_context.options->unreachable->forget(t.request->url); // it answered
                if (t.proxy) {
                    m_context.options->unreachable->forget(*t.proxy); // and through the proxy
                }
            }
            if (status == 304) {
                // The caller's copy is current; the destination was not touched.
                t.state = Transfer::State::Done;
                response.outcome = Response::Outcome::NotModified;
                response.error.reset();
                cleanupAfterFailure(t);
                return;
            }
            if (status < 200 || status >= 300) {
                std::string text = "HTTP " + std::to_string(status);
                if (!t.reason.empty()) {
                    text += " " + t.reason;
                }
                if (isTransientStatus(status)) {
                    retryOrFail(t, ErrorCode::Network, text);
                } else {
                    fail(t,
                         status == 404 || status == 410 ? ErrorCode::NotFound : ErrorCode::Network,
                         text);
                }
                setReason(t, util::ErrorReason::HttpStatus, {std::to_string(status)});
                cleanupAfterFailure(t);
                return;
            }
        }
        complete(t, status);
    }

    // After a final failure: a resumable .part stays for a later call unless its content is known
    // to be wrong; any other .part is removed.
    void cleanupAfterFailure(Transfer& t)
    {
        if (t.state == Transfer::State::Done && !t.request->resume) {
            removePart(t);
        }
    }

    void retryOrFail(Transfer& t, ErrorCode code, const std::string& why)
    {
        const Options& options = *m_context.options;
        if (t.retriesUsed < options.maxRetries) {
            ++t.retriesUsed;
            t.state = Transfer::State::Waiting;
            double delay = std::min(kMaxBackoffSecs,
                                    options.retryBackoffSecs * std::pow(2.0, t.retriesUsed - 1));
            // Jitter, so that many clients failing together do not come back together.
            delay *= std::uniform_real_distribution<double>(0.5, 1.0)(m_random);
            // A server that says when to come back (429, 503) is believed, within reason.
            unsigned retryAfter = 0;
            const auto [ptr, ec] = std::from_chars(
                t.retryAfter.data(), t.retryAfter.data() + t.retryAfter.size(), retryAfter);
            if (ec == std::errc() && ptr != t.retryAfter.data()) {
                delay = std::max(delay, std::min<double>(retryAfter, kMaxBackoffSecs));
            }
            t.retryAt = Clock::now()
                        + std::chrono::duration_cast<Clock::duration>(
                            std::chrono::duration<double>(std::max(0.0, delay)));
            t.response->error = util::Error{code, scrub(why, t.secrets), t.maskedUrl};
            return;
        }
        const int attempts = t.response->attempts;
        fail(t, code,
             attempts > 1 ? why + " (after " + std::to_string(attempts) + " attempts)" : why);
        // Only a server that never answered (no connection, no name, no status line) is
        // remembered: one that answered 503 or 429, or stalled mid-body, is there, and its other
        // files may well come.
        if (code == ErrorCode::Network && !t.isFileUrl && options.unreachable
            && t.response->httpStatus == 0) {
            // Through a proxy, a connection that was never made is the proxy's: every server
            // behind it would fail the same way, so it is the proxy that is remembered (and
            // named), not each server in turn.
            if (proxyFailed(t)) {
                options.unreachable->remember(*t.proxy, t.response->error->detail);
            } else {
                options.unreachable->remember(t.request->url, t.response->error->detail);
            }
        }
    }

    // The proxy's own failure: its name did not resolve, or the connection libcurl could not
    // make was to the proxy (its message names the host and port; a host that no_proxy sends
    // around the proxy is named instead). A proxy whose origin cannot be kept (socks://, no
    // scheme) is not told apart.
    static bool proxyFailed(const Transfer& t)
    {
        if (!t.proxy || !t.response->error) {
            return false;
        }
        const std::string origin = util::UnreachableServers::originOf(*t.proxy);
        const auto hostStart = origin.find("://");
        if (origin.empty() || hostStart == std::string::npos) {
            return false;
        }
        if (t.lastCode == CURLE_COULDNT_RESOLVE_PROXY) {
            return true;
        }
        if (t.lastCode != CURLE_COULDNT_CONNECT) {
            return false;
        }
        std::string host = origin.substr(hostStart + 3);
        std::string port = origin.rfind("https", 0) == 0 ? "443" : "80";
        if (const auto colon = host.rfind(':');
            colon != std::string::npos && host.find(']', colon) == std::string::npos) {
            port = host.substr(colon + 1);
            host.resize(colon);
        }
        if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
            host = host.substr(1, host.size() - 2);
        }
        const std::string& detail = t.response->error->detail;
        return detail.find(host + " port " + port) != std::string::npos;
    }

    void complete(Transfer& t, long status)
    {
        const Request& request = *t.request;
        if (!t.bodyStarted) {
            // No body at all: an empty file, or a resumed .part that was already whole.
            if (t.offset == 0 || status == 200) {
                t.offset = 0;
                t.written = 0;
                resetHashers(t);
                if (!openPart(t)) {
                    fail(t, ErrorCode::IoError, writeErrorText(t));
                    return;
                }
                if (!releaseAttempt(t)) {
                    removePart(t);
                    fail(t, ErrorCode::IoError, writeErrorText(t));
                    return;
                }
            }
        }
        if (request.expectedSize && t.written != *request.expectedSize) {
            removePart(t);
            fail(t, ErrorCode::ChecksumMismatch,
                 "size mismatch: expected " + std::to_string(*request.expectedSize) + " bytes, got "
                     + std::to_string(t.written));
            return;
        }
        const std::string sha256 = t.sha256->hexDigest();
        std::optional<std::string> mismatch;
        if (request.expectedSha256 && util::toLower(*request.expectedSha256) != sha256) {
            mismatch = "checksum mismatch: expected sha256 "
                       + util::toLower(*request.expectedSha256) + ", got " + sha256;
        } else if (!request.expectedSha256 && request.expectedMd5) {
            const std::string md5 = t.md5->hexDigest();
            if (util::toLower(*request.expectedMd5) != md5) {
                mismatch = "checksum mismatch: expected md5 " + util::toLower(*request.expectedMd5)
                           + ", got " + md5;
            }
        }
        if (mismatch) {
            // Deleted even when resuming: continuing a wrong prefix can never succeed.
            removePart(t);
            fail(t, ErrorCode::ChecksumMismatch, *mismatch);
            return;
        }
        std::error_code ec;
        fs::rename(t.partPath, request.destination, ec);
        if (ec) {
            removePart(t);
            fail(t, ErrorCode::IoError,
                 "cannot rename " + t.partPath + " to " + request.destination + ": "
                     + ec.message());
            return;
        }
        t.state = Transfer::State::Done;
        Response& response = *t.response;
        response.outcome = Response::Outcome::Downloaded;
        response.error.reset();
        response.bytes = t.written;
        response.sha256 = sha256;
        report(t, true);
    }

    Context m_context;
    std::vector<Transfer> m_transfers;
    // Set up by run(), once there is work for curl: the pool's engine when Options::connections
    // is free, else one of this call's own. The lease is let go only after the destructor has
    // taken every transfer out of the engine.
    ConnectionPool::Lease m_lease;
    std::optional<TransferEngine> m_ownEngine;
    TransferEngine* m_engine = nullptr;
    std::mt19937 m_random;
    const FinishedFn& m_finished;
    std::vector<bool> m_notified;
};

} // namespace

ConnectionPool::ConnectionPool()
    : m_engine(std::make_unique<TransferEngine>())
{
}

ConnectionPool::~ConnectionPool() = default;

ConnectionPool::Lease ConnectionPool::tryLease()
{
    Lease lease;
    lease.lock = std::unique_lock(m_mutex, std::try_to_lock);
    if (lease.lock.owns_lock()) {
        lease.engine = m_engine.get();
    }
    return lease;
}

std::string defaultUserAgent()
{
    return std::string("envdesk/") + ENVDESK_VERSION;
}

const char* toString(Response::Outcome outcome)
{
    switch (outcome) {
    case Response::Outcome::Downloaded:
        return "Downloaded";
    case Response::Outcome::NotModified:
        return "NotModified";
    case Response::Outcome::Failed:
        return "Failed";
    case Response::Outcome::Cancelled:
        return "Cancelled";
    }
    return "Failed";
}

std::vector<Response> downloadAll(const std::vector<Request>& requests, const Options& options,
                                  const ProgressFn& progress, std::stop_token stop,
                                  const FinishedFn& finished)
{
    std::vector<Response> responses(requests.size());
    if (requests.empty()) {
        return responses;
    }
    try {
        Downloader downloader(requests, options, progress, std::move(stop), responses, finished);
        try {
            downloader.run();
        } catch (const std::exception& e) {
            downloader.failUnfinished(std::string("internal error: ") + e.what());
        }
    } catch (const std::exception& e) {
        // Only allocation failures get here; nothing was started.
        for (Response& response : responses) {
            response.outcome = Response::Outcome::Failed;
            response.error = util::Error{ErrorCode::Internal, e.what(), {}};
        }
    }
    return responses;
}

std::optional<std::string> proxyFor(std::string_view url,
                                    const std::map<std::string, std::string>& proxies)
{
    if (proxies.empty()) {
        return std::nullopt;
    }
    const UrlView parts = splitUrl(url);
    for (const std::string& key : {parts.scheme + "://" + parts.host, parts.scheme,
                                   "all://" + parts.host, std::string("all")}) {
        const auto it = proxies.find(key);
        if (it != proxies.end() && !it->second.empty()) {
            return it->second;
        }
    }
    return std::nullopt;
}

} // namespace envdesk::download
