// The repodata cache against a real HTTP server of the tests' own on 127.0.0.1, serving the real
// conda-forge subset in its three encodings.

#include "core/repodata/repodata_fetcher.h"
#include "core/repodata/repodata_parser.h"
#include "tests/support/fault_http_server.h"
#include "vector_file.h"

#include <nlohmann/json.hpp>
#include <zstd.h>

#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

#include <thread>

using namespace envdesk;
using envdesk::test::FaultHttpServer;
using envdesk::test::FaultResponse;
using Origin = repodata::FetchedSubdir::Origin;

namespace {

using json = nlohmann::json;

QByteArray fixture(const char* relative)
{
    QFile file(test::fixturesDir() + QStringLiteral("/repodata/conda-forge-subchannel-py39/")
               + QLatin1String(relative));
    if (!file.open(QIODevice::ReadOnly)) {
        return {};
    }
    return file.readAll();
}

FaultResponse ok(const QByteArray& body, const QByteArray& etag = {},
                 const QByteArray& cacheControl = {})
{
    FaultResponse response;
    response.body = body;
    response.etag = etag;
    if (!cacheControl.isEmpty()) {
        response.headers.append({QByteArrayLiteral("Cache-Control"), cacheControl});
    }
    return response;
}

QByteArray wholeFile(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

FaultResponse status(int code)
{
    FaultResponse response;
    response.status = code;
    response.body = "error";
    return response;
}

// A fetch of one channel's linux-64 subdir, with a clock the test controls.
struct Fixture {
    QTemporaryDir cache;
    std::int64_t clock = 1'700'000'000;
    repodata::FetchOptions options;

    Fixture()
    {
        options.cacheDir = cache.path().toStdString();
        options.now = [this] { return clock; };
        options.download.maxRetries = 0;
        options.download.connectTimeoutSecs = 5;
        options.download.readTimeoutSecs = 5;
    }

    repodata::SubdirTarget
    target(const QString& channelUrl,
           std::vector<std::pair<std::string, std::vector<std::string>>> mirrors = {})
    {
        specs::ChannelContext context;
        context.platforms = {"linux-64", "noarch"};
        context.mirrors = std::move(mirrors);
        auto channels = specs::resolve(channelUrl.toStdString(), context);
        if (!channels || channels->empty()) {
            qFatal("cannot resolve %s", qPrintable(channelUrl));
        }
        return repodata::SubdirTarget{channels->front(), "linux-64"};
    }

    util::Result<repodata::FetchedSubdir> fetch(const repodata::SubdirTarget& t)
    {
        auto results = repodata::fetchRepodata({t}, options, {}, std::stop_token{});
        return std::move(results.front());
    }
};

std::size_t recordCount(const std::string& jsonPath)
{
    auto repodata = repodata::loadRepodataFile(jsonPath, {"c", "", "linux-64", ""});
    return repodata ? repodata->records.size() : 0;
}

} // namespace

class TestRepodataFetcher : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void zstFirstThenConditionalRevalidation();
    void freshWithinMaxAgeAsksNothing();
    void fallsBackToJsonThenBz2AndRemembersMissingZst();
    void corruptZstFallsBackToJson();
    void failingServerUsesCacheAndSaysSo();
    void failingServerWithoutCacheNamesTheUrl();
    void offline();
    void mirrorFailureFallsBackToChannel();
    void tokenNeverInMessages();
    void stoppedBeforeStartIsCancelled();
    void recordIndexBuiltOnceAndRebuiltForNewData();
    void concurrentFetchesOfOneSubdirBothSucceed();
    void shardIndexFirstAndItsAbsenceRemembered();
    void cacheOfAnEarlierVersionIsStillRead();
    void shardIndexRevalidatedAndBrokenOneFallsBack();
    void unreachableServerIsNeverAnEmptySubdir();
};

void TestRepodataFetcher::init()
{
    if (!test::haveFixtures()) {
        QSKIP("../shared/fixtures is absent: no repodata to serve");
    }
}

void TestRepodataFetcher::zstFirstThenConditionalRevalidation()
{
    FaultHttpServer server;
    QVERIFY(server.isListening());
    server.script("/chan/linux-64/repodata.json.zst",
                  {ok(fixture("linux-64/repodata.json.zst"), "\"e1\"")});
    Fixture f;
    f.options.localRepodataTtl = 0; // always revalidate
    const auto target = f.target(server.url("/chan"));

    auto first = f.fetch(target);
    QVERIFY2(first.ok(), first ? "" : first.error().message().c_str());
    QVERIFY(first->origin == Origin::Downloaded);
    QCOMPARE(QString::fromStdString(first->state.variant), QStringLiteral("repodata.json.zst"));
    QCOMPARE(QString::fromStdString(first->state.etag), QStringLiteral("\"e1\""));
    QCOMPARE(recordCount(first->jsonPath), std::size_t{2709});
    QCOMPARE(server.hits("/chan/linux-64/repodata.json"), 0);

    f.clock += 10;
    auto second = f.fetch(target);
    QVERIFY2(second.ok(), second ? "" : second.error().message().c_str());
    QVERIFY(second->origin == Origin::NotModified);
    QCOMPARE(server.requests("/chan/linux-64/repodata.json.zst").last().header("If-None-Match"),
             QByteArray("\"e1\""));
    QCOMPARE(second->jsonPath, first->jsonPath);
    QCOMPARE(recordCount(second->jsonPath), std::size_t{2709});
    QCOMPARE(second->state.refreshedAt, f.clock);
}

void TestRepodataFetcher::freshWithinMaxAgeAsksNothing()
{
    FaultHttpServer server;
    server.script("/chan/linux-64/repodata.json.zst",
                  {ok(fixture("linux-64/repodata.json.zst"), "\"e1\"", "public, max-age=1200")});
    Fixture f; // local_repodata_ttl 1: the server's max-age decides
    const auto target = f.target(server.url("/chan"));
    QVERIFY(f.fetch(target).ok());
    f.clock += 600;
    auto fresh = f.fetch(target);
    QVERIFY(fresh.ok());
    QVERIFY(fresh->origin == Origin::FreshCache);
    QCOMPARE(server.hits("/chan/linux-64/repodata.json.zst"), 1);
    f.clock += 700; // past max-age: asked again (conditionally)
    auto stale = f.fetch(target);
    QVERIFY(stale.ok());
    QVERIFY(stale->origin == Origin::NotModified);
    QCOMPARE(server.hits("/chan/linux-64/repodata.json.zst"), 2);

    f.options.localRepodataTtl = 7200; // a time-to-live of its own overrides max-age
    f.clock += 3600;
    QVERIFY(f.fetch(target)->origin == Origin::FreshCache);
}

void TestRepodataFetcher::fallsBackToJsonThenBz2AndRemembersMissingZst()
{
    FaultHttpServer server;
    server.script("/json/linux-64/repodata.json",
                  {ok(fixture("linux-64/repodata.json"), "\"j1\"")});
    server.script("/bz2/linux-64/repodata.json.bz2", {ok(fixture("linux-64/repodata.json.bz2"))});
    Fixture f;
    f.options.localRepodataTtl = 0;

    const auto json = f.target(server.url("/json"));
    auto first = f.fetch(json);
    QVERIFY2(first.ok(), first ? "" : first.error().message().c_str());
    QCOMPARE(QString::fromStdString(first->state.variant), QStringLiteral("repodata.json"));
    QCOMPARE(server.hits("/json/linux-64/repodata.json.zst"), 1);
    QCOMPARE(recordCount(first->jsonPath), std::size_t{2709});
    QVERIFY(first->state.zstMissingSince != 0);
    // Within a day, .zst is not asked for again.
    f.clock += 3600;
    auto second = f.fetch(json);
    QVERIFY(second.ok());
    QVERIFY(second->origin == Origin::NotModified);
    QCOMPARE(server.hits("/json/linux-64/repodata.json.zst"), 1);

    auto bz2 = f.fetch(f.target(server.url("/bz2")));
    QVERIFY2(bz2.ok(), bz2 ? "" : bz2.error().message().c_str());
    QCOMPARE(QString::fromStdString(bz2->state.variant), QStringLiteral("repodata.json.bz2"));
    QCOMPARE(recordCount(bz2->jsonPath), std::size_t{2709});
}

void TestRepodataFetcher::corruptZstFallsBackToJson()
{
    FaultHttpServer server;
    server.script("/chan/linux-64/repodata.json.zst", {ok("this is not zstd")});
    server.script("/chan/linux-64/repodata.json", {ok(fixture("linux-64/repodata.json"))});
    Fixture f;
    auto fetched = f.fetch(f.target(server.url("/chan")));
    QVERIFY2(fetched.ok(), fetched ? "" : fetched.error().message().c_str());
    QCOMPARE(QString::fromStdString(fetched->state.variant), QStringLiteral("repodata.json"));
    QCOMPARE(recordCount(fetched->jsonPath), std::size_t{2709});
}

void TestRepodataFetcher::failingServerUsesCacheAndSaysSo()
{
    FaultHttpServer server;
    server.script("/chan/linux-64/repodata.json.zst",
                  {ok(fixture("linux-64/repodata.json.zst"), "\"e1\""), status(500)});
    server.script("/chan/linux-64/repodata.json", {status(500)});
    server.script("/chan/linux-64/repodata.json.bz2", {status(500)});
    Fixture f;
    f.options.localRepodataTtl = 0;
    const auto target = f.target(server.url("/chan"));
    QVERIFY(f.fetch(target).ok());
    auto fallback = f.fetch(target);
    QVERIFY2(fallback.ok(), fallback ? "" : fallback.error().message().c_str());
    QVERIFY(fallback->origin == Origin::CacheAfterFailure);
    QVERIFY2(fallback->note.find("500") != std::string::npos, fallback->note.c_str());
    QCOMPARE(recordCount(fallback->jsonPath), std::size_t{2709});
}

void TestRepodataFetcher::failingServerWithoutCacheNamesTheUrl()
{
    FaultHttpServer server;
    server.script("/chan/linux-64/repodata.json.zst", {status(503)});
    Fixture f;
    auto fetched = f.fetch(f.target(server.url("/chan")));
    QVERIFY(!fetched.ok());
    const std::string message = fetched.error().message();
    QVERIFY2(message.find(server.url("/chan/linux-64").toStdString()) != std::string::npos,
             message.c_str());
    // What the last source said, for the window's words.
    QVERIFY(fetched.error().reason == util::ErrorReason::HttpStatus);
    QCOMPARE(fetched.error().values, std::vector<std::string>{"503"});
}

// A server that does not answer at all (connection refused) leaves the subdir unknown, never
// "not there": a platform subdir taken as empty would let a solve go on with noarch alone.
// The shard index, asked for first, used to leave it looking absent.
void TestRepodataFetcher::unreachableServerIsNeverAnEmptySubdir()
{
    QString url;
    {
        FaultHttpServer closed; // its port is free again once it is gone
        url = closed.url("/chan");
    }
    Fixture f;
    QVERIFY(f.options.useShards);
    auto fetched = f.fetch(f.target(url));
    QVERIFY(!fetched.ok());
    QVERIFY2(fetched.error().code == util::ErrorCode::Network, fetched.error().message().c_str());
}

void TestRepodataFetcher::offline()
{
    FaultHttpServer server;
    server.script("/chan/linux-64/repodata.json.zst", {ok(fixture("linux-64/repodata.json.zst"))});
    Fixture f;
    const auto target = f.target(server.url("/chan"));
    f.options.download.offline = true;
    auto none = f.fetch(target);
    QVERIFY(!none.ok());
    QVERIFY2(none.error().message().find("offline") != std::string::npos,
             none.error().message().c_str());
    QCOMPARE(server.hits("/chan/linux-64/repodata.json.zst"), 0);

    f.options.download.offline = false;
    QVERIFY(f.fetch(target).ok());
    f.options.download.offline = true;
    f.clock += 86400;
    auto cached = f.fetch(target);
    QVERIFY(cached.ok());
    QVERIFY(cached->origin == Origin::CacheWhileOffline);
    QVERIFY2(cached->note.find("offline") != std::string::npos, cached->note.c_str());
    QCOMPARE(server.hits("/chan/linux-64/repodata.json.zst"), 1);
}

void TestRepodataFetcher::mirrorFailureFallsBackToChannel()
{
    FaultHttpServer mirror;
    FaultHttpServer origin;
    mirror.script("/m/chan/linux-64/repodata.json.zst", {status(500)});
    origin.script("/chan/linux-64/repodata.json.zst", {ok(fixture("linux-64/repodata.json.zst"))});
    Fixture f;
    const auto target = f.target(
        origin.url("/chan"), {{origin.url("").toStdString(), {mirror.url("/m").toStdString()}}});
    QCOMPARE(target.channel.mirrorBaseUrls.size(), std::size_t{2});
    auto fetched = f.fetch(target);
    QVERIFY2(fetched.ok(), fetched ? "" : fetched.error().message().c_str());
    QCOMPARE(mirror.hits("/m/chan/linux-64/repodata.json.zst"), 1);
    QCOMPARE(origin.hits("/chan/linux-64/repodata.json.zst"), 1);
    QCOMPARE(recordCount(fetched->jsonPath), std::size_t{2709});
}

void TestRepodataFetcher::tokenNeverInMessages()
{
    FaultHttpServer server;
    server.script("/t/tk-secret-123/chan/linux-64/repodata.json.zst", {status(500)});
    server.script("/t/tk-secret-123/chan/linux-64/repodata.json", {status(500)});
    server.script("/t/tk-secret-123/chan/linux-64/repodata.json.bz2", {status(500)});
    Fixture f;
    auto fetched = f.fetch(f.target(server.url("/t/tk-secret-123/chan")));
    QVERIFY(!fetched.ok());
    QVERIFY(server.hits("/t/tk-secret-123/chan/linux-64/repodata.json.zst")
            == 1); // the token was sent
    QVERIFY2(fetched.error().message().find("tk-secret-123") == std::string::npos,
             fetched.error().message().c_str());
}

void TestRepodataFetcher::stoppedBeforeStartIsCancelled()
{
    FaultHttpServer server;
    server.script("/chan/linux-64/repodata.json.zst", {ok(fixture("linux-64/repodata.json.zst"))});
    Fixture f;
    std::stop_source stop;
    stop.request_stop();
    auto results =
        repodata::fetchRepodata({f.target(server.url("/chan"))}, f.options, {}, stop.get_token());
    QCOMPARE(results.size(), std::size_t{1});
    QVERIFY(!results.front().ok());
    QVERIFY(results.front().error().code == util::ErrorCode::Cancelled);
}

void TestRepodataFetcher::recordIndexBuiltOnceAndRebuiltForNewData()
{
    FaultHttpServer server;
    server.script("/chan/linux-64/repodata.json.zst",
                  {ok(fixture("linux-64/repodata.json.zst"), "\"e1\""),
                   ok(fixture("linux-64/repodata.json.zst"), "\"e1\""),
                   ok(fixture("noarch/repodata.json.zst"), "\"e2\"")});
    Fixture f;
    f.options.localRepodataTtl = 0;
    const auto target = f.target(server.url("/chan"));
    auto fetched = f.fetch(target);
    QVERIFY(fetched.ok());
    QVERIFY(fetched->decoded != nullptr);
    auto index = repodata::openRecordIndex(*fetched);
    QVERIFY2(index.ok(), index ? "" : index.error().message().c_str());
    QCOMPARE(index->recordCount(), std::size_t{2709});
    const auto python = index->recordsFor("python");
    QVERIFY(python.ok() && !python->empty());
    QCOMPARE(QString::fromStdString(python->front().channel),
             QString::fromStdString(target.channel.canonicalName));
    QVERIFY(QString::fromStdString(python->front().url).startsWith(server.url("/chan/linux-64/")));

    // The cache keeps the file as sent (a tenth of the JSON), beside the index made from it.
    QVERIFY(QString::fromStdString(fetched->jsonPath).endsWith(QStringLiteral(".json.zst")));
    QCOMPARE(QFileInfo(QString::fromStdString(fetched->jsonPath)).size(),
             qint64(fixture("linux-64/repodata.json.zst").size()));
    // The decoded JSON was handed to the index builder and let go of.
    QVERIFY(fetched->decoded == nullptr);
    const QString indexPath = QString::fromStdString(fetched->jsonPath)
                                  .replace(QStringLiteral(".json.zst"), QStringLiteral(".idx"));
    const auto built = QFileInfo(indexPath).lastModified();
    QVERIFY(built.isValid());
    // A 304 keeps the data: the index is reused as it is.
    f.clock += 60;
    auto again = f.fetch(target);
    QVERIFY(again.ok());
    QVERIFY(again->origin == Origin::NotModified);
    QVERIFY(repodata::openRecordIndex(*again).ok());
    QCOMPARE(QFileInfo(indexPath).lastModified(), built);
    // New data (another ETag): the index follows it.
    server.script("/chan/linux-64/repodata.json.zst",
                  {ok(fixture("noarch/repodata.json.zst"), "\"e2\"")});
    f.clock += 60;
    auto changed = f.fetch(target);
    QVERIFY(changed.ok());
    QVERIFY(changed->origin == Origin::Downloaded);
    auto rebuilt = repodata::openRecordIndex(*changed);
    QVERIFY(rebuilt.ok());
    QVERIFY(rebuilt->recordCount() != 2709);
    QVERIFY(rebuilt->contains("pip"));
    QVERIFY(!rebuilt->contains("python"));
}

// Two fetches of one subdir into one cache at the same time (the GUI's package list and its
// solve, or the GUI and the CLI) must not download into the same file: each used to truncate
// the other's download, and one of them read an empty document.
void TestRepodataFetcher::concurrentFetchesOfOneSubdirBothSucceed()
{
    FaultHttpServer server;
    QVERIFY(server.isListening());
    FaultResponse slow = ok(fixture("linux-64/repodata.json"));
    QVERIFY(!slow.body.isEmpty());
    slow.chunkSize = 256 * 1024;
    slow.chunkDelayMs = 30;
    server.script("/chan/linux-64/repodata.json.zst", {status(404)});
    server.script("/chan/linux-64/repodata.json", {slow});
    Fixture f;
    const auto target = f.target(server.url("/chan"));
    util::Result<repodata::FetchedSubdir> first = util::fail(util::ErrorCode::Internal, "unset");
    util::Result<repodata::FetchedSubdir> second = util::fail(util::ErrorCode::Internal, "unset");
    {
        std::jthread a([&] { first = f.fetch(target); });
        std::jthread b([&] { second = f.fetch(target); });
    }
    QVERIFY2(first.ok(), first ? "" : first.error().message().c_str());
    QVERIFY2(second.ok(), second ? "" : second.error().message().c_str());
    QCOMPARE(recordCount(first->jsonPath), std::size_t{2709});
    QCOMPARE(recordCount(second->jsonPath), std::size_t{2709});
}

// Caches written before the cache kept `.zst` as sent hold the decoded `<key>.json` and a state
// without "stored": they are revalidated and read as they are.
void TestRepodataFetcher::cacheOfAnEarlierVersionIsStillRead()
{
    FaultHttpServer server;
    FaultResponse notModified;
    notModified.status = 304;
    server.script("/chan/linux-64/repodata.json.zst", {notModified});
    Fixture f;
    f.options.localRepodataTtl = 0;
    f.options.useShards = false;
    const auto target = f.target(server.url("/chan"));
    const std::string key =
        f.options.cacheDir + "/" + repodata::cacheKey(target.channel.platformUrl("linux-64"));
    QFile json(QString::fromStdString(key + ".json"));
    QVERIFY(json.open(QIODevice::WriteOnly));
    json.write(fixture("linux-64/repodata.json"));
    json.close();
    QFile state(QString::fromStdString(key + ".state.json"));
    QVERIFY(state.open(QIODevice::WriteOnly));
    state.write(QByteArray("{\"url\": \"") + server.url("/chan/linux-64").toUtf8()
                + "\", \"variant\": \"repodata.json.zst\", \"etag\": \"\\\"e1\\\"\", "
                  "\"refreshed_at\": 1, \"size\": 1}");
    state.close();
    auto fetched = f.fetch(target);
    QVERIFY2(fetched.ok(), fetched ? "" : fetched.error().message().c_str());
    QVERIFY(fetched->origin == Origin::NotModified);
    QCOMPARE(fetched->jsonPath, key + ".json");
    auto index = repodata::openRecordIndex(*fetched);
    QVERIFY2(index.ok(), index ? "" : index.error().message().c_str());
    QCOMPARE(index->recordCount(), std::size_t{2709});
}

// CEP 16: the shard index is asked for first; a channel without one costs one extra request a
// day, not one per load.
void TestRepodataFetcher::shardIndexFirstAndItsAbsenceRemembered()
{
    FaultHttpServer server;
    server.script("/chan/linux-64/repodata.json.zst",
                  {ok(fixture("linux-64/repodata.json.zst"), "\"z1\"")});
    Fixture f;
    f.options.localRepodataTtl = 0;
    const auto target = f.target(server.url("/chan"));
    auto first = f.fetch(target);
    QVERIFY2(first.ok(), first ? "" : first.error().message().c_str());
    QVERIFY(!first->sharded);
    QCOMPARE(server.hits("/chan/linux-64/repodata_shards.msgpack.zst"), 1);
    QVERIFY(first->state.shardsMissingSince != 0);
    QCOMPARE(first->state.zstMissingSince, std::int64_t{0});
    f.clock += 3600;
    auto second = f.fetch(target);
    QVERIFY(second.ok());
    QVERIFY(second->origin == Origin::NotModified);
    QCOMPARE(server.hits("/chan/linux-64/repodata_shards.msgpack.zst"), 1);
    // A day later it is asked again (the channel may have gained shards).
    f.clock += 24 * 3600;
    auto third = f.fetch(target);
    QVERIFY(third.ok());
    QCOMPARE(server.hits("/chan/linux-64/repodata_shards.msgpack.zst"), 2);
    // ... and, still missing, remembered for another day, though repodata itself was unchanged.
    QVERIFY(third->origin == Origin::NotModified);
    f.clock += 3600;
    auto fourth = f.fetch(target);
    QVERIFY(fourth.ok());
    QCOMPARE(server.hits("/chan/linux-64/repodata_shards.msgpack.zst"), 2);

    // Off (repodata_use_shards: false): never asked.
    Fixture off;
    off.options.useShards = false;
    auto plain = off.fetch(off.target(server.url("/chan")));
    QVERIFY(plain.ok());
    QCOMPARE(server.hits("/chan/linux-64/repodata_shards.msgpack.zst"), 2);
}

void TestRepodataFetcher::shardIndexRevalidatedAndBrokenOneFallsBack()
{
    const QByteArray index = wholeFile(
        test::fixturesDir()
        + QStringLiteral("/shards/conda/conda_format_repo/linux-64/repodata_shards.msgpack.zst"));
    QVERIFY(!index.isEmpty());
    FaultHttpServer server;
    server.script("/chan/linux-64/repodata_shards.msgpack.zst", {ok(index, "\"s1\"")});
    server.script("/broken/linux-64/repodata_shards.msgpack.zst", {ok("not zstd at all")});
    server.script("/broken/linux-64/repodata.json.zst",
                  {ok(fixture("linux-64/repodata.json.zst"))});
    Fixture f;
    f.options.localRepodataTtl = 0;
    const auto target = f.target(server.url("/chan"));
    auto first = f.fetch(target);
    QVERIFY2(first.ok(), first ? "" : first.error().message().c_str());
    QVERIFY(first->sharded);
    QVERIFY(first->origin == Origin::Downloaded);
    QCOMPARE(wholeFile(QString::fromStdString(first->shardIndexPath)), index);
    QCOMPARE(first->bytesFetched, std::uint64_t(index.size()));
    QCOMPARE(server.hits("/chan/linux-64/repodata.json.zst"), 0);
    // Revalidated with its validator, as repodata.json is: 304, nothing downloaded.
    auto second = f.fetch(target);
    QVERIFY(second.ok());
    QVERIFY(second->sharded);
    QVERIFY(second->origin == Origin::NotModified);
    QCOMPARE(second->bytesFetched, std::uint64_t{0});

    auto broken = f.fetch(f.target(server.url("/broken")));
    QVERIFY2(broken.ok(), broken ? "" : broken.error().message().c_str());
    QVERIFY(!broken->sharded);
    QCOMPARE(recordCount(broken->jsonPath), std::size_t{2709});

    // Any failing answer for the optional index means repodata.json: a proxy's 500 or 401 for a
    // path it does not know, or an index whose URLs leave the channel.
    server.script("/proxy/linux-64/repodata_shards.msgpack.zst", {status(500)});
    server.script("/proxy/linux-64/repodata.json.zst", {ok(fixture("linux-64/repodata.json.zst"))});
    const json outside = {{"version", 1},
                          {"info", {{"shards_base_url", "file:///etc/"}}},
                          {"shards", json::object()}};
    const auto packed = json::to_msgpack(outside);
    std::string frame(ZSTD_compressBound(packed.size()), '\0');
    frame.resize(ZSTD_compress(frame.data(), frame.size(), packed.data(), packed.size(), 3));
    server.script("/outside/linux-64/repodata_shards.msgpack.zst",
                  {ok(QByteArray::fromStdString(frame))});
    server.script("/outside/linux-64/repodata.json.zst",
                  {ok(fixture("linux-64/repodata.json.zst"))});
    for (const char* channel : {"/proxy", "/outside"}) {
        auto fetched = f.fetch(f.target(server.url(channel)));
        QVERIFY2(fetched.ok(), fetched ? "" : fetched.error().message().c_str());
        QVERIFY2(!fetched->sharded, channel);
        QCOMPARE(recordCount(fetched->jsonPath), std::size_t{2709});
    }
}

QTEST_GUILESS_MAIN(TestRepodataFetcher)
#include "tst_repodata_fetcher.moc"
