#include "core/archive/extract.h"

#include "core/archive/archive_support.h"
#include "core/archive/package_archive.h"
#include "core/util/hash.h"

#include <fcntl.h>
#include <nlohmann/json.hpp>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <deque>
#include <exception>
#include <filesystem>
#include <fstream>
#include <limits>
#include <optional>
#include <string_view>
#include <system_error>
#include <unordered_map>
#include <utility>
#include <vector>

namespace envdesk::archive {

using detail::isInfoMemberName;
using detail::isPkgMemberName;
using detail::kBlockSize;
using detail::libarchiveMessage;
using detail::NestedStream;
using detail::normalisedEntryPath;
using detail::ReadArchive;
using util::ErrorCode;
using util::fail;

namespace {

// Inside one entry, the stop token is checked and progress reported once per this many bytes,
// so a cancel is felt within a few milliseconds even in a 1 GB file.
constexpr std::uint64_t kCheckEveryBytes = std::uint64_t{1} << 20;
// The kernel follows at most 40 symlinks in one lookup; resolving our own links, we do the same.
constexpr int kMaxSymlinkHops = 40;

class Fd {
public:
    Fd() = default;
    explicit Fd(int fd)
        : m_fd(fd)
    {
    }
    ~Fd() { reset(); }
    Fd(Fd&& other) noexcept
        : m_fd(std::exchange(other.m_fd, -1))
    {
    }
    Fd& operator=(Fd&& other) noexcept
    {
        if (this != &other) {
            reset();
            m_fd = std::exchange(other.m_fd, -1);
        }
        return *this;
    }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;

    [[nodiscard]] int get() const { return m_fd; }
    [[nodiscard]] bool valid() const { return m_fd >= 0; }
    // Closes now and returns close()'s errno (0 on success): a full disk on some file systems
    // only shows when the file is closed.
    int close()
    {
        const int fd = std::exchange(m_fd, -1);
        return fd >= 0 && ::close(fd) != 0 ? errno : 0;
    }

private:
    void reset()
    {
        if (m_fd >= 0) {
            ::close(m_fd);
            m_fd = -1;
        }
    }
    int m_fd = -1;
};

// Path components, without empty ones and ".". ".." is kept for the caller to judge.
std::vector<std::string> splitPath(std::string_view path)
{
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (start <= path.size()) {
        const auto slash = path.find('/', start);
        const auto end = slash == std::string_view::npos ? path.size() : slash;
        const std::string_view part = path.substr(start, end - start);
        if (!part.empty() && part != ".") {
            parts.emplace_back(part);
        }
        if (slash == std::string_view::npos) {
            break;
        }
        start = slash + 1;
    }
    return parts;
}

std::string joinPath(const std::vector<std::string>& parts, std::size_t count)
{
    std::string joined;
    for (std::size_t i = 0; i < count && i < parts.size(); ++i) {
        if (i > 0) {
            joined += '/';
        }
        joined += parts[i];
    }
    return joined;
}

bool hasDotDot(const std::vector<std::string>& parts)
{
    for (const auto& part : parts) {
        if (part == "..") {
            return true;
        }
    }
    return false;
}

// Where `target`, written in the folder `parent`, lands, without following any link: false
// when it climbs above the destination.
bool staysInsideLexically(std::vector<std::string> parent, std::string_view target)
{
    for (auto& part : splitPath(target)) {
        if (part == "..") {
            if (parent.empty()) {
                return false;
            }
            parent.pop_back();
        } else {
            parent.push_back(std::move(part));
        }
    }
    return true;
}

class Extractor {
public:
    Extractor(const std::string& archivePath, std::string root, const ExtractOptions& options,
              const ExtractProgressFn& progress, std::stop_token stop)
        : m_archivePath(archivePath)
        , m_root(std::move(root))
        , m_options(options)
        , m_progress(progress)
        , m_stop(std::move(stop))
    {
    }

    // The most the archive may unpack to, and why: the fixed cap, its size times the ratio, or
    // what the destination's free space allows. The smallest applies.
    void setLimits(std::uint64_t archiveSize, std::optional<std::uint64_t> freeBytes)
    {
        m_limit = m_options.maxTotalBytes;
        m_limitWhy = "the limit of " + detail::sizeText(m_limit);
        if (m_options.maxExpansionRatio != 0) {
            const std::uint64_t byRatio = archiveSize > std::numeric_limits<std::uint64_t>::max()
                                                            / m_options.maxExpansionRatio
                                              ? std::numeric_limits<std::uint64_t>::max()
                                              : archiveSize * m_options.maxExpansionRatio;
            if (byRatio < m_limit) {
                m_limit = byRatio;
                m_limitWhy = std::to_string(m_options.maxExpansionRatio) + " times the archive's "
                             + detail::sizeText(archiveSize) + " (" + detail::sizeText(byRatio)
                             + "): no real package expands that much, a decompression bomb does";
            }
        }
        if (freeBytes && m_options.freeSpaceReserve) {
            const std::uint64_t reserve = *m_options.freeSpaceReserve;
            const std::uint64_t byFree = *freeBytes > reserve ? *freeBytes - reserve : 0;
            if (byFree < m_limit) {
                m_limit = byFree;
                m_limitWhy = "the free space of the package cache's disk ("
                             + detail::sizeText(*freeBytes) + ", less a reserve of "
                             + detail::sizeText(reserve) + "); free some space and try again";
            }
        }
    }

    util::Result<void> run(PackageFormat format)
    {
        m_rootFd = Fd(::open(m_root.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
        if (!m_rootFd.valid()) {
            return ioError(errno, m_root, "the destination folder");
        }
        auto extracted = format == PackageFormat::Conda ? extractConda() : extractTarBz2();
        if (!extracted) {
            return extracted;
        }
        if (auto links = checkSymlinksStayInside(); !links) {
            return links;
        }
        struct stat st {};
        if (::fstatat(m_rootFd.get(), "info/index.json", &st, AT_SYMLINK_NOFOLLOW) != 0
            || !S_ISREG(st.st_mode)) {
            return fail(ErrorCode::ParseError,
                        "no info/index.json in the archive: not a conda package", m_archivePath);
        }
        if (m_options.verifyPathsJson) {
            return verifyPathsJson();
        }
        return {};
    }

private:
    util::Unexpected refuse(std::string_view entry, const std::string& why) const
    {
        return fail(ErrorCode::ParseError, "refused entry '" + std::string(entry) + "': " + why,
                    m_archivePath);
    }

    util::Unexpected cancelled() const
    {
        return fail(ErrorCode::Cancelled, "extraction cancelled", m_archivePath);
    }

    util::Unexpected ioError(int error, const std::string& path, std::string_view entry) const
    {
        if (error == ENOSPC || error == EDQUOT) {
            return fail(ErrorCode::IoError,
                        "no space left on the device writing " + path + " (entry '"
                            + std::string(entry) + "')",
                        m_archivePath);
        }
        return fail(ErrorCode::IoError,
                    "cannot write " + path + " (entry '" + std::string(entry)
                        + "'): " + std::strerror(error),
                    m_archivePath);
    }

    std::string fullPath(std::string_view entry) const { return m_root + "/" + std::string(entry); }

    void report()
    {
        if (m_progress) {
            m_progress(m_state);
        }
    }

    util::Result<void> extractTarBz2()
    {
        ReadArchive tar(archive_read_new());
        if (!tar) {
            return fail(ErrorCode::Internal, "out of memory", m_archivePath);
        }
        archive_read_support_filter_bzip2(tar.get());
        archive_read_support_format_tar(tar.get());
        if (archive_read_open_filename(tar.get(), m_archivePath.c_str(), kBlockSize)
            != ARCHIVE_OK) {
            return fail(ErrorCode::ParseError,
                        "not a bzip2-compressed tarball, or a truncated one ("
                            + libarchiveMessage(tar.get()) + ")",
                        m_archivePath);
        }
        // libarchive also reads a plain tar; a `.tar.bz2` that is not compressed is mislabelled.
        // The filter is known once the first header has been read, so check before writing it.
        if (auto read = extractTar(tar.get(), "the tarball", ARCHIVE_FILTER_BZIP2); !read) {
            return read;
        }
        return {};
    }

    util::Result<void> extractConda()
    {
        ReadArchive zip(archive_read_new());
        if (!zip) {
            return fail(ErrorCode::Internal, "out of memory", m_archivePath);
        }
        // As for metadata: the seekable reader trusts the central directory, which is what makes
        // zip64 and members written with data descriptors readable.
        archive_read_support_format_zip_seekable(zip.get());
        if (archive_read_open_filename(zip.get(), m_archivePath.c_str(), kBlockSize)
            != ARCHIVE_OK) {
            return fail(ErrorCode::ParseError,
                        "not a zip archive, or a truncated one (" + libarchiveMessage(zip.get())
                            + ")",
                        m_archivePath);
        }
        bool foundInfo = false;
        bool foundPkg = false;
        for (;;) {
            if (m_stop.stop_requested()) {
                return cancelled();
            }
            struct archive_entry* entry = nullptr;
            const int status = archive_read_next_header(zip.get(), &entry);
            if (status == ARCHIVE_EOF) {
                break;
            }
            if (status < ARCHIVE_WARN) {
                return fail(ErrorCode::ParseError,
                            "not a readable zip archive (" + libarchiveMessage(zip.get()) + ")",
                            m_archivePath);
            }
            const std::string member(normalisedEntryPath(entry));
            const bool isInfo = isInfoMemberName(member);
            if (!isInfo && !isPkgMemberName(member)) {
                continue; // metadata.json, or anything a future format adds
            }
            NestedStream stream;
            const std::string where = member + " in the .conda";
            auto tar = detail::openNestedTar(zip.get(), stream,
                                             static_cast<std::size_t>(m_options.maxTotalBytes),
                                             where, m_archivePath);
            if (!tar) {
                return tar.error();
            }
            auto read = extractTar(tar->get(), where, ARCHIVE_FILTER_ZSTD);
            if (stream.overLimit) {
                return fail(ErrorCode::ParseError,
                            member + " is more than the limit of " + detail::sizeText(stream.limit),
                            m_archivePath);
            }
            if (!read) {
                return read;
            }
            foundInfo = foundInfo || isInfo;
            foundPkg = foundPkg || !isInfo;
        }
        // conda-package-handling always writes both members (the pkg one may hold no file).
        // Without one the package is incomplete: a truncated upload or a hand-made archive.
        if (!foundInfo) {
            return fail(ErrorCode::ParseError,
                        "incomplete .conda: the info-*.tar.zst member is missing (not a conda "
                        "package, or a damaged one; fetch it again or report it to the channel)",
                        m_archivePath);
        }
        if (!foundPkg) {
            return fail(ErrorCode::ParseError,
                        "incomplete .conda: the pkg-*.tar.zst member is missing (a damaged "
                        "package; fetch it again or report it to the channel)",
                        m_archivePath);
        }
        return {};
    }

    util::Result<void> extractTar(struct archive* tar, const std::string& where, int filter)
    {
        bool filterChecked = false;
        for (;;) {
            if (m_stop.stop_requested()) {
                return cancelled();
            }
            struct archive_entry* entry = nullptr;
            const int status = archive_read_next_header(tar, &entry);
            if (status == ARCHIVE_EOF) {
                break;
            }
            if (status < ARCHIVE_WARN) {
                return fail(ErrorCode::ParseError,
                            "cannot read " + where + " (" + libarchiveMessage(tar) + ")",
                            m_archivePath);
            }
            if (!filterChecked) {
                if (archive_filter_code(tar, 0) != filter) {
                    return fail(ErrorCode::ParseError,
                                where + " is not "
                                    + (filter == ARCHIVE_FILTER_ZSTD ? "zstd" : "bzip2")
                                    + "-compressed",
                                m_archivePath);
                }
                filterChecked = true;
            }
            if (m_state.entriesDone >= m_options.maxEntries) {
                return fail(ErrorCode::ParseError,
                            "more than " + std::to_string(m_options.maxEntries)
                                + " entries, the limit",
                            m_archivePath);
            }
            if (auto done = extractEntry(tar, entry); !done) {
                return done;
            }
            ++m_state.entriesDone;
            report();
        }
        return {};
    }

    util::Result<void> extractEntry(struct archive* tar, struct archive_entry* entry)
    {
        const std::string path(normalisedEntryPath(entry));
        if (path.empty()) {
            return refuse(path, "empty path");
        }
        if (path.front() == '/') {
            return refuse(path, "absolute path");
        }
        const auto parts = splitPath(path);
        if (hasDotDot(parts)) {
            return refuse(path, "'..' in the path");
        }
        const char* hardlink = archive_entry_hardlink(entry);
        const auto type = archive_entry_filetype(entry);
        if (parts.empty()) {
            // "./" itself: the destination, which already exists.
            if (hardlink == nullptr && type == AE_IFDIR) {
                return {};
            }
            return refuse(path, "an entry that is the destination itself");
        }
        if (hardlink == nullptr) {
            switch (type) {
            case AE_IFREG:
            case AE_IFDIR:
            case AE_IFLNK:
                break;
            case AE_IFCHR:
            case AE_IFBLK:
                return refuse(path, "a device node has no place in a package");
            case AE_IFIFO:
                return refuse(path, "a fifo has no place in a package");
            case AE_IFSOCK:
                return refuse(path, "a socket has no place in a package");
            default:
                return refuse(path, "unknown entry type");
            }
        }
        auto parent = parentDirectory(parts, path);
        if (!parent) {
            return parent.error();
        }
        const std::string& name = parts.back();
        if (hardlink != nullptr) {
            return makeHardLink(*parent, name, path, hardlink);
        }
        switch (type) {
        case AE_IFDIR:
            return makeDirectory(*parent, name, path, archive_entry_perm(entry));
        case AE_IFLNK:
            if (const char* target = archive_entry_symlink(entry);
                target == nullptr || *target == '\0') {
                // POSIX cannot make a link to "". Old conversions (defaults' zlib 1.2.11 in
                // conda's test channel) wrote such entries where the `.tar.bz2` of the same build
                // holds an empty file, so an empty file is what both formats give.
                return writeFile(tar, entry, *parent, name, path);
            }
            return makeSymlink(*parent, name, parts, path, archive_entry_symlink(entry));
        default:
            return writeFile(tar, entry, *parent, name, path);
        }
    }

    // Opens (creating what is missing) the folder holding the entry, one component at a time
    // with O_NOFOLLOW: an entry whose path goes through a symlink is refused by the kernel
    // itself, whatever links earlier entries made. The last folder is kept open, since archives
    // list a folder's files together.
    util::Result<int> parentDirectory(const std::vector<std::string>& parts, std::string_view path)
    {
        const std::string key = joinPath(parts, parts.size() - 1);
        if (m_parentFd.valid() && key == m_parentKey) {
            return m_parentFd.get();
        }
        auto opened = openDirectory(parts, parts.size() - 1, path, true);
        if (!opened) {
            return opened.error();
        }
        m_parentFd = std::move(*opened);
        m_parentKey = key;
        return m_parentFd.get();
    }

    util::Result<Fd> openDirectory(const std::vector<std::string>& parts, std::size_t count,
                                   std::string_view path, bool create)
    {
        Fd current(::dup(m_rootFd.get()));
        if (!current.valid()) {
            return ioError(errno, m_root, path);
        }
        for (std::size_t i = 0; i < count; ++i) {
            const char* part = parts[i].c_str();
            int fd = ::openat(current.get(), part, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
            if (fd < 0 && errno == ENOENT && create) {
                if (::mkdirat(current.get(), part, 0755) != 0 && errno != EEXIST) {
                    return ioError(errno, fullPath(joinPath(parts, i + 1)), path);
                }
                fd = ::openat(current.get(), part, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
            }
            if (fd < 0) {
                const int error = errno;
                struct stat st {};
                if (::fstatat(current.get(), part, &st, AT_SYMLINK_NOFOLLOW) == 0) {
                    if (S_ISLNK(st.st_mode)) {
                        return refuse(path, "its path goes through the symlink '"
                                                + joinPath(parts, i + 1) + "'");
                    }
                    if (!S_ISDIR(st.st_mode)) {
                        return refuse(path, "'" + joinPath(parts, i + 1) + "' is not a folder");
                    }
                }
                if (error == ENOENT) {
                    return refuse(path, "'" + joinPath(parts, i + 1) + "' does not exist");
                }
                return ioError(error, fullPath(joinPath(parts, i + 1)), path);
            }
            current = Fd(fd);
        }
        return current;
    }

    // Tar semantics: a later entry replaces an earlier file or link of the same name, but never
    // a folder (that would silently drop what the folder holds).
    util::Result<void> removeExisting(int parent, const std::string& name, std::string_view path)
    {
        struct stat st {};
        if (::fstatat(parent, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
            return {};
        }
        if (S_ISDIR(st.st_mode)) {
            return refuse(path, "it would replace a folder of the same name");
        }
        if (::unlinkat(parent, name.c_str(), 0) != 0) {
            return ioError(errno, fullPath(path), path);
        }
        const auto parts = splitPath(path);
        m_symlinks.erase(joinPath(parts, parts.size()));
        m_files.erase(joinPath(parts, parts.size()));
        return {};
    }

    util::Result<void> makeDirectory(int parent, const std::string& name, std::string_view path,
                                     mode_t mode)
    {
        struct stat st {};
        if (::fstatat(parent, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0) {
            if (!S_ISDIR(st.st_mode)) {
                return refuse(path, "a folder would replace a file or link of the same name");
            }
        } else if (::mkdirat(parent, name.c_str(), 0700) != 0) {
            return ioError(errno, fullPath(path), path);
        }
        Fd dir(::openat(parent, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
        // The owner always keeps rwx on folders: later entries must be writable into them and
        // a failed extraction must be removable. setgid/sticky bits are dropped with the rest.
        if (!dir.valid() || ::fchmod(dir.get(), (mode & 0777) | 0700) != 0) {
            return ioError(errno, fullPath(path), path);
        }
        return {};
    }

    util::Result<void> makeSymlink(int parent, const std::string& name,
                                   const std::vector<std::string>& parts, std::string_view path,
                                   const char* target)
    {
        const std::string_view targetView(target);
        if (targetView.front() == '/') {
            return refuse(path, "a symlink to the absolute path '" + std::string(targetView) + "'");
        }
        const std::vector<std::string> folder(parts.begin(), parts.end() - 1);
        if (!staysInsideLexically(folder, targetView)) {
            return refuse(path, "a symlink to '" + std::string(targetView)
                                    + "', outside the destination");
        }
        if (auto removed = removeExisting(parent, name, path); !removed) {
            return removed;
        }
        if (::symlinkat(target, parent, name.c_str()) != 0) {
            return ioError(errno, fullPath(path), path);
        }
        // Keyed by the normalised path ("lib/./x" is "lib/x"), as the final check looks it up.
        m_symlinks[joinPath(parts, parts.size())] = std::string(targetView);
        return {};
    }

    util::Result<void> makeHardLink(int parent, const std::string& name, std::string_view path,
                                    const char* rawTarget)
    {
        std::string_view target(rawTarget);
        while (target.substr(0, 2) == "./") {
            target.remove_prefix(2);
        }
        const std::string targetText(target);
        if (target.empty() || target.front() == '/') {
            return refuse(path, "a hard link to the absolute path '" + targetText + "'");
        }
        const auto targetParts = splitPath(target);
        if (targetParts.empty() || hasDotDot(targetParts)) {
            return refuse(path, "a hard link to '" + targetText + "', outside the destination");
        }
        auto source = openDirectory(targetParts, targetParts.size() - 1, path, false);
        if (!source) {
            return source.error();
        }
        struct stat st {};
        if (::fstatat(source->get(), targetParts.back().c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
            return refuse(path, "a hard link to '" + targetText
                                    + "', which no earlier entry of the archive created");
        }
        if (!S_ISREG(st.st_mode)) {
            return refuse(path, "a hard link to '" + targetText + "', which is not a regular file");
        }
        if (auto removed = removeExisting(parent, name, path); !removed) {
            return removed;
        }
        // Flags 0: never follow a link, so the new name is the file the archive made.
        if (::linkat(source->get(), targetParts.back().c_str(), parent, name.c_str(), 0) != 0) {
            return ioError(errno, fullPath(path), path);
        }
        if (const auto facts = m_files.find(joinPath(targetParts, targetParts.size()));
            facts != m_files.end()) {
            m_files[normalised(path)] = facts->second;
        }
        return {};
    }

    util::Result<void> writeFile(struct archive* tar, struct archive_entry* entry, int parent,
                                 const std::string& name, std::string_view path)
    {
        const std::uint64_t declared =
            archive_entry_size_is_set(entry) != 0 && archive_entry_size(entry) > 0
                ? static_cast<std::uint64_t>(archive_entry_size(entry))
                : 0;
        if (declared > m_limit - m_state.bytesDone) {
            return refuse(path, "its " + detail::sizeText(declared)
                                    + " would make the package larger than " + m_limitWhy);
        }
        if (auto removed = removeExisting(parent, name, path); !removed) {
            return removed;
        }
        Fd file(::openat(parent, name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                         0600));
        if (!file.valid()) {
            return ioError(errno, fullPath(path), path);
        }
        std::uint64_t sinceCheck = 0;
        std::uint64_t end = 0;
        // The file's sha256 as it is written, for info/paths.json: holes of a sparse entry are
        // zeros. Blocks come in order; one that goes back makes the file unverifiable.
        util::Hasher hasher(util::Hasher::Algorithm::Sha256);
        std::uint64_t hashed = 0;
        bool hashable = true;
        for (;;) {
            const void* buffer = nullptr;
            std::size_t size = 0;
            la_int64_t offset = 0;
            const int status = archive_read_data_block(tar, &buffer, &size, &offset);
            if (status == ARCHIVE_EOF) {
                break;
            }
            if (status < ARCHIVE_WARN) {
                return fail(ErrorCode::ParseError,
                            "corrupt data in entry '" + std::string(path)
                                + "': " + libarchiveMessage(tar),
                            m_archivePath);
            }
            if (size > m_limit - m_state.bytesDone) {
                return refuse(path, "the archive unpacks to more than " + m_limitWhy);
            }
            if (auto written = writeAll(file.get(), buffer, size, offset, path); !written) {
                return written;
            }
            if (static_cast<std::uint64_t>(offset) < hashed) {
                hashable = false;
            } else if (hashable) {
                hashZeros(hasher, static_cast<std::uint64_t>(offset) - hashed);
                hasher.update(buffer, size);
                hashed = static_cast<std::uint64_t>(offset) + size;
            }
            end = std::max(end, static_cast<std::uint64_t>(offset) + size);
            m_state.bytesDone += size;
            sinceCheck += size;
            if (sinceCheck >= kCheckEveryBytes) {
                sinceCheck = 0;
                if (m_stop.stop_requested()) {
                    return cancelled();
                }
                report();
            }
        }
        // A sparse file can end in a hole that no data block covers.
        if (declared > end && ::ftruncate(file.get(), static_cast<off_t>(declared)) != 0) {
            return ioError(errno, fullPath(path), path);
        }
        // Keep the permission bits (executables stay executable) but never setuid/setgid/sticky.
        if (::fchmod(file.get(), archive_entry_perm(entry) & 0777) != 0) {
            return ioError(errno, fullPath(path), path);
        }
        if (const int error = file.close(); error != 0) {
            return ioError(error, fullPath(path), path);
        }
        const std::uint64_t size = std::max(declared, end);
        if (hashable) {
            hashZeros(hasher, size - hashed);
        }
        m_files[normalised(path)] = FileFacts{size, hashable ? hasher.hexDigest() : std::string()};
        return {};
    }

    static void hashZeros(util::Hasher& hasher, std::uint64_t count)
    {
        static const std::vector<char> zeros(std::size_t{1} << 16, '\0');
        while (count > 0) {
            const auto chunk =
                static_cast<std::size_t>(std::min<std::uint64_t>(count, zeros.size()));
            hasher.update(zeros.data(), chunk);
            count -= chunk;
        }
    }

    static std::string normalised(std::string_view path)
    {
        const auto parts = splitPath(path);
        return joinPath(parts, parts.size());
    }

    util::Unexpected refusePaths(const std::string& file, const std::string& why) const
    {
        return fail(ErrorCode::ChecksumMismatch,
                    "info/paths.json is wrong about '" + file + "': " + why
                        + "; the package was tampered with or damaged (fetch it again, or "
                          "report it to the channel)",
                    m_archivePath);
    }

    // conda's extra_safety_checks: every regular file info/paths.json lists is in the archive
    // with the size and sha256 it claims. A package without paths.json (very old builds) has
    // nothing to check against.
    util::Result<void> verifyPathsJson() const
    {
        struct stat st {};
        if (::fstatat(m_rootFd.get(), "info/paths.json", &st, AT_SYMLINK_NOFOLLOW) != 0) {
            return {};
        }
        if (!S_ISREG(st.st_mode)) {
            return refuse("info/paths.json", "it is not a regular file");
        }
        std::ifstream in(m_root + "/info/paths.json", std::ios::binary);
        const auto json = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
        if (json.is_discarded() || !json.is_object() || !json.contains("paths")
            || !json["paths"].is_array()) {
            return fail(ErrorCode::ParseError, "info/paths.json is not valid", m_archivePath);
        }
        for (const auto& entry : json["paths"]) {
            if (!entry.is_object() || !entry.contains("_path") || !entry["_path"].is_string()) {
                return fail(ErrorCode::ParseError, "info/paths.json has an entry without _path",
                            m_archivePath);
            }
            const std::string path = entry["_path"].get<std::string>();
            const std::string type = entry.value("path_type", std::string("hardlink"));
            if (type != "hardlink") {
                continue; // softlinks and folders carry no content of their own
            }
            const auto parts = splitPath(path);
            if (path.empty() || path.front() == '/' || hasDotDot(parts)) {
                return refusePaths(path, "the path leaves the package");
            }
            const std::string key = joinPath(parts, parts.size());
            if (m_symlinks.count(key) != 0) {
                continue; // a link that paths.json calls a file: nothing to hash
            }
            const auto file = m_files.find(key);
            if (file == m_files.end()) {
                return refusePaths(path, "it is listed but the archive holds no such file");
            }
            if (entry.contains("size_in_bytes") && entry["size_in_bytes"].is_number_unsigned()
                && entry["size_in_bytes"].get<std::uint64_t>() != file->second.size) {
                return refusePaths(
                    path, "it claims " + std::to_string(entry["size_in_bytes"].get<std::uint64_t>())
                              + " bytes, the archive holds " + std::to_string(file->second.size));
            }
            if (entry.contains("sha256") && entry["sha256"].is_string()
                && !file->second.sha256.empty()) {
                std::string claimed = entry["sha256"].get<std::string>();
                std::transform(claimed.begin(), claimed.end(), claimed.begin(),
                               [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
                if (claimed != file->second.sha256) {
                    return refusePaths(path, "it claims sha256 " + claimed + ", the archive holds "
                                                 + file->second.sha256);
                }
            }
        }
        return {};
    }

    util::Result<void> writeAll(int fd, const void* buffer, std::size_t size, la_int64_t offset,
                                std::string_view path)
    {
        const auto* bytes = static_cast<const char*>(buffer);
        while (size > 0) {
            const ssize_t wrote = ::pwrite(fd, bytes, size, static_cast<off_t>(offset));
            if (wrote < 0) {
                if (errno == EINTR) {
                    continue;
                }
                return ioError(errno, fullPath(path), path);
            }
            bytes += wrote;
            size -= static_cast<std::size_t>(wrote);
            offset += wrote;
        }
        return {};
    }

    // Each symlink was checked lexically when it was made; a chain of links can still climb
    // out ("a" -> ".", "b" -> "a/.."), and a link may be made before the link it goes through.
    // Once everything is written the set of links is final, so resolve each through the others.
    util::Result<void> checkSymlinksStayInside() const
    {
        for (const auto& [path, target] : m_symlinks) {
            auto stack = splitPath(path);
            stack.pop_back();
            std::deque<std::string> pending;
            for (auto& part : splitPath(target)) {
                pending.push_back(std::move(part));
            }
            int hops = 0;
            while (!pending.empty()) {
                std::string part = std::move(pending.front());
                pending.pop_front();
                if (part == "..") {
                    if (stack.empty()) {
                        return refuse(path, "a symlink to '" + target
                                                + "', which resolves outside the destination");
                    }
                    stack.pop_back();
                    continue;
                }
                stack.push_back(std::move(part));
                const auto link = m_symlinks.find(joinPath(stack, stack.size()));
                if (link == m_symlinks.end()) {
                    continue;
                }
                if (++hops > kMaxSymlinkHops) {
                    break; // a loop: the kernel refuses to follow it, so it leads nowhere
                }
                stack.pop_back();
                if (!link->second.empty() && link->second.front() == '/') {
                    return refuse(path, "a symlink to '" + target
                                            + "', which resolves outside the destination");
                }
                auto next = splitPath(link->second);
                pending.insert(pending.begin(), next.begin(), next.end());
            }
        }
        return {};
    }

    const std::string& m_archivePath;
    std::string m_root;
    const ExtractOptions& m_options;
    const ExtractProgressFn& m_progress;
    std::stop_token m_stop;
    ExtractProgress m_state;
    Fd m_rootFd;
    Fd m_parentFd;
    std::string m_parentKey;
    std::unordered_map<std::string, std::string> m_symlinks; // entry path -> target
    struct FileFacts {
        std::uint64_t size = 0;
        std::string sha256; // empty: not hashable (blocks out of order)
    };
    std::unordered_map<std::string, FileFacts> m_files; // regular files written, by path
    std::uint64_t m_limit = 0;
    std::string m_limitWhy;
};

util::Result<void> checkDestination(const std::filesystem::path& destination)
{
    std::error_code ec;
    const auto status = std::filesystem::symlink_status(destination, ec);
    if (ec && ec != std::errc::no_such_file_or_directory) {
        return fail(ErrorCode::IoError, "cannot inspect the destination: " + ec.message(),
                    destination.string());
    }
    if (!std::filesystem::exists(status)) {
        return {};
    }
    if (!std::filesystem::is_directory(status)) {
        return fail(ErrorCode::IoError, "the destination exists and is not a folder",
                    destination.string());
    }
    if (!std::filesystem::is_empty(destination, ec) || ec) {
        return fail(ErrorCode::IoError, "the destination folder exists and is not empty",
                    destination.string());
    }
    return {};
}

util::Result<void> extractInto(const std::string& archivePath, const std::string& destination,
                               const ExtractOptions& options, const ExtractProgressFn& progress,
                               std::stop_token stop)
{
    const auto format = detail::checkedPackageFile(archivePath);
    if (!format) {
        return format.error();
    }
    std::error_code ec;
    std::filesystem::path target(destination);
    if (!target.has_filename()) {
        target = target.parent_path(); // "dir/" names "dir"
    }
    if (target.empty()) {
        return fail(ErrorCode::IoError, "no destination folder given", archivePath);
    }
    if (auto checked = checkDestination(target); !checked) {
        return checked;
    }
    const std::filesystem::path partial = target.string() + ".partial";
    // A leftover from a crashed run: it was never renamed, so nothing uses it.
    std::filesystem::remove_all(partial, ec);
    if (target.has_parent_path()) {
        std::filesystem::create_directories(target.parent_path(), ec);
    }
    if (!std::filesystem::create_directory(partial, ec) || ec) {
        return fail(ErrorCode::IoError,
                    "cannot create " + partial.string() + ": "
                        + (ec ? ec.message() : std::string("it already exists")),
                    archivePath);
    }
    util::Result<void> result;
    {
        Extractor extractor(archivePath, partial.string(), options, progress, std::move(stop));
        const auto archiveSize = std::filesystem::file_size(archivePath, ec);
        std::optional<std::uint64_t> freeBytes;
        if (struct statvfs fsInfo{}; ::statvfs(partial.c_str(), &fsInfo) == 0) {
            freeBytes = static_cast<std::uint64_t>(fsInfo.f_bavail) * fsInfo.f_frsize;
        }
        extractor.setLimits(ec ? std::numeric_limits<std::uint64_t>::max() : archiveSize,
                            freeBytes);
        result = extractor.run(*format);
    }
    if (result && ::rename(partial.c_str(), target.c_str()) != 0) {
        result = fail(ErrorCode::IoError,
                      "cannot rename " + partial.string() + " to " + target.string() + ": "
                          + std::strerror(errno),
                      archivePath);
    }
    if (!result) {
        std::filesystem::remove_all(partial, ec);
    }
    return result;
}

} // namespace

util::Result<void> extractPackage(const std::string& archivePath, const std::string& destination,
                                  const ExtractOptions& options, const ExtractProgressFn& progress,
                                  std::stop_token stop)
{
    try {
        return extractInto(archivePath, destination, options, progress, std::move(stop));
    } catch (const std::exception& error) {
        // Allocation, or a throwing progress callback: neither may escape the module. The
        // partial folder may remain; the next extraction of this package removes it.
        return fail(ErrorCode::Internal, error.what(), archivePath);
    }
}

util::Result<void> extractPackage(const std::string& archivePath, const std::string& destination,
                                  const ExtractProgressFn& progress, std::stop_token stop)
{
    return extractPackage(archivePath, destination, ExtractOptions{}, progress, std::move(stop));
}

} // namespace envdesk::archive
