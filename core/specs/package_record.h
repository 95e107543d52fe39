#pragma once

#include "core/util/result.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace envdesk::specs {

// One package build as a channel's repodata describes it, plus where it came from.
struct PackageRecord {
    std::string name;
    std::string version; // as written in the repodata
    std::string build;
    std::uint64_t buildNumber = 0;
    // The channel's canonical name ("conda-forge", "defaults", or a URL for a channel outside
    // the channel alias); a conda-meta record may hold a full URL instead.
    std::string channel;
    std::string subdir;
    std::string fn;  // file name: name-version-build.conda or .tar.bz2
    std::string url; // where the archive is fetched from
    std::string md5;
    std::string sha256;
    std::vector<std::string> depends;
    std::vector<std::string> constrains;
    std::vector<std::string> trackFeatures;
    std::vector<std::string> features;
    std::string license;
    std::string licenseFamily;
    std::string noarch; // "", "python" or "generic"
    std::uint64_t timestamp =
        0; // milliseconds since the epoch (seconds in old repodata are scaled)
    std::uint64_t size = 0;

    // `name-version-build`, conda's dist name.
    [[nodiscard]] std::string distName() const;
    // A distribution pip installed, as conda list shows it (env::listedPackages): channel and
    // subdir "pypi". Not conda's to change.
    [[nodiscard]] bool installedByPip() const { return channel == "pypi" && subdir == "pypi"; }
    // `channel::name-version-build`, as conda's history and error messages write a package.
    [[nodiscard]] std::string str() const;

    bool operator==(const PackageRecord&) const = default;
};

// The parts of an archive file name `name-version-build.conda|.tar.bz2`.
struct DistFileName {
    std::string name;
    std::string version;
    std::string build;
    std::string extension; // ".conda" or ".tar.bz2"
};

// Splits an archive file name (or a bare `name-version-build`); names may contain dashes,
// versions and builds may not.
[[nodiscard]] util::Result<DistFileName> parseDistFileName(std::string_view fileName);
// True for names ending in `.conda` or `.tar.bz2`.
[[nodiscard]] bool isPackageFileName(std::string_view fileName);

// `track_features`/`features` arrive as one string separated by spaces or commas, or as a list.
[[nodiscard]] std::vector<std::string> splitFeatures(std::string_view text);

} // namespace envdesk::specs
