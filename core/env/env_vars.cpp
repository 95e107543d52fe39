#include "core/env/env_vars.h"

#include <nlohmann/json.hpp>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

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
    std::ifstream in(file, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    auto json = OrderedJson::parse(text.str(), nullptr, false);
    if (!in || json.is_discarded() || !json.is_object()) {
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
        (*state)["env_vars"][name] = value;
    }
    const fs::path file = stateFile(prefix);
    const fs::path temporary = file.string() + ".tmp-" + std::to_string(::getpid());
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        out << state->dump(2) << "\n";
        out.flush();
        if (!out) {
            std::error_code ec;
            fs::remove(temporary, ec);
            return fail(ErrorCode::IoError, "cannot write the file", file.string());
        }
    }
    std::error_code ec;
    fs::rename(temporary, file, ec);
    if (ec) {
        return fail(ErrorCode::IoError, "cannot replace the file: " + ec.message(), file.string());
    }
    return {};
}

} // namespace envdesk::env
