#include "core/envfile/locked_package.h"

#include "core/envfile/yaml_source.h"
#include "core/specs/channel.h"
#include "core/specs/package_record.h"
#include "core/util/strings.h"
#include "core/yaml/safe_load.h"

#include <yaml-cpp/yaml.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace envdesk::envfile {

namespace {

bool isHex(std::string_view text, std::size_t length)
{
    if (text.size() != length) {
        return false;
    }
    for (char c : text) {
        if (!util::isDigit(c) && !((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
            return false;
        }
    }
    return true;
}

bool isNameChar(char c)
{
    return util::isAlpha(c) || util::isDigit(c) || c == '_' || c == '.' || c == '-';
}

std::size_t lastSeparator(std::string_view path)
{
    return path.find_last_of("/\\");
}

std::string quotedKey(std::string_view key)
{
    return util::quoted(key);
}

// yaml-cpp throws when a scalar is subscripted, so every lookup goes through here.
YAML::Node child(const YAML::Node& map, std::string_view key)
{
    return map.IsMap() ? map[std::string(key)] : YAML::Node(YAML::NodeType::Undefined);
}

} // namespace

util::Result<PackageUrlParts> splitPackageUrl(std::string_view url)
{
    url = url.substr(0, url.find_first_of("#?"));
    const std::size_t separator = lastSeparator(url);
    const std::string_view fileName =
        separator == std::string_view::npos ? url : url.substr(separator + 1);
    auto dist = specs::parseDistFileName(fileName);
    if (!specs::isPackageFileName(fileName) || !dist) {
        return util::fail(util::ErrorCode::ParseError,
                          util::quoted(fileName)
                              + " is not a package file name (name-version-build.conda or "
                                ".tar.bz2)",
                          specs::maskSecrets(url));
    }
    PackageUrlParts parts;
    parts.name = std::move(dist->name);
    parts.version = std::move(dist->version);
    parts.build = std::move(dist->build);
    const std::string_view folder =
        separator == std::string_view::npos ? std::string_view{} : url.substr(0, separator);
    const std::size_t above = lastSeparator(folder);
    const std::string_view last =
        above == std::string_view::npos ? folder : folder.substr(above + 1);
    if (!last.empty() && specs::isKnownPlatform(last)) {
        parts.subdir = std::string(last);
        parts.channel =
            above == std::string_view::npos ? std::string{} : std::string(folder.substr(0, above));
    } else {
        parts.channel = std::string(folder);
    }
    return parts;
}

std::pair<std::string, std::string> splitDependency(std::string_view text)
{
    text = util::trim(text);
    std::size_t end = 0;
    while (end < text.size() && isNameChar(text[end])) {
        ++end;
    }
    return {std::string(text.substr(0, end)), std::string(util::trim(text.substr(end)))};
}

bool isMd5Hex(std::string_view text)
{
    return isHex(text, 32);
}

bool isSha256Hex(std::string_view text)
{
    return isHex(text, 64);
}

namespace detail {

util::Result<std::string> readTextFile(const std::string& path)
{
    // A folder opens as a stream on Linux and reads as empty: that is an I/O error, not an empty
    // lock file.
    std::error_code error;
    if (std::filesystem::is_directory(path, error)) {
        return util::fail(util::ErrorCode::IoError,
                          "cannot read " + util::quoted(path) + ": it is a folder", path);
    }
    std::ifstream file(path, std::ios::binary);
    if (!file) {
        return util::fail(util::ErrorCode::IoError,
                          "cannot read " + util::quoted(path) + ": " + std::strerror(errno), path);
    }
    std::ostringstream text;
    text << file.rdbuf();
    if (file.bad()) {
        return util::fail(util::ErrorCode::IoError, "cannot read " + util::quoted(path), path);
    }
    return text.str();
}

YamlSource::YamlSource(std::string path)
    : m_path(std::move(path))
{
}

util::Result<YAML::Node> YamlSource::load(std::string_view text) const
{
    return yaml::loadDocument(text, m_path);
}

std::string YamlSource::where(const YAML::Node& node) const
{
    return position(node.Mark());
}

std::string YamlSource::position(const YAML::Mark& mark) const
{
    if (mark.is_null() || mark.line < 0) {
        return m_path;
    }
    return m_path + ":" + std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1);
}

util::Error YamlSource::caught(std::exception_ptr exception) const
{
    try {
        std::rethrow_exception(std::move(exception));
    } catch (const YAML::Exception& error) {
        return {util::ErrorCode::ParseError, "invalid YAML: " + error.msg, position(error.mark)};
    } catch (const std::exception& error) {
        return {util::ErrorCode::ParseError, std::string("cannot read the file: ") + error.what(),
                m_path};
    } catch (...) {
        return {util::ErrorCode::ParseError, "cannot read the file", m_path};
    }
}

int YamlSource::line(const YAML::Node& node) const
{
    const YAML::Mark mark = node.Mark();
    return mark.is_null() || mark.line < 0 ? 0 : mark.line + 1;
}

util::Unexpected YamlSource::fail(const YAML::Node& node, std::string detail) const
{
    return util::fail(util::ErrorCode::ParseError, std::move(detail), where(node));
}

util::Result<std::string> YamlSource::string(const YAML::Node& map, std::string_view key,
                                             std::string_view owner, bool required) const
{
    const YAML::Node value = child(map, key);
    if (!value || value.IsNull()) {
        if (required) {
            return fail(map, std::string(owner) + " has no " + quotedKey(key));
        }
        return std::string{};
    }
    if (!value.IsScalar()) {
        return fail(value, quotedKey(key) + " of " + std::string(owner) + " must be a string");
    }
    return value.Scalar();
}

util::Result<std::vector<std::string>>
YamlSource::strings(const YAML::Node& map, std::string_view key, std::string_view owner) const
{
    const YAML::Node value = child(map, key);
    std::vector<std::string> out;
    if (!value || value.IsNull()) {
        return out;
    }
    if (!value.IsSequence()) {
        return fail(value, quotedKey(key) + " of " + std::string(owner) + " must be a list");
    }
    for (const YAML::Node& item : value) {
        if (!item.IsScalar()) {
            return fail(item, "the items of " + quotedKey(key) + " of " + std::string(owner)
                                  + " must be strings");
        }
        out.push_back(item.Scalar());
    }
    return out;
}

util::Result<std::vector<std::pair<std::string, std::string>>>
YamlSource::stringMap(const YAML::Node& map, std::string_view key, std::string_view owner) const
{
    const YAML::Node value = child(map, key);
    std::vector<std::pair<std::string, std::string>> out;
    if (!value || value.IsNull()) {
        return out;
    }
    if (!value.IsMap()) {
        return fail(value, quotedKey(key) + " of " + std::string(owner) + " must be a mapping");
    }
    for (const auto& entry : value) {
        if (!entry.first.IsScalar() || !(entry.second.IsScalar() || entry.second.IsNull())) {
            return fail(entry.first, "the entries of " + quotedKey(key) + " of "
                                         + std::string(owner) + " must be strings");
        }
        out.emplace_back(entry.first.Scalar(),
                         entry.second.IsNull() ? std::string{} : entry.second.Scalar());
    }
    return out;
}

util::Result<std::string> YamlSource::hash(const YAML::Node& map, std::string_view key,
                                           std::string_view owner) const
{
    auto text = string(map, key, owner);
    if (!text || text->empty()) {
        return text;
    }
    const bool md5 = key == "md5";
    if (md5 ? !isMd5Hex(*text) : !isSha256Hex(*text)) {
        return fail(child(map, key), quotedKey(key) + " of " + std::string(owner) + " must be "
                                         + (md5 ? "32" : "64") + " hex digits, not "
                                         + util::quoted(*text));
    }
    return util::toLower(*text);
}

util::Result<long long> YamlSource::integer(const YAML::Node& map, std::string_view key,
                                            std::string_view owner) const
{
    auto text = string(map, key, owner, true);
    if (!text) {
        return text.error();
    }
    std::string_view digits = *text;
    const bool negative = !digits.empty() && digits.front() == '-';
    if (negative) {
        digits.remove_prefix(1);
    }
    if (digits.empty() || digits.size() > 9 || !util::isAllDigits(digits)) {
        return fail(child(map, key), quotedKey(key) + " of " + std::string(owner)
                                         + " must be a whole number, not " + util::quoted(*text));
    }
    const long long value = std::stoll(std::string(digits));
    return negative ? -value : value;
}

} // namespace detail

} // namespace envdesk::envfile
