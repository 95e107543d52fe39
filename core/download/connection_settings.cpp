#include "core/download/connection_settings.h"

#include "core/download/download.h"

namespace envdesk::download {

namespace {

constexpr long kMaxRedirects = 10;

} // namespace

void applyConnectionSettings(CURL* easy, const std::string& url, const ConnectionSettings& settings)
{
    curl_easy_setopt(easy, CURLOPT_URL, url.c_str());
    curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(easy, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(easy, CURLOPT_MAXREDIRS, kMaxRedirects);
    // A redirect must not turn a remote URL into a local file read.
    curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https,file");
    curl_easy_setopt(easy, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS, settings.connectTimeoutMs);
    curl_easy_setopt(easy, CURLOPT_USERAGENT, settings.userAgent.c_str());
    curl_easy_setopt(easy, CURLOPT_SSL_VERIFYPEER, settings.sslVerify ? 1L : 0L);
    curl_easy_setopt(easy, CURLOPT_SSL_VERIFYHOST, settings.sslVerify ? 2L : 0L);
    if (!settings.caBundle.empty()) {
        curl_easy_setopt(easy, CURLOPT_CAINFO, settings.caBundle.c_str());
    }
    if (const auto proxy = proxyFor(url, settings.proxies)) {
        curl_easy_setopt(easy, CURLOPT_PROXY, proxy->c_str());
    }
}

} // namespace envdesk::download
