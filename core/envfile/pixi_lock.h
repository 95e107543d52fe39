#pragma once

#include "core/envfile/locked_package.h"
#include "core/util/result.h"

#include <string>
#include <string_view>
#include <vector>

// pixi.lock (rattler_lock's format), read only, for diffs and imports. Each environment lists,
// per platform, references ({conda: url}, {pypi: url-or-path}) into one top-level `packages` list
// that holds the details; reading resolves them, so that each environment's packages are
// complete LockedPackage values.
namespace envdesk::envfile {

struct PixiEnvironment {
    std::string name;
    std::vector<std::string> channels; // channels[].url as written
    // Per platform in the file's order, `platform` set in each. From version 7 a platform is
    // named in the top-level `platforms` list; the packages carry that entry's conda subdir.
    std::vector<LockedPackage> packages;
    std::vector<std::string> indexes; // PyPI index URLs

    bool operator==(const PixiEnvironment&) const = default;
};

struct PixiLock {
    int version = 0;
    std::vector<PixiEnvironment> environments;

    bool operator==(const PixiLock&) const = default;
};

// Versions 4 to 7 (4 and 5 tag packages with `kind:`, 6 and 7 key them by `conda:`/`pypi:`;
// 7 adds the `platforms` list and `conda_source:` packages built from source). Conda name,
// version, build and subdir come from the URL's file name where the entry leaves them out, as
// rattler derives them. ParseError, context "path:line:column", for other versions (a newer one
// is named as such), a reference to no package in `packages`, a platform that is unknown (or,
// from version 7, not in `platforms`, or named with characters other than letters, digits, '-'
// and '_'), a platform listed twice, and missing or mistyped keys.
[[nodiscard]] util::Result<PixiLock> parsePixiLock(std::string_view text, const std::string& path);
[[nodiscard]] util::Result<PixiLock> readPixiLock(const std::string& path);

} // namespace envdesk::envfile
