#pragma once

// The YAML walking the lock readers share. Private to envdesk_envfile: it names yaml-cpp's types,
// which stay out of the library's public headers.

#include "core/envfile/locked_package.h"
#include "core/util/result.h"

#include <yaml-cpp/yaml.h>

#include <exception>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace envdesk::envfile {

namespace detail {

// The whole file as text; IoError naming the path when it cannot be read.
[[nodiscard]] util::Result<std::string> readTextFile(const std::string& path);

// The YAML walking that the lock readers share: every failure is a ParseError whose context is
// "path:line:column" of the offending node and whose detail names the key and its owner
// ("package 12 has no 'version'"). Callers still wrap their walk in `catch (...)` and return
// caught(): yaml-cpp may throw on input these checks do not foresee.
class YamlSource {
public:
    explicit YamlSource(std::string path);

    [[nodiscard]] const std::string& path() const { return m_path; }
    // The first document; invalid YAML is a ParseError at yaml-cpp's mark.
    [[nodiscard]] util::Result<YAML::Node> load(std::string_view text) const;
    [[nodiscard]] std::string where(const YAML::Node& node) const; // "path:line:column"
    [[nodiscard]] int line(const YAML::Node& node) const;          // 1-based, 0 when unknown
    [[nodiscard]] util::Unexpected fail(const YAML::Node& node, std::string detail) const;
    // The ParseError for an exception caught around a walk (`catch (...)`), at yaml-cpp's mark
    // when it has one, so that nothing thrown leaves the readers.
    [[nodiscard]] util::Error caught(std::exception_ptr exception) const;

    // A scalar under `key` of the mapping `map`; absent or null is "" unless `required`.
    [[nodiscard]] util::Result<std::string> string(const YAML::Node& map, std::string_view key,
                                                   std::string_view owner,
                                                   bool required = false) const;
    // A list of scalars under `key`; absent or null is an empty list.
    [[nodiscard]] util::Result<std::vector<std::string>>
    strings(const YAML::Node& map, std::string_view key, std::string_view owner) const;
    // A mapping of scalars (a null value reads as ""); absent or null is empty.
    [[nodiscard]] util::Result<std::vector<std::pair<std::string, std::string>>>
    stringMap(const YAML::Node& map, std::string_view key, std::string_view owner) const;
    // `md5` or `sha256` under `key`, checked for length and hex digits, lower-cased.
    [[nodiscard]] util::Result<std::string> hash(const YAML::Node& map, std::string_view key,
                                                 std::string_view owner) const;
    // A whole number, or a failure naming the key.
    [[nodiscard]] util::Result<long long> integer(const YAML::Node& map, std::string_view key,
                                                  std::string_view owner) const;

private:
    [[nodiscard]] std::string position(const YAML::Mark& mark) const;

    std::string m_path;
};

} // namespace detail

} // namespace envdesk::envfile
