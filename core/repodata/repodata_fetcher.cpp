#include "core/repodata/repodata_fetcher.h"

#include "core/repodata/compression.h"
#include "core/repodata/shards.h"
#include "core/util/file_io.h"
#include "core/util/hash.h"
#include "core/util/strings.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>

namespace envdesk::repodata {

namespace fs = std::filesystem;
using util::ErrorCode;
using util::fail;

namespace {

constexpr std::int64_t kZstRetryAfterSeconds = 24 * 3600;

struct Variant {
    std::string_view fileName;
    Compression compression;
};
constexpr Variant kZst{"repodata.json.zst", Compression::Zstd};
constexpr Variant kJson{"repodata.json", Compression::None};
constexpr Variant kBz2{"repodata.json.bz2", Compression::Bzip2};
// Kept as sent (zstd): it is small, and read whole each time it is opened.
constexpr Variant kShards{kShardIndexFileName, Compression::None};

bool isShards(std::string_view variant)
{
    return variant == kShardIndexFileName;
}

// Where the cache keeps a subdir's repodata, by what it keeps (CacheState::stored).
std::string storedPath(const std::string& keyPath, std::string_view stored)
{
    return keyPath + (stored == kZst.fileName ? ".json.zst" : ".json");
}

std::int64_t systemNow()
{
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// `max-age=N` of a Cache-Control header, or 0.
std::int64_t maxAge(std::string_view cacheControl)
{
    const auto pos = cacheControl.find("max-age=");
    if (pos == std::string_view::npos) {
        return 0;
    }
    std::int64_t value = 0;
    for (std::size_t i = pos + 8; i < cacheControl.size() && util::isDigit(cacheControl[i]); ++i) {
        value = value * 10 + (cacheControl[i] - '0');
        if (value > 365LL * 24 * 3600) {
            break;
        }
    }
    return value;
}

std::string stripSuffix(std::string text, std::string_view suffix)
{
    if (util::endsWith(text, suffix)) {
        text.resize(text.size() - suffix.size());
    }
    return text;
}

// A download read back at its size, in one allocation: a plain repodata.json can be 300 MB, and
// a stream buffer grown by doubling, then copied out, would hold it two or three times over.
// Empty when it cannot be read (the decoder then names the URL).
std::string readWholeFile(const std::string& path)
{
    std::ifstream in(path, std::ios::binary | std::ios::ate);
    if (!in) {
        return {};
    }
    std::string bytes(static_cast<std::size_t>(in.tellg()), '\0');
    in.seekg(0);
    in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    return in ? bytes : std::string();
}

nlohmann::json toJson(const CacheState& state)
{
    return nlohmann::json{{"url", state.url},
                          {"variant", state.variant},
                          {"etag", state.etag},
                          {"last_modified", state.lastModified},
                          {"cache_control", state.cacheControl},
                          {"refreshed_at", state.refreshedAt},
                          {"size", state.size},
                          {"stored", state.stored},
                          {"zst_missing_since", state.zstMissingSince},
                          {"shards_missing_since", state.shardsMissingSince}};
}

// One subdir on its way through the fallbacks.
struct Job {
    std::size_t targetIndex = 0;
    std::vector<std::string> baseUrls; // the subdir URL on each mirror, then on the channel itself
    std::size_t baseIndex = 0;
    std::vector<Variant> variants;
    std::size_t variantIndex = 0;
    std::string cachePath;  // <key>.json, or <key>.json.zst (CacheState::stored)
    std::string keyPath;    // <cacheDir>/<key>
    std::string shardsPath; // <key>.shards.msgpack.zst
    std::string statePath;  // <key>.state.json
    std::optional<CacheState> cached;
    std::int64_t zstMissingSince = 0;
    std::int64_t shardsMissingSince = 0;
    std::vector<std::string> failures;      // what went wrong, per source, for the final message
    std::optional<util::Error> lastFailure; // the last source's, whose reason the error takes
    bool onlyAbsent = true;                 // every source answered 404: the subdir does not exist
    bool done = false;
};

// True when `variant` was asked for on the job's current server before the one asked now (and so
// was found missing there).
bool askedBefore(const Job& job, const Variant& variant)
{
    return std::any_of(job.variants.begin(),
                       job.variants.begin() + static_cast<std::ptrdiff_t>(job.variantIndex),
                       [&](const Variant& v) { return v.fileName == variant.fileName; });
}

} // namespace

std::string cacheKey(std::string_view subdirUrl)
{
    return util::sha256Hex(specs::stripCredentials(subdirUrl)).substr(0, 16);
}

util::Result<CacheState> readCacheState(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return fail(ErrorCode::NotFound, "no cache state", path);
    }
    const auto json = nlohmann::json::parse(in, nullptr, false);
    if (json.is_discarded() || !json.is_object()) {
        return fail(ErrorCode::ParseError, "cache state is not valid JSON", path);
    }
    CacheState state;
    state.url = json.value("url", "");
    state.variant = json.value("variant", "");
    state.etag = json.value("etag", "");
    state.lastModified = json.value("last_modified", "");
    state.cacheControl = json.value("cache_control", "");
    state.refreshedAt = json.value("refreshed_at", std::int64_t{0});
    state.size = json.value("size", std::uint64_t{0});
    state.stored = json.value("stored", "");
    state.zstMissingSince = json.value("zst_missing_since", std::int64_t{0});
    state.shardsMissingSince = json.value("shards_missing_since", std::int64_t{0});
    return state;
}

util::Result<RecordIndex> openRecordIndex(FetchedSubdir& fetched, std::vector<std::string>* refused,
                                          const IndexWatch& watch)
{
    const std::string indexPath =
        stripSuffix(stripSuffix(fetched.jsonPath, ".zst"), ".json") + ".idx";
    std::error_code ec;
    const auto size = fs::file_size(fetched.jsonPath, ec);
    if (ec) {
        return fail(ErrorCode::NotFound, "cached repodata is missing: " + ec.message(),
                    fetched.jsonPath);
    }
    const auto modified = fs::last_write_time(fetched.jsonPath, ec).time_since_epoch().count();
    // What the index was made from: the JSON's identity on the server and on disk.
    const std::string validator = fetched.state.url + "\n" + fetched.state.variant + "\n"
                                  + fetched.state.etag + "\n" + fetched.state.lastModified + "\n"
                                  + std::to_string(size) + "\n" + std::to_string(modified) + "\n"
                                  + fetched.target.channel.canonicalName;
    const RepodataSource source{fetched.target.channel.canonicalName,
                                fetched.target.channel.platformUrl(fetched.target.platform),
                                fetched.target.platform, fetched.url};
    auto index = openOrBuildRecordIndex(fetched.jsonPath, source, indexPath, validator, refused,
                                        std::move(fetched.decoded), watch);
    if (index) {
        index->restoreCredentials(source.subdirUrl);
    }
    return index;
}

std::vector<util::Result<FetchedSubdir>> fetchRepodata(const std::vector<SubdirTarget>& targets,
                                                       const FetchOptions& options,
                                                       const FetchProgressFn& progress,
                                                       std::stop_token stop)
{
    const auto now = options.now ? options.now() : systemNow();
    std::vector<std::optional<util::Result<FetchedSubdir>>> results(targets.size());
    std::error_code ec;
    fs::create_directories(options.cacheDir, ec);
    if (ec) {
        std::vector<util::Result<FetchedSubdir>> failed;
        for (std::size_t i = 0; i < targets.size(); ++i) {
            failed.emplace_back(fail(ErrorCode::IoError,
                                     "cannot create the repodata cache folder: " + ec.message(),
                                     options.cacheDir));
        }
        return failed;
    }

    const auto makeResult = [&](const Job& job, FetchedSubdir::Origin origin, std::string note,
                                std::string url) {
        FetchedSubdir fetched;
        fetched.target = targets[job.targetIndex];
        fetched.origin = origin;
        fetched.state = job.cached.value_or(CacheState{});
        fetched.sharded = isShards(fetched.state.variant);
        (fetched.sharded ? fetched.shardIndexPath : fetched.jsonPath) =
            fetched.sharded ? job.shardsPath : job.cachePath;
        fetched.url = specs::maskSecrets(url);
        // The credentials the stripped URL lost: from the source it names.
        fetched.sourceUrl = url;
        for (const auto& base : job.baseUrls) {
            if (specs::stripCredentials(base) == url) {
                fetched.sourceUrl = base;
            }
        }
        fetched.note = std::move(note);
        return fetched;
    };

    std::vector<Job> jobs;
    std::optional<std::size_t> holdingDecoded; // the target whose result keeps its decoded text
    FetchProgress report;
    report.total = targets.size();
    for (std::size_t i = 0; i < targets.size(); ++i) {
        const auto& target = targets[i];
        Job job;
        job.targetIndex = i;
        const std::string primary = target.channel.platformUrl(target.platform);
        for (const auto& base : target.channel.mirrorBaseUrls) {
            job.baseUrls.push_back(base + "/" + target.platform);
        }
        if (job.baseUrls.empty()) {
            job.baseUrls.push_back(primary);
        }
        const std::string key = cacheKey(primary);
        job.keyPath = options.cacheDir + "/" + key;
        job.cachePath = job.keyPath + ".json";
        job.statePath = options.cacheDir + "/" + key + ".state.json";
        job.shardsPath = options.cacheDir + "/" + key + ".shards.msgpack.zst";
        if (auto state = readCacheState(job.statePath)) {
            job.zstMissingSince = state->zstMissingSince;
            job.shardsMissingSince = state->shardsMissingSince;
            job.cachePath = storedPath(job.keyPath, state->stored);
            // The cache holds what the state names, and a shard index only serves while shards
            // are wanted.
            const bool sharded = isShards(state->variant);
            if (fs::exists(sharded ? job.shardsPath : job.cachePath, ec)
                && (!sharded || options.useShards)) {
                job.cached = *state;
            }
        }
        const auto knownMissing = [&](std::int64_t since) {
            return since != 0 && now - since < kZstRetryAfterSeconds;
        };
        if (options.useShards && !knownMissing(job.shardsMissingSince)
            && !target.channel.isLocal()) {
            job.variants.push_back(kShards);
        }
        if (options.useZst && !knownMissing(job.zstMissingSince) && !target.channel.isLocal()) {
            job.variants.push_back(kZst);
        }
        job.variants.push_back(kJson);
        if (!target.channel.isLocal()) {
            job.variants.push_back(kBz2);
        }

        if (job.cached) {
            const std::int64_t ttl = options.localRepodataTtl > 1 ? options.localRepodataTtl
                                     : options.localRepodataTtl == 1
                                         ? maxAge(job.cached->cacheControl)
                                         : 0;
            const std::int64_t age = now - job.cached->refreshedAt;
            if (options.download.offline && !target.channel.isLocal()) {
                results[i] = makeResult(job, FetchedSubdir::Origin::CacheWhileOffline,
                                        "offline: using the repodata cached "
                                            + std::to_string(std::max<std::int64_t>(age, 0) / 60)
                                            + " min ago",
                                        job.cached->url);
                job.done = true;
            } else if (age >= 0 && age < ttl) {
                results[i] =
                    makeResult(job, FetchedSubdir::Origin::FreshCache, {}, job.cached->url);
                job.done = true;
            }
        } else if (options.download.offline && !target.channel.isLocal()) {
            results[i] =
                fail(ErrorCode::NotFound, "offline, and no cached repodata for this channel yet",
                     specs::maskSecrets(primary));
            job.done = true;
        }
        if (job.done) {
            ++report.done;
        }
        jobs.push_back(std::move(job));
    }

    // Rounds: each asks every pending job's current source at once, then advances the jobs
    // that must fall back (a missing variant, a failing mirror).
    while (!stop.stop_requested()) {
        std::vector<Job*> pending;
        std::vector<download::Request> requests;
        for (auto& job : jobs) {
            if (job.done) {
                continue;
            }
            const Variant& variant = job.variants[job.variantIndex];
            download::Request request;
            request.url = job.baseUrls[job.baseIndex] + "/" + std::string(variant.fileName);
            // A name of its own: another thread or process may be fetching the same subdir into
            // the same cache at this moment.
            request.destination = util::temporaryPathFor(job.cachePath + ".download")
                                  + std::string(fileSuffix(variant.compression));
            request.label = specs::maskSecrets(request.url);
            // Validators belong to one file: send them only when asking for the same one again.
            if (job.cached && job.cached->variant == variant.fileName
                && job.cached->url == specs::stripCredentials(job.baseUrls[job.baseIndex])) {
                if (!job.cached->etag.empty()) {
                    request.headers.emplace_back("If-None-Match", job.cached->etag);
                }
                if (!job.cached->lastModified.empty()) {
                    request.headers.emplace_back("If-Modified-Since", job.cached->lastModified);
                }
            }
            pending.push_back(&job);
            requests.push_back(std::move(request));
        }
        if (pending.empty()) {
            break;
        }
        const auto responses = download::downloadAll(
            requests, options.download,
            [&](const download::Progress& p) {
                if (progress) {
                    FetchProgress current = report;
                    current.bytes = p.received;
                    current.current = requests[p.requestIndex].label;
                    progress(current);
                }
            },
            stop);

        for (std::size_t r = 0; r < pending.size(); ++r) {
            Job& job = *pending[r];
            const auto& response = responses[r];
            const auto& request = requests[r];
            const Variant variant = job.variants[job.variantIndex];
            const std::string base = job.baseUrls[job.baseIndex];
            const auto finish = [&](util::Result<FetchedSubdir> result) {
                results[job.targetIndex] = std::move(result);
                job.done = true;
                ++report.done;
                if (progress) {
                    progress(report);
                }
            };
            bool corrupt = false;
            switch (response.outcome) {
            case download::Response::Outcome::Cancelled:
                finish(fail(ErrorCode::Cancelled, "cancelled", request.label));
                continue;
            case download::Response::Outcome::NotModified: {
                if (!job.cached) {
                    job.failures.push_back(request.label
                                           + ": 304 Not Modified without a cached copy");
                    break;
                }
                // Another process may have replaced the cached file since its state was read:
                // asked again without validators.
                if (!fs::exists(isShards(variant.fileName) ? job.shardsPath : job.cachePath, ec)) {
                    job.cached.reset();
                    continue;
                }
                job.cached->refreshedAt = now;
                job.cached->cacheControl = response.cacheControl.empty() ? job.cached->cacheControl
                                                                         : response.cacheControl;
                // What was asked for first and found missing stays remembered for another day.
                job.cached->zstMissingSince =
                    askedBefore(job, kZst) ? now : job.cached->zstMissingSince;
                job.cached->shardsMissingSince =
                    askedBefore(job, kShards) ? now : job.cached->shardsMissingSince;
                (void)util::writeFileAtomically(job.statePath, toJson(*job.cached).dump(2));
                finish(makeResult(job, FetchedSubdir::Origin::NotModified, {},
                                  specs::stripCredentials(base)));
                continue;
            }
            case download::Response::Outcome::Downloaded: {
                std::string raw = readWholeFile(request.destination);
                const bool shardIndex = isShards(variant.fileName);
                // Decoded here, to check it, and kept for building the record index.
                auto decoded =
                    variant.compression == Compression::None && !shardIndex
                        ? util::Result<std::string>(std::move(raw))
                        : decompress(raw, shardIndex ? Compression::Zstd : variant.compression,
                                     request.label);
                if (decoded && shardIndex) {
                    // Checked now, so that a broken index falls back to repodata.json.
                    auto index = parseShardIndex(*decoded, request.label);
                    // Where it points is checked too: an index whose URLs leave the channel is
                    // as unusable as a corrupt one.
                    const std::string root = base.substr(0, base.rfind('/'));
                    if (index) {
                        const std::string references[] = {index->shardsBaseUrl, index->baseUrl};
                        for (const auto& reference : references) {
                            if (!index) {
                                break;
                            }
                            if (auto resolved = resolveIndexReference(base + "/", reference, root,
                                                                      request.label);
                                !resolved) {
                                index = resolved.error();
                            }
                        }
                    }
                    if (!index) {
                        decoded = index.error();
                    }
                }
                if (!decoded) {
                    fs::remove(request.destination, ec);
                    // A corrupt file: the same server may still serve another encoding.
                    job.failures.push_back(decoded.error().message());
                    corrupt = true;
                    break;
                }
                // What the cache keeps: the file as sent, moved into place (no copy of a large
                // channel's JSON), except bzip2, which is slow to decode again.
                const bool keepDecoded = variant.compression == Compression::Bzip2;
                const std::string stored = shardIndex    ? std::string()
                                           : keepDecoded ? std::string(kJson.fileName)
                                                         : std::string(variant.fileName);
                const std::string target =
                    shardIndex ? job.shardsPath : storedPath(job.keyPath, stored);
                util::Result<void> kept;
                if (keepDecoded) {
                    kept = util::writeFileAtomically(target, *decoded);
                    fs::remove(request.destination, ec);
                } else {
                    fs::rename(request.destination, target, ec);
                    if (ec) {
                        kept =
                            fail(ErrorCode::IoError,
                                 "cannot keep the download in the cache: " + ec.message(), target);
                        fs::remove(request.destination, ec);
                    }
                }
                if (!kept) {
                    finish(kept.error());
                    continue;
                }
                // The other form of the same subdir, from an earlier fetch, is stale now.
                if (!shardIndex) {
                    const std::string other = storedPath(
                        job.keyPath, stored == kZst.fileName ? kJson.fileName : kZst.fileName);
                    fs::remove(other, ec);
                } else {
                    // The channel serves shards now: its whole repodata and its record index go
                    // (hundreds of megabytes for a large channel).
                    for (const char* suffix : {".json", ".json.zst", ".idx", ".idx.refused"}) {
                        fs::remove(job.keyPath + suffix, ec);
                    }
                }
                job.cachePath = shardIndex ? job.cachePath : target;
                CacheState state;
                state.url = specs::stripCredentials(base);
                state.variant = std::string(variant.fileName);
                state.etag = response.etag;
                state.lastModified = response.lastModified;
                state.cacheControl = response.cacheControl;
                state.refreshedAt = now;
                state.size = decoded->size();
                state.stored = stored;
                // What was asked for before this one and found missing is remembered.
                state.zstMissingSince = askedBefore(job, kZst)              ? now
                                        : variant.fileName == kZst.fileName ? 0
                                                                            : job.zstMissingSince;
                state.shardsMissingSince = askedBefore(job, kShards)    ? now
                                           : isShards(variant.fileName) ? 0
                                                                        : job.shardsMissingSince;
                job.cached = state;
                (void)util::writeFileAtomically(job.statePath, toJson(state).dump(2));
                auto result = makeResult(job, FetchedSubdir::Origin::Downloaded, {},
                                         specs::stripCredentials(base));
                result.bytesFetched = response.bytes;
                if (!shardIndex) {
                    // Kept for the last one downloaded only: a load of many subdirs must not hold
                    // all their JSON at once (the others are decoded again from the cache).
                    if (holdingDecoded && results[*holdingDecoded] && *results[*holdingDecoded]) {
                        (*results[*holdingDecoded])->decoded.reset();
                    }
                    result.decoded = std::make_shared<const std::string>(std::move(*decoded));
                    holdingDecoded = job.targetIndex;
                }
                finish(std::move(result));
                continue;
            }
            case download::Response::Outcome::Failed:
                job.failures.push_back(response.error ? response.error->message()
                                                      : request.label + ": failed");
                if (response.error) {
                    job.lastFailure = *response.error;
                }
                break;
            }
            // Fall back: a missing file → the next variant on the same server; anything else →
            // the next server.
            const bool absent = response.httpStatus == 404
                                || (response.error && response.error->code == ErrorCode::NotFound);
            // The shard index is optional: any answer but success (a proxy's 401 or 500 for a
            // path it does not know) means repodata.json, and says nothing about the subdir.
            const bool optional = isShards(variant.fileName) && response.httpStatus >= 400;
            if (!isShards(variant.fileName)) {
                job.onlyAbsent = job.onlyAbsent && absent && !corrupt;
            } else if (!optional && !absent) {
                // No answer at all for the index (an unreachable server): the subdir was never
                // seen to be missing, so it must not be taken as an empty one.
                job.onlyAbsent = false;
            }
            const bool missing = corrupt || absent || response.httpStatus == 403 || optional;
            if (missing && job.variantIndex + 1 < job.variants.size()) {
                ++job.variantIndex;
                continue;
            }
            if (job.baseIndex + 1 < job.baseUrls.size()) {
                ++job.baseIndex;
                job.variantIndex = 0;
                continue;
            }
            std::string why = util::join(job.failures, "; ");
            if (job.cached) {
                finish(makeResult(job, FetchedSubdir::Origin::CacheAfterFailure,
                                  "could not refresh (" + why + "); using the cached copy",
                                  job.cached->url));
            } else {
                // NotFound only when the servers said the subdir is not there (which conda
                // treats as an empty platform subdir); failures to reach them are Network.
                util::Error error{job.onlyAbsent ? ErrorCode::NotFound : ErrorCode::Network,
                                  "no repodata could be fetched: " + why,
                                  specs::maskSecrets(targets[job.targetIndex].channel.platformUrl(
                                      targets[job.targetIndex].platform, false))};
                if (job.lastFailure) {
                    error = util::because(std::move(error), job.lastFailure->reason,
                                          job.lastFailure->values);
                }
                finish(std::move(error));
            }
        }
    }

    std::vector<util::Result<FetchedSubdir>> out;
    out.reserve(results.size());
    for (std::size_t i = 0; i < results.size(); ++i) {
        if (results[i]) {
            out.push_back(std::move(*results[i]));
        } else {
            out.emplace_back(fail(
                ErrorCode::Cancelled, "cancelled",
                specs::maskSecrets(targets[i].channel.platformUrl(targets[i].platform, false))));
        }
    }
    return out;
}

} // namespace envdesk::repodata
