#include "core/env/env_vars.h"

#include "core/util/file_io.h"
#include "core/util/strings.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>

namespace envdesk::env {

namespace fs = std::filesystem;
using util::ErrorCode;
using util::fail;

namespace {

using OrderedJson = nlohmann::ordered_json;

fs::path stateFile(const std::string& prefix)
{
    return fs::path(prefix) / "conda-meta" / "state";
}

util::Result<OrderedJson> readState(const std::string& prefix)
{
    const fs::path file = stateFile(prefix);
    std::error_code ec;
    if (!fs::exists(file, ec)) {
        return OrderedJson::object();
    }
    auto text = util::readFile(file.string());
    if (!text) {
        return text.error();
    }
    auto json = OrderedJson::parse(*text, nullptr, false);
    if (json.is_discarded() || !json.is_object()) {
        return fail(ErrorCode::ParseError, "not a JSON object", file.string());
    }
    return json;
}

} // namespace

util::Result<std::vector<std::pair<std::string, std::string>>>
readEnvironmentVariables(const std::string& prefix)
{
    auto state = readState(prefix);
    if (!state) {
        return state.error();
    }
    std::vector<std::pair<std::string, std::string>> variables;
    const auto vars = state->find("env_vars");
    if (vars == state->end() || vars->is_null()) {
        return variables;
    }
    if (!vars->is_object()) {
        return fail(ErrorCode::ParseError, "env_vars is not an object", stateFile(prefix).string());
    }
    for (const auto& [name, value] : vars->items()) {
        if (!util::isShellVariableName(name)) {
            return fail(ErrorCode::ParseError,
                        "env_vars holds " + util::quoted(name, 60)
                            + ", which is not a variable name a shell can set",
                        stateFile(prefix).string());
        }
        variables.emplace_back(name, value.is_string() ? value.get<std::string>() : value.dump());
    }
    return variables;
}

util::Result<void>
writeEnvironmentVariables(const std::string& prefix,
                          const std::vector<std::pair<std::string, std::string>>& variables)
{
    auto state = readState(prefix);
    if (!state) {
        return state.error();
    }
    if (!(*state)["env_vars"].is_object()) {
        (*state)["env_vars"] = OrderedJson::object();
    }
    for (const auto& [name, value] : variables) {
        if (!util::isShellVariableName(name)) {
            return fail(ErrorCode::InvalidRecord,
                        util::quoted(name, 60) + " is not a variable name a shell can set",
                        stateFile(prefix).string());
        }
        (*state)["env_vars"][name] = value;
    }
    const fs::path file = stateFile(prefix);
    return util::writeFileAtomically(file.string(), state->dump(2) + "\n");
}

} // namespace envdesk::env
