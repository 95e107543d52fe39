#include "core/repodata/channel_index.h"

#include "core/archive/package_archive.h"
#include "core/specs/channel.h"
#include "core/specs/package_record.h"
#include "core/specs/version.h"
#include "core/util/file_io.h"
#include "core/util/hash.h"
#include "core/util/strings.h"

#include <nlohmann/json.hpp>
#include <zstd.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <system_error>

#ifndef _WIN32
#include <unistd.h>
#endif

namespace envdesk::repodata {

namespace fs = std::filesystem;
using nlohmann::json;
using util::ErrorCode;
using util::fail;

namespace {

// 2: entries keep what info/about.json says, for channeldata.json.
constexpr int kCacheVersion = 2;
constexpr std::string_view kCacheFile = ".cache/envdesk-index.json";
// A high level: the .zst is written once per index and fetched by every client.
constexpr int kZstdLevel = 16;

// The JSON text of a document, as written to disk: keys sorted (nlohmann's objects are ordered
// maps), two-space indent like conda-index, invalid UTF-8 replaced rather than thrown on.
std::string dumpJson(const json& document)
{
    return document.dump(2, ' ', false, json::error_handler_t::replace);
}

util::Result<std::string> readWholeFile(const fs::path& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return fail(ErrorCode::NotFound, "cannot open file", path.string());
    }
    std::ostringstream buffer;
    buffer << in.rdbuf();
    if (in.bad()) {
        return fail(ErrorCode::IoError, "read error", path.string());
    }
    return buffer.str();
}

// Writes through a temporary file in the same folder and renames it over the target, so a
// reader (an HTTP server, a concurrent `search`) never sees a half-written index. A file that
// already holds exactly these bytes is left alone, which keeps its mtime (and HTTP validators).
util::Result<void> writeFileAtomically(const fs::path& path, std::string_view bytes)
{
    std::error_code ec;
    if (fs::is_regular_file(path, ec) && fs::file_size(path, ec) == bytes.size() && !ec) {
        if (auto existing = readWholeFile(path); existing && *existing == bytes) {
            return {};
        }
    }
    const fs::path temp = util::temporaryPathFor(path.string());
    std::FILE* file = std::fopen(temp.string().c_str(), "wb");
    if (file == nullptr) {
        return fail(ErrorCode::IoError, "cannot create file", temp.string());
    }
    bool written =
        std::fwrite(bytes.data(), 1, bytes.size(), file) == bytes.size() && std::fflush(file) == 0;
#ifndef _WIN32
    written = written && ::fsync(::fileno(file)) == 0;
#endif
    written = std::fclose(file) == 0 && written;
    if (!written) {
        fs::remove(temp, ec);
        return fail(ErrorCode::IoError, "cannot write file", temp.string());
    }
    fs::rename(temp, path, ec);
    if (ec) {
        fs::remove(temp, ec);
        return fail(ErrorCode::IoError, "cannot replace file (" + ec.message() + ")",
                    path.string());
    }
    return {};
}

util::Result<std::string> zstdCompress(std::string_view bytes)
{
    std::string out(ZSTD_compressBound(bytes.size()), '\0');
    const std::size_t written =
        ZSTD_compress(out.data(), out.size(), bytes.data(), bytes.size(), kZstdLevel);
    if (ZSTD_isError(written) != 0) {
        return fail(ErrorCode::Internal,
                    std::string("zstd compression failed: ") + ZSTD_getErrorName(written));
    }
    out.resize(written);
    return out;
}

struct FileDigest {
    std::uint64_t size = 0;
    std::string md5;
    std::string sha256;
};

// One pass over the file feeds both digests.
util::Result<FileDigest> digestFile(const fs::path& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return fail(ErrorCode::IoError, "cannot open file", path.string());
    }
    util::Hasher sha256(util::Hasher::Algorithm::Sha256);
    util::Hasher md5(util::Hasher::Algorithm::Md5);
    FileDigest digest;
    std::array<char, 256 * 1024> block{};
    while (in) {
        in.read(block.data(), static_cast<std::streamsize>(block.size()));
        const auto got = static_cast<std::size_t>(in.gcount());
        if (got == 0) {
            break;
        }
        sha256.update(block.data(), got);
        md5.update(block.data(), got);
        digest.size += got;
    }
    if (in.bad()) {
        return fail(ErrorCode::IoError, "read error", path.string());
    }
    digest.md5 = md5.hexDigest();
    digest.sha256 = sha256.hexDigest();
    return digest;
}

// What identifies an unchanged file between runs. The mtime is kept as the file clock's raw
// count: it is only ever compared with itself.
struct FileStamp {
    std::uint64_t size = 0;
    std::int64_t mtime = 0;
};

util::Result<FileStamp> stampOf(const fs::path& path)
{
    std::error_code ec;
    FileStamp stamp;
    stamp.size = fs::file_size(path, ec);
    if (ec) {
        return fail(ErrorCode::IoError, "cannot stat file (" + ec.message() + ")", path.string());
    }
    const auto mtime = fs::last_write_time(path, ec);
    if (ec) {
        return fail(ErrorCode::IoError, "cannot stat file (" + ec.message() + ")", path.string());
    }
    stamp.mtime = static_cast<std::int64_t>(mtime.time_since_epoch().count());
    return stamp;
}

bool isStringField(const json& object, const char* key)
{
    const auto it = object.find(key);
    return it != object.end() && it->is_string() && !it->get_ref<const std::string&>().empty();
}

// The repodata entry of one package: its index.json as the package states it (so fields we do
// not know yet survive, as with conda-index), plus what only the file itself can tell.
struct IndexedPackage {
    json record;
    json about = json::object(); // summary, description, home, dev_url, doc_url, license
};

// The parts of info/about.json that channeldata.json carries, strings only (a hostile or odd
// about.json loses a field, never the package).
json aboutFields(const std::optional<std::string>& aboutJson)
{
    json about = json::object();
    if (!aboutJson) {
        return about;
    }
    const json parsed = json::parse(*aboutJson, nullptr, false);
    if (!parsed.is_object()) {
        return about;
    }
    for (const char* key : {"summary", "description", "home", "dev_url", "doc_url", "license"}) {
        if (isStringField(parsed, key)) {
            about[key] = parsed.at(key);
        }
    }
    return about;
}

util::Result<IndexedPackage> recordFor(const fs::path& path, const std::string& folderSubdir)
{
    archive::MetadataOptions metadataOptions;
    metadataOptions.withAbout = true;
    auto metadata = archive::readPackageMetadata(path.string(), metadataOptions);
    if (!metadata) {
        return metadata.error();
    }
    json record = json::parse(metadata->indexJson, nullptr, false);
    if (record.is_discarded()) {
        return fail(ErrorCode::ParseError, "info/index.json is not valid JSON", path.string());
    }
    if (!record.is_object()) {
        return fail(ErrorCode::ParseError, "info/index.json is not a JSON object", path.string());
    }
    for (const char* key : {"name", "version", "build"}) {
        if (!isStringField(record, key)) {
            return fail(ErrorCode::InvalidRecord,
                        std::string("info/index.json has no '") + key + "' string", path.string());
        }
    }
    if (const auto subdir = record.find("subdir"); subdir != record.end()) {
        if (!subdir->is_string() || subdir->get_ref<const std::string&>() != folderSubdir) {
            return fail(ErrorCode::InvalidRecord,
                        "info/index.json says subdir " + subdir->dump() + ", but the file sits in '"
                            + folderSubdir + "'",
                        path.string());
        }
    } else {
        // Some generated packages omit it; the folder is the only answer conda could use.
        record["subdir"] = folderSubdir;
    }
    auto digest = digestFile(path);
    if (!digest) {
        return digest.error();
    }
    record["size"] = digest->size;
    record["md5"] = digest->md5;
    record["sha256"] = digest->sha256;
    return IndexedPackage{std::move(record), aboutFields(metadata->aboutJson)};
}

// A hex digest as the bytes it spells, as the shard index holds each shard's SHA-256.
json hexBytes(const std::string& hex)
{
    std::vector<std::uint8_t> bytes;
    bytes.reserve(hex.size() / 2);
    const auto nibble = [](char c) {
        return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c - 'A' + 10;
    };
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
        bytes.push_back(static_cast<std::uint8_t>(nibble(hex[i]) * 16 + nibble(hex[i + 1])));
    }
    return json::binary(std::move(bytes));
}

// CEP 16 beside repodata.json: a shard per package name with its records of both kinds, stored
// under the SHA-256 of its compressed bytes, and the index mapping
// each name to that hash. Shards are immutable: one already there is not written again, and
// old ones stay for clients holding an older index. Returns the number of names.
util::Result<std::size_t> writeShards(const fs::path& folder, const std::string& subdir,
                                      const json& repodata)
{
    std::map<std::string, json> shards;
    // Files the repodata lists as removed are not part of the channel: no shard offers them.
    std::set<std::string> removed;
    if (const auto it = repodata.find("removed"); it != repodata.end() && it->is_array()) {
        for (const auto& file : *it) {
            if (file.is_string()) {
                removed.insert(file.get<std::string>());
            }
        }
    }
    for (const char* kind : {"packages", "packages.conda"}) {
        for (const auto& [fileName, record] : repodata.at(kind).items()) {
            if (removed.count(fileName) != 0 || !record.is_object()) {
                continue;
            }
            json& shard = shards[record.value("name", std::string())];
            if (shard.is_null()) {
                shard = {{"packages", json::object()}, {"packages.conda", json::object()}};
            }
            // Digests stay hex strings: CEP 16 suggests bytes, but conda's own writer keeps
            // strings (../shared/fixtures/shards), and conda's readers take those.
            shard[kind][fileName] = record;
        }
    }
    json index = {{"version", 1},
                  {"info", {{"base_url", ""}, {"shards_base_url", ""}, {"subdir", subdir}}},
                  {"shards", json::object()}};
    for (const auto& [name, shard] : shards) {
        const auto packed = json::to_msgpack(shard);
        auto compressed = zstdCompress(
            std::string_view(reinterpret_cast<const char*>(packed.data()), packed.size()));
        if (!compressed) {
            return compressed.error();
        }
        const std::string hash = util::sha256Hex(*compressed);
        if (auto written = writeFileAtomically(folder / (hash + ".msgpack.zst"), *compressed);
            !written) {
            return written.error();
        }
        index["shards"][name] = hexBytes(hash);
    }
    const auto packed = json::to_msgpack(index);
    auto compressed =
        zstdCompress(std::string_view(reinterpret_cast<const char*>(packed.data()), packed.size()));
    if (!compressed) {
        return compressed.error();
    }
    if (auto written = writeFileAtomically(folder / "repodata_shards.msgpack.zst", *compressed);
        !written) {
        return written.error();
    }
    return shards.size();
}

struct CacheEntry {
    FileStamp stamp;
    json record;
    json about = json::object();
};

std::map<std::string, CacheEntry> loadCache(const fs::path& cachePath,
                                            std::vector<std::string>& warnings)
{
    std::map<std::string, CacheEntry> entries;
    std::error_code ec;
    if (!fs::exists(cachePath, ec)) {
        return entries;
    }
    auto text = readWholeFile(cachePath);
    const json document = text ? json::parse(*text, nullptr, false) : json();
    const json* packages = nullptr;
    if (document.is_object()) {
        const auto version = document.find("version");
        const auto found = document.find("packages");
        if (version != document.end() && *version == kCacheVersion && found != document.end()
            && found->is_object()) {
            packages = &*found;
        }
    }
    if (packages == nullptr) {
        // A cache is only a shortcut: an unreadable one costs a full re-read, nothing more.
        warnings.push_back("ignored the unreadable index cache " + cachePath.string());
        return entries;
    }
    for (const auto& [fileName, value] : packages->items()) {
        if (!value.is_object()) {
            continue;
        }
        const auto size = value.find("size");
        const auto mtime = value.find("mtime");
        const auto record = value.find("record");
        if (size == value.end() || !size->is_number_unsigned() || mtime == value.end()
            || !mtime->is_number_integer() || record == value.end() || !record->is_object()) {
            continue;
        }
        CacheEntry entry;
        entry.stamp.size = size->get<std::uint64_t>();
        entry.stamp.mtime = mtime->get<std::int64_t>();
        entry.record = *record;
        if (const auto about = value.find("about"); about != value.end() && about->is_object()) {
            entry.about = *about;
        }
        entries.emplace(fileName, std::move(entry));
    }
    return entries;
}

util::Result<void> saveCache(const fs::path& cachePath,
                             const std::map<std::string, CacheEntry>& entries)
{
    json packages = json::object();
    for (const auto& [fileName, entry] : entries) {
        packages[fileName] = {{"size", entry.stamp.size},
                              {"mtime", entry.stamp.mtime},
                              {"record", entry.record},
                              {"about", entry.about}};
    }
    const json document = {{"version", kCacheVersion}, {"packages", std::move(packages)}};
    std::error_code ec;
    fs::create_directories(cachePath.parent_path(), ec);
    if (ec) {
        return fail(ErrorCode::IoError, "cannot create folder (" + ec.message() + ")",
                    cachePath.parent_path().string());
    }
    return writeFileAtomically(cachePath, dumpJson(document));
}

bool isSafeSubdirName(std::string_view name)
{
    return !name.empty() && name != "." && name != ".." && name.find('/') == std::string::npos
           && name.find('\\') == std::string::npos;
}

std::vector<std::string> subdirsToIndex(const fs::path& channel, const IndexOptions& options)
{
    if (!options.subdirs.empty()) {
        std::vector<std::string> named = options.subdirs;
        std::sort(named.begin(), named.end());
        named.erase(std::unique(named.begin(), named.end()), named.end());
        return named;
    }
    std::vector<std::string> found = {"noarch"};
    for (const auto& platform : specs::knownPlatforms()) {
        std::error_code ec;
        if (platform != "noarch" && fs::is_directory(channel / platform, ec)) {
            found.push_back(platform);
        }
    }
    std::sort(found.begin(), found.end());
    return found;
}

// channeldata.json as conda-index writes it: per package name, what its newest version says
// about itself (summary, home, licence, …), the subdirs it is in and which file was read.
class ChannelDataBuilder {
public:
    void add(const std::string& subdir, const std::string& fileName, const json& record,
             const json& about)
    {
        const std::string name = record.value("name", "");
        if (name.empty()) {
            return;
        }
        Newest& newest = m_packages[name];
        newest.subdirs.insert(subdir);
        const auto version = specs::Version::parse(record.value("version", ""));
        const std::int64_t build =
            record.contains("build_number") && record.at("build_number").is_number_integer()
                ? record.at("build_number").get<std::int64_t>()
                : 0;
        if (version
            && (!newest.version || *newest.version < *version
                || (*newest.version == *version && newest.buildNumber < build))) {
            newest.version = *version;
            newest.buildNumber = build;
            newest.versionText = record.value("version", "");
            newest.reference = subdir + "/" + fileName;
            newest.about = about;
            // As conda-index (_clear_newline_chars): one line each, ends trimmed.
            for (const char* key : {"summary", "description"}) {
                if (newest.about.contains(key) && newest.about.at(key).is_string()) {
                    std::string text(
                        util::trim(newest.about.at(key).get_ref<const std::string&>()));
                    std::replace(text.begin(), text.end(), '\n', ' ');
                    newest.about[key] = text;
                }
            }
            if (!newest.about.contains("license") && isStringField(record, "license")) {
                newest.about["license"] = record.at("license");
            }
        }
    }

    // `previous` (the file as it was) keeps the names of subdirs not indexed in this run.
    [[nodiscard]] json document(const json& previous, const std::vector<std::string>& subdirs) const
    {
        json packages = json::object();
        if (previous.is_object() && previous.contains("packages")
            && previous.at("packages").is_object()) {
            packages = previous.at("packages");
        }
        const std::set<std::string> indexed(subdirs.begin(), subdirs.end());
        for (const auto& [name, newest] : m_packages) {
            json entry = newest.about;
            entry["version"] = newest.versionText;
            entry["reference_package"] = newest.reference;
            std::set<std::string> in = newest.subdirs;
            // The package in subdirs not indexed this run: they keep their place, and a newer
            // version there keeps its entry.
            if (const auto before = packages.find(name);
                before != packages.end() && before->is_object()) {
                if (const auto was = before->find("subdirs");
                    was != before->end() && was->is_array()) {
                    for (const auto& subdir : *was) {
                        if (subdir.is_string() && !indexed.contains(subdir.get<std::string>())) {
                            in.insert(subdir.get<std::string>());
                        }
                    }
                }
                const auto reference = before->value("reference_package", std::string());
                const auto otherSubdir = reference.substr(0, reference.find('/'));
                const auto version = specs::Version::parse(before->value("version", std::string()));
                if (!otherSubdir.empty() && !indexed.contains(otherSubdir) && version
                    && newest.version && *newest.version < *version) {
                    entry = *before;
                }
            }
            entry["subdirs"] = std::vector<std::string>(in.begin(), in.end());
            packages[name] = std::move(entry);
        }
        // A name gone from every subdir indexed this run, and in no other, is gone.
        for (auto it = packages.begin(); it != packages.end();) {
            bool elsewhere = m_packages.contains(it.key());
            if (!elsewhere && it->is_object()) {
                if (const auto was = it->find("subdirs"); was != it->end() && was->is_array()) {
                    for (const auto& subdir : *was) {
                        elsewhere =
                            elsewhere
                            || (subdir.is_string() && !indexed.contains(subdir.get<std::string>()));
                    }
                }
            }
            it = elsewhere ? std::next(it) : packages.erase(it);
        }
        std::set<std::string> allSubdirs(subdirs.begin(), subdirs.end());
        if (previous.is_object() && previous.contains("subdirs")
            && previous.at("subdirs").is_array()) {
            for (const auto& subdir : previous.at("subdirs")) {
                if (subdir.is_string()) {
                    allSubdirs.insert(subdir.get<std::string>());
                }
            }
        }
        return {{"channeldata_version", 1},
                {"packages", std::move(packages)},
                {"subdirs", std::vector<std::string>(allSubdirs.begin(), allSubdirs.end())}};
    }

private:
    struct Newest {
        std::optional<specs::Version> version;
        std::int64_t buildNumber = 0;
        std::string versionText;
        std::string reference;
        json about = json::object();
        std::set<std::string> subdirs;
    };
    std::map<std::string, Newest> m_packages;
};

util::Result<SubdirIndexResult> indexSubdir(const fs::path& channel, const std::string& subdir,
                                            const IndexOptions& options,
                                            const IndexProgressFn& progress,
                                            const std::stop_token& stop, ChannelDataBuilder& about)
{
    SubdirIndexResult result;
    result.subdir = subdir;
    const fs::path folder = channel / subdir;
    std::error_code ec;
    if (!fs::is_directory(folder, ec)) {
        fs::create_directories(folder, ec);
        if (ec) {
            return fail(ErrorCode::IoError, "cannot create folder (" + ec.message() + ")",
                        folder.string());
        }
        result.created = true;
    }

    std::vector<std::string> fileNames;
    for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        std::error_code typeError;
        if (specs::isPackageFileName(name) && it->is_regular_file(typeError)) {
            fileNames.push_back(name);
        }
    }
    if (ec) {
        return fail(ErrorCode::IoError, "cannot list folder (" + ec.message() + ")",
                    folder.string());
    }
    std::sort(fileNames.begin(), fileNames.end());

    const fs::path cachePath = folder / kCacheFile;
    std::map<std::string, CacheEntry> cache;
    if (options.useCache) {
        cache = loadCache(cachePath, result.warnings);
    }
    std::map<std::string, CacheEntry> nextCache;
    json packages = json::object();
    json condaPackages = json::object();

    for (std::size_t i = 0; i < fileNames.size(); ++i) {
        if (stop.stop_requested()) {
            return fail(ErrorCode::Cancelled, "indexing was stopped", folder.string());
        }
        const std::string& fileName = fileNames[i];
        const fs::path path = folder / fileName;
        auto stamp = stampOf(path);
        if (!stamp) {
            result.skipped.push_back({fileName, path.string(), stamp.error().detail});
        } else {
            CacheEntry entry;
            entry.stamp = *stamp;
            const auto cached = cache.find(fileName);
            if (cached != cache.end() && cached->second.stamp.size == stamp->size
                && cached->second.stamp.mtime == stamp->mtime) {
                entry.record = cached->second.record;
                entry.about = cached->second.about;
                result.reused.push_back(fileName);
            } else if (auto indexed = recordFor(path, subdir); indexed) {
                entry.record = std::move(indexed->record);
                entry.about = std::move(indexed->about);
                result.indexed.push_back(fileName);
            } else {
                result.skipped.push_back({fileName, path.string(), indexed.error().detail});
            }
            if (!entry.record.is_null()) {
                json& target = util::endsWith(fileName, ".conda") ? condaPackages : packages;
                target[fileName] = entry.record;
                about.add(subdir, fileName, entry.record, entry.about);
                nextCache.emplace(fileName, std::move(entry));
            }
        }
        if (progress) {
            progress(IndexProgress{subdir, fileName, i + 1, fileNames.size()});
        }
    }

    const json repodata = {
        {"info", {{"subdir", subdir}}},
        {"packages", std::move(packages)},
        {"packages.conda", std::move(condaPackages)},
        {"removed", json::array()},
        {"repodata_version", 1},
    };
    const std::string text = dumpJson(repodata);
    auto compressed = zstdCompress(text);
    if (!compressed) {
        return compressed.error();
    }
    const fs::path repodataPath = folder / "repodata.json";
    // The .zst first: a client that prefers it never sees it older than the plain file.
    if (auto written = writeFileAtomically(folder / "repodata.json.zst", *compressed); !written) {
        return written.error();
    }
    if (auto written = writeFileAtomically(repodataPath, text); !written) {
        return written.error();
    }
    result.repodataPath = repodataPath.string();
    if (options.shards) {
        auto sharded = writeShards(folder, subdir, repodata);
        if (!sharded) {
            return sharded.error();
        }
        result.shardCount = *sharded;
    }
    if (auto saved = saveCache(cachePath, nextCache); !saved) {
        // The index itself is written; only the next run's shortcut is lost.
        result.warnings.push_back("could not save the index cache: " + saved.error().message());
    }
    return result;
}

util::Result<ChannelIndexResult> indexChannelImpl(const std::string& channelDir,
                                                  const IndexOptions& options,
                                                  const IndexProgressFn& progress,
                                                  const std::stop_token& stop)
{
    std::error_code ec;
    const fs::path channel(channelDir);
    if (!fs::exists(channel, ec)) {
        return fail(ErrorCode::NotFound, "no such folder", channelDir);
    }
    if (!fs::is_directory(channel, ec)) {
        return fail(ErrorCode::NotFound, "not a folder", channelDir);
    }
    for (const auto& subdir : options.subdirs) {
        if (!isSafeSubdirName(subdir)) {
            return fail(ErrorCode::InvalidChannel, "not a subdir name: " + util::quoted(subdir),
                        channelDir);
        }
    }
    ChannelIndexResult result;
    result.channelDir = channelDir;
    ChannelDataBuilder about;
    const auto subdirs = subdirsToIndex(channel, options);
    for (const auto& subdir : subdirs) {
        auto indexed = indexSubdir(channel, subdir, options, progress, stop, about);
        if (!indexed) {
            return indexed.error();
        }
        result.subdirs.push_back(std::move(*indexed));
    }
    const fs::path channelData = channel / "channeldata.json";
    json previous;
    if (fs::exists(channelData, ec)) {
        if (auto text = readWholeFile(channelData)) {
            previous = json::parse(*text, nullptr, false);
        }
    }
    if (auto written =
            writeFileAtomically(channelData, dumpJson(about.document(previous, subdirs)));
        !written) {
        return written.error();
    }
    return result;
}

} // namespace

bool ChannelIndexResult::complete() const
{
    return std::all_of(subdirs.begin(), subdirs.end(),
                       [](const SubdirIndexResult& subdir) { return subdir.skipped.empty(); });
}

util::Result<ChannelIndexResult> indexChannel(const std::string& channelDir,
                                              const IndexOptions& options,
                                              const IndexProgressFn& progress, std::stop_token stop)
{
    // nlohmann::json and std::filesystem report some failures by throwing; none may leave core.
    try {
        return indexChannelImpl(channelDir, options, progress, stop);
    } catch (const std::exception& error) {
        return fail(ErrorCode::Internal, error.what(), channelDir);
    }
}

util::Result<std::size_t> shardRepodata(const std::string& subdirFolder)
{
    try {
        const fs::path folder(subdirFolder);
        auto text = readWholeFile(folder / "repodata.json");
        if (!text) {
            return text.error();
        }
        json repodata = json::parse(*text, nullptr, false);
        if (repodata.is_discarded() || !repodata.is_object()) {
            return fail(ErrorCode::ParseError, "not a JSON object",
                        (folder / "repodata.json").string());
        }
        for (const char* kind : {"packages", "packages.conda"}) {
            if (!repodata.contains(kind) || !repodata[kind].is_object()) {
                repodata[kind] = json::object();
            }
        }
        std::string subdir = folder.filename().string();
        if (repodata.contains("info") && repodata["info"].is_object()) {
            subdir = repodata["info"].value("subdir", subdir);
        }
        return writeShards(folder, subdir, repodata);
    } catch (const std::exception& error) {
        return fail(ErrorCode::Internal, error.what(), subdirFolder);
    }
}

} // namespace envdesk::repodata
