#include "core/env/linker.h"

#include "core/env/prefix_replace.h"
#include "core/util/strings.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

namespace envdesk::env {

namespace fs = std::filesystem;
using util::ErrorCode;
using util::fail;

namespace {

util::Result<std::string> readFile(const fs::path& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return fail(ErrorCode::IoError, "cannot read the package file", path.string());
    }
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

util::Result<void> writeFile(const fs::path& path, std::string_view data, fs::perms permissions)
{
    {
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out.write(data.data(), static_cast<std::streamsize>(data.size()));
        out.flush();
        if (!out) {
            return fail(ErrorCode::IoError,
                        std::string("cannot write (") + std::strerror(errno) + ")", path.string());
        }
    }
    std::error_code ec;
    fs::permissions(path, permissions & ~(fs::perms::set_uid | fs::perms::set_gid), ec);
    return {};
}

// Rewrites the build prefix inside one file and writes the result as a new file.
util::Result<void> copyWithPrefix(const fs::path& source, const fs::path& target,
                                  const PackagePath& path, const std::string& prefix)
{
    auto data = readFile(source);
    if (!data) {
        return data.error();
    }
    std::string replaced;
    if (path.fileMode == PackagePath::FileMode::Binary) {
        auto binary = replaceBinaryPrefix(*data, *path.prefixPlaceholder, prefix);
        if (!binary) {
            return fail(binary.error().code, binary.error().detail, target.string());
        }
        replaced = std::move(*binary);
    } else {
        replaced = shortenShebang(replaceTextPrefix(*data, *path.prefixPlaceholder, prefix));
    }
    std::error_code ec;
    return writeFile(target, replaced, fs::status(source, ec).permissions());
}

} // namespace

util::Result<LinkResult> linkPackage(const std::string& packageDir, const std::string& prefix,
                                     const std::vector<PackagePath>& paths,
                                     const LinkOptions& options, std::stop_token stop)
{
    LinkResult result;
    std::vector<fs::path> created;
    const auto undo = [&] {
        std::error_code ignored;
        for (auto it = created.rbegin(); it != created.rend(); ++it) {
            if (fs::is_directory(fs::symlink_status(*it, ignored))) {
                fs::remove(*it, ignored); // only when empty
            } else {
                fs::remove(*it, ignored);
            }
        }
    };
    bool hardLinks = options.allowHardLinks;
    for (const auto& path : paths) {
        if (stop.stop_requested()) {
            undo();
            return fail(ErrorCode::Cancelled, "cancelled", packageDir);
        }
        const fs::path source = fs::path(packageDir) / path.path;
        const fs::path target = fs::path(prefix) / path.path;
        std::error_code ec;
        // Parent folders, remembered so that an undo can take them away again.
        std::vector<fs::path> parents;
        for (fs::path parent = target.parent_path(); !parent.empty() && !fs::exists(parent, ec);
             parent = parent.parent_path()) {
            parents.push_back(parent);
        }
        fs::create_directories(target.parent_path(), ec);
        if (ec) {
            undo();
            return fail(ErrorCode::IoError, "cannot create the folder: " + ec.message(),
                        target.parent_path().string());
        }
        for (auto it = parents.rbegin(); it != parents.rend(); ++it) {
            created.push_back(*it);
        }

        LinkedFile linked;
        linked.path = path.path;
        linked.type = path.type;
        if (path.type == PackagePath::Type::Directory) {
            if (!fs::exists(target, ec)) {
                fs::create_directories(target, ec);
                created.push_back(target);
            }
            linked.how = LinkedFile::How::Directory;
            result.files.push_back(std::move(linked));
            continue;
        }
        // Clobbering: a later package's file replaces an earlier one's, as conda does.
        if (fs::exists(fs::symlink_status(target, ec))) {
            linked.replacedExisting = true;
            fs::remove(target, ec);
        }
        if (path.type == PackagePath::Type::SoftLink
            || fs::is_symlink(fs::symlink_status(source, ec))) {
            const fs::path linkTarget = fs::read_symlink(source, ec);
            if (ec) {
                undo();
                return fail(ErrorCode::IoError, "cannot read the symbolic link: " + ec.message(),
                            source.string());
            }
            fs::create_symlink(linkTarget, target, ec);
            linked.how = LinkedFile::How::SoftLinked;
        } else if (path.prefixPlaceholder) {
            if (auto copied = copyWithPrefix(source, target, path, prefix); !copied) {
                undo();
                return copied.error();
            }
            linked.how = LinkedFile::How::Copied;
            linked.prefixReplaced = true;
        } else {
            bool done = false;
            if (hardLinks && !path.noLink) {
                fs::create_hard_link(source, target, ec);
                if (!ec) {
                    done = true;
                    linked.how = LinkedFile::How::HardLinked;
                } else if (ec == std::errc::cross_device_link
                           || ec == std::errc::operation_not_permitted) {
                    hardLinks = false; // another filesystem: copy from now on
                    ec.clear();
                }
            }
            if (!done && !ec) {
                fs::copy_file(source, target, fs::copy_options::overwrite_existing, ec);
                linked.how = LinkedFile::How::Copied;
            }
        }
        if (ec) {
            undo();
            return fail(ErrorCode::IoError, "cannot place the file: " + ec.message(),
                        target.string());
        }
        created.push_back(target);
        result.files.push_back(std::move(linked));
    }
    return result;
}

util::Result<void> unlinkFiles(const std::string& prefix, const std::vector<std::string>& files)
{
    for (const auto& file : files) {
        const fs::path path = fs::path(prefix) / file;
        std::error_code ec;
        const auto status = fs::symlink_status(path, ec);
        if (fs::exists(status) && !fs::is_directory(status)) {
            fs::remove(path, ec);
            if (ec) {
                return fail(ErrorCode::IoError, "cannot remove: " + ec.message(), path.string());
            }
        }
    }
    removeEmptyFolders(prefix, files);
    return {};
}

void removeEmptyFolders(const std::string& prefix, const std::vector<std::string>& files)
{
    std::set<fs::path> folders;
    for (const auto& file : files) {
        const fs::path path = fs::path(prefix) / file;
        for (fs::path parent = path.parent_path();
             parent.string().size() > fs::path(prefix).string().size();
             parent = parent.parent_path()) {
            folders.insert(parent);
        }
    }
    std::vector<fs::path> ordered(folders.begin(), folders.end());
    std::sort(ordered.begin(), ordered.end(), [](const fs::path& a, const fs::path& b) {
        return a.string().size() > b.string().size();
    });
    for (const auto& folder : ordered) {
        std::error_code ec;
        if (fs::is_directory(folder, ec) && fs::is_empty(folder, ec)) {
            fs::remove(folder, ec);
        }
    }
}

} // namespace envdesk::env
