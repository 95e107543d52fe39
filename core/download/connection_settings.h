#pragma once

#include <curl/curl.h>

#include <map>
#include <string>

// How every transfer reaches a server, whoever starts it (a download, a channel's latency
// probe): the settings are put on a libcurl handle in one place, so a proxy, a CA bundle or a
// redirect rule means the same for both.
namespace envdesk::download {

struct ConnectionSettings {
    std::map<std::string, std::string> proxies; // .condarc's proxy_servers (proxyFor())
    bool sslVerify = true;
    std::string caBundle; // ssl_verify given as a path
    std::string userAgent;
    long connectTimeoutMs = 9150;
};

// The URL; no signals (threads); redirects followed up to ten times, never from a remote URL to
// a local file; http, https and file only; the user agent; TLS verification (peer and host) and
// the CA bundle; the proxy for the URL's scheme and host; the connect timeout.
void applyConnectionSettings(CURL* easy, const std::string& url,
                             const ConnectionSettings& settings);

} // namespace envdesk::download
