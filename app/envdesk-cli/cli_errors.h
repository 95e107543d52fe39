#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace envdesk::cli {

// Reports a failure the way conda does and returns exit status 1: a line on stderr, or with
// --json an error object on stdout (what scripts parse): `exception_name`, `error`, `message`,
// plus any `extra` fields (conda adds e.g. `packages` and `channel_urls`).
int failWith(bool json, const std::string& exceptionName, const std::string& message,
             nlohmann::json extra = nlohmann::json::object());

} // namespace envdesk::cli
