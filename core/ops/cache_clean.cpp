#include "core/ops/cache_clean.h"

#include "core/ops/environment_list.h"
#include "core/util/file_lock.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <set>

namespace envdesk::ops {

namespace fs = std::filesystem;
using util::ErrorCode;
using util::fail;

namespace {

constexpr const char* kPrivateDir = ".envdesk"; // core/cache's bookkeeping in a package cache

bool endsWith(const std::string& text, std::string_view suffix)
{
    return text.size() >= suffix.size()
           && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// The dist name an archive or partial download is for ("zlib-1.2.13-h0_0").
std::string distOfArchive(const std::string& fileName)
{
    std::string name = fileName;
    if (endsWith(name, ".part")) {
        name.resize(name.size() - 5);
    }
    for (std::string_view extension : {".conda", ".tar.bz2"}) {
        if (endsWith(name, extension)) {
            name.resize(name.size() - extension.size());
            return name;
        }
    }
    return {};
}

bool isArchiveName(const std::string& name)
{
    for (std::string_view extension : {".conda", ".tar.bz2", ".conda.part", ".tar.bz2.part"}) {
        if (endsWith(name, extension)) {
            return true;
        }
    }
    return false;
}

struct Measured {
    std::uint64_t size = 0;
    bool linkedElsewhere = false; // a file with another hard link
    std::optional<std::string> warning;
};

// The apparent size of `path` (a file, or a folder's files, links not followed) and whether any
// file has another hard link, as conda's _get_size walks it.
Measured measure(const std::string& path)
{
    Measured out;
    auto visit = [&](const fs::path& file) {
        struct stat info {};
        if (::lstat(file.c_str(), &info) != 0) {
            out.warning = "WARNING: " + file.string() + ": cannot be read";
            return;
        }
        if (S_ISREG(info.st_mode) && info.st_nlink > 1) {
            out.linkedElsewhere = true;
        }
        if (!S_ISDIR(info.st_mode)) {
            out.size += static_cast<std::uint64_t>(info.st_size);
        }
    };
    visit(path);
    std::error_code ec;
    if (fs::is_directory(fs::symlink_status(path, ec))) {
        for (fs::recursive_directory_iterator it(path, fs::directory_options::none, ec), end;
             !ec && it != end; it.increment(ec)) {
            visit(it->path());
        }
        if (ec) {
            out.warning = "WARNING: " + path + ": " + ec.message();
        }
    }
    return out;
}

std::string lockPathFor(const std::string& pkgsDir, const std::string& dist, const char* kind)
{
    return pkgsDir + "/" + kPrivateDir + "/locks/" + dist + kind;
}

// Whether a process is extracting the package or holds it in use now; looks without creating
// anything (a plan, a dry run, writes nothing).
bool inUseNow(const std::string& pkgsDir, const std::string& dist)
{
    for (const char* kind : {".lock", ".inuse"}) {
        auto held = util::FileLock::isHeld(lockPathFor(pkgsDir, dist, kind));
        if (!held || *held) {
            return true; // a lock that cannot be read is taken as held: keep the package
        }
    }
    return false;
}

// Both of the package's locks, exclusively, when nobody holds either; nullopt otherwise.
std::optional<std::pair<util::FileLock, util::FileLock>> lockForRemoval(const std::string& pkgsDir,
                                                                        const std::string& dist)
{
    std::error_code ec;
    fs::create_directories(fs::path(pkgsDir) / kPrivateDir / "locks", ec);
    auto extraction = util::FileLock::tryAcquire(lockPathFor(pkgsDir, dist, ".lock"));
    if (!extraction) {
        return std::nullopt;
    }
    auto use = util::FileLock::tryAcquire(lockPathFor(pkgsDir, dist, ".inuse"));
    if (!use) {
        return std::nullopt;
    }
    return std::pair{std::move(*extraction), std::move(*use)};
}

// A folder inside the cache, opened without following a link in its place: a link where
// `.logs` or `.envdesk/trash` should be must not send a removal elsewhere.
class DirectoryFd {
public:
    DirectoryFd(int parent, const char* name, bool create)
    {
        if (create) {
            ::mkdirat(parent, name, 0777); // EEXIST is fine; a link there fails the open below
        }
        m_fd = ::openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    }
    explicit DirectoryFd(const std::string& path)
        : m_fd(::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC))
    {
    }
    ~DirectoryFd()
    {
        if (m_fd >= 0) {
            ::close(m_fd);
        }
    }
    DirectoryFd(const DirectoryFd&) = delete;
    DirectoryFd& operator=(const DirectoryFd&) = delete;
    [[nodiscard]] int get() const { return m_fd; }
    [[nodiscard]] bool ok() const { return m_fd >= 0; }

private:
    int m_fd = -1;
};

bool isCleanableCache(const std::string& dir)
{
    std::error_code ec;
    if (!fs::is_directory(dir, ec) || ::access(dir.c_str(), W_OK | X_OK) != 0) {
        return false;
    }
    return fs::exists(fs::path(dir) / "urls.txt", ec)
           || fs::is_directory(fs::path(dir) / kPrivateDir, ec);
}

// The dist names every known environment records in conda-meta.
std::set<std::string> recordedDists(const std::vector<std::string>& environments)
{
    std::set<std::string> out;
    for (const auto& prefix : environments) {
        std::error_code ec;
        for (fs::directory_iterator it(fs::path(prefix) / "conda-meta", ec), end; !ec && it != end;
             it.increment(ec)) {
            const auto& path = it->path();
            if (path.extension() == ".json") {
                out.insert(path.stem().string());
            }
        }
    }
    return out;
}

// Whether a known environment records `dist` now: one look per environment at
// conda-meta/<dist>.json, where recordedDists() lists every folder (done once per plan).
bool recordedByAny(const std::vector<std::string>& environments, const std::string& dist)
{
    return std::any_of(
        environments.begin(), environments.end(), [&dist](const std::string& prefix) {
            std::error_code ec;
            return fs::exists(fs::path(prefix) / "conda-meta" / (dist + ".json"), ec);
        });
}

void addItem(CleanSection& section, const std::string& dir, CleanItem item)
{
    section.totalSize += item.size;
    section.byPkgsDir[dir].push_back(std::move(item));
}

std::string uniqueSuffix()
{
    static std::atomic<unsigned> counter{0};
    return std::to_string(::getpid()) + "-" + std::to_string(counter.fetch_add(1));
}

// Removes a package folder by renaming it into the cache's trash first: a stop or a crash
// mid-way leaves the whole package or none of it under its name. The trash is reached through
// descriptors opened without following links.
util::Result<void> removeFolder(const std::string& pkgsDir, const std::string& name)
{
    const DirectoryFd cache(pkgsDir);
    const DirectoryFd privateDir(cache.get(), kPrivateDir, true);
    const DirectoryFd trash(privateDir.get(), "trash", true);
    const std::string path = pkgsDir + "/" + name;
    if (!cache.ok() || !privateDir.ok() || !trash.ok()) {
        return fail(ErrorCode::IoError, "the cache's .envdesk/trash folder cannot be used", path);
    }
    const std::string aside = name + "-" + uniqueSuffix();
    if (::renameat(cache.get(), name.c_str(), trash.get(), aside.c_str()) != 0) {
        return fail(ErrorCode::IoError, std::string("cannot remove: ") + std::strerror(errno),
                    path);
    }
    std::error_code ec;
    fs::remove_all(fs::path(pkgsDir) / kPrivateDir / "trash" / aside, ec);
    if (ec) {
        return fail(ErrorCode::IoError, "moved aside but not removed: " + ec.message(), path);
    }
    return {};
}

// Empties what a crash left in the cache's trash; returns the bytes freed.
std::uint64_t emptyTrash(const std::string& pkgsDir)
{
    const DirectoryFd cache(pkgsDir);
    const DirectoryFd privateDir(cache.get(), kPrivateDir, false);
    const DirectoryFd trash(privateDir.get(), "trash", false);
    if (!trash.ok()) {
        return 0; // none, or a link in its place: nothing of ours to empty
    }
    std::uint64_t freed = 0;
    const fs::path folder = fs::path(pkgsDir) / kPrivateDir / "trash";
    std::error_code ec;
    for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
        freed += measure(it->path().string()).size;
        std::error_code removeError;
        fs::remove_all(it->path(), removeError);
    }
    return freed;
}

// Removes one log file through its folder's descriptor (no link followed in place of .logs).
util::Result<void> removeLogFile(const std::string& path)
{
    const fs::path file(path);
    const fs::path logs = file.parent_path();
    const DirectoryFd cache(logs.parent_path().string());
    const DirectoryFd folder(cache.get(), logs.filename().c_str(), false);
    if (!folder.ok()) {
        return fail(ErrorCode::IoError, "the .logs folder cannot be used (a link?)", path);
    }
    if (::unlinkat(folder.get(), file.filename().c_str(), 0) != 0 && errno != ENOENT) {
        return fail(ErrorCode::IoError, std::string("cannot remove: ") + std::strerror(errno),
                    path);
    }
    return {};
}

// An archive or partial download at the top of a cache (a file, not a link).
bool isArchiveEntry(const fs::directory_entry& entry)
{
    std::error_code ec;
    return isArchiveName(entry.path().filename().string()) && entry.is_regular_file(ec)
           && !entry.is_symlink(ec);
}

// An extracted package: a folder (not a link) with info/, not one of the cache's own.
bool isPackageEntry(const fs::directory_entry& entry)
{
    std::error_code ec;
    return !entry.path().filename().string().starts_with(".") && entry.is_directory(ec)
           && !entry.is_symlink(ec) && fs::is_directory(entry.path() / "info", ec);
}

// The names in `dir` that `keep` accepts, sorted.
std::vector<std::string> entriesOf(const std::string& dir, bool (*keep)(const fs::directory_entry&))
{
    std::vector<std::string> names;
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        if (keep(*it)) {
            names.push_back(it->path().filename().string());
        }
    }
    std::sort(names.begin(), names.end());
    return names;
}

} // namespace

std::size_t CleanSection::count() const
{
    std::size_t n = 0;
    for (const auto& [dir, items] : byPkgsDir) {
        n += items.size();
    }
    return n;
}

std::vector<PackageCacheUsage> measurePackageCaches(const std::vector<std::string>& pkgsDirs,
                                                    std::stop_token stop)
{
    std::vector<PackageCacheUsage> out;
    for (const auto& dir : pkgsDirs) {
        PackageCacheUsage usage;
        usage.dir = dir;
        std::error_code ec;
        usage.exists = fs::is_directory(dir, ec);
        usage.cleanable = isCleanableCache(dir);
        for (fs::directory_iterator it(dir, ec), end; usage.exists && !ec && it != end;
             it.increment(ec)) {
            if (stop.stop_requested()) {
                break;
            }
            if (isArchiveEntry(*it)) {
                ++usage.archives;
                usage.archiveBytes += measure(it->path().string()).size;
            } else if (isPackageEntry(*it)) {
                const Measured measured = measure(it->path().string());
                ++usage.packages;
                usage.packageBytes += measured.size;
                if (measured.linkedElsewhere) {
                    usage.sharedBytes += measured.size;
                }
            }
        }
        out.push_back(std::move(usage));
    }
    return out;
}

CleanInputs cleanInputsFor(const config::ConfigInputs& inputs, const config::Config& configuration)
{
    CleanInputs out;
    out.pkgsDirs = configuration.pkgsDirs();
    for (const auto& info : listEnvironments(inputs, configuration)) {
        if (info.state != env::EnvironmentInfo::State::Missing) {
            out.environments.push_back(info.prefix);
        }
    }
    out.repodataCacheDir = inputs.userCacheDir() + "/repodata";
    return out;
}

CleanPlan planClean(const CleanTargets& targets, const CleanInputs& inputs)
{
    CleanPlan plan;
    plan.environments = inputs.environments;
    for (const auto& dir : inputs.pkgsDirs) {
        if (isCleanableCache(dir)
            && std::find(plan.pkgsDirs.begin(), plan.pkgsDirs.end(), dir) == plan.pkgsDirs.end()) {
            plan.pkgsDirs.push_back(dir);
        }
    }
    if (targets.tarballs) {
        CleanSection section;
        for (const auto& dir : plan.pkgsDirs) {
            for (const auto& name : entriesOf(dir, isArchiveEntry)) {
                const std::string path = dir + "/" + name;
                const Measured measured = measure(path);
                if (measured.warning) {
                    section.warnings.push_back(*measured.warning);
                    continue;
                }
                if (measured.linkedElsewhere) {
                    continue; // conda's rule: a hard-linked tarball is someone else's too
                }
                addItem(section, dir, {name, path, measured.size});
            }
        }
        plan.tarballs = std::move(section);
    }
    if (targets.packages) {
        CleanSection section;
        const auto recorded = recordedDists(inputs.environments);
        for (const auto& dir : plan.pkgsDirs) {
            for (const auto& name : entriesOf(dir, isPackageEntry)) {
                if (recorded.contains(name)) {
                    continue;
                }
                const std::string path = dir + "/" + name;
                const Measured measured = measure(path);
                if (measured.warning) {
                    section.warnings.push_back(*measured.warning);
                    continue;
                }
                if (measured.linkedElsewhere) {
                    continue;
                }
                if (inUseNow(dir, name)) {
                    section.warnings.push_back("WARNING: " + path
                                               + ": in use by another process; kept");
                    continue;
                }
                addItem(section, dir, {name, path, measured.size});
            }
        }
        plan.packages = std::move(section);
    }
    if (targets.indexCache) {
        std::vector<std::string> folders;
        std::error_code ec;
        for (const auto& dir : plan.pkgsDirs) {
            if (fs::is_directory(fs::path(dir) / "cache", ec)) {
                folders.push_back(dir + "/cache");
            }
        }
        if (!inputs.repodataCacheDir.empty() && fs::is_directory(inputs.repodataCacheDir, ec)
            && ::access(inputs.repodataCacheDir.c_str(), W_OK | X_OK) == 0) {
            folders.push_back(inputs.repodataCacheDir);
        }
        plan.indexCache = std::move(folders);
    }
    if (targets.logfiles) {
        std::vector<std::string> files;
        for (const auto& dir : plan.pkgsDirs) {
            std::error_code ec;
            for (fs::directory_iterator it(fs::path(dir) / ".logs", ec), end; !ec && it != end;
                 it.increment(ec)) {
                std::error_code statError;
                if (it->is_regular_file(statError)) {
                    files.push_back(it->path().string());
                }
            }
        }
        std::sort(files.begin(), files.end());
        plan.logfiles = std::move(files);
    }
    return plan;
}

util::Result<CleanOutcome> carryOutClean(const CleanPlan& plan,
                                         const std::function<void(const CleanProgress&)>& progress,
                                         std::stop_token stop)
{
    struct Step {
        std::string pkgsDir; // empty: not a package cache entry
        std::string path;
        std::string dist; // for the lock
        bool folder = false;
        std::uint64_t size = 0;
        bool logfile = false;
    };
    std::vector<Step> steps;
    if (plan.tarballs) {
        for (const auto& [dir, items] : plan.tarballs->byPkgsDir) {
            for (const auto& item : items) {
                steps.push_back({dir, item.path, distOfArchive(item.name), false, item.size});
            }
        }
    }
    if (plan.packages) {
        for (const auto& [dir, items] : plan.packages->byPkgsDir) {
            for (const auto& item : items) {
                steps.push_back({dir, item.path, item.name, true, item.size});
            }
        }
    }
    if (plan.indexCache) {
        for (const auto& folder : *plan.indexCache) {
            steps.push_back({{}, folder, {}, true, measure(folder).size});
        }
    }
    if (plan.logfiles) {
        for (const auto& file : *plan.logfiles) {
            steps.push_back({{}, file, {}, false, measure(file).size, true});
        }
    }

    CleanOutcome outcome;
    if (plan.packages || plan.tarballs) {
        for (const auto& dir : plan.pkgsDirs) {
            outcome.freed += emptyTrash(dir);
        }
    }
    for (std::size_t i = 0; i < steps.size(); ++i) {
        if (stop.stop_requested()) {
            return fail(ErrorCode::Cancelled, "cancelled", steps[i].path);
        }
        const Step& step = steps[i];
        if (progress) {
            progress({i, steps.size(), step.path});
        }
        std::optional<std::pair<util::FileLock, util::FileLock>> locks;
        if (!step.pkgsDir.empty() && !step.dist.empty()) {
            locks = lockForRemoval(step.pkgsDir, step.dist);
            if (!locks) {
                outcome.warnings.push_back("WARNING: " + step.path
                                           + ": in use by another process; kept");
                continue;
            }
            // An environment may have started using it since the plan was made.
            if (step.folder
                && (measure(step.path).linkedElsewhere
                    || recordedByAny(plan.environments, step.dist))) {
                outcome.warnings.push_back("WARNING: " + step.path
                                           + ": an environment uses it now; kept");
                continue;
            }
        }
        std::error_code ec;
        if (!fs::exists(fs::symlink_status(step.path, ec))) {
            continue; // gone already (another clean)
        }
        util::Result<void> removed;
        if (step.folder && !step.pkgsDir.empty()) {
            removed = removeFolder(step.pkgsDir, fs::path(step.path).filename().string());
        } else if (step.folder) {
            fs::remove_all(step.path, ec);
            if (ec) {
                removed = fail(ErrorCode::IoError, "cannot remove: " + ec.message(), step.path);
            }
        } else if (step.logfile) {
            removed = removeLogFile(step.path);
        } else if (!fs::remove(step.path, ec) || ec) {
            removed =
                fail(ErrorCode::IoError,
                     "cannot remove: " + (ec ? ec.message() : std::string("not found")), step.path);
        }
        if (!removed) {
            outcome.warnings.push_back("WARNING: cannot remove, " + removed.error().message());
            continue;
        }
        outcome.removed.push_back(step.path);
        outcome.freed += step.size;
    }
    if (progress) {
        progress({steps.size(), steps.size(), {}});
    }
    return outcome;
}

} // namespace envdesk::ops
