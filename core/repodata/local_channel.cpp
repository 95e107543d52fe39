#include "core/repodata/local_channel.h"

#include "core/repodata/repodata_parser.h"
#include "core/specs/version.h"
#include "core/util/hash.h"
#include "core/util/strings.h"

#include <sys/stat.h>

#include <algorithm>
#include <filesystem>

namespace envdesk::repodata {

using util::ErrorCode;
using util::fail;

namespace {

int hexValue(char c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

std::string percentDecode(std::string_view text)
{
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '%' && i + 2 < text.size() && hexValue(text[i + 1]) >= 0
            && hexValue(text[i + 2]) >= 0) {
            out += static_cast<char>(hexValue(text[i + 1]) * 16 + hexValue(text[i + 2]));
            i += 2;
        } else {
            out += text[i];
        }
    }
    return out;
}

// A channel without any of `platforms`' repodata.json: named with what was looked for.
util::Error noRepodata(const std::string& folder, const std::vector<std::string>& platforms)
{
    std::string tried;
    for (const auto& platform : platforms) {
        tried += (tried.empty() ? "" : ", ") + platform + "/repodata.json";
    }
    std::vector<std::string> files;
    for (const auto& platform : platforms) {
        files.push_back(platform + "/repodata.json");
    }
    return util::because(
        util::Error{ErrorCode::NotFound,
                    "no repodata.json for any requested subdir (looked for " + tried + ")", folder},
        util::ErrorReason::NoRepodataInFolder, std::move(files));
}

} // namespace

util::Result<std::string> localChannelPath(const specs::Channel& channel)
{
    constexpr std::string_view kScheme = "file://";
    if (!util::startsWith(channel.baseUrl, kScheme)) {
        return fail(ErrorCode::InvalidChannel,
                    "not a local channel (only a folder or a file:// URL can be read here)",
                    specs::maskSecrets(channel.baseUrl));
    }
    std::string_view rest = std::string_view(channel.baseUrl).substr(kScheme.size());
    // file://localhost/path and file:///path both name /path.
    if (util::startsWith(rest, "localhost/")) {
        rest.remove_prefix(std::string_view("localhost").size());
    }
    return percentDecode(rest);
}

namespace {

// The folder of a local channel, which must exist.
util::Result<std::string> existingChannelFolder(const specs::Channel& channel)
{
    auto folder = localChannelPath(channel);
    if (!folder) {
        return folder.error();
    }
    std::error_code ec;
    if (!std::filesystem::is_directory(*folder, ec)) {
        return util::because(
            util::Error{ErrorCode::NotFound, "channel folder does not exist", *folder},
            util::ErrorReason::ChannelFolderMissing);
    }
    return folder;
}

} // namespace

util::Result<std::vector<SubdirRecords>> loadLocalChannel(const specs::Channel& channel,
                                                          const std::vector<std::string>& platforms)
{
    auto folder = existingChannelFolder(channel);
    if (!folder) {
        return folder.error();
    }
    std::error_code ec;
    std::vector<SubdirRecords> out;
    for (const auto& platform : platforms) {
        const std::string path = *folder + "/" + platform + "/repodata.json";
        if (!std::filesystem::exists(path, ec)) {
            continue;
        }
        RepodataSource source{channel.canonicalName, channel.platformUrl(platform), platform, path};
        auto repodata = loadRepodataFile(path, source);
        if (!repodata) {
            return repodata.error();
        }
        out.push_back(SubdirRecords{channel.canonicalName, platform, path,
                                    std::move(repodata->records), std::move(repodata->refused)});
    }
    if (out.empty()) {
        return noRepodata(*folder, platforms);
    }
    return out;
}

util::Result<std::vector<LocalSubdirIndex>>
indexLocalChannel(const specs::Channel& channel, const std::vector<std::string>& platforms,
                  const std::string& cacheDir, const IndexWatch& watch)
{
    auto folder = existingChannelFolder(channel);
    if (!folder) {
        return folder.error();
    }
    std::error_code ec;
    std::filesystem::create_directories(cacheDir, ec);
    std::vector<LocalSubdirIndex> out;
    for (const auto& platform : platforms) {
        const std::string path = *folder + "/" + platform + "/repodata.json";
        struct stat info {};
        if (::stat(path.c_str(), &info) != 0 || !S_ISREG(info.st_mode)) {
            continue;
        }
        const std::string subdirUrl = channel.platformUrl(platform);
        // The file's identity: a rewrite changes the size or the times (the change time too,
        // which `cp -p` or `touch -r` cannot set back), a replacement the inode.
        // The channel's name and URL are in it too, because the records carry them.
        const std::string validator =
            "local\n" + path + "\n" + std::to_string(info.st_size) + "\n"
            + std::to_string(info.st_mtim.tv_sec) + "." + std::to_string(info.st_mtim.tv_nsec)
            + "\n" + std::to_string(info.st_ctim.tv_sec) + "."
            + std::to_string(info.st_ctim.tv_nsec) + "\n" + std::to_string(info.st_ino) + "\n"
            + channel.canonicalName + "\n" + subdirUrl;
        const std::string indexPath =
            cacheDir + "/" + util::sha256Hex(subdirUrl).substr(0, 16) + ".local.idx";
        LocalSubdirIndex subdir;
        subdir.subdir = platform;
        subdir.path = path;
        RepodataSource source{channel.canonicalName, subdirUrl, platform, path};
        auto index = openOrBuildRecordIndex(path, source, indexPath, validator, &subdir.refused,
                                            nullptr, watch);
        if (!index) {
            return index.error();
        }
        subdir.index = std::move(*index);
        out.push_back(std::move(subdir));
    }
    if (out.empty()) {
        return noRepodata(*folder, platforms);
    }
    return out;
}

std::vector<specs::PackageRecord> query(const std::vector<SubdirRecords>& subdirs,
                                        const specs::MatchSpec& spec)
{
    struct Match {
        const specs::PackageRecord* record;
        specs::Version version;
    };
    std::vector<Match> matches;
    for (const auto& subdir : subdirs) {
        for (const auto& record : subdir.records) {
            if (spec.matches(record)) {
                auto version = specs::Version::parse(record.version);
                matches.push_back(Match{&record, version ? *version : specs::Version{}});
            }
        }
    }
    std::stable_sort(matches.begin(), matches.end(), [](const Match& a, const Match& b) {
        if (a.record->name != b.record->name) {
            return a.record->name < b.record->name;
        }
        if (const auto order = a.version <=> b.version; order != 0) {
            return order < 0;
        }
        if (a.record->buildNumber != b.record->buildNumber) {
            return a.record->buildNumber < b.record->buildNumber;
        }
        return a.record->build < b.record->build;
    });
    std::vector<specs::PackageRecord> out;
    out.reserve(matches.size());
    for (const auto& match : matches) {
        out.push_back(*match.record);
    }
    return out;
}

} // namespace envdesk::repodata
