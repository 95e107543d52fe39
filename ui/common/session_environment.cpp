#include "ui/common/session_environment.h"

#include "core/repodata/index_memory.h"

#include <utility>

namespace envdesk::ui {

namespace {

config::ConfigInputs withSessionMemory(config::ConfigInputs inputs)
{
    if (!inputs.unreachableServers) {
        inputs.unreachableServers = std::make_shared<util::UnreachableServers>();
    }
    if (!inputs.indexMemory) {
        inputs.indexMemory = std::make_shared<repodata::IndexMemory>();
    }
    return inputs;
}

} // namespace

SessionEnvironment::SessionEnvironment(config::ConfigInputs base)
    : m_base(withSessionMemory(std::move(base)))
{
}

void SessionEnvironment::setOffline(bool offline)
{
    const std::lock_guard lock(m_mutex);
    m_offline = offline;
}

bool SessionEnvironment::offline() const
{
    const std::lock_guard lock(m_mutex);
    return m_offline;
}

void SessionEnvironment::set(const std::string& variable, std::optional<std::string> value)
{
    const std::lock_guard lock(m_mutex);
    m_overrides[variable] = std::move(value);
}

void SessionEnvironment::clear()
{
    const std::lock_guard lock(m_mutex);
    m_overrides.clear();
}

config::ConfigInputs SessionEnvironment::inputs() const
{
    config::ConfigInputs inputs = m_base;
    const std::lock_guard lock(m_mutex);
    for (const auto& [variable, value] : m_overrides) {
        if (value) {
            inputs.env[variable] = *value;
        } else {
            inputs.env.erase(variable);
        }
    }
    if (m_offline) {
        inputs.overrides.emplace_back("offline", std::vector<std::string>{"true"});
    }
    return inputs;
}

std::optional<std::string> SessionEnvironment::variable(const std::string& name) const
{
    {
        const std::lock_guard lock(m_mutex);
        if (const auto found = m_overrides.find(name); found != m_overrides.end()) {
            return found->second;
        }
    }
    // The base never changes: it is read without the lock.
    return m_base.variable(name);
}

} // namespace envdesk::ui
