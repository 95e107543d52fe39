#include "core/env/python_dists.h"

#include "core/env/prefix.h"
#include "core/env/untracked.h"
#include "core/util/strings.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>

namespace envdesk::env {

namespace fs = std::filesystem;

namespace {

// Name and Version from METADATA (dist-info) or PKG-INFO (egg-info): RFC 822 headers, which end
// at the first blank line.
void readHeaders(const fs::path& file, PythonDistribution& dist)
{
    std::ifstream in(file);
    for (std::string line; std::getline(in, line);) {
        if (util::trim(line).empty()) {
            break;
        }
        if (util::startsWith(line, "Name:") && dist.name.empty()) {
            dist.name = std::string(util::trim(std::string_view(line).substr(5)));
        } else if (util::startsWith(line, "Version:") && dist.version.empty()) {
            dist.version = std::string(util::trim(std::string_view(line).substr(8)));
        }
    }
}

} // namespace

util::Result<std::vector<PythonDistribution>> pythonDistributions(const std::string& prefix)
{
    std::vector<PythonDistribution> dists;
    std::error_code ec;
    const fs::path lib = fs::path(prefix) / "lib";
    std::vector<fs::path> sitePackages;
    for (const auto& entry : fs::directory_iterator(lib, ec)) {
        const std::string name = entry.path().filename().string();
        if (util::startsWith(name, "python") && fs::is_directory(entry.path() / "site-packages")) {
            sitePackages.push_back(entry.path() / "site-packages");
        }
    }
    if (sitePackages.empty()) {
        return dists;
    }
    // What conda-meta lists is conda's; everything else in the prefix is untracked.
    auto untracked = untrackedFiles(prefix);
    if (!untracked) {
        return untracked.error();
    }
    const std::set<std::string> notConda(untracked->begin(), untracked->end());
    for (const auto& site : sitePackages) {
        for (const auto& entry : fs::directory_iterator(site, ec)) {
            const std::string name = entry.path().filename().string();
            const bool distInfo = util::endsWith(name, ".dist-info");
            const bool eggInfo = util::endsWith(name, ".egg-info");
            if (!distInfo && !eggInfo) {
                continue;
            }
            PythonDistribution dist;
            dist.path = fs::path(entry.path()).lexically_relative(prefix).generic_string();
            const fs::path metadata = fs::is_directory(entry.path())
                                          ? entry.path() / (distInfo ? "METADATA" : "PKG-INFO")
                                          : entry.path(); // an egg-info may be a single file
            readHeaders(metadata, dist);
            if (dist.name.empty() || dist.version.empty()) {
                continue; // not a distribution pip could name either
            }
            std::ifstream installer(entry.path() / "INSTALLER");
            std::getline(installer, dist.installer);
            dist.installer = std::string(util::trim(dist.installer));
            const std::string metadataPath =
                fs::path(metadata).lexically_relative(prefix).generic_string();
            dist.fromConda = dist.installer == "conda" || notConda.count(metadataPath) == 0;
            dists.push_back(std::move(dist));
        }
    }
    std::sort(dists.begin(), dists.end(), [](const auto& a, const auto& b) {
        return util::toLower(a.name) < util::toLower(b.name);
    });
    return dists;
}

util::Result<std::vector<specs::PackageRecord>> listedPackages(const std::string& prefix)
{
    auto records = readPrefixRecords(prefix);
    if (!records) {
        return records.error();
    }
    auto dists = pythonDistributions(prefix);
    if (!dists) {
        return dists.error();
    }
    for (const auto& dist : *dists) {
        if (dist.fromConda) {
            continue;
        }
        specs::PackageRecord record;
        record.name = util::toLower(dist.name);
        record.version = dist.version;
        record.build = "pypi_0";
        record.channel = "pypi";
        record.subdir = "pypi";
        records->push_back(std::move(record));
    }
    std::stable_sort(records->begin(), records->end(),
                     [](const specs::PackageRecord& a, const specs::PackageRecord& b) {
                         return a.name < b.name;
                     });
    return records;
}

} // namespace envdesk::env
