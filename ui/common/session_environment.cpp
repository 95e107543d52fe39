#include "ui/common/session_environment.h"

#include <utility>

namespace envdesk::ui {

SessionEnvironment::SessionEnvironment(config::ConfigInputs base)
    : m_base(std::move(base))
{
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
