#include "core/cache/package_cache.h"

#include "core/archive/extract.h"
#include "core/specs/channel.h"
#include "core/specs/record_json.h"
#include "core/util/file_lock.h"
#include "core/util/hash.h"
#include "core/util/strings.h"

#include <fcntl.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <thread>
#include <utility>

namespace envdesk::cache {

namespace fs = std::filesystem;
using util::ErrorCode;
using util::fail;

namespace {

// Envdesk's bookkeeping inside a cache directory. A dot folder, so conda's scan of the
// directory (which treats sub-folders as extracted packages) passes over it.
constexpr const char* kPrivateDir = ".envdesk";

std::string lower(std::string text)
{
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

std::string joinPath(const std::string& dir, const std::string& name)
{
    return (fs::path(dir) / name).string();
}

// `name-version-build`: the folder name, also the stem of the archive name.
std::string distOf(const specs::PackageRecord& record)
{
    if (!record.name.empty() && !record.version.empty() && !record.build.empty()) {
        return record.distName();
    }
    std::string fn = specs::archiveFileName(record);
    for (const std::string_view ext : {".conda", ".tar.bz2"}) {
        if (fn.size() > ext.size() && fn.ends_with(ext)) {
            return fn.substr(0, fn.size() - ext.size());
        }
    }
    return {};
}

// The record's names as they become paths here: the archive `fn`, the folder, its lock file and
// staging folder are all `<dir>/<one component>`. The channel's index already drops records
// that fail this; an explicit file, a lock file or a cached record could still carry one.
std::optional<std::string> unsafePathOf(const specs::PackageRecord& record)
{
    const std::string fileName = specs::archiveFileName(record);
    if (!fileName.empty() && !util::isSafePathComponent(fileName)) {
        return "file name " + util::quoted(fileName);
    }
    const std::string dist = distOf(record);
    if (!dist.empty() && !util::isSafePathComponent(dist)) {
        return "name-version-build " + util::quoted(dist);
    }
    return std::nullopt;
}

util::Error unsafeRecordError(const specs::PackageRecord& record, const std::string& what)
{
    return {ErrorCode::InvalidRecord,
            "record refused: its " + what
                + " is not a plain file name (a slash, '..' or a control character would put it "
                  "outside the package cache); remove this record from the channel, lock file "
                  "or explicit file",
            "channel " + specs::maskSecrets(record.channel.empty() ? record.url : record.channel)
                + ", record " + specs::maskSecrets(record.url.empty() ? record.fn : record.url)};
}

// Fills in the archive beside each extracted folder (`<dir>/<fn>` next to `<dir>/<dist>/`),
// where the cache still has it. The records passed unsafePathOf() before any folder was found.
EnsureResult withArchives(EnsureResult result, const std::vector<specs::PackageRecord>& records)
{
    result.archives.assign(records.size(), std::string());
    for (std::size_t i = 0; i < records.size(); ++i) {
        const std::string fileName = specs::archiveFileName(records[i]);
        if (fileName.empty() || result.folders[i].empty()) {
            continue;
        }
        const fs::path archive = fs::path(result.folders[i]).parent_path() / fileName;
        std::error_code ec;
        if (fs::is_regular_file(archive, ec)) {
            result.archives[i] = archive.string();
        }
    }
    return result;
}

std::optional<nlohmann::json> readJson(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return std::nullopt;
    }
    auto json = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
    if (json.is_discarded() || !json.is_object()) {
        return std::nullopt;
    }
    return json;
}

std::string stringField(const nlohmann::json& json, const char* key)
{
    const auto it = json.find(key);
    return it != json.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::uint64_t sizeField(const nlohmann::json& json)
{
    const auto it = json.find("size");
    return it != json.end() && it->is_number_unsigned() ? it->get<std::uint64_t>() : 0;
}

// conda's test for "the same package": the strongest identity both sides carry.
bool sameBuild(const specs::PackageRecord& record, const nlohmann::json& cached)
{
    const std::string sha256 = stringField(cached, "sha256");
    if (!record.sha256.empty() && !sha256.empty()) {
        return lower(record.sha256) == lower(sha256);
    }
    const std::string md5 = stringField(cached, "md5");
    if (!record.md5.empty() && !md5.empty()) {
        return lower(record.md5) == lower(md5);
    }
    if (stringField(cached, "name") != record.name
        || stringField(cached, "version") != record.version
        || stringField(cached, "build") != record.build) {
        return false;
    }
    const std::uint64_t size = sizeField(cached);
    return record.size == 0 || size == 0 || record.size == size;
}

util::Result<std::string> hashFile(const std::string& path, util::Hasher::Algorithm algorithm,
                                   std::stop_token stop)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return fail(ErrorCode::IoError, "cannot read the file", path);
    }
    util::Hasher hasher(algorithm);
    std::vector<char> buffer(std::size_t{1} << 20);
    while (in) {
        if (stop.stop_requested()) {
            return fail(ErrorCode::Cancelled, "cancelled", path);
        }
        in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
        hasher.update(buffer.data(), static_cast<std::size_t>(in.gcount()));
    }
    if (in.bad()) {
        return fail(ErrorCode::IoError, "read error", path);
    }
    return hasher.hexDigest();
}

bool isWritableDir(const std::string& dir)
{
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) {
        fs::create_directories(dir, ec);
        if (ec || !fs::is_directory(dir, ec)) {
            return false;
        }
    }
    return ::access(dir.c_str(), W_OK | X_OK) == 0;
}

util::Result<void> writeFile(const std::string& path, const std::string& data)
{
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(data.data(), static_cast<std::streamsize>(data.size()));
    out.close();
    if (!out) {
        return fail(ErrorCode::IoError, "cannot write the file", path);
    }
    return util::Ok{};
}

// conda appends one line per downloaded package. One write(2) on an O_APPEND descriptor, so lines
// from processes sharing the cache do not interleave.
util::Result<void> appendUrl(const std::string& dir, const std::string& url)
{
    const std::string path = joinPath(dir, "urls.txt");
    const std::string line = specs::stripCredentials(url) + "\n";
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0666);
    if (fd < 0) {
        return fail(ErrorCode::IoError, std::string("cannot open: ") + std::strerror(errno), path);
    }
    const ssize_t written = ::write(fd, line.data(), line.size());
    ::close(fd);
    if (written != static_cast<ssize_t>(line.size())) {
        return fail(ErrorCode::IoError, "cannot append a line", path);
    }
    return util::Ok{};
}

void removeAll(const std::string& path)
{
    std::error_code ec;
    fs::remove_all(path, ec);
}

struct Job {
    specs::PackageRecord record;
    std::string dist;
    std::string fileName;
    std::vector<std::size_t> indices; // the records (duplicates included) this job serves
    util::FileLock lock;
    std::string archive; // a verified archive, once known
    bool downloaded = false;
    bool done = false; // an extracted folder exists (found after waiting for the lock)
};

// Unpacks into a staging folder, adds info/repodata_record.json, then renames into place: the
// final name appears only with the record in it, so findExtracted never sees a half package.
util::Result<void> extractOne(const Job& job, const std::string& dir, const ExtractFn& extract,
                              std::stop_token stop)
{
    const std::string staging = joinPath(joinPath(dir, kPrivateDir), "staging/" + job.dist);
    const std::string final = joinPath(dir, job.dist);
    // Leftovers of a killed process; safe to remove because we hold this package's lock.
    removeAll(staging);
    removeAll(staging + ".partial");
    auto extracted = extract(job.archive, staging, stop);
    if (!extracted) {
        removeAll(staging);
        removeAll(staging + ".partial");
        return extracted.error();
    }
    auto cleanFail = [&](util::Error error) -> util::Result<void> {
        removeAll(staging);
        return error;
    };
    if (stop.stop_requested()) {
        return cleanFail({ErrorCode::Cancelled, "cancelled", job.archive});
    }
    std::error_code ec;
    fs::create_directories(fs::path(staging) / "info", ec);
    auto written =
        writeFile(joinPath(staging, "info/repodata_record.json"), repodataRecordJson(job.record));
    if (!written) {
        return cleanFail(written.error());
    }
    // A folder under the final name here describes another build (or lacks its record):
    // conda replaces it too.
    removeAll(final);
    fs::rename(staging, final, ec);
    if (ec) {
        return cleanFail({ErrorCode::IoError,
                          "cannot move the extracted package into place: " + ec.message(), final});
    }
    return util::Ok{};
}

// Extracts packages on worker threads as they are handed over, while the calling thread goes on
// downloading. The first error (an extraction's, or one the caller reports with fail()) stops
// the others through the shared stop source and is the one firstError() returns.
class ExtractionQueue {
public:
    ExtractionQueue(std::string dir, ExtractFn extract, std::stop_source& stop)
        : m_dir(std::move(dir))
        , m_extract(std::move(extract))
        , m_stop(stop)
    {
    }
    ExtractionQueue(const ExtractionQueue&) = delete;
    ExtractionQueue& operator=(const ExtractionQueue&) = delete;
    ~ExtractionQueue()
    {
        close();
        m_workers.clear(); // joins
    }

    void start(std::size_t threads)
    {
        for (std::size_t t = 0; t < threads; ++t) {
            m_workers.emplace_back([this] { work(); });
        }
    }

    void push(Job* job)
    {
        {
            std::lock_guard guard(m_mutex);
            m_pending.push_back(job);
        }
        m_changed.notify_all();
    }

    // No more jobs: the workers end once the queue is empty.
    void close()
    {
        {
            std::lock_guard guard(m_mutex);
            m_closed = true;
        }
        m_changed.notify_all();
    }

    void fail(util::Error error)
    {
        {
            std::lock_guard guard(m_mutex);
            if (!m_error
                || (m_error->code == ErrorCode::Cancelled && error.code != ErrorCode::Cancelled)) {
                m_error = std::move(error);
            }
        }
        m_stop.request_stop();
        m_changed.notify_all();
    }

    [[nodiscard]] std::size_t finishedCount() const
    {
        std::lock_guard guard(m_mutex);
        return m_finished;
    }

    // Waits for the workers to end (close() must have been called), calling `tick` on this
    // thread whenever a package is finished.
    void waitAll(const std::function<void()>& tick)
    {
        {
            std::unique_lock guard(m_mutex);
            std::size_t seen = m_finished;
            const std::size_t workers = m_workers.size();
            while (m_exited < workers) {
                m_changed.wait(guard, [&] { return m_exited == workers || m_finished != seen; });
                if (m_finished != seen) {
                    seen = m_finished;
                    guard.unlock();
                    tick();
                    guard.lock();
                }
            }
        }
        m_workers.clear();
    }

    [[nodiscard]] std::optional<util::Error> firstError() const
    {
        std::lock_guard guard(m_mutex);
        return m_error;
    }

private:
    void work()
    {
        for (;;) {
            Job* job = nullptr;
            {
                std::unique_lock guard(m_mutex);
                m_changed.wait(guard, [&] { return !m_pending.empty() || m_closed; });
                if (m_pending.empty()) {
                    break;
                }
                job = m_pending.front();
                m_pending.pop_front();
            }
            std::optional<util::Error> error;
            if (m_stop.stop_requested()) {
                error = util::Error{ErrorCode::Cancelled, "cancelled", job->dist};
            } else {
                try {
                    if (auto done = extractOne(*job, m_dir, m_extract, m_stop.get_token()); !done) {
                        error = done.error();
                    }
                } catch (const std::exception& e) {
                    // No exception may cross a thread: it becomes this package's error.
                    error = util::Error{ErrorCode::Internal, e.what(), job->dist};
                }
            }
            if (error) {
                fail(std::move(*error));
            }
            {
                std::lock_guard guard(m_mutex);
                ++m_finished;
            }
            m_changed.notify_all();
        }
        {
            std::lock_guard guard(m_mutex);
            ++m_exited;
        }
        m_changed.notify_all();
    }

    std::string m_dir;
    ExtractFn m_extract;
    std::stop_source& m_stop;
    mutable std::mutex m_mutex;
    std::condition_variable m_changed;
    std::deque<Job*> m_pending;
    bool m_closed = false;
    std::size_t m_exited = 0;
    std::size_t m_finished = 0;
    std::optional<util::Error> m_error;
    std::vector<std::jthread> m_workers;
};

} // namespace

ExtractFn defaultExtractor()
{
    return
        [](const std::string& archivePath, const std::string& destination, std::stop_token stop) {
            return archive::extractPackage(archivePath, destination, {}, std::move(stop));
        };
}

std::string repodataRecordJson(const specs::PackageRecord& record)
{
    // nlohmann::json keeps object keys in a std::map, so the dump is key-sorted like conda's
    // json.dump(sort_keys=True, indent=2).
    return specs::recordJson(record, specs::RecordShape::Stored).dump(2);
}

PackageCache::PackageCache(std::vector<std::string> pkgsDirs)
    : m_dirs(std::move(pkgsDirs))
{
}

std::optional<std::string> PackageCache::writableDir() const
{
    for (const auto& dir : m_dirs) {
        if (isWritableDir(dir)) {
            return dir;
        }
    }
    return std::nullopt;
}

std::optional<std::string> PackageCache::findExtracted(const specs::PackageRecord& record) const
{
    const std::string dist = distOf(record);
    if (dist.empty() || unsafePathOf(record)) {
        return std::nullopt;
    }
    for (const auto& dir : m_dirs) {
        const std::string folder = joinPath(dir, dist);
        const auto cached = readJson(joinPath(folder, "info/repodata_record.json"));
        if (cached && sameBuild(record, *cached)) {
            return folder;
        }
    }
    return std::nullopt;
}

ArchiveLookup PackageCache::findArchive(const specs::PackageRecord& record,
                                        std::stop_token stop) const
{
    ArchiveLookup lookup;
    const std::string fileName = specs::archiveFileName(record);
    if (fileName.empty() || unsafePathOf(record)) {
        return lookup;
    }
    const auto writable = writableDir();
    for (const auto& dir : m_dirs) {
        const std::string path = joinPath(dir, fileName);
        std::error_code ec;
        if (!fs::is_regular_file(path, ec)) {
            continue;
        }
        std::string expected, actual, kind;
        if (!record.sha256.empty() || !record.md5.empty()) {
            const bool useSha = !record.sha256.empty();
            auto hash = hashFile(
                path, useSha ? util::Hasher::Algorithm::Sha256 : util::Hasher::Algorithm::Md5,
                stop);
            if (!hash) {
                continue;
            }
            kind = useSha ? "sha256" : "md5";
            expected = lower(useSha ? record.sha256 : record.md5);
            actual = *hash;
        } else {
            // Nothing to verify against but the size, as conda does for hashless records.
            kind = "size";
            expected = std::to_string(record.size);
            actual = std::to_string(fs::file_size(path, ec));
            if (record.size == 0) {
                expected = actual;
            }
        }
        if (expected == actual) {
            lookup.path = path;
            return lookup;
        }
        std::string line =
            path + ": " + kind + " mismatch, expected " + expected + ", found " + actual;
        if (writable && fs::equivalent(dir, *writable, ec)) {
            // Only the writable cache is ours to correct; the file is fetched again.
            fs::remove(path, ec);
            line += "; deleted";
        }
        lookup.rejected.push_back(std::move(line));
    }
    return lookup;
}

util::Result<EnsureResult>
PackageCache::ensureExtracted(const std::vector<specs::PackageRecord>& records,
                              const EnsureOptions& options, const ProgressFn& progress,
                              std::stop_token stop)
{
    EnsureResult result;
    result.folders.resize(records.size());
    auto cancelled = [] { return fail(ErrorCode::Cancelled, "cancelled"); };
    if (stop.stop_requested()) {
        return cancelled();
    }

    // One job per distinct package, in name order: every process takes the locks in the same
    // order, so two processes wanting overlapping sets cannot deadlock.
    std::map<std::string, Job> byDist;
    for (const auto& record : records) {
        if (auto unsafe = unsafePathOf(record)) {
            return unsafeRecordError(record, *unsafe);
        }
    }
    // In use from before the cache is looked at: a clean that starts later leaves them be, and
    // one that holds a package now finishes with it before this looks (and fetches it again).
    {
        std::set<std::string> dists;
        for (const auto& record : records) {
            if (const std::string dist = distOf(record); !dist.empty()) {
                dists.insert(dist);
            }
        }
        [[maybe_unused]] const auto target = writableDir(); // made now if it is missing
        for (const auto& dir : m_dirs) {
            std::error_code ec;
            if (!fs::is_directory(dir, ec) || ::access(dir.c_str(), W_OK | X_OK) != 0) {
                continue; // read-only: clean never removes anything from it
            }
            fs::create_directories(fs::path(dir) / kPrivateDir / "locks", ec);
            for (const auto& dist : dists) {
                auto held = util::FileLock::acquireShared(
                    joinPath(dir, std::string(kPrivateDir) + "/locks/" + dist + ".inuse"), stop);
                if (!held) {
                    return held.error();
                }
                result.inUse.push_back(std::move(*held));
            }
        }
    }
    for (std::size_t i = 0; i < records.size(); ++i) {
        if (auto folder = findExtracted(records[i])) {
            result.folders[i] = *folder;
            continue;
        }
        const std::string dist = distOf(records[i]);
        if (dist.empty()) {
            return fail(ErrorCode::InvalidRecord, "no package file name in the record",
                        records[i].str());
        }
        Job& job = byDist[dist];
        if (job.indices.empty()) {
            job.record = records[i];
            job.dist = dist;
            job.fileName = specs::archiveFileName(records[i]);
        }
        job.indices.push_back(i);
    }
    if (byDist.empty()) {
        return withArchives(std::move(result), records);
    }

    const auto dir = writableDir();
    if (!dir) {
        std::string list;
        for (const auto& d : m_dirs) {
            list += (list.empty() ? "" : ", ") + d;
        }
        return fail(ErrorCode::IoError, "no writable package cache directory", list);
    }
    const std::string privateDir = joinPath(*dir, kPrivateDir);
    {
        std::error_code ec;
        fs::create_directories(fs::path(privateDir) / "locks", ec);
        fs::create_directories(fs::path(privateDir) / "staging", ec);
        if (ec) {
            return fail(ErrorCode::IoError, "cannot create a folder: " + ec.message(), privateDir);
        }
    }

    std::vector<Job> jobs;
    jobs.reserve(byDist.size());
    for (auto& [dist, job] : byDist) {
        jobs.push_back(std::move(job));
    }

    for (auto& job : jobs) {
        auto lock =
            util::FileLock::acquire(joinPath(privateDir, "locks/" + job.dist + ".lock"), stop);
        if (!lock) {
            return lock.error();
        }
        job.lock = std::move(*lock);
        // Another process may have finished this package while we waited.
        if (auto folder = findExtracted(job.record)) {
            for (auto i : job.indices) {
                result.folders[i] = *folder;
            }
            job.done = true;
        }
    }

    // Archives: a verified cached one, else a download. Extraction starts on worker threads as
    // soon as an archive is at hand (cached ones at once, downloaded ones as each finishes), so
    // the transfers and the unpacking overlap instead of running one after the other.
    std::size_t toExtract = 0;
    for (const auto& job : jobs) {
        toExtract += job.done ? 0 : 1;
    }
    const std::size_t cores = std::max(1u, std::thread::hardware_concurrency());
    std::size_t threads =
        options.extractThreads > 0 ? static_cast<std::size_t>(options.extractThreads) : cores;
    threads = std::min({threads, cores, toExtract});
    // The first failure stops the rest, downloads included: the call fails anyway.
    std::stop_source internal;
    std::stop_callback forward(stop, [&internal] { internal.request_stop(); });
    ExtractionQueue queue(*dir, options.extractor ? options.extractor : defaultExtractor(),
                          internal);
    queue.start(threads);
    std::size_t extractReported = 0;
    auto reportExtraction = [&] {
        const std::size_t finished = queue.finishedCount();
        if (progress && finished != extractReported) {
            extractReported = finished;
            progress({Progress::Phase::Extract, finished, toExtract});
        }
    };
    // Each archive handed to extraction is reported by name, so a log lists every package in
    // the order its steps began (a download before its extraction).
    auto extract = [&](Job& job) {
        queue.push(&job);
        if (progress) {
            extractReported = queue.finishedCount();
            progress({Progress::Phase::Extract, extractReported, toExtract, job.record.distName()});
        }
    };

    std::vector<download::Request> requests;
    std::vector<std::size_t> requestJob;
    for (std::size_t j = 0; j < jobs.size(); ++j) {
        Job& job = jobs[j];
        if (job.done) {
            continue;
        }
        auto lookup = findArchive(job.record, internal.get_token());
        if (internal.stop_requested()) {
            break;
        }
        for (auto& line : lookup.rejected) {
            result.notes.push_back(std::move(line));
        }
        if (lookup.path) {
            job.archive = *lookup.path;
            extract(job);
            continue;
        }
        if (job.record.url.empty()) {
            queue.fail({ErrorCode::NotFound, "not in the package cache and no URL to fetch it",
                        job.record.str()});
            break;
        }
        download::Request request;
        request.url = job.record.url;
        request.destination = joinPath(*dir, job.fileName);
        if (!job.record.sha256.empty()) {
            request.expectedSha256 = job.record.sha256;
        } else if (!job.record.md5.empty()) {
            request.expectedMd5 = job.record.md5;
        }
        if (job.record.size != 0) {
            request.expectedSize = job.record.size;
        }
        request.resume = true;
        request.label = job.fileName;
        requests.push_back(std::move(request));
        requestJob.push_back(j);
    }

    if (!requests.empty() && !internal.stop_requested()) {
        std::vector<std::uint64_t> received(requests.size(), 0);
        std::vector<std::uint64_t> totals(requests.size(), 0);
        for (std::size_t r = 0; r < requests.size(); ++r) {
            totals[r] = requests[r].expectedSize.value_or(0);
        }
        auto onProgress = [&](const download::Progress& p) {
            if (!progress || p.requestIndex >= received.size()) {
                return;
            }
            received[p.requestIndex] = p.received;
            if (p.total != 0) {
                totals[p.requestIndex] = p.total;
            }
            Progress overall{Progress::Phase::Download, 0, 0,
                             jobs[requestJob[p.requestIndex]].record.distName()};
            bool totalKnown = true;
            for (std::size_t r = 0; r < received.size(); ++r) {
                overall.done += received[r];
                overall.total += totals[r];
                totalKnown = totalKnown && totals[r] != 0;
            }
            if (!totalKnown) {
                overall.total = 0;
            }
            progress(overall);
            reportExtraction();
        };
        std::size_t failures = 0;
        std::optional<util::Error> firstError;
        auto onFinished = [&](std::size_t r, const download::Response& response) {
            if (response.outcome == download::Response::Outcome::Downloaded) {
                Job& job = jobs[requestJob[r]];
                job.archive = requests[r].destination;
                job.downloaded = true;
                ++result.downloaded;
                // conda's urls.txt lists what was fetched into this cache, even when another
                // download of the batch failed: this archive is complete and stays.
                if (auto appended = appendUrl(*dir, job.record.url); !appended) {
                    queue.fail(appended.error());
                    return;
                }
                extract(job);
            } else if (response.outcome == download::Response::Outcome::Failed) {
                ++failures;
                if (!firstError) {
                    firstError =
                        response.error.value_or(util::Error{ErrorCode::Network, "download failed",
                                                            specs::maskSecrets(requests[r].url)});
                }
            }
            reportExtraction();
        };
        const auto responses = download::downloadAll(requests, options.download, onProgress,
                                                     internal.get_token(), onFinished);
        if (firstError) {
            if (failures > 1) {
                firstError->detail +=
                    " (and " + std::to_string(failures - 1) + " more failed downloads)";
            }
            queue.fail(*firstError);
        }
    }
    queue.close();
    queue.waitAll([&] { reportExtraction(); });
    // The last packages may have finished before waitAll began watching: the final count is
    // always reported, so a progress bar never stops short of its end.
    reportExtraction();

    if (stop.stop_requested()) {
        return cancelled();
    }
    if (auto error = queue.firstError()) {
        return *error;
    }
    for (auto& job : jobs) {
        if (job.done) {
            continue;
        }
        for (auto i : job.indices) {
            result.folders[i] = joinPath(*dir, job.dist);
        }
        ++result.extracted;
    }
    return withArchives(std::move(result), records);
}

} // namespace envdesk::cache
