#pragma once

#include "core/envfile/locked_package.h"
#include "core/util/result.h"

#include <string>
#include <string_view>
#include <utility>
#include <vector>

// conda-lock's unified lock file (`conda-lock.yml`, `version: 1`, written alike by conda-lock 1.x
// to 3.x): metadata plus one `package` entry per package and platform. Read with the rules of
// conda-lock's own model and of micromamba's env_lockfile reader, which installs from it.
namespace envdesk::envfile {

struct CondaLock {
    int version = 1;
    std::vector<std::string> platforms;
    std::vector<std::string> channels; // metadata.channels[].url as written
    std::vector<std::pair<std::string, std::string>> contentHash; // platform -> hash
    std::vector<std::string> sources;
    std::vector<LockedPackage> packages;
    // What was read but looks wrong without making the file unusable (no metadata, a package
    // for a platform that metadata does not list, a conda URL without a build in its name).
    std::vector<std::string> warnings;

    bool operator==(const CondaLock&) const = default;
};

// ParseError, context "path:line:column", for a missing `version` or one other than 1, a package
// without name, version, manager ("conda" or "pip"), platform, url or hash (a conda package needs
// an md5 or a sha256; a pip package's hash may be a git commit and is taken as written), a
// malformed conda md5 or sha256, and values of the wrong type. `category` defaults to
// "main" and `optional` to false, as micromamba reads them. For conda packages the build, channel
// and subdir come from the URL.
[[nodiscard]] util::Result<CondaLock> parseCondaLock(std::string_view text,
                                                     const std::string& path);
[[nodiscard]] util::Result<CondaLock> readCondaLock(const std::string& path);

// conda-lock's own layout: version, metadata (content_hash, channels with `used_env_vars: []`,
// platforms, sources), then package entries (name, version, manager, platform, dependencies,
// url, hash, category, optional). Scalars that YAML would read as something other than a string
// ("0.1", "true", "2024-01-01") are quoted, so conda-lock itself reads the versions back intact.
// Channel and package URLs are written without credentials (specs::stripCredentials).
[[nodiscard]] std::string formatCondaLock(const CondaLock& lock);

} // namespace envdesk::envfile
