#pragma once

#include "core/specs/channel.h"
#include "core/util/result.h"

#include <cstddef>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

// The pieces of channel text that reading a typed channel (channel.cpp) and resolving it
// (channel_resolver.cpp) share: URL splitting and joining, the token segment, local paths as
// file:// URLs. Internal to core/specs; not part of its interface.
namespace envdesk::specs::detail {

inline constexpr std::string_view kDefaults = "defaults";
inline constexpr std::string_view kNoarch = "noarch";

// A URL split the way conda's split_conda_url_easy_parts does, with the token taken out.
struct UrlParts {
    std::string scheme; // lower case
    std::string auth;   // "user:password" as given, or empty
    std::string host;   // "host[:port]" in lower case; empty for a local file:// URL
    std::string path;   // "/a/b" without the token and trailing slash; may be empty
    std::string token;  // from "/t/<token>", or empty

    [[nodiscard]] bool isFile() const { return scheme == "file"; }
    // conda's test_url: what is compared with configured locations.
    [[nodiscard]] std::string testUrl() const { return host + path; }
};

[[nodiscard]] std::string stripSlashes(std::string_view text);
[[nodiscard]] std::string stripTrailingSlashes(std::string_view text);
[[nodiscard]] std::string joinUrl(std::initializer_list<std::string_view> pieces);
[[nodiscard]] bool isSegmentPrefix(std::string_view text, std::string_view prefix);
[[nodiscard]] std::string segmentRest(std::string_view text, std::string_view prefix);
[[nodiscard]] std::optional<std::pair<std::size_t, std::size_t>>
findTokenSegment(std::string_view path);
[[nodiscard]] std::size_t schemeLength(std::string_view text);
[[nodiscard]] util::Result<UrlParts> splitUrl(std::string_view url, const std::string& what);
[[nodiscard]] std::string pathToFileUrl(std::string_view path);
[[nodiscard]] bool looksLikePath(std::string_view text);
[[nodiscard]] util::Result<UnresolvedChannel> parseName(std::string_view text,
                                                        const std::string& what);
[[nodiscard]] util::Result<UnresolvedChannel>
parsePath(std::string_view text, const PathContext& paths, const std::string& what);
// "channel '<text>'", secrets masked: how errors name what was typed.
[[nodiscard]] std::string describeTyped(std::string_view text);

} // namespace envdesk::specs::detail
