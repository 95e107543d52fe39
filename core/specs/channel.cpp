#include "core/specs/channel.h"

#include "core/specs/channel_text.h"
#include "core/util/strings.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <system_error>
#include <unordered_map>

// Reading what a user typed as a channel (a name, a URL, a folder) before any configuration,
// and the platforms; resolving it with a configuration is channel_resolver.cpp's.
namespace envdesk::specs {

using util::ErrorCode;
using util::fail;

namespace detail {

bool isTokenChar(char c)
{
    return util::isAlpha(c) || util::isDigit(c) || c == '-' || c == '_';
}

bool isNameChar(char c)
{
    return util::isAlpha(c) || util::isDigit(c) || c == '-' || c == '_' || c == '.' || c == '+';
}

bool isHostChar(char c)
{
    return util::isAlpha(c) || util::isDigit(c) || c == '-' || c == '_' || c == '.' || c == ':'
           || c == '[' || c == ']';
}

// Characters that cannot appear in a channel URL's path: whitespace, a query or fragment (the
// subdir is appended to the path, so a query would break every URL), and what RFC 3986 excludes.
bool isForbiddenInUrlPath(char c)
{
    return util::isSpace(c) || std::string_view("?#\\\"<>`{}|^").find(c) != std::string_view::npos;
}

bool hasWhitespace(std::string_view text)
{
    return std::any_of(text.begin(), text.end(), [](char c) { return util::isSpace(c); });
}

std::string stripSlashes(std::string_view text)
{
    while (!text.empty() && text.front() == '/') {
        text.remove_prefix(1);
    }
    while (!text.empty() && text.back() == '/') {
        text.remove_suffix(1);
    }
    return std::string(text);
}

std::string stripTrailingSlashes(std::string_view text)
{
    while (!text.empty() && text.back() == '/') {
        text.remove_suffix(1);
    }
    return std::string(text);
}

// conda's join_url: pieces joined by '/', empty ones skipped, absolute when the first is.
std::string joinUrl(std::initializer_list<std::string_view> pieces)
{
    std::string out;
    const bool absolute =
        pieces.size() > 0 && (pieces.begin()->empty() || pieces.begin()->front() == '/');
    for (std::string_view piece : pieces) {
        const std::string stripped = stripSlashes(piece);
        if (stripped.empty()) {
            continue;
        }
        if (!out.empty()) {
            out += '/';
        }
        out += stripped;
    }
    return absolute ? "/" + out : out;
}

// Is `text` `prefix` or `prefix/...`? Compares whole path segments, so "conda.anaconda.org"
// is not a prefix of "conda.anaconda.org.evil".
bool isSegmentPrefix(std::string_view text, std::string_view prefix)
{
    if (prefix.empty() || !util::startsWith(text, prefix)) {
        return false;
    }
    return text.size() == prefix.size() || text[prefix.size()] == '/' || prefix.back() == '/';
}

// What follows `prefix` in `text` (checked with isSegmentPrefix), without slashes.
std::string segmentRest(std::string_view text, std::string_view prefix)
{
    return stripSlashes(text.substr(prefix.size()));
}

// The "/t/<token>/" segment of an anaconda.org-style URL path: position and length of "/t/<token>"
// (conda's split_anaconda_token). The token must end the path or be followed by '/', so a
// channel path that merely contains a "t" folder keeps the folder after it.
std::optional<std::pair<std::size_t, std::size_t>> findTokenSegment(std::string_view path)
{
    for (std::size_t pos = path.find("/t/"); pos != std::string_view::npos;
         pos = path.find("/t/", pos + 1)) {
        std::size_t end = pos + 3;
        while (end < path.size() && isTokenChar(path[end])) {
            ++end;
        }
        if (end > pos + 3 && (end == path.size() || path[end] == '/')) {
            return std::pair{pos, end - pos};
        }
    }
    return std::nullopt;
}

bool isPackageFileName(std::string_view segment)
{
    return util::endsWith(segment, ".conda") || util::endsWith(segment, ".tar.bz2")
           || util::endsWith(segment, ".json");
}

// Drops a trailing package file name and splits off a trailing known platform from a
// '/'-separated path. Only the end is looked at: conda's split_platform also finds a platform
// in the middle of a URL, which silently rewrites channels that merely contain such a folder.
enum class PathKind { Name, Url, Folder };

std::optional<std::string> splitTrailingPlatform(std::string& path, PathKind kind)
{
    auto lastSegment = [&path]() -> std::string_view {
        const std::size_t slash = path.rfind('/');
        return slash == std::string::npos ? std::string_view(path)
                                          : std::string_view(path).substr(slash + 1);
    };
    const std::size_t firstSlash = path.find('/');
    const std::size_t lastSlash = path.rfind('/');
    if (kind != PathKind::Name && firstSlash != std::string::npos
        && (lastSlash > 0 || kind == PathKind::Url) && isPackageFileName(lastSegment())) {
        path.erase(lastSlash);
    }
    const std::size_t slash = path.rfind('/');
    // "linux-64" alone is a channel name and "/linux-64" a folder, not a platform; a URL's path
    // "/linux-64" is the platform of the server's root channel.
    if (slash == std::string::npos || (slash == 0 && kind != PathKind::Url)) {
        return std::nullopt;
    }
    const std::string candidate = util::toLower(lastSegment());
    if (!isKnownPlatform(candidate)) {
        return std::nullopt;
    }
    path.erase(slash);
    return candidate;
}

// Length of a scheme followed by "://" at the start of `text`, or 0. Case-insensitive, unlike
// conda's `[a-z][a-z0-9]{0,11}://`, because a pasted "HTTPS://" is still a URL.
std::size_t schemeLength(std::string_view text)
{
    const std::size_t sep = text.find("://");
    if (sep == std::string_view::npos || sep == 0 || !util::isAlpha(text.front())) {
        return 0;
    }
    for (char c : text.substr(0, sep)) {
        if (!util::isAlpha(c) && !util::isDigit(c) && c != '+' && c != '.' && c != '-') {
            return 0;
        }
    }
    return sep;
}

std::string collapseSlashes(std::string_view path)
{
    std::string out;
    for (char c : path) {
        if (c == '/' && !out.empty() && out.back() == '/') {
            continue;
        }
        out += c;
    }
    return out;
}

bool isDriveLetterPath(std::string_view text)
{
    return text.size() >= 3 && util::isAlpha(text[0]) && text[1] == ':'
           && (text[2] == '/' || text[2] == '\\');
}

// What follows "file://", with conda's win_path_backout applied: Windows users type
// file://C:\channels\x, which means the local folder C:/channels/x.
std::string fileUrlRest(std::string rest)
{
    std::replace(rest.begin(), rest.end(), '\\', '/');
    if (isDriveLetterPath(rest)) {
        rest.insert(0, "/");
    }
    return rest;
}

// Splits and checks a URL; `what` names it in the error ("channel 'x'", "channel_alias").
util::Result<UrlParts> splitUrl(std::string_view url, const std::string& what)
{
    const std::size_t sep = schemeLength(url);
    if (sep == 0) {
        return fail(ErrorCode::InvalidChannel, util::quoted(maskSecrets(url)) + " is not a URL",
                    what);
    }
    UrlParts parts;
    parts.scheme = util::toLower(url.substr(0, sep));
    std::string rest(url.substr(sep + 3));
    if (parts.isFile()) {
        rest = fileUrlRest(std::move(rest));
    }
    if (hasWhitespace(rest)) {
        return fail(ErrorCode::InvalidChannel, "whitespace inside a URL (write it as %20)", what);
    }
    if (rest.find("<TOKEN>") != std::string::npos || rest.find("<PASSWORD>") != std::string::npos) {
        return fail(ErrorCode::InvalidChannel,
                    "the URL holds a masked secret (<TOKEN> or <PASSWORD>), not the secret itself",
                    what);
    }
    const std::size_t pathStart = std::min(rest.find('/'), rest.size());
    std::string authority = rest.substr(0, pathStart);
    std::string path = collapseSlashes(rest.substr(pathStart));
    const std::size_t at = authority.rfind('@');
    if (at != std::string::npos) {
        parts.auth = authority.substr(0, at);
        authority.erase(0, at + 1);
    }
    parts.host = util::toLower(authority);
    if (parts.isFile() && (parts.host == "localhost" || parts.host == "127.0.0.1")) {
        parts.host.clear();
    }
    if (parts.isFile() && (at != std::string::npos || parts.host.find(':') != std::string::npos)) {
        return fail(ErrorCode::InvalidChannel,
                    "a file:// URL has no user or port (a drive is written file:///C:/...)", what);
    }
    if (!parts.isFile() && parts.host.empty()) {
        return fail(ErrorCode::InvalidChannel, "the URL has no host", what);
    }
    const auto badHostChar = std::find_if_not(parts.host.begin(), parts.host.end(), isHostChar);
    if (badHostChar != parts.host.end()) {
        return fail(ErrorCode::InvalidChannel,
                    "invalid character " + util::quoted(std::string(1, *badHostChar))
                        + " in the host",
                    what);
    }
    const auto badPathChar = std::find_if(path.begin(), path.end(), isForbiddenInUrlPath);
    if (badPathChar != path.end()) {
        return fail(ErrorCode::InvalidChannel,
                    "invalid character " + util::quoted(std::string(1, *badPathChar))
                        + " in the URL path (channel URLs take no query or fragment)",
                    what);
    }
    if (const auto token = findTokenSegment(path)) {
        parts.token = path.substr(token->first + 3, token->second - 3);
        path.erase(token->first, token->second);
    }
    parts.path = stripTrailingSlashes(path);
    if (parts.isFile() && parts.host.empty() && parts.path.empty()) {
        return fail(ErrorCode::InvalidChannel, "the file:// URL names no folder", what);
    }
    return parts;
}

// Python's quote(path, safe="/"), which conda's path_to_url applies; a drive letter's colon
// stays as it is.
std::string percentEncodePath(std::string_view path)
{
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (std::size_t i = 0; i < path.size(); ++i) {
        const auto c = static_cast<unsigned char>(path[i]);
        const bool driveColon = i == 2 && path[0] == '/' && util::isAlpha(path[1]) && c == ':';
        if (util::isAlpha(path[i]) || util::isDigit(path[i]) || c == '-' || c == '.' || c == '_'
            || c == '~' || c == '/' || driveColon) {
            out += path[i];
        } else {
            out += '%';
            out += kHex[c >> 4];
            out += kHex[c & 0x0F];
        }
    }
    return out;
}

// "/srv/ch" -> "file:///srv/ch"; "C:/ch" -> "file:///C:/ch"; "//server/share" ->
// "file://server/share" (a UNC path names a host).
std::string pathToFileUrl(std::string_view path)
{
    if (util::startsWith(path, "//")) {
        return "file:" + percentEncodePath(path);
    }
    if (!path.empty() && path.front() == '/') {
        return "file://" + percentEncodePath(path);
    }
    return "file://" + percentEncodePath("/" + std::string(path));
}

// conda's is_path, minus the forms it reads as a name anyway: "/x", "~", "~/x", ".", "..",
// "./x", "../x", "C:\x", "\\server\share", "//server/share".
bool looksLikePath(std::string_view text)
{
    return util::startsWith(text, "/") || util::startsWith(text, "~") || text == "." || text == ".."
           || util::startsWith(text, "./") || util::startsWith(text, "../")
           || util::startsWith(text, ".\\") || util::startsWith(text, "..\\")
           || util::startsWith(text, "\\\\") || isDriveLetterPath(text);
}

// Lexically normalises an absolute path: '/' separators, no "." or "..", no doubled or trailing
// slash. The root ("/", "//" for UNC, "C:/") is kept.
std::string normaliseAbsolutePath(std::string path)
{
    std::replace(path.begin(), path.end(), '\\', '/');
    std::string root;
    std::string_view body = path;
    if (util::startsWith(body, "//")) {
        root = "//";
    } else if (isDriveLetterPath(body)) {
        root = std::string(body.substr(0, 3));
    } else {
        root = "/";
    }
    body.remove_prefix(root.size());
    std::vector<std::string_view> kept;
    for (std::string_view segment : util::split(body, '/')) {
        if (segment.empty() || segment == ".") {
            continue;
        }
        if (segment == "..") {
            if (!kept.empty()) {
                kept.pop_back();
            }
            continue;
        }
        kept.push_back(segment);
    }
    std::string out = root;
    for (std::size_t i = 0; i < kept.size(); ++i) {
        if (i > 0) {
            out += '/';
        }
        out += kept[i];
    }
    if (out.size() > 1 && out.back() == '/' && root != out) {
        out.pop_back();
    }
    return out;
}

util::Result<UnresolvedChannel> parseName(std::string_view text, const std::string& what)
{
    if (hasWhitespace(text)) {
        return fail(ErrorCode::InvalidChannel, "whitespace inside a channel name", what);
    }
    std::string name = stripTrailingSlashes(text);
    const auto bad =
        std::find_if(name.begin(), name.end(), [](char c) { return !isNameChar(c) && c != '/'; });
    if (bad != name.end()) {
        std::string detail =
            "invalid character " + util::quoted(std::string(1, *bad))
            + " in a channel name (a name is letters, digits and - _ . + between slashes)";
        if (*bad == ':' && name.find("::") != std::string::npos) {
            detail += "; 'channel::package' is a package spec, not a channel";
        }
        return fail(ErrorCode::InvalidChannel, std::move(detail), what);
    }
    for (std::string_view segment : util::split(name, '/')) {
        if (segment.empty() || segment == "." || segment == "..") {
            return fail(ErrorCode::InvalidChannel,
                        "empty, '.' or '..' part in a channel name (a path starts with / ./ or ~)",
                        what);
        }
    }
    UnresolvedChannel channel;
    channel.kind = UnresolvedChannel::Kind::Name;
    channel.subdir = splitTrailingPlatform(name, PathKind::Name);
    channel.location = std::move(name);
    return channel;
}

util::Result<UnresolvedChannel> parseUrl(std::string_view text, const std::string& what)
{
    auto parts = splitUrl(text, what);
    if (!parts) {
        return parts.error();
    }
    // Rebuilt from the checked pieces, with the token where it was typed: the scheme and host in
    // lower case, no doubled or trailing slash.
    const std::size_t sep = schemeLength(text);
    std::string rest(text.substr(sep + 3));
    if (parts->isFile()) {
        rest = fileUrlRest(std::move(rest));
    }
    const std::size_t pathStart = std::min(rest.find('/'), rest.size());
    std::string path = stripTrailingSlashes(collapseSlashes(rest.substr(pathStart)));

    UnresolvedChannel channel;
    channel.kind = UnresolvedChannel::Kind::Url;
    channel.subdir = splitTrailingPlatform(path, PathKind::Url);
    channel.location =
        parts->scheme + "://" + (parts->auth.empty() ? "" : parts->auth + "@") + parts->host + path;
    if (parts->isFile() && parts->host.empty() && path.empty()) {
        return fail(ErrorCode::InvalidChannel, "the file:// URL names no folder", what);
    }
    return channel;
}

util::Result<UnresolvedChannel> parsePath(std::string_view text, const PathContext& paths,
                                          const std::string& what)
{
    std::string absolute;
    if (text.front() == '~') {
        if (text.size() > 1 && text[1] != '/' && text[1] != '\\') {
            return fail(ErrorCode::InvalidChannel,
                        "'~user' paths are not supported; write the folder in full", what);
        }
        if (paths.homeDir.empty()) {
            return fail(ErrorCode::InvalidChannel, "no home folder to expand '~' with", what);
        }
        absolute = paths.homeDir + "/" + std::string(text.substr(1));
    } else if (text.front() == '.') {
        if (paths.currentDir.empty()) {
            return fail(ErrorCode::InvalidChannel,
                        "no current folder to make the relative path absolute", what);
        }
        absolute = paths.currentDir + "/" + std::string(text);
    } else {
        absolute = std::string(text);
    }
    std::string path = normaliseAbsolutePath(std::move(absolute));
    for (std::string_view segment : util::split(path, '/')) {
        // Legal, but a folder " x" or "x " is a typo far more often than a real folder, and the
        // text could not be read back after trimming.
        if (!segment.empty() && (util::isSpace(segment.front()) || util::isSpace(segment.back()))) {
            return fail(ErrorCode::InvalidChannel,
                        "a folder name in the path starts or ends with whitespace", what);
        }
    }
    UnresolvedChannel channel;
    channel.kind = UnresolvedChannel::Kind::Path;
    channel.subdir = splitTrailingPlatform(path, PathKind::Folder);
    channel.location = std::move(path);
    return channel;
}

std::string describeTyped(std::string_view text)
{
    return "channel " + util::quoted(maskSecrets(text));
}

} // namespace detail

using namespace detail;

const std::vector<std::string>& knownPlatforms()
{
    static const std::vector<std::string> platforms = {
        "linux-64",     "linux-aarch64", "linux-ppc64le", "linux-s390x", "linux-armv6l",
        "linux-armv7l", "linux-32",      "linux-riscv64", "osx-64",      "osx-arm64",
        "win-64",       "win-32",        "win-arm64",     "zos-z",       "emscripten-wasm32",
        "wasi-wasm32",  "freebsd-64",    "linux-ppc64",   "noarch"};
    return platforms;
}

bool isKnownPlatform(std::string_view subdir)
{
    const auto& platforms = knownPlatforms();
    return std::find(platforms.begin(), platforms.end(), subdir) != platforms.end();
}

std::string currentPlatform()
{
    // The subdir of the target, decided at compile time: a cross-compiled build fetches
    // packages for the machine it runs on, not the one that built it.
#if defined(__EMSCRIPTEN__)
    return "emscripten-wasm32";
#elif defined(__wasi__)
    return "wasi-wasm32";
#elif defined(__MVS__)
    return "zos-z";
#elif defined(_WIN32)
#if defined(_M_ARM64) || defined(__aarch64__)
    return "win-arm64";
#elif defined(_WIN64)
    return "win-64";
#else
    return "win-32";
#endif
#elif defined(__APPLE__)
#if defined(__aarch64__) || defined(__arm64__)
    return "osx-arm64";
#else
    return "osx-64";
#endif
#elif defined(__FreeBSD__)
#if defined(__x86_64__)
    return "freebsd-64";
#else
    return "unknown";
#endif
#elif defined(__linux__)
#if defined(__x86_64__)
    return "linux-64";
#elif defined(__aarch64__)
    return "linux-aarch64";
#elif defined(__powerpc64__) && defined(__LITTLE_ENDIAN__)
    return "linux-ppc64le";
#elif defined(__powerpc64__)
    return "linux-ppc64";
#elif defined(__s390x__)
    return "linux-s390x";
#elif defined(__riscv) && __riscv_xlen == 64
    return "linux-riscv64";
#elif defined(__arm__) && defined(__ARM_ARCH) && __ARM_ARCH >= 7
    return "linux-armv7l";
#elif defined(__arm__)
    return "linux-armv6l";
#elif defined(__i386__)
    return "linux-32";
#else
    return "unknown";
#endif
#else
    return "unknown";
#endif
}

std::vector<std::string> condaDefaultChannels()
{
    std::vector<std::string> channels = {"https://repo.anaconda.com/pkgs/main",
                                         "https://repo.anaconda.com/pkgs/r"};
#if defined(_WIN32)
    channels.emplace_back("https://repo.anaconda.com/pkgs/msys2");
#endif
    return channels;
}

util::Result<UnresolvedChannel> UnresolvedChannel::parse(std::string_view text,
                                                         const PathContext& paths)
{
    const std::string_view trimmed = util::trim(text);
    const std::string what = describeTyped(trimmed);
    if (trimmed.empty()) {
        return fail(ErrorCode::InvalidChannel, "empty channel", what);
    }
    if (schemeLength(trimmed) > 0) {
        return parseUrl(trimmed, what);
    }
    if (looksLikePath(trimmed)) {
        return parsePath(trimmed, paths, what);
    }
    if (trimmed.find("://") != std::string_view::npos) {
        return fail(ErrorCode::InvalidChannel, "invalid URL scheme", what);
    }
    return parseName(trimmed, what);
}

std::string UnresolvedChannel::str() const
{
    return kind == Kind::Url ? maskSecrets(strWithSecrets()) : strWithSecrets();
}

std::string UnresolvedChannel::strWithSecrets() const
{
    std::string out = location;
    if (subdir) {
        if (!out.empty() && out.back() != '/') {
            out += '/';
        }
        out += *subdir;
    }
    return out;
}

} // namespace envdesk::specs
