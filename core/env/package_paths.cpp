#include "core/env/package_paths.h"

#include "core/util/strings.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string_view>

namespace envdesk::env {

namespace fs = std::filesystem;
using util::ErrorCode;
using util::fail;

namespace {

bool isSafeRelative(std::string_view path)
{
    if (path.empty() || path.front() == '/' || path.find('\\') != std::string_view::npos) {
        return false;
    }
    for (auto part : util::split(path, '/')) {
        if (part == "..") {
            return false;
        }
    }
    return true;
}

std::optional<std::string> readText(const fs::path& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return std::nullopt;
    }
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

std::vector<std::string> lines(const std::string& text)
{
    std::vector<std::string> out;
    for (auto line : util::split(text, '\n')) {
        line = util::trim(line);
        if (!line.empty() && line.front() != '#') {
            out.emplace_back(line);
        }
    }
    return out;
}

// A string member of a paths.json entry, `fallback` when absent or null; nullopt when it has
// another type (nlohmann's value() would throw out of the reader).
std::optional<std::string> stringMember(const nlohmann::json& entry, const char* key,
                                        std::string fallback)
{
    const auto it = entry.find(key);
    if (it == entry.end() || it->is_null()) {
        return fallback;
    }
    if (!it->is_string()) {
        return std::nullopt;
    }
    return it->get<std::string>();
}

util::Result<std::vector<PackagePath>> fromPathsJson(const std::string& text,
                                                     const std::string& file)
{
    const auto json = nlohmann::json::parse(text, nullptr, false);
    if (json.is_discarded() || !json.is_object() || !json.contains("paths")
        || !json["paths"].is_array()) {
        return fail(ErrorCode::ParseError, "not a valid paths.json", file);
    }
    std::vector<PackagePath> out;
    for (const auto& entry : json["paths"]) {
        if (!entry.is_object() || !entry.contains("_path") || !entry["_path"].is_string()) {
            return fail(ErrorCode::ParseError, "an entry lacks `_path`", file);
        }
        PackagePath path;
        path.path = entry["_path"].get<std::string>();
        const auto wrongType = [&](std::string_view key, std::string_view expected) {
            return fail(ErrorCode::ParseError,
                        "the entry of " + util::quoted(path.path) + " has a `" + std::string(key)
                            + "` that is not " + std::string(expected)
                            + "; the package is broken, rebuild or re-download it",
                        file);
        };
        const auto type = stringMember(entry, "path_type", "hardlink");
        if (!type) {
            return wrongType("path_type", "a string");
        }
        path.type = *type == "softlink"    ? PackagePath::Type::SoftLink
                    : *type == "directory" ? PackagePath::Type::Directory
                                           : PackagePath::Type::HardLink;
        if (const auto it = entry.find("prefix_placeholder"); it != entry.end() && !it->is_null()) {
            if (!it->is_string()) {
                return wrongType("prefix_placeholder", "a string");
            }
            path.prefixPlaceholder = it->get<std::string>();
        }
        const auto mode = stringMember(entry, "file_mode", "text");
        if (!mode) {
            return wrongType("file_mode", "a string");
        }
        path.fileMode =
            *mode == "binary" ? PackagePath::FileMode::Binary : PackagePath::FileMode::Text;
        if (const auto it = entry.find("no_link"); it != entry.end() && !it->is_null()) {
            if (!it->is_boolean()) {
                return wrongType("no_link", "true or false");
            }
            path.noLink = it->get<bool>();
        }
        const auto sha256 = stringMember(entry, "sha256", "");
        if (!sha256) {
            return wrongType("sha256", "a string");
        }
        path.sha256 = *sha256;
        // get<std::uint64_t>() of a negative or a float would wrap or be undefined behaviour.
        if (const auto it = entry.find("size_in_bytes"); it != entry.end() && !it->is_null()) {
            if (!it->is_number_unsigned()) {
                return wrongType("size_in_bytes", "a whole number of bytes");
            }
            path.size = it->get<std::uint64_t>();
        }
        out.push_back(std::move(path));
    }
    return out;
}

// Packages from before paths.json: `files` lists the paths; `has_prefix` lines are
// `placeholder mode path` (or just `path`, meaning the default placeholder in text mode).
util::Result<std::vector<PackagePath>> fromLegacyFiles(const fs::path& info)
{
    const auto files = readText(info / "files");
    if (!files) {
        return fail(ErrorCode::NotFound, "neither info/paths.json nor info/files exists",
                    info.parent_path().string());
    }
    std::map<std::string, std::pair<std::string, PackagePath::FileMode>> prefixed;
    if (const auto hasPrefix = readText(info / "has_prefix")) {
        for (const auto& line : lines(*hasPrefix)) {
            const auto fields = util::split(line, ' ');
            if (fields.size() >= 3) {
                const std::string path(line.substr(fields[0].size() + fields[1].size() + 2));
                prefixed[path] = {std::string(fields[0]), fields[1] == "binary"
                                                              ? PackagePath::FileMode::Binary
                                                              : PackagePath::FileMode::Text};
            } else {
                prefixed[line] = {"/opt/anaconda1anaconda2anaconda3", PackagePath::FileMode::Text};
            }
        }
    }
    std::vector<std::string> noLink;
    if (const auto text = readText(info / "no_link")) {
        noLink = lines(*text);
    }
    std::vector<PackagePath> out;
    for (const auto& line : lines(*files)) {
        PackagePath path;
        path.path = line;
        std::error_code ec;
        if (fs::is_symlink(info.parent_path() / line, ec)) {
            path.type = PackagePath::Type::SoftLink;
        }
        if (const auto found = prefixed.find(line); found != prefixed.end()) {
            path.prefixPlaceholder = found->second.first;
            path.fileMode = found->second.second;
        }
        path.noLink = std::find(noLink.begin(), noLink.end(), line) != noLink.end();
        out.push_back(std::move(path));
    }
    return out;
}

} // namespace

util::Result<std::vector<PackagePath>> readPackagePaths(const std::string& packageDir)
{
    const fs::path info = fs::path(packageDir) / "info";
    util::Result<std::vector<PackagePath>> paths = std::vector<PackagePath>{};
    if (const auto text = readText(info / "paths.json")) {
        paths = fromPathsJson(*text, (info / "paths.json").string());
    } else {
        paths = fromLegacyFiles(info);
    }
    if (!paths) {
        return paths;
    }
    for (const auto& path : *paths) {
        if (!isSafeRelative(path.path)) {
            return fail(ErrorCode::InvalidRecord,
                        "the package would write outside the prefix: " + util::quoted(path.path),
                        packageDir);
        }
    }
    return paths;
}

} // namespace envdesk::env
