#include "core/util/unreachable_servers.h"

#include <algorithm>
#include <cctype>

namespace envdesk::util {

UnreachableServers::UnreachableServers(std::chrono::seconds forgetAfter)
    : m_forgetAfter(forgetAfter)
{
}

std::string UnreachableServers::originOf(std::string_view url)
{
    const auto schemeEnd = url.find("://");
    if (schemeEnd == std::string_view::npos) {
        return {};
    }
    std::string scheme(url.substr(0, schemeEnd));
    std::transform(scheme.begin(), scheme.end(), scheme.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (scheme != "http" && scheme != "https") {
        return {};
    }
    std::string_view authority = url.substr(schemeEnd + 3);
    // Credentials are no part of the server; a password may hold '?' or '#' unencoded, so the
    // last '@' before the path is searched for before the query or fragment is cut off.
    const auto pathStart = authority.find('/');
    const auto at = authority.substr(0, pathStart).rfind('@');
    if (at != std::string_view::npos) {
        authority = authority.substr(at + 1);
    }
    authority = authority.substr(0, authority.find_first_of("/?#"));
    if (authority.empty()) {
        return {};
    }
    std::string host(authority);
    std::transform(host.begin(), host.end(), host.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return scheme + "://" + host;
}

void UnreachableServers::remember(std::string_view url, std::string reason)
{
    std::string origin = originOf(url);
    if (origin.empty()) {
        return;
    }
    const std::lock_guard lock(m_mutex);
    m_entries[origin] = Entry{origin, std::move(reason), Clock::now()};
}

void UnreachableServers::forget(std::string_view url)
{
    const std::string origin = originOf(url);
    const std::lock_guard lock(m_mutex);
    m_entries.erase(origin);
}

void UnreachableServers::forgetAll()
{
    const std::lock_guard lock(m_mutex);
    m_entries.clear();
}

std::optional<UnreachableServers::Entry> UnreachableServers::find(std::string_view url) const
{
    const std::string origin = originOf(url);
    if (origin.empty()) {
        return std::nullopt;
    }
    const std::lock_guard lock(m_mutex);
    const auto found = m_entries.find(origin);
    if (found == m_entries.end() || Clock::now() - found->second.since >= m_forgetAfter) {
        return std::nullopt;
    }
    return found->second;
}

std::vector<UnreachableServers::Entry> UnreachableServers::entries() const
{
    const auto now = Clock::now();
    const std::lock_guard lock(m_mutex);
    std::vector<Entry> out;
    for (const auto& [origin, entry] : m_entries) {
        if (now - entry.since < m_forgetAfter) {
            out.push_back(entry);
        }
    }
    std::sort(out.begin(), out.end(),
              [](const Entry& a, const Entry& b) { return a.since < b.since; });
    return out;
}

} // namespace envdesk::util
