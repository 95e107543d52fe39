#pragma once

#include "core/config/config.h"

#include <map>
#include <optional>
#include <string>

// The process environment as the GUI's work sees it. The GUI reads its environment once per
// piece of work here (its composition root for configuration), with what the Machine page set
// "for this session" (CONDA_OVERRIDE_* values) laid over it. Core never reads the process
// environment: it gets this value inside config::ConfigInputs. The overrides are never written
// into the process environment (setenv while workers read it is undefined behaviour); the
// calls are safe from any thread.
namespace envdesk::ui {

// Sets (or, with nullopt, hides) a variable for the rest of this session.
void setSessionOverride(const std::string& variable, std::optional<std::string> value);
// Back to the process environment alone.
void clearSessionOverrides();

// ConfigInputs::fromProcess() with the session's overrides applied to its environment.
[[nodiscard]] config::ConfigInputs sessionInputs();
// The value in effect for one variable: the session's, else the process environment's;
// nullopt: unset.
[[nodiscard]] std::optional<std::string> sessionVariable(const std::string& variable);

} // namespace envdesk::ui
