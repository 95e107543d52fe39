#pragma once

#include <string>
#include <string_view>

namespace envdesk::util {

// What went wrong, as a value the caller can branch on. The UI maps each code to a translated
// sentence; the detail and context stay English and are shown on demand.
enum class ErrorCode {
    InvalidVersion,
    InvalidVersionSpec,
    InvalidBuildNumberSpec,
    InvalidMatchSpec,
    InvalidChannel,
    InvalidRecord,
    ParseError,
    NotFound,
    IoError,
    // A transfer failed: connection, timeout, HTTP status, truncated body.
    Network,
    // Downloaded or stored data does not have the expected sha256/md5 or size.
    ChecksumMismatch,
    Cancelled,
    // The file or folder may not be written (or read) by this user.
    PermissionDenied,
    // Another process holds what is needed and did not let go in time.
    Busy,
    // What a plan was made against has changed since (another process changed the prefix).
    Stale,
    Internal,
};

[[nodiscard]] std::string_view toString(ErrorCode code);

struct Error {
    ErrorCode code = ErrorCode::Internal;
    // A human message naming the offending part ("invalid character '&' in version '3.5&1'").
    std::string detail;
    // Where: the file, URL, key or input the error is about.
    std::string context;

    // "context: detail" (or the detail alone), URL secrets masked (util::maskSecrets).
    [[nodiscard]] std::string message() const;

    bool operator==(const Error&) const = default;
};

} // namespace envdesk::util
