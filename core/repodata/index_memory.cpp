#include "core/repodata/index_memory.h"

#include <utility>

namespace envdesk::repodata {

IndexMemory::IndexMemory(std::chrono::seconds keepFor)
    : m_keepFor(keepFor)
{
}

std::optional<IndexMemory::Entry> IndexMemory::find(const std::string& subdirUrl) const
{
    const auto at = now();
    std::lock_guard guard(m_mutex);
    const auto found = m_entries.find(subdirUrl);
    if (found == m_entries.end() || at - found->second.second >= m_keepFor) {
        return std::nullopt;
    }
    return found->second.first;
}

void IndexMemory::remember(const std::string& subdirUrl, Entry entry)
{
    const auto at = now();
    std::lock_guard guard(m_mutex);
    m_entries.insert_or_assign(subdirUrl, std::make_pair(std::move(entry), at));
}

void IndexMemory::forget()
{
    std::lock_guard guard(m_mutex);
    m_entries.clear();
}

std::size_t IndexMemory::size() const
{
    std::lock_guard guard(m_mutex);
    return m_entries.size();
}

void IndexMemory::setClock(std::function<Clock::time_point()> now)
{
    std::lock_guard guard(m_mutex);
    m_now = std::move(now);
}

IndexMemory::Clock::time_point IndexMemory::now() const
{
    std::lock_guard guard(m_mutex);
    return m_now ? m_now() : Clock::now();
}

} // namespace envdesk::repodata
