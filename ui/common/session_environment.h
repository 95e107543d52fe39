#pragma once

#include "core/config/config.h"

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

// The process environment as the GUI's work sees it: the config::ConfigInputs its composition
// root read once (app/envdesk/main.cpp), with what the Machine page set "for this session"
// (CONDA_OVERRIDE_* values) laid over their environment. MainWindow hands one object, shared,
// to the Machine page (which writes it) and to the pages and dialogs that start work loading
// configuration; each takes a snapshot of inputs() on the GUI thread when the work starts. Core
// never sees this object, only such a snapshot. The overrides are never written into the process
// environment (setenv while workers read it is undefined behaviour); the calls are safe from any
// thread. Two objects share nothing.
namespace envdesk::ui {

class SessionEnvironment {
public:
    explicit SessionEnvironment(config::ConfigInputs base);

    // Sets (or, with nullopt, hides) a variable for the rest of this session.
    void set(const std::string& variable, std::optional<std::string> value);
    // Back to the base inputs alone (the offline switch stays).
    void clear();

    // The window's Offline switch: conda's `offline`, laid over the configuration of every
    // piece of work started after it (repodata from the caches only, packages from the package
    // cache only).
    void setOffline(bool offline);
    [[nodiscard]] bool offline() const;

    // The servers that did not answer in this session, shared by all its work through
    // inputs() (util/unreachable_servers.h); never null.
    [[nodiscard]] std::shared_ptr<util::UnreachableServers> unreachableServers() const
    {
        return m_base.unreachableServers;
    }

    // The remote channel data this session already loaded, reused by every piece of work it
    // starts (repodata/index_memory.h); never null. Reload Channels forgets it.
    [[nodiscard]] std::shared_ptr<repodata::IndexMemory> indexMemory() const
    {
        return m_base.indexMemory;
    }

    // The base inputs with the overrides applied to their environment, and `offline` set
    // among their configuration overrides when the switch is on.
    [[nodiscard]] config::ConfigInputs inputs() const;
    // The value in effect for one variable: the override, else the base inputs' environment's;
    // nullopt: unset.
    [[nodiscard]] std::optional<std::string> variable(const std::string& name) const;

private:
    const config::ConfigInputs m_base; // its unreachableServers and indexMemory are always set
    bool m_offline = false;
    mutable std::mutex m_mutex;
    std::map<std::string, std::optional<std::string>> m_overrides; // nullopt: hidden
};

} // namespace envdesk::ui
