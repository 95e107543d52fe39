#pragma once

// Archives with whatever entries a test asks for, written with libarchive's own writer: the
// hostile and hand-made packages that core/archive/package_writer.h rightly refuses to write
// (absolute paths, `..`, links out, devices, a `.conda` without one of its members).

#include <archive_entry.h>

#include <string>
#include <vector>

namespace envdesk::test {

struct RawEntry {
    std::string path;
    unsigned type = AE_IFREG;
    std::string data;
    std::string symlink;  // for AE_IFLNK
    std::string hardlink; // a hard link to this path (earlier in the archive, or anywhere)
    int perm = 0644;
};

// A bzip2-compressed tar (conda's `.tar.bz2`) at `path`.
[[nodiscard]] bool writeRawTarBz2(const std::string& path, const std::vector<RawEntry>& entries);

// A zstd-compressed tar in memory (a `.conda`'s inner member); empty on failure.
[[nodiscard]] std::string rawTarZst(const std::vector<RawEntry>& entries);

enum class CondaMembers { Both, InfoOnly, PkgOnly };

// A `.conda` at `path` (a stored zip of metadata.json, info-DIST.tar.zst and pkg-DIST.tar.zst),
// holding the members `which` names.
[[nodiscard]] bool writeRawConda(const std::string& path, const std::string& distName,
                                 const std::vector<RawEntry>& info,
                                 const std::vector<RawEntry>& pkg,
                                 CondaMembers which = CondaMembers::Both);

} // namespace envdesk::test
