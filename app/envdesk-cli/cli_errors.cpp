#include "app/envdesk-cli/cli_errors.h"

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
        std::cout << out.dump(2) << "\n";
    } else {
        std::cerr << exceptionName << ": " << message << "\n";
    }
    return 1;
}

} // namespace envdesk::cli
