#include "core/channels/channel_probe.h"

#include "core/download/connection_settings.h"
#include "core/download/download.h"
#include "core/download/transfer_engine.h"
#include "core/util/strings.h"

#include <curl/curl.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <optional>

namespace envdesk::channels {

namespace {

using Clock = std::chrono::steady_clock;

// The longest the engine sleeps between turns; a stop wakes it at once.
constexpr int kPollMs = 100;

std::string formatSeconds(double secs)
{
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%g", secs);
    return buffer;
}

struct Probe {
    std::size_t index = 0;
    std::string url;
    bool isFile = false;
    CURL* easy = nullptr;
    bool done = false;
    // The answer's head (or, for file://, its first byte) arrived; the transfer was cut off
    // there on purpose.
    bool answered = false;
    bool sawLocation = false; // the current response has a Location header (a redirect)
    Clock::time_point started;
    Clock::time_point answeredAt;
    const std::stop_token* stop = nullptr;
    char errorBuffer[CURL_ERROR_SIZE] = {};
};

bool startsWithNoCase(std::string_view text, std::string_view prefix)
{
    return text.size() >= prefix.size() && util::toLower(text.substr(0, prefix.size())) == prefix;
}

// Headers of each response in turn. The blank line that ends the head of the final response
// (not a 1xx, not a redirect curl is about to follow) is all a probe needs: returning a short
// count there cuts the transfer off before any body is read.
std::size_t onHeader(char* data, std::size_t size, std::size_t count, void* user)
{
    auto& probe = *static_cast<Probe*>(user);
    const std::size_t length = size * count;
    const std::string_view line(data, length);
    if (startsWithNoCase(line, "http/")) {
        probe.sawLocation = false;
        return length;
    }
    if (startsWithNoCase(line, "location:")) {
        probe.sawLocation = true;
        return length;
    }
    if (line != "\r\n" && line != "\n") {
        return length;
    }
    long status = 0;
    curl_easy_getinfo(probe.easy, CURLINFO_RESPONSE_CODE, &status);
    if (status < 200 || (status < 400 && status >= 300 && probe.sawLocation)) {
        return length;
    }
    if (probe.isFile) {
        return length; // curl describes a local file with headers of its own
    }
    probe.answered = true;
    probe.answeredAt = Clock::now();
    return 0;
}

std::size_t onBody(char* /*data*/, std::size_t size, std::size_t count, void* user)
{
    auto& probe = *static_cast<Probe*>(user);
    if (size * count == 0) {
        return 0;
    }
    probe.answered = true;
    probe.answeredAt = Clock::now();
    return 0; // the first byte is enough
}

int onProgress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t)
{
    const auto& probe = *static_cast<Probe*>(user);
    return probe.stop->stop_requested() ? 1 : 0;
}

class Prober : public download::TransferClient {
public:
    Prober(const std::vector<std::string>& urls, const ProbeOptions& options, std::stop_token stop,
           const ProbeFinishedFn& finished)
        : m_options(options)
        , m_stop(std::move(stop))
        , m_finished(finished)
        , m_probes(urls.size())
        , m_results(urls.size())
    {
        m_userAgent = options.userAgent.empty() ? download::defaultUserAgent() : options.userAgent;
        for (std::size_t i = 0; i < urls.size(); ++i) {
            Probe& probe = m_probes[i];
            probe.index = i;
            probe.url = urls[i];
            probe.isFile = util::startsWith(util::toLower(urls[i]), "file://");
            probe.stop = &m_stop;
            m_results[i].url = specs::maskSecrets(urls[i]);
        }
    }

    ~Prober()
    {
        for (Probe& probe : m_probes) {
            release(probe);
        }
    }

    Prober(const Prober&) = delete;
    Prober& operator=(const Prober&) = delete;

    std::vector<ProbeResult> run()
    {
        if (m_options.offline) {
            for (Probe& probe : m_probes) {
                if (!probe.isFile) {
                    finish(probe, ProbeResult::Status::Failed,
                           "offline: only file:// channels can be tested");
                }
            }
        }
        m_engine.emplace();
        if (!m_engine->ready()) {
            for (Probe& probe : m_probes) {
                if (!probe.done) {
                    finish(probe, ProbeResult::Status::Failed, "cannot initialise libcurl");
                }
            }
            return std::move(m_results);
        }
        [[maybe_unused]] const bool allDone = m_engine->run(*this, m_stop);
        for (Probe& probe : m_probes) {
            if (!probe.done) {
                release(probe);
                finish(probe, ProbeResult::Status::Cancelled, "cancelled");
            }
        }
        return std::move(m_results);
    }

private:
    // download::TransferClient: up to maxParallel probes at once, in order.
    void startDue(download::TransferEngine& /*engine*/) override
    {
        const auto parallel = static_cast<std::size_t>(std::max(1, m_options.maxParallel));
        while (m_active < parallel && m_next < m_probes.size()) {
            Probe& probe = m_probes[m_next++];
            if (!probe.done && start(probe)) {
                ++m_active;
            }
        }
    }

    [[nodiscard]] bool idle() const override { return m_active == 0 && m_next >= m_probes.size(); }

    void finished(CURL* easy, CURLcode code) override
    {
        Probe* probe = nullptr;
        curl_easy_getinfo(easy, CURLINFO_PRIVATE, &probe);
        complete(*probe, code);
        --m_active;
    }

    [[nodiscard]] int maxWaitMs() const override { return kPollMs; }

    bool start(Probe& probe)
    {
        probe.easy = curl_easy_init();
        if (probe.easy == nullptr) {
            finish(probe, ProbeResult::Status::Failed, "cannot create a libcurl handle");
            return false;
        }
        CURL* easy = probe.easy;
        const auto timeoutMs = static_cast<long>(std::max(1.0, m_options.timeoutSecs * 1000));
        const auto connectMs = std::min(
            timeoutMs, static_cast<long>(std::max(1.0, m_options.connectTimeoutSecs * 1000)));
        download::applyConnectionSettings(
            easy, probe.url,
            {m_options.proxies, m_options.sslVerify, m_options.caBundle, m_userAgent, connectMs});
        curl_easy_setopt(easy, CURLOPT_PRIVATE, &probe);
        curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, probe.errorBuffer);
        curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, onHeader);
        curl_easy_setopt(easy, CURLOPT_HEADERDATA, &probe);
        curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, onBody);
        curl_easy_setopt(easy, CURLOPT_WRITEDATA, &probe);
        curl_easy_setopt(easy, CURLOPT_XFERINFOFUNCTION, onProgress);
        curl_easy_setopt(easy, CURLOPT_XFERINFODATA, &probe);
        curl_easy_setopt(easy, CURLOPT_NOPROGRESS, 0L);
        curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, timeoutMs);
        // Each probe pays for its own connection (name lookup, TCP, TLS), as a first fetch does.
        curl_easy_setopt(easy, CURLOPT_FRESH_CONNECT, 1L);
        curl_easy_setopt(easy, CURLOPT_FORBID_REUSE, 1L);
        // A proxy's answer to CONNECT is not the server's.
        curl_easy_setopt(easy, CURLOPT_SUPPRESS_CONNECT_HEADERS, 1L);
        if (m_options.head) {
            curl_easy_setopt(easy, CURLOPT_NOBODY, 1L);
        } else if (!probe.isFile) {
            curl_easy_setopt(easy, CURLOPT_RANGE, "0-0");
        }
        if (!m_engine->add(easy)) {
            release(probe);
            finish(probe, ProbeResult::Status::Failed, "cannot start the request");
            return false;
        }
        probe.started = Clock::now();
        return true;
    }

    void complete(Probe& probe, CURLcode code)
    {
        ProbeResult& result = m_results[probe.index];
        char* effective = nullptr;
        if (curl_easy_getinfo(probe.easy, CURLINFO_EFFECTIVE_URL, &effective) == CURLE_OK
            && effective != nullptr) {
            result.url = specs::maskSecrets(effective);
        }
        long status = 0;
        curl_easy_getinfo(probe.easy, CURLINFO_RESPONSE_CODE, &status);
        curl_off_t firstByteUs = 0;
        curl_easy_getinfo(probe.easy, CURLINFO_STARTTRANSFER_TIME_T, &firstByteUs);
        curl_off_t connectedUs = 0;
        curl_easy_getinfo(probe.easy, CURLINFO_CONNECT_TIME_T, &connectedUs);
        const std::string why = probe.errorBuffer[0] != '\0' ? std::string(probe.errorBuffer)
                                                             : curl_easy_strerror(code);
        release(probe);

        const bool answered = code == CURLE_OK || (code == CURLE_WRITE_ERROR && probe.answered);
        if (code == CURLE_ABORTED_BY_CALLBACK && m_stop.stop_requested()) {
            finish(probe, ProbeResult::Status::Cancelled, "cancelled");
            return;
        }
        if (!answered) {
            if (code == CURLE_OPERATION_TIMEDOUT) {
                const double limit =
                    connectedUs == 0 ? std::min(m_options.connectTimeoutSecs, m_options.timeoutSecs)
                                     : m_options.timeoutSecs;
                finish(probe, ProbeResult::Status::TimedOut,
                       (connectedUs == 0 ? "no connection within " : "no answer within ")
                           + formatSeconds(limit) + " s");
            } else if (probe.isFile && code == CURLE_FILE_COULDNT_READ_FILE) {
                finish(probe, ProbeResult::Status::NotFound, "no such file");
            } else {
                finish(probe, ProbeResult::Status::Failed, specs::maskSecrets(why));
            }
            return;
        }
        if (firstByteUs > 0) {
            result.firstByteMs = static_cast<double>(firstByteUs) / 1000.0;
        } else {
            const auto end = probe.answered ? probe.answeredAt : Clock::now();
            result.firstByteMs =
                std::chrono::duration<double, std::milli>(end - probe.started).count();
        }
        result.httpStatus = probe.isFile ? 0 : status;
        if (probe.isFile || (status >= 200 && status < 300) || status == 304) {
            finish(probe, ProbeResult::Status::Available, {});
        } else if (status == 404 || status == 410) {
            finish(probe, ProbeResult::Status::NotFound, "HTTP " + std::to_string(status));
        } else {
            finish(probe, ProbeResult::Status::HttpError, "HTTP " + std::to_string(status));
        }
    }

    void release(Probe& probe)
    {
        if (probe.easy != nullptr) {
            if (m_engine) {
                m_engine->remove(probe.easy);
            }
            curl_easy_cleanup(probe.easy);
            probe.easy = nullptr;
        }
    }

    void finish(Probe& probe, ProbeResult::Status status, std::string detail)
    {
        ProbeResult& result = m_results[probe.index];
        result.status = status;
        result.detail = std::move(detail);
        probe.done = true;
        if (m_finished) {
            m_finished(probe.index, result);
        }
    }

    const ProbeOptions& m_options;
    std::stop_token m_stop;
    const ProbeFinishedFn& m_finished;
    std::string m_userAgent;
    std::vector<Probe> m_probes;
    std::vector<ProbeResult> m_results;
    std::optional<download::TransferEngine> m_engine; // set up by run()
    std::size_t m_next = 0;                           // the next probe to start
    std::size_t m_active = 0;                         // probes running
};

} // namespace

const char* toString(ProbeResult::Status status)
{
    switch (status) {
    case ProbeResult::Status::Available:
        return "Available";
    case ProbeResult::Status::NotFound:
        return "NotFound";
    case ProbeResult::Status::HttpError:
        return "HttpError";
    case ProbeResult::Status::TimedOut:
        return "TimedOut";
    case ProbeResult::Status::Failed:
        return "Failed";
    case ProbeResult::Status::Cancelled:
        return "Cancelled";
    }
    return "Failed";
}

std::string probeUrlFor(const specs::Channel& channel)
{
    const std::string& base =
        channel.mirrorBaseUrls.empty() ? channel.baseUrl : channel.mirrorBaseUrls.front();
    return base + "/noarch/repodata.json";
}

std::vector<ProbeResult> probeUrls(const std::vector<std::string>& urls,
                                   const ProbeOptions& options, std::stop_token stop,
                                   const ProbeFinishedFn& finished)
{
    if (urls.empty()) {
        return {};
    }
    Prober prober(urls, options, std::move(stop), finished);
    return prober.run();
}

} // namespace envdesk::channels
