#include "core/util/error.h"

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
    if (context.empty()) {
        return detail;
    }
    return context + ": " + detail;
}

} // namespace envdesk::util
