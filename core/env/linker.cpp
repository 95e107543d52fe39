#include "core/env/linker.h"

#include "core/env/prefix_replace.h"
#include "core/util/hash.h"
#include "core/util/strings.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <unordered_set>

namespace envdesk::env {

namespace fs = std::filesystem;
using util::ErrorCode;
using util::fail;

namespace {

// The sha256 and size of a regular file, read once; nullopt when it cannot be read.
std::optional<std::pair<std::string, std::uint64_t>> fileDigest(const fs::path& file)
{
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        return std::nullopt;
    }
    util::Hasher hasher(util::Hasher::Algorithm::Sha256);
    std::vector<char> buffer(1 << 16);
    std::uint64_t size = 0;
    while (in) {
        in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
        const auto got = in.gcount();
        if (got > 0) {
            hasher.update(buffer.data(), static_cast<std::size_t>(got));
            size += static_cast<std::uint64_t>(got);
        }
    }
    if (in.bad()) {
        return std::nullopt;
    }
    return std::make_pair(hasher.hexDigest(), size);
}

// paths_data's hashes for one placed file: the package's own (paths.json, else measured from
// the extracted file) and, where the prefix was written into it, the file in the prefix.
void recordDigests(LinkedFile& linked, const PackagePath& path, const fs::path& source,
                   const fs::path& target)
{
    std::error_code ec;
    if (!path.sha256.empty()) {
        linked.sha256 = util::toLower(path.sha256);
        linked.size = path.size;
    } else if (linked.how != LinkedFile::How::SoftLinked
               && fs::is_regular_file(fs::symlink_status(source, ec))) {
        if (const auto digest = fileDigest(source)) {
            linked.sha256 = digest->first;
            linked.size = digest->second;
        }
    }
    if (linked.prefixReplaced) {
        if (const auto digest = fileDigest(target)) {
            linked.sha256InPrefix = digest->first;
        }
    }
}

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

// conda's entry point script (conda/core/portability.py's generate_shebang_for_entry_point
// and the python_entry_point_template).
std::string entryPointScript(const std::string& prefix, const std::string& module,
                             const std::string& function)
{
    const std::string importName = function.substr(0, function.find('.'));
    return shortenShebang("#!" + prefix + "/bin/python\n")
           + "# -*- coding: utf-8 -*-\nimport re\nimport sys\n\nfrom " + module + " import "
           + importName
           + "\n\nif __name__ == '__main__':\n    sys.argv[0] = "
             "re.sub(r'(-script\\.pyw?|\\.exe)?$', '', sys.argv[0])\n"
           + "    sys.exit(" + function + "())\n";
}

// The `noarch.entry_points` of info/link.json: "name = module:function".
util::Result<std::vector<std::string>> entryPoints(const fs::path& packageDir)
{
    std::ifstream in(packageDir / "info" / "link.json", std::ios::binary);
    if (!in) {
        return std::vector<std::string>{};
    }
    const auto json = nlohmann::json::parse(in, nullptr, false);
    if (json.is_discarded()) {
        return fail(ErrorCode::ParseError, "not valid JSON",
                    (packageDir / "info" / "link.json").string());
    }
    std::vector<std::string> out;
    if (json.contains("noarch") && json["noarch"].is_object()
        && json["noarch"].contains("entry_points")) {
        for (const auto& entry : json["noarch"]["entry_points"]) {
            if (entry.is_string()) {
                out.push_back(entry.get<std::string>());
            }
        }
    }
    return out;
}

struct EntryPoint {
    std::string name;
    std::string module;
    std::string function;
};

// "name = module:function", with the name checked before anything is written: it becomes
// `bin/<name>`, so a name with a slash or `..` ("../../../tmp/x", "/tmp/x") would put an
// executable script anywhere the user can write.
util::Result<std::vector<EntryPoint>> parsedEntryPoints(const std::string& packageDir)
{
    auto points = entryPoints(packageDir);
    if (!points) {
        return points.error();
    }
    const std::string package = fs::path(packageDir).filename().string();
    std::vector<EntryPoint> out;
    for (const auto& point : *points) {
        const auto equals = point.find('=');
        const auto colon = point.find(':', equals == std::string::npos ? 0 : equals);
        if (equals == std::string::npos || colon == std::string::npos) {
            return fail(ErrorCode::InvalidRecord,
                        "package " + package + ": malformed entry point " + util::quoted(point),
                        packageDir + "/info/link.json");
        }
        EntryPoint entry;
        entry.name = std::string(util::trim(std::string_view(point).substr(0, equals)));
        entry.module =
            std::string(util::trim(std::string_view(point).substr(equals + 1, colon - equals - 1)));
        entry.function = std::string(util::trim(std::string_view(point).substr(colon + 1)));
        if (!util::isSafePathComponent(entry.name)) {
            return fail(ErrorCode::InvalidRecord,
                        "package " + package + " refused: its entry point "
                            + util::quoted(entry.name)
                            + " is not a plain file name (it must not be empty, '.', '..' or "
                              "hold a slash, a backslash or a control character); nothing was "
                              "installed from it. Report this to the package's maintainers",
                        packageDir + "/info/link.json");
        }
        out.push_back(std::move(entry));
    }
    return out;
}

} // namespace

std::vector<std::string> entryPointScripts(const std::string& packageDir)
{
    std::vector<std::string> out;
    if (auto points = parsedEntryPoints(packageDir)) {
        for (const auto& point : *points) {
            out.push_back("bin/" + point.name);
        }
    }
    return out;
}

std::string prefixPathFor(const std::string& packagePath, const LinkOptions& options)
{
    if (!options.noarchPythonVersion) {
        return packagePath;
    }
    if (util::startsWith(packagePath, "site-packages/")) {
        return "lib/python" + *options.noarchPythonVersion + "/" + packagePath;
    }
    if (util::startsWith(packagePath, "python-scripts/")) {
        return "bin/" + packagePath.substr(std::string_view("python-scripts/").size());
    }
    return packagePath;
}

util::Result<LinkResult> linkPackage(const std::string& packageDir, const std::string& prefix,
                                     const std::vector<PackagePath>& paths,
                                     const LinkOptions& options, std::stop_token stop)
{
    LinkResult result;
    // Entry points are checked before the first file is placed, so a refused package leaves
    // nothing behind at all.
    std::vector<EntryPoint> points;
    if (options.noarchPythonVersion) {
        auto parsed = parsedEntryPoints(packageDir);
        if (!parsed) {
            return parsed.error();
        }
        points = std::move(*parsed);
    }
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
    std::unordered_set<std::string> knownFolders;
    for (const auto& path : paths) {
        if (stop.stop_requested()) {
            undo();
            return fail(ErrorCode::Cancelled, "cancelled", packageDir);
        }
        const fs::path source = fs::path(packageDir) / path.path;
        const std::string prefixPath = prefixPathFor(path.path, options);
        const fs::path target = fs::path(prefix) / prefixPath;
        std::error_code ec;
        // Parent folders, remembered so that an undo can take them away again. Most files share
        // their folder with the previous one: a folder seen once is not looked at again.
        if (knownFolders.insert(target.parent_path().string()).second) {
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
        }

        LinkedFile linked;
        linked.path = prefixPath;
        linked.type = path.type;
        linked.prefixPlaceholder = path.prefixPlaceholder;
        linked.fileMode = path.fileMode;
        linked.noLink = path.noLink;
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
        recordDigests(linked, path, source, target);
        result.files.push_back(std::move(linked));
    }
    for (const auto& point : points) {
        const std::string& name = point.name;
        const fs::path script = fs::path(prefix) / "bin" / name;
        std::error_code ec;
        fs::create_directories(script.parent_path(), ec);
        // A link of that name (another package's) is replaced, never written through: its
        // target could be anywhere.
        const bool replaced = fs::exists(fs::symlink_status(script, ec));
        if (replaced) {
            fs::remove(script, ec);
        }
        if (auto written =
                writeFile(script, entryPointScript(prefix, point.module, point.function),
                          fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec
                              | fs::perms::others_read | fs::perms::others_exec);
            !written) {
            undo();
            return written.error();
        }
        created.push_back(script);
        LinkedFile linked;
        linked.path = "bin/" + name;
        linked.how = LinkedFile::How::Copied;
        linked.replacedExisting = replaced;
        if (const auto digest = fileDigest(script)) {
            linked.sha256 = digest->first;
            linked.size = digest->second;
        }
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
