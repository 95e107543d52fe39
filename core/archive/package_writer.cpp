#include "core/archive/package_writer.h"

#include "core/util/hash.h"

#include <archive.h>
#include <archive_entry.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <set>

namespace envdesk::archive {

namespace {

namespace fs = std::filesystem;
using util::ErrorCode;

// Entries get one fixed time, so the same spec always gives the same bytes.
constexpr std::int64_t kEntryTime = 1767225600; // 2026-01-01T00:00:00Z

struct Member {
    std::string path;
    std::string content;
    bool symlink = false;
    unsigned mode = 0644;
};

struct WriteArchiveDeleter {
    void operator()(struct archive* handle) const { archive_write_free(handle); }
};
using WriteArchive = std::unique_ptr<struct archive, WriteArchiveDeleter>;

struct EntryDeleter {
    void operator()(struct archive_entry* entry) const { archive_entry_free(entry); }
};

la_ssize_t appendToString(struct archive*, void* clientData, const void* buffer, size_t size)
{
    static_cast<std::string*>(clientData)->append(static_cast<const char*>(buffer), size);
    return static_cast<la_ssize_t>(size);
}

util::Unexpected libarchiveFailure(struct archive* handle, const std::string& context)
{
    const char* message = archive_error_string(handle);
    return util::fail(ErrorCode::IoError,
                      message != nullptr ? message : "libarchive could not write the archive",
                      context);
}

util::Result<void> writeMembers(struct archive* writer, const std::vector<Member>& members,
                                const std::string& context)
{
    for (const auto& member : members) {
        std::unique_ptr<struct archive_entry, EntryDeleter> entry(archive_entry_new());
        archive_entry_set_pathname(entry.get(), member.path.c_str());
        archive_entry_set_mtime(entry.get(), kEntryTime, 0);
        if (member.symlink) {
            archive_entry_set_filetype(entry.get(), AE_IFLNK);
            archive_entry_set_perm(entry.get(), 0777);
            archive_entry_set_symlink(entry.get(), member.content.c_str());
            archive_entry_set_size(entry.get(), 0);
        } else {
            archive_entry_set_filetype(entry.get(), AE_IFREG);
            archive_entry_set_perm(entry.get(), member.mode);
            archive_entry_set_size(entry.get(), static_cast<la_int64_t>(member.content.size()));
        }
        if (archive_write_header(writer, entry.get()) != ARCHIVE_OK) {
            return libarchiveFailure(writer, context + ": " + member.path);
        }
        if (!member.symlink && !member.content.empty()
            && archive_write_data(writer, member.content.data(), member.content.size())
                   != static_cast<la_ssize_t>(member.content.size())) {
            return libarchiveFailure(writer, context + ": " + member.path);
        }
    }
    return {};
}

// A compressed tar stream of `members`, in memory (a `.conda`'s inner member).
util::Result<std::string> tarZstInMemory(const std::vector<Member>& members, int level,
                                         const std::string& context)
{
    std::string out;
    WriteArchive writer(archive_write_new());
    archive_write_add_filter_zstd(writer.get());
    archive_write_set_filter_option(writer.get(), "zstd", "compression-level",
                                    std::to_string(level).c_str());
    archive_write_set_format_pax_restricted(writer.get());
    // No padding after the compressed stream: zstd readers would take it for another frame.
    archive_write_set_bytes_in_last_block(writer.get(), 1);
    if (archive_write_open(writer.get(), &out, nullptr, appendToString, nullptr) != ARCHIVE_OK) {
        return libarchiveFailure(writer.get(), context);
    }
    if (auto written = writeMembers(writer.get(), members, context); !written) {
        return written.error();
    }
    if (archive_write_close(writer.get()) != ARCHIVE_OK) {
        return libarchiveFailure(writer.get(), context);
    }
    return out;
}

util::Result<void> validate(const PackageSpec& spec)
{
    if (spec.name.empty() || spec.version.empty() || spec.build.empty()) {
        return util::fail(ErrorCode::InvalidRecord, "name, version and build must all be set",
                          spec.distName());
    }
    std::set<std::string> seen;
    for (const auto& file : spec.files) {
        const fs::path path(file.path);
        bool bad = file.path.empty() || path.is_absolute() || file.path.back() == '/';
        for (const auto& part : path) {
            bad = bad || part == "..";
        }
        if (bad) {
            return util::fail(ErrorCode::InvalidRecord,
                              "a package path must be relative, without '..': '" + file.path + "'",
                              spec.distName());
        }
        if (file.path.rfind("info/", 0) == 0) {
            return util::fail(ErrorCode::InvalidRecord,
                              "info/ is written from the spec, not given as a file: '" + file.path
                                  + "'",
                              spec.distName());
        }
        if (!seen.insert(file.path).second) {
            return util::fail(ErrorCode::InvalidRecord,
                              "the path '" + file.path + "' is given twice", spec.distName());
        }
    }
    return {};
}

std::string indexJson(const PackageSpec& spec)
{
    nlohmann::json index;
    index["name"] = spec.name;
    index["version"] = spec.version;
    index["build"] = spec.build;
    index["build_number"] = spec.buildNumber;
    index["depends"] = spec.depends;
    if (!spec.constrains.empty()) {
        index["constrains"] = spec.constrains;
    }
    index["license"] = spec.license;
    index["subdir"] = spec.subdir;
    index["timestamp"] = kEntryTime * 1000;
    if (spec.noarch) {
        index["noarch"] = *spec.noarch;
    }
    if (spec.subdir != "noarch") {
        const auto dash = spec.subdir.find('-');
        index["platform"] = spec.subdir.substr(0, dash);
        index["arch"] = dash == std::string::npos ? "" : spec.subdir.substr(dash + 1);
        if (index["arch"] == "64") {
            index["arch"] = "x86_64";
        }
    }
    return index.dump(2);
}

std::vector<Member> infoMembers(const PackageSpec& spec)
{
    nlohmann::json paths = nlohmann::json::array();
    std::string files;
    std::string hasPrefix;
    for (const auto& file : spec.files) {
        nlohmann::json entry;
        entry["_path"] = file.path;
        entry["path_type"] = file.symlink ? "softlink" : "hardlink";
        entry["sha256"] = util::sha256Hex(file.content);
        entry["size_in_bytes"] = file.content.size();
        if (file.textPrefix && !file.symlink) {
            entry["file_mode"] = "text";
            entry["prefix_placeholder"] = spec.placeholder;
            hasPrefix += spec.placeholder + " text " + file.path + "\n";
        }
        paths.push_back(std::move(entry));
        files += file.path + "\n";
    }
    std::vector<Member> info;
    info.push_back({"info/index.json", indexJson(spec)});
    info.push_back({"info/paths.json",
                    nlohmann::json{{"paths", std::move(paths)}, {"paths_version", 1}}.dump(2)});
    info.push_back({"info/files", files});
    if (!spec.summary.empty() || !spec.home.empty()) {
        nlohmann::json about = nlohmann::json::object();
        if (!spec.summary.empty()) {
            about["summary"] = spec.summary;
        }
        if (!spec.home.empty()) {
            about["home"] = spec.home;
        }
        about["license"] = spec.license;
        info.push_back({"info/about.json", about.dump(2)});
    }
    if (!hasPrefix.empty()) {
        info.push_back({"info/has_prefix", hasPrefix});
    }
    return info;
}

std::vector<Member> payloadMembers(const PackageSpec& spec)
{
    std::vector<Member> payload;
    payload.reserve(spec.files.size());
    for (const auto& file : spec.files) {
        payload.push_back({file.path, file.content, file.symlink,
                           static_cast<unsigned>(file.executable ? 0755 : 0644)});
    }
    return payload;
}

util::Result<void> writeOuter(const PackageSpec& spec, const WriteOptions& options,
                              const std::string& path)
{
    const auto info = infoMembers(spec);
    WriteArchive writer(archive_write_new());
    std::vector<Member> members;
    if (options.format == PackageFormat::Conda) {
        auto infoTar = tarZstInMemory(info, options.compressionLevel, path);
        if (!infoTar) {
            return infoTar.error();
        }
        auto pkgTar = tarZstInMemory(payloadMembers(spec), options.compressionLevel, path);
        if (!pkgTar) {
            return pkgTar.error();
        }
        // The members are compressed already: conda stores them, uncompressed, in the zip.
        archive_write_set_format_zip(writer.get());
        archive_write_set_options(writer.get(), "zip:compression=store");
        members.push_back({"metadata.json", R"({"conda_pkg_format_version": 2})"});
        members.push_back({"pkg-" + spec.distName() + ".tar.zst", std::move(*pkgTar)});
        members.push_back({"info-" + spec.distName() + ".tar.zst", std::move(*infoTar)});
    } else {
        archive_write_add_filter_bzip2(writer.get());
        archive_write_set_filter_option(writer.get(), "bzip2", "compression-level",
                                        std::to_string(options.compressionLevel).c_str());
        archive_write_set_format_pax_restricted(writer.get());
        members = info;
        auto payload = payloadMembers(spec);
        members.insert(members.end(), std::make_move_iterator(payload.begin()),
                       std::make_move_iterator(payload.end()));
    }
    if (archive_write_open_filename(writer.get(), path.c_str()) != ARCHIVE_OK) {
        return libarchiveFailure(writer.get(), path);
    }
    if (auto written = writeMembers(writer.get(), members, path); !written) {
        return written.error();
    }
    if (archive_write_close(writer.get()) != ARCHIVE_OK) {
        return libarchiveFailure(writer.get(), path);
    }
    return {};
}

} // namespace

util::Result<std::string> writePackage(const PackageSpec& spec, const std::string& directory,
                                       const WriteOptions& options)
{
    if (auto valid = validate(spec); !valid) {
        return valid.error();
    }
    const std::string extension = options.format == PackageFormat::Conda ? ".conda" : ".tar.bz2";
    const fs::path target = fs::path(directory) / (spec.distName() + extension);
    const fs::path partial =
        fs::path(directory)
        / ("." + spec.distName() + extension + ".partial-" + std::to_string(::getpid()));
    std::error_code ec;
    fs::create_directories(directory, ec);
    if (ec) {
        return util::fail(ErrorCode::IoError, ec.message(), directory);
    }
    if (auto written = writeOuter(spec, options, partial.string()); !written) {
        fs::remove(partial, ec);
        return written.error();
    }
    fs::rename(partial, target, ec);
    if (ec) {
        fs::remove(partial, ec);
        return util::fail(ErrorCode::IoError,
                          "could not rename the written package: " + ec.message(), target.string());
    }
    return target.string();
}

} // namespace envdesk::archive
