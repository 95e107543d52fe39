#include "app/envdesk-cli/output.h"

#include "core/util/strings.h"

#include <unistd.h>

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

int show(bool json, const nlohmann::json& document, const std::string& text)
{
    if (json) {
        std::cout << document.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    } else {
        std::cout << text;
    }
    return 0;
}

void note(bool json, const std::string& line)
{
    if (!json) {
        std::cerr << line << "\n";
    }
}

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

// A change ops refused to decide, as conda names and words it.
int failWithRefusal(bool json, const ops::ChangeRefusal& refused, const std::string& prefix)
{
    using Reason = ops::ChangeRefusal::Reason;
    const util::Error& error = refused.error;
    const std::string first = refused.packages.empty() ? error.context : refused.packages.front();
    switch (refused.reason) {
    case Reason::InvalidSpec:
        return failWith(json, "InvalidMatchSpec",
                        "Invalid spec '" + error.context + "': " + error.detail);
    case Reason::UpdateNeedsNames:
        return failWith(json, "CondaValueError",
                        "Invalid spec for 'conda update': " + first
                            + "\nUse 'envdesk-cli install' instead.");
    case Reason::NotInstalled:
        return failWith(json, "PackageNotInstalledError",
                        prefix + "\nPackage is not installed in prefix.\n  package name: " + first);
    case Reason::MissingFromPrefix: {
        std::string message = "The following packages are missing from the target environment:\n";
        for (const auto& spec : refused.packages) {
            message += "  - " + spec + "\n";
        }
        return failWith(
            json, "PackagesNotFoundError", message,
            {{"packages", refused.packages}, {"channel_urls", nlohmann::json::array()}});
    }
    case Reason::NoChannels:
        return failWith(json, "ArgumentError",
                        "no channels to install from: name one or more with -c CHANNEL, or "
                        "configure `channels` in .condarc");
    case Reason::ChannelUnreachable:
        return failWith(
            json, error.code == util::ErrorCode::Cancelled ? "KeyboardInterrupt" : "CondaHTTPError",
            error.message());
    case Reason::ChannelUnreadable:
        return failWith(json, "ChannelError", error.message());
    case Reason::UnreadablePrefix:
        return failWith(json, "CorruptedEnvironmentError", error.message());
    case Reason::PrefixExists:
        return failWith(json, "CondaValueError",
                        "a folder that is not empty already exists at the target prefix " + prefix
                            + ": remove it first or choose another name (create does not "
                              "replace environments)");
    case Reason::NotAnEnvironment:
        return failWith(json, "EnvironmentLocationNotFound", "Not a conda environment: " + prefix);
    case Reason::RecoveryFailed:
        return failWith(json, "CondaError",
                        "an interrupted transaction could not be rolled back: " + error.message());
    case Reason::NoSuchRevision:
        return failWith(json, "CondaValueError", error.message());
    case Reason::UnreadableHistory:
        return failWith(json, errorException(error, "CondaHistoryError"), error.message());
    case Reason::RevisionIncomplete:
        return failWith(json, "PackagesNotFoundError", error.message(),
                        {{"packages", refused.packages}, {"channel_urls", refused.channelUrls}});
    case Reason::SolveFailed:
        break;
    }
    return failWith(json,
                    error.code == util::ErrorCode::Cancelled          ? "KeyboardInterrupt"
                    : error.code == util::ErrorCode::InvalidMatchSpec ? "InvalidMatchSpec"
                                                                      : "CondaError",
                    error.message());
}

int failWithRefusal(bool json, const ops::SearchRefusal& refused)
{
    using Reason = ops::SearchRefusal::Reason;
    switch (refused.reason) {
    case Reason::InvalidSpec:
        return failWith(json, "InvalidMatchSpec",
                        "Invalid spec '" + refused.error.context + "': " + refused.error.detail);
    case Reason::NoChannels:
        return failWith(json, "ArgumentError",
                        "no channels to search: name one or more with -c CHANNEL, or configure "
                        "`channels` in .condarc");
    case Reason::ChannelUnreachable:
        return failWith(json,
                        refused.error.code == util::ErrorCode::Cancelled ? "KeyboardInterrupt"
                                                                         : "CondaHTTPError",
                        refused.error.message());
    case Reason::ChannelUnreadable:
    case Reason::NothingFound:
        break;
    }
    return failWith(json, "ChannelError", refused.error.message());
}

const char* refusalException(ops::Refusal::Reason reason)
{
    switch (reason) {
    case ops::Refusal::Reason::NotAnEnvironment:
        return "EnvironmentLocationNotFound";
    case ops::Refusal::Reason::Nested:
        return "CondaValueError";
    case ops::Refusal::Reason::SameEnvironment:
    case ops::Refusal::Reason::DestinationExists:
        return "CondaEnvException";
    case ops::Refusal::Reason::Interrupted:
        return "CondaError";
    case ops::Refusal::Reason::Unreadable:
        return "CorruptedEnvironmentError";
    case ops::Refusal::Reason::UnreadableHistory:
        return "CondaHistoryError";
    case ops::Refusal::Reason::Base:
    case ops::Refusal::Reason::Active:
    case ops::Refusal::Reason::SymbolicLink:
        break;
    }
    return "CondaEnvironmentError";
}

std::string errorException(const util::Error& error, const std::string& otherwise)
{
    switch (error.code) {
    case util::ErrorCode::Cancelled:
        return "KeyboardInterrupt";
    case util::ErrorCode::Network:
        return "CondaHTTPError";
    case util::ErrorCode::InvalidChannel:
        return "ChannelError";
    case util::ErrorCode::InvalidMatchSpec:
        return "InvalidMatchSpec";
    case util::ErrorCode::PermissionDenied:
        return "EnvironmentNotWritableError";
    default:
        return otherwise;
    }
}

std::string configException(const util::Error& error)
{
    switch (error.code) {
    case util::ErrorCode::NotFound:
        return "CondaKeyError";
    case util::ErrorCode::IoError:
        return "CondaIOError";
    case util::ErrorCode::InvalidChannel:
        return "ChannelError";
    default:
        return "CondaValueError";
    }
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
