#include "core/archive/archive_support.h"

#include "core/util/strings.h"

#include <cerrno>
#include <filesystem>
#include <system_error>

namespace envdesk::archive::detail {

namespace {

bool isMemberName(std::string_view memberPath, std::string_view prefix)
{
    const auto slash = memberPath.rfind('/');
    const std::string_view base =
        slash == std::string_view::npos ? memberPath : memberPath.substr(slash + 1);
    return util::startsWith(base, prefix) && util::endsWith(base, ".tar.zst");
}

} // namespace

std::string libarchiveMessage(struct archive* handle)
{
    const char* text = archive_error_string(handle);
    return text != nullptr && *text != '\0' ? std::string(text) : std::string("unknown error");
}

std::string_view normalisedEntryPath(struct archive_entry* entry)
{
    const char* raw = archive_entry_pathname(entry);
    std::string_view path = raw != nullptr ? std::string_view(raw) : std::string_view();
    while (util::startsWith(path, "./")) {
        path.remove_prefix(2);
    }
    return path;
}

std::string sizeText(std::size_t bytes)
{
    return std::to_string(bytes) + " bytes";
}

la_ssize_t readNested(struct archive* inner, void* clientData, const void** buffer)
{
    auto* stream = static_cast<NestedStream*>(clientData);
    const la_ssize_t got =
        archive_read_data(stream->outer, stream->block.data(), stream->block.size());
    if (got < 0) {
        archive_set_error(inner, EIO, "corrupt zip member: %s",
                          archive_error_string(stream->outer) != nullptr
                              ? archive_error_string(stream->outer)
                              : "unknown error");
        return -1;
    }
    stream->consumed += static_cast<std::size_t>(got);
    if (stream->consumed > stream->limit) {
        stream->overLimit = true;
        archive_set_error(inner, EFBIG, "member larger than the limit");
        return -1;
    }
    *buffer = stream->block.data();
    return got;
}

bool isInfoMemberName(std::string_view memberPath)
{
    return isMemberName(memberPath, "info-");
}

bool isPkgMemberName(std::string_view memberPath)
{
    return isMemberName(memberPath, "pkg-");
}

util::Result<PackageFormat> checkedPackageFile(const std::string& path)
{
    const auto format = packageFormatOf(path);
    if (!format) {
        return format.error();
    }
    std::error_code ec;
    const auto status = std::filesystem::status(path, ec);
    if (ec || !std::filesystem::exists(status)) {
        return util::fail(util::ErrorCode::NotFound, "no such file", path);
    }
    if (!std::filesystem::is_regular_file(status)) {
        return util::fail(util::ErrorCode::IoError, "not a regular file", path);
    }
    return format;
}

util::Result<ReadArchive> openNestedTar(struct archive* zip, NestedStream& stream,
                                        std::size_t limit, const std::string& where,
                                        const std::string& context)
{
    ReadArchive tar(archive_read_new());
    if (!tar) {
        return util::fail(util::ErrorCode::Internal, "out of memory", context);
    }
    archive_read_support_filter_zstd(tar.get());
    archive_read_support_format_tar(tar.get());
    stream.outer = zip;
    stream.limit = limit;
    if (archive_read_open(tar.get(), &stream, nullptr, readNested, nullptr) != ARCHIVE_OK) {
        return util::fail(util::ErrorCode::ParseError,
                          "cannot read " + where + " (" + libarchiveMessage(tar.get()) + ")",
                          context);
    }
    return tar;
}

} // namespace envdesk::archive::detail
