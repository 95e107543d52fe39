#include "core/archive/package_archive.h"

#include "core/archive/archive_support.h"
#include "core/util/strings.h"

#include <array>
#include <cerrno>
#include <exception>
#include <filesystem>
#include <memory>
#include <system_error>

namespace envdesk::archive {

using detail::isInfoMemberName;
using detail::kBlockSize;
using detail::libarchiveMessage;
using detail::NestedStream;
using detail::normalisedEntryPath;
using detail::ReadArchive;
using detail::sizeText;
using util::ErrorCode;
using util::fail;

namespace {

constexpr std::string_view kIndexJson = "info/index.json";
constexpr std::string_view kAboutJson = "info/about.json";

// Reads the current entry's data, refusing more than `limit` bytes whatever the header claims.
util::Result<std::string> readEntryData(struct archive* handle, struct archive_entry* entry,
                                        std::string_view entryPath, const std::string& path,
                                        std::size_t limit)
{
    if (archive_entry_size_is_set(entry) != 0 && archive_entry_size(entry) >= 0
        && static_cast<std::uint64_t>(archive_entry_size(entry)) > limit) {
        return fail(ErrorCode::ParseError,
                    std::string(entryPath) + " is "
                        + sizeText(static_cast<std::size_t>(archive_entry_size(entry)))
                        + ", more than the limit of " + sizeText(limit),
                    path);
    }
    std::string data;
    std::array<char, kBlockSize> block{};
    for (;;) {
        const la_ssize_t got = archive_read_data(handle, block.data(), block.size());
        if (got < 0) {
            return fail(ErrorCode::ParseError,
                        "corrupt data in " + std::string(entryPath) + ": "
                            + libarchiveMessage(handle),
                        path);
        }
        if (got == 0) {
            break;
        }
        if (data.size() + static_cast<std::size_t>(got) > limit) {
            return fail(ErrorCode::ParseError,
                        std::string(entryPath) + " is more than the limit of " + sizeText(limit),
                        path);
        }
        data.append(block.data(), static_cast<std::size_t>(got));
    }
    return data;
}

// Walks a tar stream (the whole `.tar.bz2`, or the info member of a `.conda`) and keeps the
// wanted info files. `where` names the stream in messages ("info-x.tar.zst in the .conda").
util::Result<void> collectInfoFiles(struct archive* tar, const std::string& path,
                                    const std::string& where, const MetadataOptions& options,
                                    PackageMetadata& out, bool& foundIndex)
{
    for (;;) {
        struct archive_entry* entry = nullptr;
        const int status = archive_read_next_header(tar, &entry);
        if (status == ARCHIVE_EOF) {
            return {};
        }
        if (status < ARCHIVE_WARN) {
            return fail(ErrorCode::ParseError,
                        "cannot read " + where + " (" + libarchiveMessage(tar) + ")", path);
        }
        const std::string_view entryPath = normalisedEntryPath(entry);
        const bool isIndex = entryPath == kIndexJson;
        const bool isAbout = options.withAbout && entryPath == kAboutJson;
        if (isIndex || isAbout) {
            if (archive_entry_filetype(entry) != AE_IFREG) {
                return fail(ErrorCode::ParseError,
                            std::string(entryPath) + " is not a regular file in " + where, path);
            }
            auto data = readEntryData(tar, entry, entryPath, path, options.maxMemberSize);
            if (!data) {
                return data.error();
            }
            if (isIndex) {
                out.indexJson = std::move(*data);
                foundIndex = true;
            } else {
                out.aboutJson = std::move(*data);
            }
        }
        // Stop as soon as nothing more is wanted: for a `.tar.bz2` this saves decompressing the
        // package's payload, which is most of its size.
        if (foundIndex && (!options.withAbout || out.aboutJson)) {
            return {};
        }
    }
}

util::Result<PackageMetadata> readTarBz2(const std::string& path, const MetadataOptions& options)
{
    ReadArchive tar(archive_read_new());
    if (!tar) {
        return fail(ErrorCode::Internal, "out of memory", path);
    }
    archive_read_support_filter_bzip2(tar.get());
    archive_read_support_format_tar(tar.get());
    if (archive_read_open_filename(tar.get(), path.c_str(), kBlockSize) != ARCHIVE_OK) {
        return fail(ErrorCode::ParseError,
                    "not a bzip2-compressed tarball, or a truncated one ("
                        + libarchiveMessage(tar.get()) + ")",
                    path);
    }
    PackageMetadata metadata;
    bool foundIndex = false;
    if (auto read = collectInfoFiles(tar.get(), path, "the tarball", options, metadata, foundIndex);
        !read) {
        return read.error();
    }
    if (archive_filter_code(tar.get(), 0) != ARCHIVE_FILTER_BZIP2) {
        // libarchive also reads a plain tar; a `.tar.bz2` that is not compressed is mislabelled.
        return fail(ErrorCode::ParseError, "the tarball is not bzip2-compressed", path);
    }
    if (!foundIndex) {
        return fail(ErrorCode::ParseError, "no info/index.json in the tarball: not a conda package",
                    path);
    }
    return metadata;
}

util::Result<PackageMetadata> readConda(const std::string& path, const MetadataOptions& options)
{
    ReadArchive zip(archive_read_new());
    if (!zip) {
        return fail(ErrorCode::Internal, "out of memory", path);
    }
    // The seekable reader trusts the central directory, which is what makes zip64 and members
    // written with data descriptors (sizes after the data) readable.
    archive_read_support_format_zip_seekable(zip.get());
    if (archive_read_open_filename(zip.get(), path.c_str(), kBlockSize) != ARCHIVE_OK) {
        return fail(ErrorCode::ParseError,
                    "not a zip archive, or a truncated one (" + libarchiveMessage(zip.get()) + ")",
                    path);
    }
    for (;;) {
        struct archive_entry* entry = nullptr;
        const int status = archive_read_next_header(zip.get(), &entry);
        if (status == ARCHIVE_EOF) {
            return fail(ErrorCode::ParseError,
                        "no info-*.tar.zst member in the zip: not a conda package", path);
        }
        if (status < ARCHIVE_WARN) {
            return fail(ErrorCode::ParseError,
                        "not a readable zip archive (" + libarchiveMessage(zip.get()) + ")", path);
        }
        const std::string memberPath(normalisedEntryPath(entry));
        if (!isInfoMemberName(memberPath)) {
            continue;
        }
        if (archive_entry_size_is_set(entry) != 0 && archive_entry_size(entry) >= 0
            && static_cast<std::uint64_t>(archive_entry_size(entry)) > options.maxMemberSize) {
            return fail(ErrorCode::ParseError,
                        memberPath + " is "
                            + sizeText(static_cast<std::size_t>(archive_entry_size(entry)))
                            + ", more than the limit of " + sizeText(options.maxMemberSize),
                        path);
        }

        NestedStream stream;
        const std::string where = memberPath + " in the .conda";
        auto tar = detail::openNestedTar(zip.get(), stream, options.maxMemberSize, where, path);
        if (!tar) {
            return tar.error();
        }
        PackageMetadata metadata;
        bool foundIndex = false;
        auto read = collectInfoFiles(tar->get(), path, where, options, metadata, foundIndex);
        if (stream.overLimit) {
            return fail(
                ErrorCode::ParseError,
                memberPath + " is more than the limit of " + sizeText(options.maxMemberSize), path);
        }
        if (!read) {
            return read.error();
        }
        if (archive_filter_code(tar->get(), 0) != ARCHIVE_FILTER_ZSTD) {
            return fail(ErrorCode::ParseError, memberPath + " is not zstd-compressed", path);
        }
        if (!foundIndex) {
            return fail(ErrorCode::ParseError,
                        "no info/index.json in " + where + ": not a conda package", path);
        }
        return metadata;
    }
}

} // namespace

util::Result<PackageFormat> packageFormatOf(std::string_view fileName)
{
    if (util::endsWith(fileName, ".conda")) {
        return PackageFormat::Conda;
    }
    if (util::endsWith(fileName, ".tar.bz2")) {
        return PackageFormat::TarBz2;
    }
    return fail(ErrorCode::ParseError, "not a package file name (expected .conda or .tar.bz2)",
                std::string(fileName));
}

util::Result<PackageMetadata> readPackageMetadata(const std::string& path,
                                                  const MetadataOptions& options)
{
    const auto format = detail::checkedPackageFile(path);
    if (!format) {
        return format.error();
    }
    try {
        return *format == PackageFormat::Conda ? readConda(path, options)
                                               : readTarBz2(path, options);
    } catch (const std::exception& error) {
        // Only allocation can throw here; it must not escape the module either.
        return fail(ErrorCode::Internal, error.what(), path);
    }
}

} // namespace envdesk::archive
