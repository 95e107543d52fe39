#pragma once

#include "core/archive/package_archive.h"
#include "core/util/result.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

// Writing a conda package from files held in memory, as conda-build lays one out: the payload,
// `info/index.json`, `info/paths.json` (with sha256, size and prefix placeholders), `info/files`
// and `info/has_prefix`. Used for the demo channel, the install benchmark and tests; it is not a
// recipe builder (no build step, no dependency detection).
namespace envdesk::archive {

// conda-build's classic placeholder: linking replaces it with the target prefix.
inline constexpr const char* kPrefixPlaceholder = "/opt/anaconda1anaconda2anaconda3";

struct PackageFileSpec {
    std::string path;    // relative, '/'-separated ("bin/tool", "lib/libx.so")
    std::string content; // the bytes; for a symlink, its target
    bool symlink = false;
    bool executable = false;
    // The content holds the package's placeholder, to be replaced in text mode when linked.
    bool textPrefix = false;
};

struct PackageSpec {
    std::string name;
    std::string version;
    std::string build;
    std::int64_t buildNumber = 0;
    std::string subdir = "noarch";
    std::optional<std::string> noarch; // "generic" or "python"
    std::vector<std::string> depends;
    std::vector<std::string> constrains;
    std::string license;
    // info/about.json, written when either is set: what channeldata.json and the window's
    // Description column show.
    std::string summary;
    std::string home;
    std::string placeholder = kPrefixPlaceholder;
    std::vector<PackageFileSpec> files;

    // name-version-build: the archive's file name without its extension.
    [[nodiscard]] std::string distName() const { return name + "-" + version + "-" + build; }
};

struct WriteOptions {
    PackageFormat format = PackageFormat::Conda;
    // zstd level for `.conda` (conda-package-handling writes 19, which is slow to write and
    // no faster to read), bzip2 level for `.tar.bz2`.
    int compressionLevel = 3;
};

// Writes `<directory>/<distName>.conda` (or `.tar.bz2`) and returns its path. The archive is
// written under a temporary name and renamed, so a failure never leaves a partial package
// under the final name. An invalid spec (empty name, a path that is absolute or has `..`, a
// duplicate path) is ErrorCode::InvalidRecord naming the file; a write failure is IoError.
[[nodiscard]] util::Result<std::string> writePackage(const PackageSpec& spec,
                                                     const std::string& directory,
                                                     const WriteOptions& options = {});

} // namespace envdesk::archive
