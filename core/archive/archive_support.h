#pragma once

// Helpers shared by the metadata reader and the extractor. Private to envdesk_archive: it names
// libarchive types, which must never reach a public header.

#include "core/archive/package_archive.h"
#include "core/util/result.h"

#include <archive.h>
#include <archive_entry.h>

#include <array>
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace envdesk::archive::detail {

inline constexpr std::size_t kBlockSize = 64 * 1024;

struct ReadArchiveDeleter {
    void operator()(struct archive* handle) const { archive_read_free(handle); }
};
using ReadArchive = std::unique_ptr<struct archive, ReadArchiveDeleter>;

// libarchive's message for the last error on `handle`, never empty.
[[nodiscard]] std::string libarchiveMessage(struct archive* handle);

// Archives written by different tools spell the same member "info/x" or "./info/x".
[[nodiscard]] std::string_view normalisedEntryPath(struct archive_entry* entry);

[[nodiscard]] std::string sizeText(std::size_t bytes);

// Feeds an inner (*.tar.zst) archive from the outer zip's current member, so the member is
// decompressed as a stream and never held whole in memory or written to disk.
struct NestedStream {
    struct archive* outer = nullptr;
    std::size_t limit = 0;
    std::size_t consumed = 0;
    bool overLimit = false;
    std::array<char, kBlockSize> block{};
};

// The read callback for archive_read_open() with a NestedStream as client data.
la_ssize_t readNested(struct archive* inner, void* clientData, const void** buffer);

// Opens the zip's current member (a `*.tar.zst`) as a tar archive read through `stream`, which
// must outlive the returned archive; the stream is pointed at `zip` and capped at `limit`
// bytes. `where` ("pkg-x.tar.zst in the .conda") and `context` (the package path) go into errors.
[[nodiscard]] util::Result<ReadArchive> openNestedTar(struct archive* zip, NestedStream& stream,
                                                      std::size_t limit, const std::string& where,
                                                      const std::string& context);

// Whether a zip member is the info (`info-*.tar.zst`) or payload (`pkg-*.tar.zst`) part of a
// `.conda`. Re-zipped packages may keep a folder in front of the member ("dir/info-x.tar.zst").
[[nodiscard]] bool isInfoMemberName(std::string_view memberPath);
[[nodiscard]] bool isPkgMemberName(std::string_view memberPath);

// The package format named by `path`, once it is known to be an existing regular file: the
// first check both the reader and the extractor make, so both refuse alike.
[[nodiscard]] util::Result<PackageFormat> checkedPackageFile(const std::string& path);

} // namespace envdesk::archive::detail
