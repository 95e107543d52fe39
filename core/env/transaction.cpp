#include "core/env/transaction.h"

#include "core/env/linker.h"
#include "core/env/package_paths.h"
#include "core/env/prefix.h"
#include "core/env/pyc.h"
#include "core/env/transaction_journal.h"
#include "core/util/file_lock.h"
#include "core/util/process.h"
#include "core/util/strings.h"

#include <fcntl.h>
#include <nlohmann/json.hpp>
#include <sys/stat.h>
#include <unistd.h>

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

// A transaction's files: the write-ahead journal and the backups of what it moved aside live in
// transaction_journal.h. This is the in-process side: every move is recorded there first.
class Mover {
public:
    Mover(fs::path prefix, JournalWriter& journal,
          const std::function<void(std::string_view)>& hook)
        : m_prefix(std::move(prefix))
        , m_journal(journal)
        , m_hook(hook)
    {
    }

    // Moves the prefix files at `paths` aside into the backup folder (a rename: same
    // filesystem, no copy), after recording each move durably. A path this transaction created
    // itself is simply removed: the journal already says to remove it on a rollback, and its
    // backup slot may hold the original. Returns the paths that held another package's (or the
    // user's) file, for the clobber report.
    util::Result<std::vector<std::string>> moveAside(const std::vector<std::string>& paths)
    {
        std::vector<std::string> toMove;
        std::vector<std::string> ours;
        std::error_code ec;
        for (const auto& path : paths) {
            if (!isPrefixRelativePath(path)) {
                return fail(ErrorCode::InvalidRecord,
                            "refusing to touch a path outside the environment: '" + path + "'",
                            m_prefix.string());
            }
            const auto status = fs::symlink_status(m_prefix / path, ec);
            if (!fs::exists(status) || fs::is_directory(status)) {
                continue;
            }
            if (m_journal.isLinked(path)) {
                ours.push_back(path);
            } else if (!m_journal.isAside(path)) {
                toMove.push_back(path);
                m_journal.stageAside(path);
            }
        }
        if (auto flushed = m_journal.flush(); !flushed) {
            return flushed.error();
        }
        for (const auto& path : ours) {
            fs::remove(m_prefix / path, ec);
            if (ec) {
                return fail(ErrorCode::IoError, "cannot replace: " + ec.message(),
                            (m_prefix / path).string());
            }
        }
        for (const auto& path : toMove) {
            const fs::path from = m_prefix / path;
            const fs::path to = m_prefix / kBackupFolder / path;
            fs::create_directories(to.parent_path(), ec);
            fs::rename(from, to, ec);
            if (ec) {
                return fail(ErrorCode::IoError, "cannot move aside: " + ec.message(),
                            from.string());
            }
            checkpoint("moved aside");
        }
        toMove.insert(toMove.end(), ours.begin(), ours.end());
        return toMove;
    }

    // Records that the transaction is about to create `paths`.
    util::Result<void> willCreate(const std::vector<std::string>& paths)
    {
        for (const auto& path : paths) {
            if (!isPrefixRelativePath(path)) {
                return fail(ErrorCode::InvalidRecord,
                            "refusing to write a path outside the environment: '" + path + "'",
                            m_prefix.string());
            }
            if (!m_journal.isLinked(path)) {
                m_journal.stageLink(path);
            }
        }
        return m_journal.flush();
    }

    void checkpoint(std::string_view point) const
    {
        if (m_hook) {
            m_hook(point);
        }
    }

private:
    fs::path m_prefix;
    JournalWriter& m_journal;
    const std::function<void(std::string_view)>& m_hook;
};

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
                             const std::map<std::string, std::string>& processEnvironment,
                             TransactionReport& report, std::stop_token stop)
{
    std::error_code ec;
    if (!fs::exists(script, ec)) {
        return {};
    }
    const auto searchPath = processEnvironment.find("PATH");
    const std::map<std::string, std::string> scriptVariables = {
        {"PREFIX", prefix.string()},
        {"CONDA_PREFIX", prefix.string()},
        {"ROOT_PREFIX", prefix.string()},
        {"PKG_NAME", record.name},
        {"PKG_VERSION", record.version},
        {"PKG_BUILDNUM", std::to_string(record.buildNumber)},
        {"PATH", (prefix / "bin").string() + ":"
                     + (searchPath == processEnvironment.end() ? std::string("/usr/bin:/bin")
                                                               : searchPath->second)},
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
    auto run =
        util::runProcess(command, util::childEnvironment(processEnvironment, scriptVariables),
                         prefix.string(), stop);
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

// recoverPrefix with the prefix's lock already held.
util::Result<bool> recoverLocked(const std::string& prefix)
{
    auto journal = readJournal(prefix);
    if (!journal) {
        return journal.error().code == ErrorCode::NotFound ? util::Result<bool>(false)
                                                           : util::Result<bool>(journal.error());
    }
    return settleJournal(prefix, *journal);
}

std::string takeMessages(const fs::path& prefix)
{
    std::ifstream messages(prefix / ".messages.txt", std::ios::binary);
    if (!messages) {
        return {};
    }
    std::ostringstream text;
    text << messages.rdbuf();
    messages.close();
    std::error_code ec;
    fs::remove(prefix / ".messages.txt", ec);
    return text.str();
}

// Makes everything written so far durable before the commit record: once the journal says
// "commit", the new state must be on the disk, not only in the page cache.
void syncFilesystem(const fs::path& prefix)
{
    const int fd = ::open(prefix.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        ::syncfs(fd);
        ::close(fd);
    }
}

util::Result<TransactionReport> executeLocked(const TransactionPlan& plan,
                                              const TransactionProgressFn& progress,
                                              std::stop_token stop);

} // namespace

util::Result<util::FileLock> lockPrefix(const std::string& prefix, const PrefixLockOptions& options,
                                        std::stop_token stop)
{
    std::error_code ec;
    fs::create_directories(fs::path(prefix) / "conda-meta", ec);
    if (ec) {
        return fail(ec == std::errc::permission_denied || ec == std::errc::read_only_file_system
                        ? ErrorCode::PermissionDenied
                        : ErrorCode::IoError,
                    "cannot create the environment: " + ec.message(), prefix);
    }
    if (::access(prefix.c_str(), W_OK) != 0
        || ::access((fs::path(prefix) / "conda-meta").c_str(), W_OK) != 0) {
        return fail(ErrorCode::PermissionDenied,
                    "permission denied: this user may not change the environment (it belongs to "
                    "another user or is read-only)",
                    prefix);
    }
    const std::string path = (fs::path(prefix) / kLock).string();
    auto lock = util::FileLock::acquireWithin(
        path, options.timeout,
        [&] {
            if (options.onWait) {
                const std::string holder = util::FileLock::readOwner(path);
                options.onWait(holder.empty() ? std::string("another process") : holder);
            }
        },
        stop);
    if (!lock) {
        util::Error error = lock.error();
        error.context = prefix;
        if (error.code == ErrorCode::Busy) {
            const std::string holder = util::FileLock::readOwner(path);
            error.detail = "another process is changing this environment ("
                           + (holder.empty() ? std::string("unknown") : holder)
                           + ") and did not finish in time; try again when it has finished";
        } else if (error.code == ErrorCode::PermissionDenied) {
            error.detail = "permission denied: this user may not change the environment (" + path
                           + " cannot be written)";
        }
        return error;
    }
    lock->writeOwner(options.owner.empty() ? std::string("envdesk") : options.owner);
    return lock;
}

util::Result<TransactionReport> executeTransaction(const TransactionPlan& plan,
                                                   const TransactionProgressFn& progress,
                                                   std::stop_token stop)
{
    const PrefixBefore before = prefixBefore(plan.prefix);
    auto lock = lockPrefix(plan.prefix, PrefixLockOptions{}, stop);
    auto result = lock ? executeTransaction(plan, *lock, progress, stop)
                       : util::Result<TransactionReport>(lock.error());
    if (!result && before != PrefixBefore::Occupied) {
        if (lock) {
            lock->release();
        }
        discardBareEnvironment(plan.prefix, before);
    }
    return result;
}

util::Result<TransactionReport> executeTransaction(const TransactionPlan& plan,
                                                   const util::FileLock& heldLock,
                                                   const TransactionProgressFn& progress,
                                                   std::stop_token stop)
{
    if (!heldLock.isLocked() || fs::path(heldLock.path()) != fs::path(plan.prefix) / kLock) {
        return fail(ErrorCode::Internal, "the environment's lock is not held", plan.prefix);
    }
    return executeLocked(plan, progress, stop);
}

namespace {

util::Result<TransactionReport> executeLocked(const TransactionPlan& plan,
                                              const TransactionProgressFn& progress,
                                              std::stop_token stop)
{
    const fs::path prefix = plan.prefix;
    std::error_code ec;
    if (auto recovered = recoverLocked(prefix.string()); !recovered) {
        // An earlier transaction was cut short and cannot be settled: touch nothing more.
        return recovered.error();
    }
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
                        + ", and " + megabytes(kSpaceReserve)
                        + " more are kept free for the environment's records and the "
                          "filesystem; "
                        + megabytes(space.available) + " are free",
                    prefix.string());
    }
    auto journalWriter = JournalWriter::begin(prefix.string());
    if (!journalWriter) {
        return journalWriter.error();
    }
    JournalWriter& journal = *journalWriter;
    Mover mover(prefix, journal, plan.faultHook);
    TransactionReport scripts;
    const auto abort = [&](util::Error error) -> util::Result<TransactionReport> {
        journal.close();
        if (auto undone = settleJournal(prefix.string(), journal.contents()); !undone) {
            error.detail += "; rolling back also failed: " + undone.error().message();
        }
        // What the scripts of this transaction left in .messages.txt belongs to the failure, not
        // to the next transaction's success.
        if (const std::string text = takeMessages(prefix); !text.empty()) {
            error.detail += "\nmessages from the packages' scripts:\n" + text;
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
    mover.checkpoint("begun");

    // Unlink: each package's files and its conda-meta record are moved aside, not deleted.
    for (const auto& record : plan.unlink) {
        if (stop.stop_requested()) {
            return abort(util::Error{ErrorCode::Cancelled, "cancelled", prefix.string()});
        }
        report(TransactionProgress::Phase::Unlinking, record.distName());
        const auto preUnlink = prefix / "bin" / ("." + record.name + "-pre-unlink.sh");
        if (auto ran = runScript(preUnlink, prefix, record, "pre-unlink", plan.processEnvironment,
                                 scripts, stop);
            !ran) {
            return abort(ran.error());
        }
        std::vector<std::string> files = installedFiles(prefix, record);
        files.push_back(metaPath(record));
        if (auto moved = mover.moveAside(files); !moved) {
            return abort(moved.error());
        }
        mover.checkpoint("unlinked a package");
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
            if (!pythonVersion) {
                return abort(util::Error{ErrorCode::InvalidRecord,
                                         "a noarch: python package needs python in the environment",
                                         package.record.distName()});
            }
            mapping.noarchPythonVersion = pythonVersion;
        }
        // Everything this package may create: its files, its entry point scripts, the modules'
        // byte code and its record. Whatever is in their place now (another package's file, or
        // the user's) is moved aside first, so a rollback can restore it.
        std::vector<std::string> targets;
        for (const auto& path : paths) {
            if (path.type != PackagePath::Type::Directory) {
                targets.push_back(prefixPathFor(path.path, mapping));
            }
        }
        const std::size_t packageFiles = targets.size();
        std::vector<std::string> modules; // noarch: python sources to byte-compile
        if (mapping.noarchPythonVersion) {
            for (const auto& script : entryPointScripts(package.extractedPackageDir)) {
                targets.push_back(script);
            }
            for (const auto& path : paths) {
                const std::string target = prefixPathFor(path.path, mapping);
                if (plan.compilePyc && path.type == PackagePath::Type::HardLink
                    && util::startsWith(path.path, "site-packages/")
                    && util::endsWith(target, ".py")) {
                    modules.push_back(target);
                    targets.push_back(pycPathFor(target, *mapping.noarchPythonVersion));
                }
            }
        }
        targets.push_back(metaPath(package.record));
        auto moved = mover.moveAside(targets);
        if (!moved) {
            return abort(moved.error());
        }
        for (const auto& path : *moved) {
            const auto it = std::find(targets.begin(), targets.end(), path);
            if (it != targets.end()
                && static_cast<std::size_t>(it - targets.begin()) < packageFiles) {
                scripts.clobbered.push_back({path, package.record.distName()});
            }
        }
        // Recorded before anything is placed: a kill in the middle still leaves a journal that
        // names every file this package may have created.
        if (auto recorded = mover.willCreate(targets); !recorded) {
            return abort(recorded.error());
        }
        mover.checkpoint("recorded a package's files");
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
        if (auto ran = runScript(preLink, prefix, package.record, "pre-link",
                                 plan.processEnvironment, scripts, stop);
            !ran) {
            return abort(ran.error());
        }
        auto linked =
            linkPackage(package.extractedPackageDir, prefix.string(), paths, mapping, stop);
        if (!linked) {
            // The linker names the file; the user also needs to know which package it was.
            util::Error error = linked.error();
            if (error.code != ErrorCode::Cancelled) {
                error.detail = "linking " + package.record.distName() + ": " + error.detail;
            }
            return abort(std::move(error));
        }
        mover.checkpoint("linked a package's files");
        if (!modules.empty()) {
            std::string output;
            auto compiled = compilePyc(prefix.string(), modules, *mapping.noarchPythonVersion,
                                       plan.processEnvironment, stop, &output);
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
        // The record (and its temporary) is created by this change too: recovery removes both.
        if (auto recorded = mover.willCreate({"conda-meta/" + package.record.distName() + ".json"});
            !recorded) {
            return abort(recorded.error());
        }
        if (auto written = writeInstalledRecord(prefix.string(), installed); !written) {
            return abort(written.error());
        }
        mover.checkpoint("wrote a package's record");
        const auto postLink = prefix / "bin" / ("." + package.record.name + "-post-link.sh");
        if (auto ran = runScript(postLink, prefix, package.record, "post-link",
                                 plan.processEnvironment, scripts, stop);
            !ran) {
            return abort(ran.error());
        }
        ++done;
    }

    // Commit: the history's old size goes into the journal, the revision into the history, then
    // everything is made durable and the commit record written. Until that record, a kill rolls
    // everything back, history included; from it on, recovery finishes the transaction.
    report(TransactionProgress::Phase::Committing, {});
    const fs::path history = prefix / "conda-meta" / "history";
    const std::uint64_t historySize = fs::exists(history, ec) ? fs::file_size(history, ec) : 0;
    journal.stageHistorySize(ec ? 0 : historySize);
    if (auto flushed = journal.flush(); !flushed) {
        return abort(flushed.error());
    }
    if (auto appended = appendHistory(prefix.string(), plan.history); !appended) {
        return abort(appended.error());
    }
    mover.checkpoint("wrote the history");
    syncFilesystem(prefix);
    journal.stageCommit();
    if (auto flushed = journal.flush(); !flushed) {
        return abort(flushed.error());
    }
    mover.checkpoint("committed");
    journal.close();
    if (auto settled = settleJournal(prefix.string(), journal.contents()); !settled) {
        // Committed: the new state stands; the leftovers go at the next recovery.
        scripts.scriptOutputs.push_back("cleaning up after the transaction: "
                                        + settled.error().message());
    }
    mover.checkpoint("cleaned up");
    // Scripts leave notes for the user in .messages.txt: shown once, then gone, as conda does.
    scripts.messages += takeMessages(prefix);
    return scripts;
}

} // namespace

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

PrefixBefore prefixBefore(const std::string& prefix)
{
    std::error_code ec;
    if (!fs::exists(prefix, ec)) {
        return PrefixBefore::Absent;
    }
    return fs::is_directory(prefix, ec) && fs::is_empty(prefix, ec) ? PrefixBefore::Empty
                                                                    : PrefixBefore::Occupied;
}

void discardBareEnvironment(const std::string& prefix, PrefixBefore before)
{
    std::error_code ec;
    if (before == PrefixBefore::Occupied || !fs::is_directory(prefix, ec)
        || !isBareEnvironment(prefix)) {
        return;
    }
    fs::remove_all(
        before == PrefixBefore::Absent ? fs::path(prefix) : fs::path(prefix) / "conda-meta", ec);
}

PrefixActivity prefixActivity(const std::string& prefix)
{
    auto journal = readJournal(prefix);
    if (!journal && journal.error().code == ErrorCode::NotFound) {
        return PrefixActivity::Idle;
    }
    // The journal of a live transaction sits under a held lock; a crashed one's does not.
    auto lock = util::FileLock::tryAcquire((fs::path(prefix) / kLock).string());
    return lock ? PrefixActivity::Interrupted : PrefixActivity::Changing;
}

util::Result<bool> recoverPrefix(const std::string& prefix, const PrefixLockOptions& options,
                                 std::stop_token stop)
{
    auto journal = readJournal(prefix);
    if (!journal && journal.error().code == ErrorCode::NotFound) {
        return false; // the common case: nothing to do, and no lock file to create
    }
    auto lock = lockPrefix(prefix, options, stop);
    if (!lock) {
        return lock.error();
    }
    return recoverLocked(prefix);
}

util::Result<bool> recoverPrefix(const std::string& prefix, const util::FileLock& heldLock)
{
    if (!heldLock.isLocked() || fs::path(heldLock.path()) != fs::path(prefix) / kLock) {
        return fail(ErrorCode::Internal, "the environment's lock is not held", prefix);
    }
    return recoverLocked(prefix);
}

} // namespace envdesk::env
