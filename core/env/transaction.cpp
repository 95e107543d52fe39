#include "core/env/transaction.h"

#include "core/env/linker.h"
#include "core/env/package_paths.h"
#include "core/env/prefix.h"
#include "core/env/pyc.h"
#include "core/util/file_lock.h"
#include "core/util/process.h"
#include "core/util/strings.h"

#include <nlohmann/json.hpp>
#include <sys/stat.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

namespace envdesk::env {

namespace fs = std::filesystem;
using util::ErrorCode;
using util::fail;

namespace {

// The journal names the backup folder and what the transaction has linked so far; it is
// rewritten (atomically) after each step, so that after a crash recoverPrefix knows what to undo.
constexpr const char* kJournal = "conda-meta/.envdesk-transaction.json";
constexpr const char* kBackups = ".envdesk-backup";

struct Journal {
    std::vector<std::string> movedAside; // prefix-relative paths now under the backup folder
    std::vector<std::string> linked;     // prefix-relative paths this transaction created
};

util::Result<void> writeJournal(const fs::path& prefix, const Journal& journal)
{
    const nlohmann::json json = {{"moved_aside", journal.movedAside}, {"linked", journal.linked}};
    const fs::path path = prefix / kJournal;
    const fs::path temporary = path.string() + ".tmp";
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        out << json.dump();
        out.flush();
        if (!out) {
            return fail(ErrorCode::IoError, "cannot write the transaction journal",
                        temporary.string());
        }
    }
    std::error_code ec;
    fs::rename(temporary, path, ec);
    if (ec) {
        return fail(ErrorCode::IoError, "cannot write the transaction journal: " + ec.message(),
                    path.string());
    }
    return {};
}

util::Result<Journal> readJournal(const fs::path& prefix)
{
    std::ifstream in(prefix / kJournal, std::ios::binary);
    if (!in) {
        return fail(ErrorCode::NotFound, "no journal", (prefix / kJournal).string());
    }
    const auto json = nlohmann::json::parse(in, nullptr, false);
    if (json.is_discarded() || !json.is_object()) {
        return fail(ErrorCode::ParseError, "unreadable transaction journal",
                    (prefix / kJournal).string());
    }
    Journal journal;
    journal.movedAside = json.value("moved_aside", std::vector<std::string>{});
    journal.linked = json.value("linked", std::vector<std::string>{});
    return journal;
}

// Undoes a transaction from its journal: removes what it linked, moves back what it moved aside,
// then drops the backup folder and the journal.
util::Result<void> rollBack(const fs::path& prefix, const Journal& journal)
{
    if (auto removed = unlinkFiles(prefix.string(), journal.linked); !removed) {
        return removed;
    }
    std::error_code ec;
    for (const auto& path : journal.movedAside) {
        const fs::path from = prefix / kBackups / path;
        const fs::path to = prefix / path;
        if (!fs::exists(fs::symlink_status(from, ec))) {
            continue;
        }
        fs::create_directories(to.parent_path(), ec);
        fs::remove(to, ec); // whatever took its place
        fs::rename(from, to, ec);
        if (ec) {
            return fail(ErrorCode::IoError, "cannot restore " + path + ": " + ec.message(),
                        prefix.string());
        }
    }
    fs::remove_all(prefix / kBackups, ec);
    fs::remove(prefix / kJournal, ec);
    return {};
}

// Moves one prefix file aside into the backup folder (a rename: same filesystem, no copy).
util::Result<void> moveAside(const fs::path& prefix, const std::string& path, Journal& journal)
{
    const fs::path from = prefix / path;
    std::error_code ec;
    if (!fs::exists(fs::symlink_status(from, ec))
        || fs::is_directory(fs::symlink_status(from, ec))) {
        return {};
    }
    const fs::path to = prefix / kBackups / path;
    fs::create_directories(to.parent_path(), ec);
    fs::rename(from, to, ec);
    if (ec) {
        return fail(ErrorCode::IoError, "cannot move aside: " + ec.message(), from.string());
    }
    journal.movedAside.push_back(path);
    return {};
}

std::string metaPath(const specs::PackageRecord& record)
{
    return "conda-meta/" + record.distName() + ".json";
}

// The files an installed record lists (conda-meta's `files`).
std::vector<std::string> installedFiles(const fs::path& prefix, const specs::PackageRecord& record)
{
    std::ifstream in(prefix / metaPath(record), std::ios::binary);
    const auto json = nlohmann::json::parse(in, nullptr, false);
    if (json.is_discarded() || !json.contains("files") || !json["files"].is_array()) {
        return {};
    }
    std::vector<std::string> files;
    for (const auto& file : json["files"]) {
        if (file.is_string()) {
            files.push_back(file.get<std::string>());
        }
    }
    return files;
}

// "3.12" for the python the environment will have: the one being linked, else the installed one.
std::optional<std::string> pythonVersionFor(const TransactionPlan& plan)
{
    const auto majorMinor = [](const std::string& version) {
        const auto first = version.find('.');
        const auto second =
            first == std::string::npos ? std::string::npos : version.find('.', first + 1);
        return version.substr(0, second);
    };
    for (const auto& package : plan.link) {
        if (package.record.name == "python") {
            return majorMinor(package.record.version);
        }
    }
    if (auto installed = readPrefixRecords(plan.prefix)) {
        for (const auto& record : *installed) {
            const bool leaving =
                std::any_of(plan.unlink.begin(), plan.unlink.end(),
                            [&](const auto& r) { return r.distName() == record.distName(); });
            if (record.name == "python" && !leaving) {
                return majorMinor(record.version);
            }
        }
    }
    return std::nullopt;
}

// conda runs link scripts with bash (they use its syntax), falling back to sh where there is none.
std::string shell()
{
    std::error_code ec;
    return fs::exists("/bin/bash", ec) ? "/bin/bash" : "/bin/sh";
}

// Runs a package's link script when it has one; its output goes into the report.
util::Result<void> runScript(const fs::path& script, const fs::path& prefix,
                             const specs::PackageRecord& record, const char* action,
                             TransactionReport& report, std::stop_token stop)
{
    std::error_code ec;
    if (!fs::exists(script, ec)) {
        return {};
    }
    const char* path = std::getenv("PATH");
    const std::map<std::string, std::string> environment = {
        {"PREFIX", prefix.string()},
        {"CONDA_PREFIX", prefix.string()},
        {"ROOT_PREFIX", prefix.string()},
        {"PKG_NAME", record.name},
        {"PKG_VERSION", record.version},
        {"PKG_BUILDNUM", std::to_string(record.buildNumber)},
        {"PATH",
         (prefix / "bin").string() + (path != nullptr ? std::string(":") + path : std::string())},
    };
    // conda runs post-link and pre-unlink scripts in the activated environment: the packages'
    // etc/conda/activate.d scripts are sourced first (what they export, the script sees).
    // Pre-link scripts run before the package's files are there, so without activation.
    const bool activate = std::string_view(action) != "pre-link";
    std::vector<std::string> command = {shell(), "-x", script.string()};
    if (activate) {
        command = {shell(),
                   "-x",
                   "-c",
                   "for f in \"$PREFIX\"/etc/conda/activate.d/*.sh; do\n"
                   "  if [ -f \"$f\" ]; then . \"$f\"; fi\n"
                   "done\n"
                   ". \"$1\"\n",
                   "envdesk-link-script",
                   script.string()};
    }
    auto run = util::runProcess(command, environment, prefix.string(), stop);
    if (!run) {
        return run.error();
    }
    report.scriptOutputs.push_back(record.name + " " + action + ": " + run->output);
    if (run->exitCode != 0) {
        return fail(ErrorCode::Internal,
                    std::string(action) + " script failed (exit " + std::to_string(run->exitCode)
                        + "):\n" + run->output,
                    record.distName());
    }
    return {};
}

} // namespace

namespace {

// The nearest folder of `path` that exists: where a prefix that is not created yet will live.
fs::path existingAncestor(fs::path path)
{
    std::error_code ec;
    while (!path.empty() && !fs::exists(path, ec)) {
        const fs::path parent = path.parent_path();
        if (parent == path) {
            break;
        }
        path = parent;
    }
    return path;
}

bool sameFilesystem(const fs::path& a, const fs::path& b)
{
    struct stat first {};
    struct stat second {};
    return ::stat(a.c_str(), &first) == 0 && ::stat(b.c_str(), &second) == 0
           && first.st_dev == second.st_dev;
}

// Room left for conda-meta records, the journal and the filesystem's own bookkeeping.
constexpr std::uint64_t kSpaceReserve = 16ULL * 1024 * 1024;

std::string megabytes(std::uint64_t bytes)
{
    return std::to_string((bytes + 999'999) / 1'000'000) + " MB";
}

} // namespace

namespace {

// The file lists of the packages to link, in plan order: read once, before anything changes, so
// a package with a broken list is refused while the prefix is untouched.
util::Result<std::vector<std::vector<PackagePath>>> readLinkPaths(const TransactionPlan& plan)
{
    std::vector<std::vector<PackagePath>> all;
    all.reserve(plan.link.size());
    for (const auto& package : plan.link) {
        auto paths = readPackagePaths(package.extractedPackageDir);
        if (!paths) {
            return paths.error();
        }
        all.push_back(std::move(*paths));
    }
    return all;
}

std::uint64_t bytesToWrite(const TransactionPlan& plan,
                           const std::vector<std::vector<PackagePath>>& linkPaths)
{
    const fs::path home = existingAncestor(plan.prefix);
    std::uint64_t total = 0;
    for (std::size_t i = 0; i < plan.link.size(); ++i) {
        const fs::path source = plan.link[i].extractedPackageDir;
        const bool copiesAll = !sameFilesystem(source, home);
        for (const auto& path : linkPaths[i]) {
            if (path.type != PackagePath::Type::HardLink) {
                continue;
            }
            if (!copiesAll && !path.noLink && !path.prefixPlaceholder) {
                continue;
            }
            // Old packages' info/files gives no sizes: the extracted file does.
            std::uint64_t size = path.size;
            if (size == 0) {
                std::error_code ec;
                const auto onDisk = fs::file_size(source / path.path, ec);
                size = ec ? 0 : onDisk;
            }
            total += size;
        }
    }
    return total;
}

} // namespace

util::Result<std::uint64_t> bytesToWrite(const TransactionPlan& plan)
{
    auto linkPaths = readLinkPaths(plan);
    if (!linkPaths) {
        return linkPaths.error();
    }
    return bytesToWrite(plan, *linkPaths);
}

namespace {

// One transaction per prefix at a time, across processes: the lock also keeps a recovery from
// rolling back the live transaction of another process, whose journal looks just like a crash's.
constexpr const char* kLock = "conda-meta/.envdesk-lock";

util::Result<util::FileLock> lockPrefix(const fs::path& prefix)
{
    auto lock = util::FileLock::tryAcquire((prefix / kLock).string());
    if (!lock) {
        return fail(ErrorCode::IoError,
                    "another process is changing this environment (try again when it has "
                    "finished): "
                        + lock.error().detail,
                    prefix.string());
    }
    return lock;
}

// recoverPrefix with the prefix's lock already held.
util::Result<bool> recoverLocked(const std::string& prefix)
{
    auto journal = readJournal(prefix);
    if (!journal) {
        return journal.error().code == ErrorCode::NotFound ? util::Result<bool>(false)
                                                           : util::Result<bool>(journal.error());
    }
    if (auto undone = rollBack(prefix, *journal); !undone) {
        return undone.error();
    }
    return true;
}

} // namespace

util::Result<TransactionReport> executeTransaction(const TransactionPlan& plan,
                                                   const TransactionProgressFn& progress,
                                                   std::stop_token stop)
{
    const fs::path prefix = plan.prefix;
    std::error_code ec;
    // A full disk halfway would roll back anyway; saying so before touching anything is kinder.
    auto linkPaths = readLinkPaths(plan);
    if (!linkPaths) {
        return linkPaths.error();
    }
    const std::uint64_t needed = bytesToWrite(plan, *linkPaths);
    const auto space = fs::space(existingAncestor(prefix), ec);
    if (!ec && space.available < needed + kSpaceReserve) {
        return fail(ErrorCode::IoError,
                    "not enough free space: the transaction writes about " + megabytes(needed)
                        + " and " + megabytes(space.available) + " are free",
                    prefix.string());
    }
    fs::create_directories(prefix / "conda-meta", ec);
    if (ec) {
        return fail(ErrorCode::IoError, "cannot create the environment: " + ec.message(),
                    prefix.string());
    }
    auto lock = lockPrefix(prefix);
    if (!lock) {
        return lock.error();
    }
    if (fs::exists(prefix / kJournal, ec)) {
        // An earlier transaction was cut short: put the prefix back first.
        if (auto recovered = recoverLocked(prefix.string()); !recovered) {
            return recovered.error();
        }
    }
    Journal journal;
    if (auto written = writeJournal(prefix, journal); !written) {
        return written.error();
    }
    TransactionReport scripts;
    const auto abort = [&](util::Error error) -> util::Result<TransactionReport> {
        if (auto undone = rollBack(prefix, journal); !undone) {
            error.detail += "; rolling back also failed: " + undone.error().message();
        }
        // What the scripts of this transaction left in .messages.txt belongs to the failure, not
        // to the next transaction's success.
        if (std::ifstream messages(prefix / ".messages.txt", std::ios::binary); messages) {
            std::ostringstream text;
            text << messages.rdbuf();
            messages.close();
            std::error_code removeError;
            fs::remove(prefix / ".messages.txt", removeError);
            if (!text.str().empty()) {
                error.detail += "\nmessages from the packages' scripts:\n" + text.str();
            }
        }
        return error;
    };
    const std::size_t total = plan.unlink.size() + plan.link.size();
    std::size_t done = 0;
    const auto report = [&](TransactionProgress::Phase phase, const std::string& current) {
        if (progress) {
            progress(TransactionProgress{phase, done, total, current});
        }
    };

    // Unlink: each package's files and its conda-meta record are moved aside, not deleted.
    for (const auto& record : plan.unlink) {
        if (stop.stop_requested()) {
            return abort(util::Error{ErrorCode::Cancelled, "cancelled", prefix.string()});
        }
        report(TransactionProgress::Phase::Unlinking, record.distName());
        const auto preUnlink = prefix / "bin" / ("." + record.name + "-pre-unlink.sh");
        if (auto ran = runScript(preUnlink, prefix, record, "pre-unlink", scripts, stop); !ran) {
            return abort(ran.error());
        }
        for (const auto& file : installedFiles(prefix, record)) {
            if (auto moved = moveAside(prefix, file, journal); !moved) {
                return abort(moved.error());
            }
        }
        if (auto moved = moveAside(prefix, metaPath(record), journal); !moved) {
            return abort(moved.error());
        }
        if (auto written = writeJournal(prefix, journal); !written) {
            return abort(written.error());
        }
        ++done;
    }

    // Link, dependencies first.
    const auto pythonVersion = pythonVersionFor(plan);
    for (std::size_t index = 0; index < plan.link.size(); ++index) {
        const PackageToLink& package = plan.link[index];
        const std::vector<PackagePath>& paths = (*linkPaths)[index];
        if (stop.stop_requested()) {
            return abort(util::Error{ErrorCode::Cancelled, "cancelled", prefix.string()});
        }
        report(TransactionProgress::Phase::Linking, package.record.distName());
        LinkOptions mapping;
        if (package.record.noarch == "python") {
            mapping.noarchPythonVersion = pythonVersion;
        }
        // A file another package owns is moved aside first, so a rollback can restore it.
        for (const auto& path : paths) {
            if (path.type != PackagePath::Type::Directory) {
                const std::string target = prefixPathFor(path.path, mapping);
                const std::size_t before = journal.movedAside.size();
                if (auto moved = moveAside(prefix, target, journal); !moved) {
                    return abort(moved.error());
                }
                if (journal.movedAside.size() != before) {
                    scripts.clobbered.push_back({target, package.record.distName()});
                }
            }
        }
        // Recorded before anything is placed: a crash in the middle still leaves a journal that
        // names every file this package may have created (entry point scripts included).
        for (const auto& path : paths) {
            if (path.type != PackagePath::Type::Directory) {
                journal.linked.push_back(prefixPathFor(path.path, mapping));
            }
        }
        std::vector<std::string> modules; // noarch: python sources to byte-compile
        if (mapping.noarchPythonVersion) {
            for (const auto& script : entryPointScripts(package.extractedPackageDir)) {
                if (auto moved = moveAside(prefix, script, journal); !moved) {
                    return abort(moved.error());
                }
                journal.linked.push_back(script);
            }
            for (const auto& path : paths) {
                const std::string target = prefixPathFor(path.path, mapping);
                if (plan.compilePyc && path.type == PackagePath::Type::HardLink
                    && util::startsWith(path.path, "site-packages/")
                    && util::endsWith(target, ".py")) {
                    modules.push_back(target);
                    const std::string pyc = pycPathFor(target, *mapping.noarchPythonVersion);
                    if (auto moved = moveAside(prefix, pyc, journal); !moved) {
                        return abort(moved.error());
                    }
                    journal.linked.push_back(pyc);
                }
            }
        }
        journal.linked.push_back(metaPath(package.record));
        if (auto moved = moveAside(prefix, metaPath(package.record), journal); !moved) {
            return abort(moved.error());
        }
        if (auto written = writeJournal(prefix, journal); !written) {
            return abort(written.error());
        }
        LinkOptions options = mapping;
        if (package.record.noarch == "python") {
            if (!pythonVersion) {
                return abort(util::Error{ErrorCode::InvalidRecord,
                                         "a noarch: python package needs python in the environment",
                                         package.record.distName()});
            }
        }
        // conda's pre-link messages: notes a package ships in info/prelink_messages/ for the user.
        const fs::path notes = fs::path(package.extractedPackageDir) / "info" / "prelink_messages";
        if (fs::is_directory(notes, ec)) {
            std::vector<fs::path> files;
            for (const auto& entry : fs::directory_iterator(notes, ec)) {
                files.push_back(entry.path());
            }
            std::sort(files.begin(), files.end());
            for (const auto& file : files) {
                std::ifstream in(file, std::ios::binary);
                std::ostringstream text;
                text << in.rdbuf();
                scripts.messages += package.record.name + ": " + text.str();
                if (!scripts.messages.empty() && scripts.messages.back() != '\n') {
                    scripts.messages += '\n';
                }
            }
        }
        const auto preLink = fs::path(package.extractedPackageDir) / "bin"
                             / ("." + package.record.name + "-pre-link.sh");
        if (auto ran = runScript(preLink, prefix, package.record, "pre-link", scripts, stop);
            !ran) {
            return abort(ran.error());
        }
        auto linked =
            linkPackage(package.extractedPackageDir, prefix.string(), paths, options, stop);
        if (!linked) {
            // The linker names the file; the user also needs to know which package it was.
            util::Error error = linked.error();
            if (error.code != ErrorCode::Cancelled) {
                error.detail = "linking " + package.record.distName() + ": " + error.detail;
            }
            return abort(std::move(error));
        }
        if (!modules.empty()) {
            std::string output;
            auto compiled =
                compilePyc(prefix.string(), modules, *mapping.noarchPythonVersion, stop, &output);
            if (!compiled && compiled.error().code == ErrorCode::Cancelled) {
                return abort(compiled.error());
            }
            // A module that does not compile still imports from source: a note, not a failure.
            if (!compiled) {
                scripts.scriptOutputs.push_back(package.record.name
                                                + " pyc: " + compiled.error().message());
            } else {
                for (const auto& pyc : *compiled) {
                    linked->files.push_back(LinkedFile{pyc, PackagePath::Type::PycFile,
                                                       LinkedFile::How::Copied, false, false});
                }
            }
            if (!output.empty()) {
                scripts.scriptOutputs.push_back(package.record.name + " pyc: " + output);
            }
        }
        InstalledPackage installed{package.record, *linked, package.extractedPackageDir,
                                   package.tarballPath, package.requestedSpec};
        if (auto written = writeInstalledRecord(prefix.string(), installed); !written) {
            return abort(written.error());
        }
        const auto postLink = prefix / "bin" / ("." + package.record.name + "-post-link.sh");
        if (auto ran = runScript(postLink, prefix, package.record, "post-link", scripts, stop);
            !ran) {
            return abort(ran.error());
        }
        ++done;
    }

    // Commit: the history, then the backups and the journal go.
    report(TransactionProgress::Phase::Committing, {});
    if (auto appended = appendHistory(prefix.string(), plan.history); !appended) {
        return abort(appended.error());
    }
    fs::remove_all(prefix / kBackups, ec);
    // Folders that only held what was unlinked go too.
    removeEmptyFolders(prefix.string(), journal.movedAside);
    fs::remove(prefix / kJournal, ec);
    // Scripts leave notes for the user in .messages.txt: shown once, then gone, as conda does.
    if (std::ifstream messages(prefix / ".messages.txt", std::ios::binary); messages) {
        std::ostringstream text;
        text << messages.rdbuf();
        scripts.messages += text.str();
        messages.close();
        fs::remove(prefix / ".messages.txt", ec);
    }
    return scripts;
}

bool isBareEnvironment(const std::string& prefix)
{
    const fs::path lock = fs::path(prefix) / kLock;
    std::error_code error;
    for (const auto& entry : fs::directory_iterator(prefix, error)) {
        if (entry.path().filename() != "conda-meta") {
            return false;
        }
        for (const auto& inner : fs::directory_iterator(entry.path(), error)) {
            if (inner.path() != lock) {
                return false;
            }
        }
    }
    return !error;
}

PrefixActivity prefixActivity(const std::string& prefix)
{
    std::error_code error;
    if (!fs::exists(fs::path(prefix) / kJournal, error)) {
        return PrefixActivity::Idle;
    }
    // The journal of a live transaction sits under a held lock; a crashed one's does not.
    auto lock = util::FileLock::tryAcquire((fs::path(prefix) / kLock).string());
    return lock ? PrefixActivity::Interrupted : PrefixActivity::Changing;
}

util::Result<bool> recoverPrefix(const std::string& prefix)
{
    std::error_code ec;
    if (!fs::exists(fs::path(prefix) / kJournal, ec)) {
        return false; // the common case: nothing to do, and no lock file to create
    }
    auto lock = lockPrefix(prefix);
    if (!lock) {
        return lock.error();
    }
    return recoverLocked(prefix);
}

} // namespace envdesk::env
