#include "core/env/conda_meta.h"

#include "core/specs/channel.h"
#include "core/specs/record_json.h"
#include "core/util/strings.h"

#include <nlohmann/json.hpp>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>

namespace envdesk::env {

namespace fs = std::filesystem;
using util::ErrorCode;
using util::fail;

namespace {

util::Result<void> writeAtomically(const fs::path& path, const std::string& content)
{
    const fs::path temporary = path.string() + ".tmp";
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        out << content;
        out.flush();
        if (!out) {
            std::error_code ignored;
            fs::remove(temporary, ignored);
            return fail(ErrorCode::IoError,
                        std::string("cannot write (") + std::strerror(errno) + ")",
                        temporary.string());
        }
    }
    std::error_code ec;
    fs::rename(temporary, path, ec);
    if (ec) {
        return fail(ErrorCode::IoError, "cannot replace: " + ec.message(), path.string());
    }
    return {};
}

const char* pathType(PackagePath::Type type)
{
    switch (type) {
    case PackagePath::Type::SoftLink:
        return "softlink";
    case PackagePath::Type::Directory:
        return "directory";
    case PackagePath::Type::PycFile:
        return "pyc_file";
    case PackagePath::Type::HardLink:
        break;
    }
    return "hardlink";
}

// conda's LinkType: 1 hard link, 2 soft link, 3 copy. A package's link type is how most of it
// was placed.
int linkType(const LinkResult& linked)
{
    std::size_t hard = 0;
    std::size_t copied = 0;
    for (const auto& file : linked.files) {
        hard += file.how == LinkedFile::How::HardLinked ? 1 : 0;
        copied += file.how == LinkedFile::How::Copied ? 1 : 0;
    }
    return hard >= copied ? 1 : 3;
}

// conda-meta/<name-version-build>.json must stay in conda-meta whatever a channel wrote.
util::Result<fs::path> recordFile(const std::string& prefix, const specs::PackageRecord& record)
{
    const std::string file = record.distName() + ".json";
    if (!util::isSafePathComponent(record.name) || !util::isSafePathComponent(record.version)
        || !util::isSafePathComponent(file)) {
        return fail(ErrorCode::InvalidRecord,
                    "record refused: " + util::quoted(record.distName())
                        + " is not a plain file name (a slash, '..' or a control character "
                          "would put its conda-meta file outside the environment)",
                    "channel " + specs::maskSecrets(record.channel) + ", record "
                        + specs::maskSecrets(record.url.empty() ? record.fn : record.url));
    }
    return fs::path(prefix) / "conda-meta" / file;
}

// `conda-forge/linux-64::numpy-1.26.4-py312_0`, the dist form of conda's history; a URL channel
// without its credentials, as conda's canonical channel name.
std::string historyDist(const specs::PackageRecord& record)
{
    std::string channel = specs::stripCredentials(record.channel);
    if (!channel.empty() && !record.subdir.empty()
        && !util::endsWith(channel, "/" + record.subdir)) {
        channel += "/" + record.subdir;
    }
    return (channel.empty() ? std::string() : channel + "::") + record.distName();
}

} // namespace

util::Result<void> writeInstalledRecord(const std::string& prefix, const InstalledPackage& package)
{
    const auto& r = package.record;
    auto target = recordFile(prefix, r);
    if (!target) {
        return target.error();
    }
    // The record as the package cache stores it; conda-meta writes these fields even empty.
    nlohmann::json json = specs::recordJson(r, specs::RecordShape::Stored);
    json["fn"] = r.fn;
    json["track_features"] = util::join(r.trackFeatures, " ");
    json["features"] = util::join(r.features, " ");
    json["license"] = r.license;
    json["timestamp"] = r.timestamp;
    json["requested_spec"] = specs::stripCredentials(package.requestedSpec);
    json["extracted_package_dir"] = package.extractedPackageDir;
    json["package_tarball_full_path"] = package.tarballPath;
    json["link"] = {{"source", package.extractedPackageDir}, {"type", linkType(package.linked)}};
    nlohmann::json files = nlohmann::json::array();
    nlohmann::json paths = nlohmann::json::array();
    for (const auto& file : package.linked.files) {
        if (file.type == PackagePath::Type::Directory) {
            continue;
        }
        files.push_back(file.path);
        nlohmann::json entry = {{"_path", file.path}, {"path_type", pathType(file.type)}};
        if (file.prefixPlaceholder) {
            entry["prefix_placeholder"] = *file.prefixPlaceholder;
            entry["file_mode"] = file.fileMode == PackagePath::FileMode::Binary ? "binary" : "text";
        }
        if (file.noLink) {
            entry["no_link"] = true;
        }
        // conda's check for altered files (`conda doctor`, verify) reads these.
        if (!file.sha256.empty()) {
            entry["sha256"] = file.sha256;
            entry["size_in_bytes"] = file.size;
        }
        if (!file.sha256InPrefix.empty()) {
            entry["sha256_in_prefix"] = file.sha256InPrefix;
        }
        paths.push_back(std::move(entry));
    }
    json["files"] = std::move(files);
    json["paths_data"] = {{"paths", std::move(paths)}, {"paths_version", 1}};

    const fs::path metaDir = fs::path(prefix) / "conda-meta";
    std::error_code ec;
    fs::create_directories(metaDir, ec);
    if (ec) {
        return fail(ErrorCode::IoError, "cannot create conda-meta: " + ec.message(),
                    metaDir.string());
    }
    return writeAtomically(*target, json.dump(2) + "\n");
}

util::Result<void> removeInstalledRecord(const std::string& prefix,
                                         const specs::PackageRecord& record)
{
    auto file = recordFile(prefix, record);
    if (!file) {
        return file.error();
    }
    const fs::path& path = *file;
    std::error_code ec;
    fs::remove(path, ec);
    if (ec) {
        return fail(ErrorCode::IoError, "cannot remove: " + ec.message(), path.string());
    }
    return {};
}

util::Result<void> appendHistory(const std::string& prefix, const HistoryEntry& entry)
{
    const std::time_t when =
        entry.unixTime != 0 ? static_cast<std::time_t>(entry.unixTime) : std::time(nullptr);
    std::tm local{};
    localtime_r(&when, &local);
    char stamp[32];
    std::strftime(stamp, sizeof stamp, "%Y-%m-%d %H:%M:%S", &local);

    std::string block = "==> " + std::string(stamp) + " <==\n";
    // The command line is for people to read: secrets masked as conda prints them (/t/<TOKEN>/).
    block += "# cmd: " + specs::maskSecrets(entry.command) + "\n";
    for (const auto& record : entry.unlinked) {
        block += "-" + historyDist(record) + "\n";
    }
    for (const auto& record : entry.linked) {
        block += "+" + historyDist(record) + "\n";
    }
    if (!entry.specs.empty()) {
        nlohmann::json list = nlohmann::json::array();
        for (const auto& spec : entry.specs) {
            list.push_back(specs::stripCredentials(spec));
        }
        block += std::string(entry.kind == HistoryEntry::Kind::Remove ? "# remove specs: "
                                                                      : "# update specs: ")
                 + list.dump() + "\n";
    }
    const fs::path metaDir = fs::path(prefix) / "conda-meta";
    std::error_code ec;
    fs::create_directories(metaDir, ec);
    std::ofstream out(metaDir / "history", std::ios::binary | std::ios::app);
    out << block;
    out.flush();
    if (!out) {
        return fail(ErrorCode::IoError, std::string("cannot append (") + std::strerror(errno) + ")",
                    (metaDir / "history").string());
    }
    return {};
}

} // namespace envdesk::env
