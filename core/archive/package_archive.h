#pragma once

#include "core/util/result.h"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

// Reading conda package archives. Both formats go through libarchive, which stays private to
// this target: `.conda` is a zip whose `info-*.tar.zst` member is read as a nested stream (never
// written to disk), `.tar.bz2` is one tarball read until the wanted `info/` files have passed.
namespace envdesk::archive {

enum class PackageFormat {
    Conda,  // zip holding info-*.tar.zst and pkg-*.tar.zst
    TarBz2, // one bzip2 tarball
};

// The format a package file name announces, or an error for any other name.
[[nodiscard]] util::Result<PackageFormat> packageFormatOf(std::string_view fileName);

struct MetadataOptions {
    // Also return info/about.json (absent from many packages, so its lack is not an error).
    bool withAbout = false;
    // Refuse an info/ file, or the compressed info member of a `.conda`, larger than this: a
    // hostile archive must not make the index allocate without bound.
    std::size_t maxMemberSize = std::size_t{64} << 20;
};

struct PackageMetadata {
    std::string indexJson; // the bytes of info/index.json, as stored
    std::optional<std::string> aboutJson;
};

// Reads info/index.json (and optionally info/about.json) from a `.conda` or `.tar.bz2` without
// extracting anything. A corrupt, truncated or non-package file is an error naming the file and
// what is wrong with it.
[[nodiscard]] util::Result<PackageMetadata>
readPackageMetadata(const std::string& path, const MetadataOptions& options = {});

} // namespace envdesk::archive
