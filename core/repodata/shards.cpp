#include "core/repodata/shards.h"

#include "core/specs/channel.h"
#include "core/util/strings.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <vector>

namespace envdesk::repodata {

using json = nlohmann::json;
using util::ErrorCode;
using util::fail;

namespace {

constexpr char kHexDigits[] = "0123456789abcdef";

std::string hexOf(const std::vector<std::uint8_t>& bytes)
{
    std::string hex;
    hex.reserve(bytes.size() * 2);
    for (const auto byte : bytes) {
        hex.push_back(kHexDigits[byte >> 4]);
        hex.push_back(kHexDigits[byte & 0xf]);
    }
    return hex;
}

bool isLowerHex(std::string_view text)
{
    for (const char c : text) {
        if (!util::isDigit(c) && (c < 'a' || c > 'f')) {
            return false;
        }
    }
    return true;
}

// A SHA-256 as the index holds it: 32 bytes (CEP 16), or 64 hex digits (some writers). Empty
// when it is neither.
std::string digestOf(const json& value)
{
    if (value.is_binary() && value.get_binary().size() == 32) {
        return hexOf(value.get_binary());
    }
    if (value.is_string()) {
        std::string hex = util::toLower(value.get<std::string>());
        if (hex.size() == 64 && isLowerHex(hex)) {
            return hex;
        }
    }
    return {};
}

// How deep a shard or an index may nest: theirs is 4 (index -> shards -> record -> depends).
constexpr std::size_t kMaxMsgpackDepth = 32;

std::uint64_t bigEndian(std::string_view bytes, std::size_t pos, std::size_t width)
{
    std::uint64_t value = 0;
    for (std::size_t i = 0; i < width; ++i) {
        value = (value << 8) | static_cast<unsigned char>(bytes[pos + i]);
    }
    return value;
}

// Walks msgpack without recursion and says why it will not be read: nlohmann's reader recurses
// once per nesting level, so a few hundred compressed bytes of arrays inside arrays would
// exhaust the stack; and a container may not claim more elements than bytes remain.
std::optional<std::string> unreadableMsgpack(std::string_view bytes)
{
    std::vector<std::uint64_t> open{1}; // values still to read, per open container (the root)
    std::size_t pos = 0;
    const auto left = [&] { return static_cast<std::uint64_t>(bytes.size() - pos); };
    while (!open.empty()) {
        if (open.back() == 0) {
            open.pop_back();
            continue;
        }
        --open.back();
        if (left() == 0) {
            return "it ends early";
        }
        const auto type = static_cast<unsigned char>(bytes[pos++]);
        std::uint64_t skip = 0;
        std::uint64_t children = 0;
        // A length field of `width` bytes: read it (checked), then `extra` bytes follow it.
        const auto lengthOf = [&](std::size_t width) -> std::optional<std::uint64_t> {
            if (left() < width) {
                return std::nullopt;
            }
            const auto value = bigEndian(bytes, pos, width);
            pos += width;
            return value;
        };
        std::optional<std::uint64_t> length = 0;
        if (type <= 0x7f || type >= 0xe0 || type == 0xc0 || type == 0xc2 || type == 0xc3) {
            // a fixint, nil or a boolean: nothing follows
        } else if (type <= 0x8f) {
            children = 2 * (type & 0x0fu);
        } else if (type <= 0x9f) {
            children = type & 0x0fu;
        } else if (type <= 0xbf) {
            skip = type & 0x1fu;
        } else {
            switch (type) {
            case 0xc4:
            case 0xd9:
                length = lengthOf(1);
                skip = length.value_or(0);
                break;
            case 0xc5:
            case 0xda:
                length = lengthOf(2);
                skip = length.value_or(0);
                break;
            case 0xc6:
            case 0xdb:
                length = lengthOf(4);
                skip = length.value_or(0);
                break;
            case 0xc7:
                length = lengthOf(1);
                skip = length.value_or(0) + 1;
                break;
            case 0xc8:
                length = lengthOf(2);
                skip = length.value_or(0) + 1;
                break;
            case 0xc9:
                length = lengthOf(4);
                skip = length.value_or(0) + 1;
                break;
            case 0xca:
            case 0xce:
            case 0xd2:
                skip = 4;
                break;
            case 0xcb:
            case 0xcf:
            case 0xd3:
                skip = 8;
                break;
            case 0xcc:
            case 0xd0:
                skip = 1;
                break;
            case 0xcd:
            case 0xd1:
                skip = 2;
                break;
            case 0xd4:
                skip = 2;
                break;
            case 0xd5:
                skip = 3;
                break;
            case 0xd6:
                skip = 5;
                break;
            case 0xd7:
                skip = 9;
                break;
            case 0xd8:
                skip = 17;
                break;
            case 0xdc:
                length = lengthOf(2);
                children = length.value_or(0);
                break;
            case 0xdd:
                length = lengthOf(4);
                children = length.value_or(0);
                break;
            case 0xde:
                length = lengthOf(2);
                children = 2 * length.value_or(0);
                break;
            case 0xdf:
                length = lengthOf(4);
                children = 2 * length.value_or(0);
                break;
            default:
                return "it holds a byte that is not msgpack";
            }
        }
        if (!length || skip > left() || children > left()) {
            return "it ends early";
        }
        pos += static_cast<std::size_t>(skip);
        if (children > 0) {
            if (open.size() > kMaxMsgpackDepth) {
                return "it nests deeper than " + std::to_string(kMaxMsgpackDepth) + " levels";
            }
            open.push_back(children);
        }
    }
    return std::nullopt;
}

// msgpack bytes as JSON, or a ParseError naming `description`. nlohmann's reader is told not to
// throw; anything that still does is caught here, so no exception leaves the module.
util::Result<json> readMsgpack(std::string_view bytes, std::string_view description,
                               std::string_view what)
{
    if (auto why = unreadableMsgpack(bytes)) {
        return fail(ErrorCode::ParseError, std::string(what) + " is not valid msgpack: " + *why,
                    std::string(description));
    }
    json value;
    try {
        value = json::from_msgpack(bytes.begin(), bytes.end(), true, false);
    } catch (const std::exception& error) {
        return fail(ErrorCode::ParseError,
                    std::string(what) + " is not valid msgpack: " + error.what(),
                    std::string(description));
    }
    if (value.is_discarded() || !value.is_object()) {
        return fail(ErrorCode::ParseError,
                    std::string(what) + " is not valid msgpack, or not a map at its top",
                    std::string(description));
    }
    return value;
}

struct SplitUrl {
    std::string origin; // "scheme://authority", or "file://"
    std::string path;   // from the first '/' after the authority
};

SplitUrl splitUrl(std::string_view url)
{
    const auto scheme = url.find("://");
    if (scheme == std::string_view::npos) {
        return {{}, std::string(url)};
    }
    const auto pathStart = url.find('/', scheme + 3);
    if (pathStart == std::string_view::npos) {
        return {std::string(url), "/"};
    }
    return {std::string(url.substr(0, pathStart)), std::string(url.substr(pathStart))};
}

// RFC 3986's remove_dot_segments, never climbing above the root.
std::string removeDotSegments(std::string_view path)
{
    std::vector<std::string_view> segments;
    std::size_t start = 1; // after the leading '/'
    while (start <= path.size()) {
        const auto end = std::min(path.find('/', start), path.size());
        const auto segment = path.substr(start, end - start);
        if (segment == "..") {
            if (!segments.empty()) {
                segments.pop_back();
            }
        } else if (segment != "." && !(segment.empty() && end < path.size())) {
            segments.push_back(segment);
        }
        start = end + 1;
    }
    std::string out;
    for (const auto segment : segments) {
        out += '/';
        out += segment;
    }
    // "a/.." and "a/." name a folder: keep the trailing slash they imply.
    if (out.empty() || util::endsWith(path, "/..") || util::endsWith(path, "/.")) {
        out += '/';
    }
    return out;
}

std::string schemeOf(std::string_view url)
{
    const auto end = url.find("://");
    return end == std::string_view::npos ? std::string() : util::toLower(url.substr(0, end));
}

} // namespace

util::Result<ShardIndex> parseShardIndex(std::string_view msgpack, std::string_view description)
{
    auto root = readMsgpack(msgpack, description, "shard index");
    if (!root) {
        return root.error();
    }
    const auto bad = [&](const std::string& what) {
        return fail(ErrorCode::ParseError, "shard index: " + what, std::string(description));
    };
    ShardIndex index;
    if (const auto version = root->find("version");
        version != root->end() && (!version->is_number_integer() || version->get<int>() != 1)) {
        return bad("unsupported `version` " + version->dump() + " (this reader knows 1)");
    }
    if (const auto info = root->find("info"); info != root->end()) {
        if (!info->is_object()) {
            return bad("`info` is not a map");
        }
        for (const auto& [key, target] :
             {std::pair{"subdir", &index.subdir}, std::pair{"base_url", &index.baseUrl},
              std::pair{"shards_base_url", &index.shardsBaseUrl}}) {
            if (const auto value = info->find(key); value != info->end() && !value->is_null()) {
                if (!value->is_string()) {
                    return bad(std::string("`info.") + key + "` is not a string");
                }
                *target = value->get<std::string>();
            }
        }
    }
    const auto shards = root->find("shards");
    if (shards == root->end() || !shards->is_object()) {
        return bad("no `shards` map");
    }
    for (const auto& [name, value] : shards->items()) {
        const std::string digest = digestOf(value);
        if (!util::isSafePathComponent(name)) {
            index.refused.push_back(std::string(description) + ": shard of "
                                    + util::quoted(specs::maskSecrets(name))
                                    + " refused: the name is not one plain path component");
        } else if (digest.empty()) {
            index.refused.push_back(std::string(description) + ": shard of " + util::quoted(name)
                                    + " refused: its hash is not a SHA-256");
        } else {
            index.shards.emplace(name, digest);
        }
    }
    return index;
}

util::Result<Repodata> parseShard(std::string_view msgpack, const RepodataSource& source,
                                  std::string_view archiveBase)
{
    auto root = readMsgpack(msgpack, source.description, "shard");
    if (!root) {
        return root.error();
    }
    json document = {{"info", {{"subdir", source.subdir}}},
                     {"packages", json::object()},
                     {"packages.conda", json::object()}};
    if (!archiveBase.empty()) {
        document["info"]["base_url"] = std::string(archiveBase);
    }
    for (const char* kind : {"packages", "packages.conda"}) {
        const auto section = root->find(kind);
        if (section == root->end() || section->is_null()) {
            continue;
        }
        if (!section->is_object()) {
            return fail(ErrorCode::ParseError, std::string("shard: `") + kind + "` is not a map",
                        source.description);
        }
        json& out = document[kind];
        for (const auto& [fileName, record] : section->items()) {
            if (!record.is_object()) {
                return fail(ErrorCode::ParseError,
                            "shard: the record of " + util::quoted(fileName) + " is not a map",
                            source.description);
            }
            json converted = json::object();
            for (const auto& [key, value] : record.items()) {
                if (value.is_binary()) {
                    // md5 and sha256 as bytes (CEP 16); other binary fields are not conda's.
                    if (key == "md5" || key == "sha256") {
                        converted[key] = hexOf(value.get_binary());
                    }
                    continue;
                }
                converted[key] = value;
            }
            out[fileName] = std::move(converted);
        }
    }
    if (const auto removed = root->find("removed"); removed != root->end() && removed->is_array()) {
        document["removed"] = *removed;
    }
    // The same reader as repodata.json: one set of rules for what a record is.
    return parseRepodata(document.dump(-1, ' ', false, json::error_handler_t::replace), source);
}

util::Result<std::string> resolveIndexReference(std::string_view folderUrl,
                                                std::string_view reference,
                                                std::string_view channelRootUrl,
                                                std::string_view description)
{
    // Percent-encoded dots and slashes would be decoded by a server after this check: refused.
    const std::string lower = util::toLower(reference);
    const bool encoded = lower.find("%2e") != std::string::npos
                         || lower.find("%2f") != std::string::npos
                         || lower.find("%5c") != std::string::npos;
    std::string resolved;
    if (reference.find("://") != std::string_view::npos) {
        // Absolute: its dot segments applied too, so that `file:///srv/c/../../etc` is `/etc`.
        const SplitUrl absolute = splitUrl(reference);
        resolved = absolute.origin + removeDotSegments(absolute.path);
    } else {
        const SplitUrl folder = splitUrl(folderUrl);
        const std::string joined = !reference.empty() && reference.front() == '/'
                                       ? std::string(reference)
                                       : folder.path + std::string(reference);
        resolved = folder.origin + removeDotSegments(joined);
    }
    if (!resolved.empty() && resolved.back() != '/') {
        resolved += '/';
    }
    const std::string rootScheme = schemeOf(channelRootUrl);
    const std::string scheme = schemeOf(resolved);
    const bool remote = rootScheme == "http" || rootScheme == "https";
    bool allowed =
        !encoded && (remote ? (scheme == "http" || scheme == "https") : scheme == rootScheme);
    if (allowed && rootScheme == "file") {
        // A folder channel's index may only point inside the channel's folder.
        std::string root = splitUrl(channelRootUrl).path;
        root = removeDotSegments(root);
        if (root.back() != '/') {
            root += '/';
        }
        allowed = util::startsWith(splitUrl(resolved).path, root);
    }
    if (!allowed) {
        return fail(ErrorCode::ParseError,
                    "shard index points outside its channel: "
                        + util::quoted(specs::maskSecrets(reference)),
                    std::string(description));
    }
    return resolved;
}

} // namespace envdesk::repodata
