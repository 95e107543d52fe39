#include "app/envdesk-cli/cli_errors.h"

#include "core/util/strings.h"

#include <iostream>

namespace envdesk::cli {

namespace {

// Every string in a JSON value made printable (secrets masked, controls escaped, shortened).
void makePrintable(nlohmann::json& value)
{
    if (value.is_string()) {
        value = util::printableMessage(value.get<std::string>());
    } else if (value.is_structured()) {
        for (auto& item : value) {
            makePrintable(item);
        }
    }
}

} // namespace

int failWith(bool json, const std::string& exceptionName, const std::string& rawMessage,
             nlohmann::json extra)
{
    // The last boundary before the terminal or a log: whatever an error quotes from a file, a
    // spec or a server (a token, a NUL, an escape sequence, a 10 MB value) is masked, escaped and
    // shortened line by line (util::printableMessage).
    const std::string message = util::printableMessage(rawMessage);
    if (json) {
        makePrintable(extra);
        nlohmann::json out = std::move(extra);
        out["exception_name"] = exceptionName;
        out["error"] = exceptionName + ": " + message;
        out["message"] = message;
        // printableMessage leaves only valid UTF-8; replace is the guard should that ever fail.
        std::cout << out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    } else {
        std::cerr << exceptionName << ": " << message << "\n";
    }
    return 1;
}

} // namespace envdesk::cli
