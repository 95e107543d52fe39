#pragma once

#include "core/util/result.h"

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace envdesk::envfile {

// One package as a lock file pins it, whichever format it was read from (explicit file,
// conda-lock, pixi.lock), so that diffs and installs need not know the format.
struct LockedPackage {
    std::string manager; // "conda" or "pip" (pixi's "pypi" is normalised to "pip")
    std::string name;
    std::string version;
    std::string build;    // conda only; from the URL's file name when the format does not give it
    std::string platform; // "linux-64", ...; "noarch" packages are listed under the platform
                          // they were locked for
    std::string url;
    std::string channel; // conda: the channel URL (url without /<subdir>/<fn>); empty for pip
    std::string subdir;  // conda: subdir from the URL
    std::string md5, sha256;
    std::vector<std::pair<std::string, std::string>> dependencies; // name -> spec, as locked
    std::string category = "main";                                 // conda-lock categories
    bool optional = false;
    int line = 0; // where it was read, for messages

    bool operator==(const LockedPackage&) const = default;
};

// What a conda package URL (or local path) says about the package.
struct PackageUrlParts {
    // The URL without `/<subdir>/<file name>`; without just the file name when the folder above
    // it is not a platform subdir.
    std::string channel;
    std::string subdir; // "" when the folder above the file is not a known platform
    std::string name;
    std::string version;
    std::string build;
};

// Splits `.../<channel>/<subdir>/<name>-<version>-<build>.conda|.tar.bz2` ('/' or '\'
// separated; a `#fragment` or `?query` is ignored). Fails when the last component is not a
// package file name.
[[nodiscard]] util::Result<PackageUrlParts> splitPackageUrl(std::string_view url);

// "numpy >=1.26" (conda depends), "six>=1.12 ; python_version<'3'" (PEP 508) -> {name, rest}: the
// name is the leading run of letters, digits, '_', '.' and '-', the rest is trimmed as written.
[[nodiscard]] std::pair<std::string, std::string> splitDependency(std::string_view text);

[[nodiscard]] bool isMd5Hex(std::string_view text);    // 32 hex digits, either case
[[nodiscard]] bool isSha256Hex(std::string_view text); // 64 hex digits, either case

} // namespace envdesk::envfile
