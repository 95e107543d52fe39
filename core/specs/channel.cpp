#include "core/specs/channel.h"

#include "core/util/strings.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <system_error>
#include <unordered_map>

namespace envdesk::specs {

using util::ErrorCode;
using util::fail;

namespace {

constexpr std::string_view kDefaults = "defaults";
constexpr std::string_view kNoarch = "noarch";
// Guards nested multichannels ("all: [defaults, conda-forge]") against a definition cycle.
constexpr int kMaxMultichannelDepth = 8;

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

// A channel as conda models it before it becomes URLs: scheme <> auth <> location <> token <>
// name. `location` is host[:port][/path] (a folder for file://), `name` may be empty.
struct Parts {
    std::string scheme;
    std::string auth;
    std::string location;
    std::string token;
    std::string name;
    std::optional<std::string> platform;

    [[nodiscard]] bool isFile() const { return scheme == "file"; }
};

Parts aliasParts(const UrlParts& url)
{
    return Parts{url.scheme, url.auth, url.testUrl(), url.token, {}, {}};
}

// A local folder is location = its parent, name = its last component (conda's step 6).
Parts localParts(const UrlParts& url)
{
    const std::string test = url.testUrl();
    const std::size_t slash = test.rfind('/');
    std::string location = slash == std::string::npos ? std::string() : test.substr(0, slash);
    if (location.empty()) {
        location = "/";
    }
    return Parts{"file", {}, location, url.token, test.substr(slash + 1), {}};
}

// Two channels are "the same" for canonical names the way conda compares them: by name, which
// is what lets a record fetched from repo.anaconda.com/pkgs/main still count as `defaults` after
// default_channels moved to a mirror. A local folder is compared as a whole, because two folders
// that happen to share a last component are not one channel.
bool sameChannelName(const Parts& a, const Parts& b)
{
    if (a.isFile() || b.isFile()) {
        return a.isFile() && b.isFile() && a.location == b.location && a.name == b.name;
    }
    return !a.name.empty() && a.name == b.name;
}

// The context turned into conda's model, once per ChannelResolver (usually a handful of entries).
struct Tables {
    Parts alias;
    std::vector<Parts> migratedAliases;
    std::vector<Parts> customChannels; // the user's custom_channels
    // custom_multichannels in name order, then "defaults" (conda iterates them in this order).
    std::vector<std::pair<std::string, std::vector<Parts>>> multichannels;
    // conda's context.custom_channels: every multichannel member, then the user's custom
    // channels, one entry per name, a later definition replacing an earlier one.
    std::vector<Parts> byName;
    // byName, longest name first: a URL belongs to the most specific configured channel.
    std::vector<Parts> byLength;
    // Name -> index of its first entry in customChannels / byName: a .condarc may configure
    // tens of thousands of custom channels, and a scan per lookup made that quadratic.
    std::unordered_map<std::string, std::size_t> customIndex;
    std::unordered_map<std::string, std::size_t> byNameIndex;
};

const Parts* findByName(const std::vector<Parts>& table,
                        const std::unordered_map<std::string, std::size_t>& index,
                        std::string_view name)
{
    const auto it = index.find(std::string(name));
    return it == index.end() ? nullptr : &table[it->second];
}

// conda's _get_channel_for_name: the longest configured name that `name` starts with, by
// stripping trailing segments ("conda-forge/label/dev" -> "conda-forge/label" -> "conda-forge").
const Parts* findByNamePrefix(const std::vector<Parts>& table,
                              const std::unordered_map<std::string, std::size_t>& index,
                              std::string_view name)
{
    while (true) {
        if (const Parts* found = findByName(table, index, name)) {
            return found;
        }
        const std::size_t slash = name.rfind('/');
        if (slash == std::string_view::npos) {
            return nullptr;
        }
        name = name.substr(0, slash);
    }
}

Parts nameUnder(const Parts& base, std::string name)
{
    return Parts{base.scheme, base.auth, base.location, base.token, std::move(name), {}};
}

bool isMultichannelName(std::string_view name, const ChannelContext& context)
{
    return name == kDefaults || context.customMultichannels.count(std::string(name)) > 0;
}

const std::vector<std::string>& multichannelMembers(std::string_view name,
                                                    const ChannelContext& context)
{
    const auto it = context.customMultichannels.find(std::string(name));
    return it != context.customMultichannels.end() ? it->second : context.defaultChannels;
}

// A configured URL (channel_alias, a custom channel's base): a scheme, or a path taken as a
// local folder.
util::Result<UrlParts> configUrl(std::string_view value, const std::string& key,
                                 const PathContext& paths)
{
    const std::string_view trimmed = util::trim(value);
    if (schemeLength(trimmed) == 0 && looksLikePath(trimmed)) {
        auto path = parsePath(trimmed, paths, key);
        if (!path) {
            return path.error();
        }
        return splitUrl(pathToFileUrl(path->location), key);
    }
    return splitUrl(stripTrailingSlashes(trimmed), key);
}

// conda's make_simple_channel for a multichannel member: a URL under the channel alias keeps the
// alias as its location, any other URL is host + path, a local folder is parent + last
// component. A bare name goes to the user's custom_channels first, then the alias (conda goes to
// the alias directly, which sends `conda-forge` in a custom multichannel past a configured
// conda-forge mirror); a multichannel name expands to its members.
util::Result<std::vector<Parts>> memberParts(std::string_view text, const ChannelContext& context,
                                             const PathContext& paths, const Tables& tables,
                                             const std::string& key, int depth)
{
    auto parsed = UnresolvedChannel::parse(text, paths);
    if (!parsed) {
        return util::Error{ErrorCode::InvalidChannel, parsed.error().detail,
                           key + ": " + parsed.error().context};
    }
    const UnresolvedChannel& member = *parsed;
    std::vector<Parts> out;
    if (member.kind == UnresolvedChannel::Kind::Name) {
        if (isMultichannelName(member.location, context)) {
            if (depth >= kMaxMultichannelDepth) {
                return fail(ErrorCode::InvalidChannel,
                            "multichannel " + util::quoted(member.location)
                                + " contains itself (or nests more than 8 deep)",
                            key);
            }
            for (const std::string& inner : multichannelMembers(member.location, context)) {
                auto expanded = memberParts(inner, context, paths, tables, key, depth + 1);
                if (!expanded) {
                    return expanded.error();
                }
                for (Parts& p : *expanded) {
                    if (member.subdir) {
                        p.platform = member.subdir;
                    }
                    out.push_back(std::move(p));
                }
            }
            return out;
        }
        const Parts* custom =
            findByNamePrefix(tables.customChannels, tables.customIndex, member.location);
        Parts p = nameUnder(custom != nullptr ? *custom : tables.alias, member.location);
        p.platform = member.subdir;
        out.push_back(std::move(p));
        return out;
    }
    auto url =
        splitUrl(member.kind == UnresolvedChannel::Kind::Path ? pathToFileUrl(member.location)
                                                              : member.location,
                 key);
    if (!url) {
        return url.error();
    }
    Parts p;
    const std::string test = url->testUrl();
    if (url->isFile() && url->host.empty()) {
        p = localParts(*url);
    } else if (!url->isFile() && isSegmentPrefix(test, tables.alias.location)) {
        p = Parts{url->scheme,
                  url->auth,
                  tables.alias.location,
                  url->token,
                  segmentRest(test, tables.alias.location),
                  {}};
    } else {
        p = Parts{url->scheme, url->auth, url->host, url->token, stripSlashes(url->path), {}};
    }
    p.platform = member.subdir;
    out.push_back(std::move(p));
    return out;
}

void addByName(std::vector<Parts>& table, std::unordered_map<std::string, std::size_t>& index,
               const Parts& parts)
{
    const auto [found, added] = index.emplace(parts.name, table.size());
    if (!added) {
        Parts& existing = table[found->second];
        existing = parts;
        existing.platform.reset();
        return;
    }
    table.push_back(parts);
    table.back().platform.reset();
}

util::Result<Tables> buildTables(const ChannelContext& context, const PathContext& paths)
{
    Tables tables;
    auto alias = configUrl(context.channelAlias, "channel_alias", paths);
    if (!alias) {
        return alias.error();
    }
    tables.alias = aliasParts(*alias);
    for (const std::string& migrated : context.migratedChannelAliases) {
        auto url = configUrl(migrated, "migrated_channel_aliases", paths);
        if (!url) {
            return url.error();
        }
        tables.migratedAliases.push_back(aliasParts(*url));
    }
    for (const auto& [name, base] : context.customChannels) {
        const std::string key = "custom_channels[" + util::quoted(name) + "]";
        auto parsedName = parseName(util::trim(name), key);
        if (!parsedName || parsedName->subdir || parsedName->location.empty()) {
            return fail(ErrorCode::InvalidChannel, util::quoted(name) + " is not a channel name",
                        key);
        }
        auto url = configUrl(base, key, paths);
        if (!url) {
            return url.error();
        }
        Parts p = aliasParts(*url);
        p.name = parsedName->location;
        tables.customIndex.emplace(p.name, tables.customChannels.size());
        tables.customChannels.push_back(std::move(p));
    }

    std::vector<std::string> order;
    for (const auto& entry : context.customMultichannels) {
        if (entry.first != kDefaults) {
            order.push_back(entry.first);
        }
    }
    order.emplace_back(kDefaults);
    for (const std::string& multiname : order) {
        const std::string key = context.customMultichannels.count(multiname) > 0
                                    ? "custom_multichannels[" + util::quoted(multiname) + "]"
                                    : std::string("default_channels");
        std::vector<Parts> members;
        for (const std::string& text : multichannelMembers(multiname, context)) {
            auto expanded = memberParts(text, context, paths, tables, key, 1);
            if (!expanded) {
                return expanded.error();
            }
            members.insert(members.end(), expanded->begin(), expanded->end());
        }
        tables.multichannels.emplace_back(multiname, std::move(members));
    }

    for (const auto& entry : tables.multichannels) {
        for (const Parts& member : entry.second) {
            addByName(tables.byName, tables.byNameIndex, member);
        }
    }
    for (const Parts& custom : tables.customChannels) {
        addByName(tables.byName, tables.byNameIndex, custom);
    }
    tables.byLength = tables.byName;
    std::stable_sort(tables.byLength.begin(), tables.byLength.end(),
                     [](const Parts& a, const Parts& b) { return a.name.size() > b.name.size(); });

    for (const auto& [prefix, mirrorList] : context.mirrors) {
        const std::string key = "mirrors[" + util::quoted(maskSecrets(prefix)) + "]";
        auto url = splitUrl(stripTrailingSlashes(util::trim(prefix)), key);
        if (!url) {
            return url.error();
        }
        for (const std::string& mirror : mirrorList) {
            auto mirrorUrl = splitUrl(stripTrailingSlashes(util::trim(mirror)), key);
            if (!mirrorUrl) {
                return mirrorUrl.error();
            }
        }
    }
    return tables;
}

// conda's _read_channel_configuration: which configured channel a URL belongs to.
Parts partsForUrl(const UrlParts& url, const Tables& tables)
{
    const std::string test = url.testUrl();
    auto withTypedCredentials = [&url](Parts p) {
        // Credentials typed in the URL win over configured ones (conda: `auth or
        // configured_auth`, `token or configured_token`).
        if (!url.auth.empty()) {
            p.auth = url.auth;
        }
        if (!url.token.empty()) {
            p.token = url.token;
        }
        return p;
    };
    // Step 1: no path, the server itself is the channel.
    if (url.path.empty()) {
        return Parts{url.scheme, url.auth, url.host, url.token, {}, {}};
    }
    if (!url.isFile()) {
        // Step 3: a former alias means the current alias, with its scheme and credentials.
        for (const Parts& migrated : tables.migratedAliases) {
            if (isSegmentPrefix(test, migrated.location)) {
                return withTypedCredentials(
                    nameUnder(tables.alias, segmentRest(test, migrated.location)));
            }
        }
    }
    // Step 4: under a custom channel or a multichannel member, the longest name first.
    for (const Parts& entry : tables.byLength) {
        if (entry.isFile() != url.isFile()) {
            continue;
        }
        const std::string base = joinUrl({entry.location, entry.name});
        // conda compares with zip(), which stops at the shorter list and so lets
        // "repo.anaconda.com/pkgs" match "repo.anaconda.com/pkgs/main"; we require the whole
        // configured URL.
        if (isSegmentPrefix(test, base)) {
            Parts p =
                nameUnder(entry, stripSlashes(joinUrl({entry.name, segmentRest(test, base)})));
            p.scheme = url.scheme;
            return withTypedCredentials(std::move(p));
        }
    }
    // Step 5: under the channel alias.
    if (!url.isFile() && !tables.alias.isFile() && isSegmentPrefix(test, tables.alias.location)) {
        Parts p = nameUnder(tables.alias, segmentRest(test, tables.alias.location));
        p.scheme = url.scheme;
        return withTypedCredentials(std::move(p));
    }
    // Step 6: a local folder.
    if (url.isFile() && url.host.empty()) {
        return localParts(url);
    }
    // Step 7: host as location, path as name; a leading /conda stays with the host (Anaconda
    // Enterprise serves channels under /conda).
    std::string location = url.host;
    std::string name = stripSlashes(url.path);
    if (name == "conda" || util::startsWith(name, "conda/")) {
        location += "/conda";
        name = stripSlashes(std::string_view(name).substr(5));
    }
    return Parts{url.scheme, url.auth, location, url.token, name, {}};
}

// conda's Channel.canonical_name.
std::string canonicalNameOf(const Parts& parts, const Tables& tables)
{
    for (const auto& [multiname, members] : tables.multichannels) {
        for (const Parts& member : members) {
            if (sameChannelName(parts, member)) {
                return multiname;
            }
        }
    }
    if (!parts.name.empty()) {
        for (const Parts& entry : tables.byName) {
            const bool sameKind = parts.isFile() == entry.isFile()
                                  && (!parts.isFile() || parts.location == entry.location);
            if (sameKind && isSegmentPrefix(parts.name, entry.name)) {
                return parts.name;
            }
        }
        if (!parts.isFile()) {
            if (parts.location == tables.alias.location) {
                return parts.name;
            }
            for (const Parts& migrated : tables.migratedAliases) {
                if (parts.location == migrated.location) {
                    return parts.name;
                }
            }
        }
    }
    return parts.scheme + "://" + joinUrl({parts.location, parts.name});
}

std::vector<std::string> mirrorBaseUrlsFor(const std::string& plainBase, const std::string& baseUrl,
                                           const ChannelContext& context)
{
    const std::pair<std::string, std::vector<std::string>>* best = nullptr;
    std::size_t bestLength = 0;
    for (const auto& entry : context.mirrors) {
        const std::string prefix = stripTrailingSlashes(util::trim(entry.first));
        if (isSegmentPrefix(plainBase, prefix) && (best == nullptr || prefix.size() > bestLength)) {
            best = &entry;
            bestLength = prefix.size();
        }
    }
    std::vector<std::string> out;
    if (best != nullptr) {
        const std::string rest = plainBase.substr(bestLength);
        for (const std::string& mirror : best->second) {
            std::string url = stripTrailingSlashes(util::trim(mirror)) + rest;
            // A mirror that is the channel itself (pixi's way to exempt a sub-path) is the base
            // URL, which comes last anyway.
            if (url != plainBase && url != baseUrl
                && std::find(out.begin(), out.end(), url) == out.end()) {
                out.push_back(std::move(url));
            }
        }
    }
    out.push_back(baseUrl);
    return out;
}

Channel toChannel(const Parts& parts, const Tables& tables, const ChannelContext& context,
                  const std::optional<std::string>& canonicalOverride)
{
    Channel channel;
    channel.name = parts.name;
    channel.canonicalName = canonicalOverride ? *canonicalOverride : canonicalNameOf(parts, tables);
    const std::string tokenPiece = parts.token.empty() ? std::string() : "t/" + parts.token;
    channel.baseUrl = parts.scheme + "://" + (parts.auth.empty() ? "" : parts.auth + "@")
                      + joinUrl({parts.location, tokenPiece, parts.name});
    if (parts.platform) {
        channel.platforms.push_back(*parts.platform);
        if (*parts.platform != kNoarch) {
            channel.platforms.emplace_back(kNoarch);
        }
    } else {
        channel.platforms = context.platforms;
    }
    const std::string plainBase = parts.scheme + "://" + joinUrl({parts.location, parts.name});
    channel.mirrorBaseUrls = mirrorBaseUrlsFor(plainBase, channel.baseUrl, context);
    return channel;
}

std::string describeTyped(std::string_view text)
{
    return "channel " + util::quoted(maskSecrets(text));
}

} // namespace

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

util::Result<void> validate(const ChannelContext& context)
{
    auto resolver = ChannelResolver::create(context);
    if (!resolver) {
        return resolver.error();
    }
    return util::Ok{};
}

std::string Channel::platformUrl(std::string_view platform, bool withToken) const
{
    std::string base = withToken ? baseUrl : stripCredentials(baseUrl);
    base += '/';
    base += platform;
    return base;
}

std::vector<std::string> Channel::urls(bool withToken) const
{
    std::vector<std::string> out;
    out.reserve(platforms.size());
    for (const std::string& platform : platforms) {
        out.push_back(platformUrl(platform, withToken));
    }
    return out;
}

std::optional<std::string> Channel::token() const
{
    const std::size_t sep = baseUrl.find("://");
    if (sep == std::string::npos) {
        return std::nullopt;
    }
    const std::size_t pathStart = std::min(baseUrl.find('/', sep + 3), baseUrl.size());
    const std::string_view path = std::string_view(baseUrl).substr(pathStart);
    const auto segment = findTokenSegment(path);
    if (!segment) {
        return std::nullopt;
    }
    return std::string(path.substr(segment->first + 3, segment->second - 3));
}

bool Channel::isLocal() const
{
    return util::startsWith(baseUrl, "file://");
}

struct ChannelResolver::Impl {
    ChannelContext context;
    Tables tables;
};

ChannelResolver::ChannelResolver(std::shared_ptr<const Impl> impl)
    : m_impl(std::move(impl))
{
}

util::Result<ChannelResolver> ChannelResolver::create(ChannelContext context)
{
    auto tables = buildTables(context, context.paths);
    if (!tables) {
        return tables.error();
    }
    return ChannelResolver(
        std::make_shared<const Impl>(Impl{std::move(context), std::move(*tables)}));
}

const ChannelContext& ChannelResolver::context() const
{
    return m_impl->context;
}

util::Result<std::vector<Channel>> ChannelResolver::resolve(const UnresolvedChannel& channel) const
{
    const Tables& tables = m_impl->tables;
    const ChannelContext& context = m_impl->context;
    std::vector<Channel> out;
    switch (channel.kind) {
    case UnresolvedChannel::Kind::Name: {
        // The struct is public: a hand-made one gets the same checks as a parsed one.
        auto checked = parseName(channel.location, describeTyped(channel.str()));
        if (!checked) {
            return checked.error();
        }
        for (const auto& [multiname, members] : tables.multichannels) {
            if (multiname != channel.location) {
                continue;
            }
            // conda's MultiChannel: a typed subdir applies to every member, and every member
            // prints as the multichannel it was asked for.
            for (Parts member : members) {
                if (channel.subdir) {
                    member.platform = channel.subdir;
                }
                out.push_back(toChannel(member, tables, context, multiname));
            }
            return out;
        }
        const Parts* configured =
            findByNamePrefix(tables.byName, tables.byNameIndex, channel.location);
        Parts parts =
            nameUnder(configured != nullptr ? *configured : tables.alias, channel.location);
        parts.platform = channel.subdir;
        out.push_back(toChannel(parts, tables, context, std::nullopt));
        return out;
    }
    case UnresolvedChannel::Kind::Url:
    case UnresolvedChannel::Kind::Path: {
        const std::string what = describeTyped(channel.str());
        if (channel.kind == UnresolvedChannel::Kind::Path && channel.location.empty()) {
            return fail(ErrorCode::InvalidChannel, "empty path", what);
        }
        auto url =
            splitUrl(channel.kind == UnresolvedChannel::Kind::Path ? pathToFileUrl(channel.location)
                                                                   : channel.location,
                     what);
        if (!url) {
            return url.error();
        }
        Parts parts = partsForUrl(*url, tables);
        parts.platform = channel.subdir;
        out.push_back(toChannel(parts, tables, context, std::nullopt));
        return out;
    }
    }
    return fail(ErrorCode::Internal, "unknown channel kind");
}

util::Result<std::vector<Channel>> ChannelResolver::resolve(std::string_view typed) const
{
    auto parsed = UnresolvedChannel::parse(typed, m_impl->context.paths);
    if (!parsed) {
        return parsed.error();
    }
    return resolve(*parsed);
}

std::string ChannelResolver::canonicalName(const UnresolvedChannel& channel) const
{
    if (channel.kind == UnresolvedChannel::Kind::Name
        && isMultichannelName(channel.location, m_impl->context)) {
        return channel.location;
    }
    auto resolved = resolve(channel);
    if (!resolved || resolved->empty()) {
        return channel.str();
    }
    return resolved->front().canonicalName;
}

util::Result<std::vector<Channel>> resolve(const UnresolvedChannel& channel,
                                           const ChannelContext& context)
{
    auto resolver = ChannelResolver::create(context);
    if (!resolver) {
        return resolver.error();
    }
    return resolver->resolve(channel);
}

util::Result<std::vector<Channel>> resolve(std::string_view typed, const ChannelContext& context)
{
    auto parsed = UnresolvedChannel::parse(typed, context.paths);
    if (!parsed) {
        return parsed.error();
    }
    return resolve(*parsed, context);
}

std::string canonicalName(const UnresolvedChannel& channel, const ChannelContext& context)
{
    if (channel.kind == UnresolvedChannel::Kind::Name
        && isMultichannelName(channel.location, context)) {
        return channel.location;
    }
    auto resolver = ChannelResolver::create(context);
    if (!resolver) {
        return channel.str();
    }
    return resolver->canonicalName(channel);
}

} // namespace envdesk::specs
