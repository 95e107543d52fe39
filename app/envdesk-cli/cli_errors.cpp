#include "app/envdesk-cli/cli_errors.h"

#include "core/util/secrets.h"

#include <iostream>

namespace envdesk::cli {

int failWith(bool json, const std::string& exceptionName, const std::string& message,
             nlohmann::json extra)
{
    if (json) {
        nlohmann::json out = std::move(extra);
        out["exception_name"] = exceptionName;
        out["error"] = exceptionName + ": " + message;
        out["message"] = message;
        // The last boundary before the terminal or a log: whatever an error quotes (a channel URL
        // in `extra`, a URL in a library's message), tokens and passwords stay hidden.
        std::cout << util::maskSecrets(out.dump(2)) << "\n";
    } else {
        std::cerr << exceptionName << ": " << util::maskSecrets(message) << "\n";
    }
    return 1;
}

} // namespace envdesk::cli
