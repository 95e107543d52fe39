#include "app/envdesk-cli/output.h"

#include <unistd.h>

#include <iostream>

namespace envdesk::cli {

int show(bool json, const nlohmann::json& document, const std::string& text)
{
    if (json) {
        std::cout << document.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    } else {
        std::cout << text;
    }
    return 0;
}

int show(bool json, const present::Shown& shown)
{
    return show(json, shown.json, shown.text);
}

void note(bool json, const std::string& line)
{
    if (!json) {
        std::cerr << line << "\n";
    }
}

int failWith(bool json, const present::CondaFailure& failure)
{
    if (json) {
        // printableMessage leaves only valid UTF-8; replace is the guard should that ever fail.
        std::cout << present::failureJson(failure).dump(2, ' ', false,
                                                        nlohmann::json::error_handler_t::replace)
                  << "\n";
    } else {
        std::cerr << present::failureText(failure);
    }
    return 1;
}

int failWith(bool json, const std::string& exceptionName, const std::string& message,
             nlohmann::json extra)
{
    return failWith(json, present::CondaFailure{exceptionName, message, std::move(extra)});
}

int failWith(bool json, const util::Error& error, const std::string& otherwise)
{
    return failWith(json, present::errorException(error, otherwise), error.message());
}

bool askToProceed(bool yes)
{
    if (yes || !isatty(STDIN_FILENO)) {
        return true;
    }
    std::cout << "\nProceed ([y]/n)? " << std::flush;
    std::string answer;
    std::getline(std::cin, answer);
    return answer.empty() || answer == "y" || answer == "Y" || answer == "yes";
}

} // namespace envdesk::cli
