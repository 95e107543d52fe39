#include "core/util/error.h"

#include "core/util/secrets.h"
#include "core/util/strings.h"

namespace envdesk::util {

std::string_view toString(ErrorCode code)
{
    switch (code) {
    case ErrorCode::InvalidVersion:
        return "invalid version";
    case ErrorCode::InvalidVersionSpec:
        return "invalid version spec";
    case ErrorCode::InvalidBuildNumberSpec:
        return "invalid build number spec";
    case ErrorCode::InvalidMatchSpec:
        return "invalid match spec";
    case ErrorCode::InvalidChannel:
        return "invalid channel";
    case ErrorCode::InvalidRecord:
        return "invalid package record";
    case ErrorCode::ParseError:
        return "parse error";
    case ErrorCode::NotFound:
        return "not found";
    case ErrorCode::IoError:
        return "I/O error";
    case ErrorCode::Network:
        return "network error";
    case ErrorCode::ChecksumMismatch:
        return "checksum mismatch";
    case ErrorCode::Cancelled:
        return "cancelled";
    case ErrorCode::PermissionDenied:
        return "permission denied";
    case ErrorCode::Busy:
        return "busy";
    case ErrorCode::Stale:
        return "changed meanwhile";
    case ErrorCode::Internal:
        return "internal error";
    }
    return "error";
}

std::string Error::message() const
{
    // What every caller shows or logs: the last place a token or a password in a URL that some
    // layer quoted unmasked can still be hidden, and where a control character or a huge value
    // from a hostile file is made printable.
    if (context.empty()) {
        return printableMessage(maskSecrets(detail));
    }
    return printableMessage(maskSecrets(context + ": " + detail));
}

Error because(Error error, ErrorReason reason, std::vector<std::string> values)
{
    error.reason = reason;
    error.values = std::move(values);
    return error;
}

} // namespace envdesk::util
