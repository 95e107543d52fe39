#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace envdesk::util {

// What went wrong, as a value the caller can branch on. The window says each code as a sentence
// in the user's language, and a named ErrorReason in its own words; a detail without a reason
// stays English (ui/common/error_text.h).
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

// What exactly went wrong, for the causes a user meets most, so that a front end can say it in
// its own words and language (ui/common/error_text.h) instead of showing `detail`; `values`
// carry what the words need. Unspecified: `detail` alone says it.
enum class ErrorReason {
    Unspecified,
    HostNotFound,         // the server's (or the proxy's) name did not resolve
    ConnectionFailed,     // no connection could be made (refused, unreachable)
    TimedOut,             // no connection, or no data, within the time allowed
    HttpStatus,           // the server answered an error; values[0]: the status ("503")
    TlsVerification,      // the server's certificate could not be verified
    Offline,              // offline mode: the network was not used
    DidNotAnswerEarlier,  // not tried again; values[0]: the server or proxy (no credentials)
    ChannelFolderMissing, // a local channel's folder does not exist
    NoRepodataInFolder,   // a folder without repodata.json; values: the files looked for
    OfflineNothingCached, // offline, and no channel has cached repodata
};

struct Error {
    ErrorCode code = ErrorCode::Internal;
    // A human message naming the offending part ("invalid character '&' in version '3.5&1'").
    std::string detail;
    // Where: the file, URL, key or input the error is about.
    std::string context;
    ErrorReason reason = ErrorReason::Unspecified;
    std::vector<std::string> values;

    // "context: detail" (or the detail alone), URL secrets masked (util::maskSecrets).
    [[nodiscard]] std::string message() const;

    bool operator==(const Error&) const = default;
};

// `error` with its reason and values set.
[[nodiscard]] Error because(Error error, ErrorReason reason, std::vector<std::string> values = {});

} // namespace envdesk::util
