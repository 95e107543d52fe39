#include "core/present/failure.h"

#include "core/specs/channel.h"
#include "core/util/strings.h"

namespace envdesk::present {

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

nlohmann::json failureJson(CondaFailure failure)
{
    // The last boundary before the terminal or a log: whatever an error quotes from a file, a
    // spec or a server (a token, a NUL, an escape sequence, a 10 MB value) is masked, escaped and
    // shortened line by line.
    const std::string message = util::printableMessage(failure.message);
    nlohmann::json out = std::move(failure.extra);
    makePrintable(out);
    out["exception_name"] = failure.exceptionName;
    out["error"] = failure.exceptionName + ": " + message;
    out["message"] = message;
    return out;
}

std::string failureText(const CondaFailure& failure)
{
    return failure.exceptionName + ": " + util::printableMessage(failure.message) + "\n";
}

// A change ops refused to decide, as conda names and words it.
CondaFailure changeRefusalFailure(const ops::ChangeRefusal& refused, const std::string& prefix)
{
    using Reason = ops::ChangeRefusal::Reason;
    const util::Error& error = refused.error;
    const std::string first = refused.packages.empty() ? error.context : refused.packages.front();
    switch (refused.reason) {
    case Reason::InvalidSpec:
        return {"InvalidMatchSpec", "Invalid spec '" + error.context + "': " + error.detail};
    case Reason::UpdateNeedsNames:
        return {"CondaValueError", "Invalid spec for 'conda update': " + first
                                       + "\nUse 'envdesk-cli install' instead."};
    case Reason::NotInstalled:
        return {"PackageNotInstalledError",
                prefix + "\nPackage is not installed in prefix.\n  package name: " + first};
    case Reason::MissingFromPrefix: {
        std::string message = "The following packages are missing from the target environment:\n";
        for (const auto& spec : refused.packages) {
            message += "  - " + spec + "\n";
        }
        return {"PackagesNotFoundError",
                message,
                {{"packages", refused.packages}, {"channel_urls", nlohmann::json::array()}}};
    }
    case Reason::NoChannels:
        return {"ArgumentError",
                "no channels to install from: name one or more with -c CHANNEL, or "
                "configure `channels` in .condarc"};
    case Reason::ChannelUnreachable:
        return {error.code == util::ErrorCode::Cancelled ? "KeyboardInterrupt" : "CondaHTTPError",
                error.message()};
    case Reason::ChannelUnreadable:
        // Stopped while its records were being indexed.
        return {error.code == util::ErrorCode::Cancelled ? "KeyboardInterrupt" : "ChannelError",
                error.message()};
    case Reason::UnreadablePrefix:
        return {"CorruptedEnvironmentError", error.message()};
    case Reason::PrefixExists:
        return {"CondaValueError",
                "a folder that is not empty already exists at the target prefix " + prefix
                    + ": remove it first or choose another name (create does not "
                      "replace environments)"};
    case Reason::NotAnEnvironment:
        return {"EnvironmentLocationNotFound", "Not a conda environment: " + prefix};
    case Reason::RecoveryFailed:
        return {"CondaError",
                "an interrupted transaction could not be rolled back: " + error.message()};
    case Reason::NoSuchRevision:
        return {"CondaValueError", error.message()};
    case Reason::UnreadableHistory:
        return {errorException(error, "CondaHistoryError"), error.message()};
    case Reason::RevisionIncomplete:
        return {"PackagesNotFoundError",
                error.message(),
                {{"packages", refused.packages}, {"channel_urls", refused.channelUrls}}};
    case Reason::SolveFailed:
        break;
    }
    return {error.code == util::ErrorCode::Cancelled          ? "KeyboardInterrupt"
            : error.code == util::ErrorCode::InvalidMatchSpec ? "InvalidMatchSpec"
                                                              : "CondaError",
            error.message()};
}

CondaFailure searchRefusalFailure(const ops::SearchRefusal& refused)
{
    using Reason = ops::SearchRefusal::Reason;
    switch (refused.reason) {
    case Reason::InvalidSpec:
        return {"InvalidMatchSpec",
                "Invalid spec '" + refused.error.context + "': " + refused.error.detail};
    case Reason::NoChannels:
        return {"ArgumentError",
                "no channels to search: name one or more with -c CHANNEL, or configure "
                "`channels` in .condarc"};
    case Reason::ChannelUnreachable:
        return {refused.error.code == util::ErrorCode::Cancelled ? "KeyboardInterrupt"
                                                                 : "CondaHTTPError",
                refused.error.message()};
    case Reason::NothingFound: {
        std::string message =
            "The following packages are not available from current channels:\n\n  - " + refused.spec
            + "\n\nCurrent channels:\n\n";
        for (const auto& url : refused.channelUrls) {
            message += "  - " + specs::maskSecrets(url) + "\n";
        }
        if (!refused.uncachedOffline.empty()) {
            message += "\nOffline, and nothing is cached yet for (search once online to cache "
                       "them):\n\n";
            for (const auto& url : refused.uncachedOffline) {
                message += "  - " + specs::maskSecrets(url) + "\n";
            }
        }
        return {"PackagesNotFoundError",
                message,
                {{"packages", {refused.spec}}, {"channel_urls", refused.channelUrls}}};
    }
    case Reason::ChannelUnreadable:
        break;
    }
    return {refused.error.code == util::ErrorCode::Cancelled ? "KeyboardInterrupt" : "ChannelError",
            refused.error.message()};
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
    case ops::Refusal::Reason::TargetNotEmpty:
        return "CondaValueError";
    case ops::Refusal::Reason::Interrupted:
        return "CondaError";
    case ops::Refusal::Reason::Stopped:
        return "KeyboardInterrupt";
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

} // namespace envdesk::present
