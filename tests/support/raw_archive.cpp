#include "raw_archive.h"

#include <archive.h>

namespace envdesk::test {

namespace {

bool writeEntries(struct archive* writer, const std::vector<RawEntry>& entries)
{
    for (const auto& item : entries) {
        struct archive_entry* entry = archive_entry_new();
        archive_entry_set_pathname(entry, item.path.c_str());
        archive_entry_set_filetype(entry, item.type);
        archive_entry_set_perm(entry, static_cast<mode_t>(item.perm));
        if (!item.symlink.empty()) {
            archive_entry_set_symlink(entry, item.symlink.c_str());
        }
        if (!item.hardlink.empty()) {
            archive_entry_set_hardlink(entry, item.hardlink.c_str());
        }
        archive_entry_set_size(entry, item.type == AE_IFREG && item.hardlink.empty()
                                          ? static_cast<la_int64_t>(item.data.size())
                                          : 0);
        bool ok = archive_write_header(writer, entry) == ARCHIVE_OK;
        if (ok && !item.data.empty() && item.type == AE_IFREG) {
            ok = archive_write_data(writer, item.data.data(), item.data.size())
                 == static_cast<la_ssize_t>(item.data.size());
        }
        archive_entry_free(entry);
        if (!ok) {
            return false;
        }
    }
    return true;
}

} // namespace

bool writeRawTarBz2(const std::string& path, const std::vector<RawEntry>& entries)
{
    struct archive* writer = archive_write_new();
    bool ok = archive_write_add_filter_bzip2(writer) == ARCHIVE_OK
              && archive_write_set_format_pax_restricted(writer) == ARCHIVE_OK
              && archive_write_open_filename(writer, path.c_str()) == ARCHIVE_OK
              && writeEntries(writer, entries);
    ok = archive_write_close(writer) == ARCHIVE_OK && ok;
    archive_write_free(writer);
    return ok;
}

std::string rawTarZst(const std::vector<RawEntry>& entries)
{
    // Room for the data uncompressed: zeros for a bomb compress well, but the writer needs the
    // whole output buffer up front.
    std::size_t room = std::size_t{1} << 20;
    for (const auto& entry : entries) {
        room += entry.data.size() / 64 + 1024;
    }
    std::string buffer(room, '\0');
    std::size_t used = 0;
    struct archive* writer = archive_write_new();
    bool ok =
        archive_write_add_filter_zstd(writer) == ARCHIVE_OK
        && archive_write_set_format_pax_restricted(writer) == ARCHIVE_OK
        && archive_write_open_memory(writer, buffer.data(), buffer.size(), &used) == ARCHIVE_OK
        && writeEntries(writer, entries);
    ok = archive_write_close(writer) == ARCHIVE_OK && ok;
    archive_write_free(writer);
    buffer.resize(ok ? used : 0);
    return buffer;
}

bool writeRawConda(const std::string& path, const std::string& distName,
                   const std::vector<RawEntry>& info, const std::vector<RawEntry>& pkg,
                   CondaMembers which)
{
    std::vector<RawEntry> members{
        {"metadata.json", AE_IFREG, R"({"conda_pkg_format_version": 2})", {}, {}, 0644}};
    const auto addMember = [&](const std::string& prefix, const std::vector<RawEntry>& entries) {
        std::string data = rawTarZst(entries);
        // Empty when rawTarZst failed: a silent empty member would make the package fail for
        // another reason than the one a test means.
        const bool ok = !data.empty();
        members.push_back(
            {prefix + distName + ".tar.zst", AE_IFREG, std::move(data), {}, {}, 0644});
        return ok;
    };
    if (which != CondaMembers::PkgOnly && !addMember("info-", info)) {
        return false;
    }
    if (which != CondaMembers::InfoOnly && !addMember("pkg-", pkg)) {
        return false;
    }
    struct archive* writer = archive_write_new();
    bool ok = archive_write_set_format_zip(writer) == ARCHIVE_OK
              && archive_write_set_options(writer, "zip:compression=store") == ARCHIVE_OK
              && archive_write_open_filename(writer, path.c_str()) == ARCHIVE_OK
              && writeEntries(writer, members);
    ok = archive_write_close(writer) == ARCHIVE_OK && ok;
    archive_write_free(writer);
    return ok;
}

} // namespace envdesk::test
