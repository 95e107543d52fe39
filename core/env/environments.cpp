#include "core/env/environments.h"

#include "core/env/transaction.h"
#include "core/util/file_io.h"
#include "core/util/strings.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <unordered_map>

namespace envdesk::env {

namespace fs = std::filesystem;
using util::ErrorCode;
using util::fail;

namespace {

// "/a/b/", "/a/./b" and "/a/b" are one prefix.
std::string normalPrefix(const std::string& path)
{
    std::string normal = fs::path(path).lexically_normal().string();
    while (normal.size() > 1 && normal.back() == '/') {
        normal.pop_back();
    }
    return normal;
}

std::string realPath(const std::string& path)
{
    std::error_code ec;
    const fs::path canonical = fs::weakly_canonical(path, ec);
    return normalPrefix(ec ? path : canonical.string());
}

// name-version-build.json -> (name, version), split from the right as conda names the files.
std::optional<std::pair<std::string, std::string>> recordFileNameVersion(const std::string& file)
{
    if (!util::endsWith(file, ".json")) {
        return std::nullopt;
    }
    const std::string stem = file.substr(0, file.size() - 5);
    const auto buildDash = stem.rfind('-');
    if (buildDash == std::string::npos || buildDash == 0) {
        return std::nullopt;
    }
    const auto versionDash = stem.rfind('-', buildDash - 1);
    if (versionDash == std::string::npos || versionDash == 0) {
        return std::nullopt;
    }
    return std::make_pair(stem.substr(0, versionDash),
                          stem.substr(versionDash + 1, buildDash - versionDash - 1));
}

void inspect(EnvironmentInfo& info)
{
    std::error_code ec;
    if (!fs::exists(info.prefix, ec)) {
        info.state = EnvironmentInfo::State::Missing;
        info.problem = "the folder does not exist any more";
        return;
    }
    const fs::path meta = fs::path(info.prefix) / "conda-meta";
    if (!fs::is_directory(meta, ec)) {
        info.state = EnvironmentInfo::State::Broken;
        info.problem = "no conda-meta folder: not an environment, or a half-deleted one";
        return;
    }
    for (const auto& entry : fs::directory_iterator(meta, ec)) {
        const std::string file = entry.path().filename().string();
        if (file.empty() || file.front() == '.') {
            continue;
        }
        if (const auto nameVersion = recordFileNameVersion(file)) {
            ++info.packageCount;
            if (nameVersion->first == "python") {
                info.pythonVersion = nameVersion->second;
            }
        }
    }
    if (ec) {
        info.state = EnvironmentInfo::State::Broken;
        info.problem = "conda-meta cannot be read: " + ec.message();
        return;
    }
    switch (prefixActivity(info.prefix)) {
    case PrefixActivity::Interrupted:
        info.state = EnvironmentInfo::State::Broken;
        info.problem = "a transaction was interrupted; the next change rolls it back";
        break;
    case PrefixActivity::Changing:
        info.problem = "being changed by another process";
        break;
    case PrefixActivity::Idle:
        break;
    }
}

std::vector<std::string> readRegistry(const std::string& path)
{
    std::vector<std::string> prefixes;
    std::ifstream in(path);
    for (std::string line; std::getline(in, line);) {
        const std::string_view trimmed = util::trim(line);
        if (!trimmed.empty() && trimmed.front() != '#') {
            prefixes.emplace_back(trimmed);
        }
    }
    return prefixes;
}

util::Result<void> writeRegistry(const std::string& path, const std::vector<std::string>& lines)
{
    std::error_code ec;
    fs::create_directories(fs::path(path).parent_path(), ec);
    std::string text;
    for (const auto& line : lines) {
        text += line + "\n";
    }
    return util::writeFileAtomically(path, text);
}

} // namespace

std::vector<std::string> usualInstallations(const std::string& homeDir)
{
    std::vector<std::string> places;
    if (!homeDir.empty()) {
        for (const char* name : {"miniconda3", "miniconda", "anaconda3", "anaconda", "miniforge3",
                                 "mambaforge", "micromamba", ".local/share/mamba", "opt/miniconda3",
                                 "opt/anaconda3", "opt/miniforge3", ".envdesk"}) {
            places.push_back((fs::path(homeDir) / name).string());
        }
    }
    for (const char* path : {"/opt/conda", "/opt/miniconda3", "/opt/anaconda3", "/opt/miniforge3",
                             "/opt/mambaforge", "/usr/local/miniconda3", "/usr/local/anaconda3"}) {
        places.emplace_back(path);
    }
    return places;
}

std::string defaultRegistry(const std::string& homeDir)
{
    return (fs::path(homeDir) / ".conda" / "environments.txt").string();
}

InstallationTool installationTool(const std::string& root)
{
    if (root.find("micromamba") != std::string::npos) {
        return InstallationTool::Micromamba;
    }
    std::error_code error;
    const fs::path folder(root);
    const bool conda = fs::exists(folder / "bin" / "conda", error)
                       || fs::exists(folder / "Scripts" / "conda.exe", error);
    const bool micromamba = fs::exists(folder / "condabin" / "micromamba", error);
    return micromamba && !conda ? InstallationTool::Micromamba : InstallationTool::Conda;
}

std::vector<EnvironmentInfo> discoverEnvironments(const DiscoveryInputs& inputs)
{
    std::map<std::string, EnvironmentInfo> byRealPath;
    std::vector<std::string> order;
    const auto add = [&](const std::string& prefix, const std::string& name, bool isRoot,
                         const std::string& installation) {
        const std::string key = realPath(prefix);
        auto [it, fresh] = byRealPath.try_emplace(key);
        EnvironmentInfo& info = it->second;
        if (fresh) {
            info.prefix = normalPrefix(prefix);
            order.push_back(key);
        }
        // What is known from a better source wins: a root's "base" over an envs dir's name.
        if (isRoot) {
            info.isRoot = true;
            info.name = "base";
        } else if (info.name.empty()) {
            info.name = name;
        }
        if (info.installation.empty()) {
            info.installation = installation;
        }
    };
    const auto addEnvsDir = [&](const fs::path& dir, const std::string& installation) {
        std::error_code ec;
        for (const auto& entry : fs::directory_iterator(dir, ec)) {
            if (entry.is_directory(ec) && fs::is_directory(entry.path() / "conda-meta", ec)) {
                add(entry.path().string(), entry.path().filename().string(), false, installation);
            }
        }
    };

    std::vector<std::string> roots;
    if (!inputs.rootPrefix.empty()) {
        roots.push_back(inputs.rootPrefix);
    }
    const auto installations =
        inputs.installations ? *inputs.installations : usualInstallations(inputs.homeDir);
    std::error_code ec;
    for (const auto& place : installations) {
        if (fs::is_directory(fs::path(place) / "conda-meta", ec)
            || fs::is_directory(fs::path(place) / "envs", ec)) {
            roots.push_back(place);
        }
    }
    for (const auto& root : roots) {
        // A micromamba root often has envs/ but no base environment of its own.
        if (root == inputs.rootPrefix || fs::is_directory(fs::path(root) / "conda-meta", ec)) {
            add(root, "base", true, root);
        }
        addEnvsDir(fs::path(root) / "envs", root);
    }
    for (const auto& dir : inputs.envsDirs) {
        addEnvsDir(dir, {});
    }
    const auto registries = inputs.registries.empty()
                                ? std::vector<std::string>{defaultRegistry(inputs.homeDir)}
                                : inputs.registries;
    for (const auto& registry : registries) {
        for (const auto& prefix : readRegistry(registry)) {
            // The name a conda would show: the folder name when it sits in an envs dir.
            std::string name;
            const fs::path parent = fs::path(normalPrefix(prefix)).parent_path();
            for (const auto& dir : inputs.envsDirs) {
                if (realPath(dir) == realPath(parent.string())) {
                    name = fs::path(normalPrefix(prefix)).filename().string();
                }
            }
            if (parent.filename() == "envs") {
                name = fs::path(normalPrefix(prefix)).filename().string();
            }
            add(prefix, name, false, {});
        }
    }

    std::vector<EnvironmentInfo> out;
    out.reserve(order.size());
    for (const auto& key : order) {
        EnvironmentInfo info = std::move(byRealPath[key]);
        inspect(info);
        out.push_back(std::move(info));
    }
    std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
        if (a.isRoot != b.isRoot) {
            return a.isRoot;
        }
        return a.isRoot ? false : a.prefix < b.prefix;
    });
    return out;
}

util::Result<EnvironmentUsage> measureEnvironment(const std::string& prefix, std::stop_token stop)
{
    struct Inode {
        std::uint64_t blocks = 0;
        std::uint64_t links = 0;
        std::uint64_t seen = 0;
    };
    std::unordered_map<std::uint64_t, std::unordered_map<std::uint64_t, Inode>> byDevice;
    EnvironmentUsage usage;
    std::error_code ec;
    if (!fs::is_directory(prefix, ec)) {
        return fail(ErrorCode::NotFound, "no such folder", prefix);
    }
    // lstat, never stat: a link out of the prefix must not count what it points at.
    fs::recursive_directory_iterator it(prefix, fs::directory_options::skip_permission_denied, ec);
    for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (stop.stop_requested()) {
            return fail(ErrorCode::Cancelled, "cancelled", prefix);
        }
        struct stat info {};
        if (::lstat(it->path().c_str(), &info) != 0 || S_ISDIR(info.st_mode)) {
            continue;
        }
        ++usage.files;
        Inode& inode = byDevice[static_cast<std::uint64_t>(info.st_dev)]
                               [static_cast<std::uint64_t>(info.st_ino)];
        inode.blocks = static_cast<std::uint64_t>(info.st_blocks) * 512;
        inode.links = static_cast<std::uint64_t>(info.st_nlink);
        ++inode.seen;
    }
    if (ec) {
        return fail(ErrorCode::IoError, "cannot list the folder: " + ec.message(), prefix);
    }
    for (const auto& [device, inodes] : byDevice) {
        for (const auto& [number, inode] : inodes) {
            // Every link of the file is inside the prefix: deleting the prefix frees it.
            (inode.seen >= inode.links ? usage.diskBytes : usage.sharedBytes) += inode.blocks;
        }
    }
    for (const fs::path& path :
         {fs::path(prefix) / "conda-meta", fs::path(prefix) / "conda-meta" / "history"}) {
        struct stat info {};
        if (::stat(path.c_str(), &info) == 0) {
            usage.lastChange = std::max<long long>(usage.lastChange, info.st_mtime);
        }
    }
    return usage;
}

util::Result<void> registerEnvironment(const std::string& registry, const std::string& prefix)
{
    auto lines = readRegistry(registry);
    const std::string wanted = normalPrefix(prefix);
    for (const auto& line : lines) {
        if (normalPrefix(line) == wanted) {
            return {};
        }
    }
    lines.push_back(wanted);
    return writeRegistry(registry, lines);
}

util::Result<void> unregisterEnvironment(const std::string& registry, const std::string& prefix)
{
    std::error_code ec;
    if (!fs::exists(registry, ec)) {
        return {};
    }
    auto lines = readRegistry(registry);
    const std::string unwanted = normalPrefix(prefix);
    const auto kept = std::remove_if(lines.begin(), lines.end(), [&](const std::string& line) {
        return normalPrefix(line) == unwanted;
    });
    if (kept == lines.end()) {
        return {};
    }
    lines.erase(kept, lines.end());
    return writeRegistry(registry, lines);
}

} // namespace envdesk::env
