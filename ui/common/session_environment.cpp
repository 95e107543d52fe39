#include "ui/common/session_environment.h"

#include <cstdlib>
#include <mutex>

namespace envdesk::ui {

namespace {

struct SessionOverrides {
    std::mutex mutex;
    std::map<std::string, std::optional<std::string>> values;
};

SessionOverrides& sessionOverrides()
{
    static SessionOverrides overrides;
    return overrides;
}

} // namespace

void setSessionOverride(const std::string& variable, std::optional<std::string> value)
{
    auto& session = sessionOverrides();
    const std::lock_guard lock(session.mutex);
    session.values[variable] = std::move(value);
}

void clearSessionOverrides()
{
    auto& session = sessionOverrides();
    const std::lock_guard lock(session.mutex);
    session.values.clear();
}

config::ConfigInputs sessionInputs()
{
    config::ConfigInputs inputs = config::ConfigInputs::fromProcess();
    auto& session = sessionOverrides();
    const std::lock_guard lock(session.mutex);
    for (const auto& [variable, value] : session.values) {
        if (value) {
            inputs.env[variable] = *value;
        } else {
            inputs.env.erase(variable);
        }
    }
    return inputs;
}

std::optional<std::string> sessionVariable(const std::string& variable)
{
    {
        auto& session = sessionOverrides();
        const std::lock_guard lock(session.mutex);
        if (const auto found = session.values.find(variable); found != session.values.end()) {
            return found->second;
        }
    }
    // One variable, not a whole snapshot of the environment: the Machine page asks on the GUI
    // thread. Nothing in the GUI writes the environment, so reading it here is safe.
    if (const char* value = std::getenv(variable.c_str()); value != nullptr) {
        return std::string(value);
    }
    return std::nullopt;
}

} // namespace envdesk::ui
