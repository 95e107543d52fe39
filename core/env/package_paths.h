#pragma once

#include "core/util/result.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace envdesk::env {

// One file of an extracted package, as `info/paths.json` describes it (or, for old packages,
// `info/files`, `info/has_prefix` and `info/no_link`).
struct PackagePath {
    // PycFile: never in a package; what compiling a noarch: python module leaves in the prefix.
    enum class Type { HardLink, SoftLink, Directory, PycFile };
    enum class FileMode { Text, Binary };

    std::string path; // relative to the package root and to the prefix
    Type type = Type::HardLink;
    std::optional<std::string> prefixPlaceholder; // the build prefix written inside the file
    FileMode fileMode = FileMode::Text;           // how the placeholder is replaced
    bool noLink = false;                          // always copied, never hard-linked
    std::string sha256;                           // when paths.json gives it
    std::uint64_t size = 0;

    bool operator==(const PackagePath&) const = default;
};

// Reads the file list of the extracted package at `packageDir`. A path that is absolute or
// climbs out with `..` is an error naming the file: a package may only write inside the prefix.
[[nodiscard]] util::Result<std::vector<PackagePath>>
readPackagePaths(const std::string& packageDir);

} // namespace envdesk::env
