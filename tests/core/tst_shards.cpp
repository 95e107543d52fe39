// Sharded repodata (CEP 16): conda's own files read, relative URLs resolved, and what a hostile
// index or shard tries refused with a message naming it.

#include "core/repodata/sharded_subdir.h"
#include "core/repodata/shards.h"
#include "core/util/hash.h"
#include "vector_file.h"

#include <nlohmann/json.hpp>
#include <zstd.h>

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>
#include <thread>

using namespace envdesk;
using json = nlohmann::json;

namespace {

QString condaShards()
{
    return test::fixturesDir() + QStringLiteral("/shards/conda/conda_format_repo/linux-64");
}

std::string wholeFile(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll().toStdString() : std::string();
}

std::string unzstd(const std::string& data)
{
    std::string out(ZSTD_getFrameContentSize(data.data(), data.size()), '\0');
    out.resize(ZSTD_decompress(out.data(), out.size(), data.data(), data.size()));
    return out;
}

std::string zstd(const std::string& data)
{
    std::string out(ZSTD_compressBound(data.size()), '\0');
    out.resize(ZSTD_compress(out.data(), out.size(), data.data(), data.size(), 3));
    return out;
}

std::string msgpack(const json& value)
{
    const auto bytes = json::to_msgpack(value);
    return std::string(bytes.begin(), bytes.end());
}

json::binary_t bytesOfHex(const std::string& hex)
{
    json::binary_t bytes;
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
        bytes.push_back(static_cast<std::uint8_t>(std::stoi(hex.substr(i, 2), nullptr, 16)));
    }
    return bytes;
}

json record(const std::string& name, const std::string& version, const std::string& build)
{
    return {{"name", name},
            {"version", version},
            {"build", build},
            {"build_number", 0},
            {"depends", json::array({"libc"})},
            {"subdir", "linux-64"},
            {"size", 10}};
}

// A folder channel with a sharded linux-64 subdir: the shards given, indexed by name.
struct ShardedFolder {
    QTemporaryDir root;
    json index = {{"version", 1},
                  {"info", {{"base_url", ""}, {"shards_base_url", "./shards/"}}},
                  {"shards", json::object()}};

    QString subdirPath() const { return root.filePath(QStringLiteral("linux-64")); }
    std::string subdirUrl() const { return "file://" + subdirPath().toStdString(); }

    std::string add(const std::string& name, const json& shard)
    {
        const std::string compressed = zstd(msgpack(shard));
        const std::string hash = util::sha256Hex(compressed);
        QDir().mkpath(subdirPath() + QStringLiteral("/shards"));
        QFile file(subdirPath() + QStringLiteral("/shards/") + QString::fromStdString(hash)
                   + QStringLiteral(".msgpack.zst"));
        file.open(QIODevice::WriteOnly);
        file.write(compressed.data(), static_cast<qint64>(compressed.size()));
        index["shards"][name] = json::binary(bytesOfHex(hash));
        return hash;
    }

    util::Result<std::shared_ptr<const repodata::ShardedSubdir>> open(const QString& cache,
                                                                      bool offline = false)
    {
        download::Options options;
        options.offline = offline;
        auto parsed = repodata::parseShardIndex(msgpack(index), "index");
        if (!parsed) {
            return parsed.error();
        }
        repodata::RepodataSource source{"local", subdirUrl(), "linux-64", "index"};
        return repodata::ShardedSubdir::create(
            std::move(*parsed), subdirUrl() + "/repodata_shards.msgpack.zst", source,
            "file://" + root.path().toStdString(), {cache.toStdString(), options});
    }
};

} // namespace

class TestShards : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void readsCondasOwnFiles();
    void bytesDigestsBecomeHex();
    void resolvesReferencesLikeABrowser_data();
    void resolvesReferencesLikeABrowser();
    void refusesHostileIndexEntries();
    void garbageIsAnErrorNotACrash();
    void fetchesByNameAndCachesByHash();
    void refusesAShardWithTheWrongHashOrAnotherName();
    void concurrentLoadsOfOneShardAllSucceed();
};

void TestShards::readsCondasOwnFiles()
{
    ENVDESK_REQUIRE_FIXTURES();
    const std::string raw =
        wholeFile(condaShards() + QStringLiteral("/repodata_shards.msgpack.zst"));
    QVERIFY(!raw.empty());
    auto index = repodata::parseShardIndex(unzstd(raw), "fixture");
    QVERIFY2(index.ok(), index ? "" : index.error().message().c_str());
    QCOMPARE(index->shards.size(), std::size_t{2});
    QCOMPARE(index->subdir, std::string("linux-64"));
    const std::string zlibHash = index->shards.at("zlib");
    QCOMPARE(zlibHash,
             std::string("56a0c19b47ba1a2d0f1390eda489b1c49a00d35814571057e6d81e0c93dfd157"));
    // Each shard's file name is the SHA-256 of its bytes.
    const std::string shard =
        wholeFile(condaShards() + QLatin1Char('/') + QString::fromStdString(zlibHash)
                  + QStringLiteral(".msgpack.zst"));
    QCOMPARE(util::sha256Hex(shard), zlibHash);

    repodata::RepodataSource source{"conda_format_repo", "https://example.org/c/linux-64",
                                    "linux-64", "zlib shard"};
    auto records = repodata::parseShard(unzstd(shard), source, "https://example.org/c/linux-64");
    QVERIFY2(records.ok(), records ? "" : records.error().message().c_str());
    // The .conda replaces the .tar.bz2 of the same build, as in repodata.json.
    QCOMPARE(records->records.size(), std::size_t{1});
    const auto& zlib = records->records.front();
    QCOMPARE(zlib.fn, std::string("zlib-1.2.11-h7b6447c_3.conda"));
    QCOMPARE(zlib.md5, std::string("cb23839f06da92ec92c6d2d2d5e0cb4a"));
    QCOMPARE(zlib.sha256,
             std::string("f33afff2144e1d6c4cf2e3e184937db8bf825b4537df74662aea5ee207b6a31b"));
    QCOMPARE(zlib.depends, std::vector<std::string>{"libgcc-ng >=7.3.0"});
    QCOMPARE(zlib.url, std::string("https://example.org/c/linux-64/zlib-1.2.11-h7b6447c_3.conda"));
    QCOMPARE(zlib.channel, std::string("conda_format_repo"));
    QCOMPARE(zlib.timestamp, std::uint64_t{1542814864621});
}

void TestShards::bytesDigestsBecomeHex()
{
    const std::string md5 = "cb23839f06da92ec92c6d2d2d5e0cb4a";
    const std::string sha = "f33afff2144e1d6c4cf2e3e184937db8bf825b4537df74662aea5ee207b6a31b";
    json r = record("zlib", "1.2.13", "h0");
    r["md5"] = json::binary(bytesOfHex(md5));
    r["sha256"] = json::binary(bytesOfHex(sha));
    r["timestamp"] = 1542814864; // seconds, as old repodata has
    const json shard = {{"packages", json::object()},
                        {"packages.conda", {{"zlib-1.2.13-h0.conda", r}}},
                        {"removed", json::array({"zlib-1.2.12-h0.conda"})},
                        {"future_key", 42}};
    auto parsed = repodata::parseShard(msgpack(shard), {"c", "file:///c/linux-64", "linux-64", "s"},
                                       "file:///c/linux-64");
    QVERIFY2(parsed.ok(), parsed ? "" : parsed.error().message().c_str());
    QCOMPARE(parsed->records.size(), std::size_t{1});
    QCOMPARE(parsed->records.front().md5, md5);
    QCOMPARE(parsed->records.front().sha256, sha);
    QCOMPARE(parsed->records.front().timestamp, std::uint64_t{1542814864000});
}

void TestShards::resolvesReferencesLikeABrowser_data()
{
    QTest::addColumn<QString>("reference");
    QTest::addColumn<QString>("root");
    QTest::addColumn<QString>("expected"); // empty: refused
    const QString http = QStringLiteral("https://u:p@host/t/tk/chan");
    QTest::newRow("empty") << QString() << http
                           << QStringLiteral("https://u:p@host/t/tk/chan/linux-64/");
    QTest::newRow("dot") << QStringLiteral("./shards/") << http
                         << QStringLiteral("https://u:p@host/t/tk/chan/linux-64/shards/");
    QTest::newRow("no slash") << QStringLiteral("shards") << http
                              << QStringLiteral("https://u:p@host/t/tk/chan/linux-64/shards/");
    QTest::newRow("up") << QStringLiteral("../shards/") << http
                        << QStringLiteral("https://u:p@host/t/tk/chan/shards/");
    QTest::newRow("above the root")
        << QStringLiteral("../../../../../x/") << http << QStringLiteral("https://u:p@host/x/");
    QTest::newRow("host absolute")
        << QStringLiteral("/s/") << http << QStringLiteral("https://u:p@host/s/");
    QTest::newRow("absolute cdn") << QStringLiteral("https://cdn.example/shards") << http
                                  << QStringLiteral("https://cdn.example/shards/");
    QTest::newRow("remote names a file") << QStringLiteral("file:///etc/") << http << QString();
    QTest::newRow("remote names ftp") << QStringLiteral("ftp://x/") << http << QString();
    const QString folder = QStringLiteral("file:///srv/chan");
    QTest::newRow("folder inside")
        << QStringLiteral("../shards/") << folder << QStringLiteral("file:///srv/chan/shards/");
    QTest::newRow("folder escapes") << QStringLiteral("../../etc/") << folder << QString();
    QTest::newRow("folder absolute elsewhere")
        << QStringLiteral("file:///etc/") << folder << QString();
    QTest::newRow("folder names http") << QStringLiteral("http://x/") << folder << QString();
    QTest::newRow("folder absolute climbs out")
        << QStringLiteral("file:///srv/chan/../../etc/") << folder << QString();
    QTest::newRow("folder absolute inside") << QStringLiteral("file:///srv/chan/x/../shards/")
                                            << folder << QStringLiteral("file:///srv/chan/shards/");
    QTest::newRow("encoded dots") << QStringLiteral("%2e%2E/%2e%2e/etc/") << folder << QString();
    QTest::newRow("encoded dots remote") << QStringLiteral("..%2Fx/") << http << QString();
}

void TestShards::resolvesReferencesLikeABrowser()
{
    QFETCH(QString, reference);
    QFETCH(QString, root);
    QFETCH(QString, expected);
    const std::string folder = root.toStdString() + "/linux-64/";
    auto resolved = repodata::resolveIndexReference(folder, reference.toStdString(),
                                                    root.toStdString(), "the index");
    if (expected.isEmpty()) {
        QVERIFY(!resolved.ok());
        QCOMPARE(resolved.error().context, std::string("the index"));
        QVERIFY(resolved.error().detail.find("outside its channel") != std::string::npos);
        // The credentials of the channel are not in the message.
        QVERIFY(resolved.error().message().find("u:p") == std::string::npos);
    } else {
        QVERIFY2(resolved.ok(), resolved ? "" : resolved.error().message().c_str());
        QCOMPARE(QString::fromStdString(*resolved), expected);
    }
}

void TestShards::refusesHostileIndexEntries()
{
    const std::string good(64, 'a');
    const json index = {{"version", 1},
                        {"shards",
                         {{"../../evil", json::binary(bytesOfHex(good))},
                          {"short", json::binary(bytesOfHex("abcd"))},
                          {"hexstring", good},
                          {"number", 7},
                          {"fine", json::binary(bytesOfHex(good))}}}};
    auto parsed = repodata::parseShardIndex(msgpack(index), "https://x/c/linux-64/index");
    QVERIFY(parsed.ok());
    QCOMPARE(parsed->shards.size(), std::size_t{2});
    QVERIFY(parsed->shards.count("fine") == 1 && parsed->shards.count("hexstring") == 1);
    QCOMPARE(parsed->refused.size(), std::size_t{3});
    for (const auto& line : parsed->refused) {
        QVERIFY2(line.find("https://x/c/linux-64/index") == 0, line.c_str());
    }

    auto future =
        repodata::parseShardIndex(msgpack({{"version", 2}, {"shards", json::object()}}), "idx");
    QVERIFY(!future.ok());
    QVERIFY(future.error().detail.find("version") != std::string::npos);
}

void TestShards::garbageIsAnErrorNotACrash()
{
    for (const std::string& bytes :
         {std::string(), std::string("\xc1\xc1\xc1", 3), std::string("\x93\x01\x02", 3),
          msgpack({{"shards", json::array()}}), msgpack({{"info", 3}, {"shards", json::object()}}),
          msgpack({{"info", {{"base_url", 5}}}, {"shards", json::object()}}),
          std::string("\xdf\xff\xff\xff\xff", 5),
          // A million arrays inside arrays: nlohmann's reader would recurse until the stack ends.
          std::string(1 << 20, '\x91'),
          // A container claiming more elements than bytes remain.
          std::string("\xdd\x7f\xff\xff\xff\x01", 6)}) {
        auto index = repodata::parseShardIndex(bytes, "idx");
        QVERIFY(!index.ok());
        QVERIFY(index.error().code == util::ErrorCode::ParseError);
        auto shard = repodata::parseShard(bytes, {"c", "", "linux-64", "shard"}, "");
        QVERIFY(!shard.ok() || shard->records.empty());
    }
    auto notMap = repodata::parseShard(msgpack({{"packages", json::array()}}),
                                       {"c", "", "linux-64", "shard"}, "");
    QVERIFY(!notMap.ok());
    auto badRecord =
        repodata::parseShard(msgpack({{"packages", {{"x-1-0.tar.bz2", {{"name", 3}}}}}}),
                             {"c", "", "linux-64", "s"}, "");
    QVERIFY(!badRecord.ok());
    QCOMPARE(badRecord.error().context, std::string("s: x-1-0.tar.bz2"));
}

void TestShards::fetchesByNameAndCachesByHash()
{
    ShardedFolder folder;
    folder.add("zlib", {{"packages.conda",
                         {{"zlib-1.2.13-h0.conda", record("zlib", "1.2.13", "h0")},
                          {"zlib-1.3-h0.conda", record("zlib", "1.3", "h0")}}}});
    folder.add("libc", {{"packages", {{"libc-1-0.tar.bz2", record("libc", "1", "0")}}}});
    QTemporaryDir cache;
    auto subdir = folder.open(cache.path());
    QVERIFY2(subdir.ok(), subdir ? "" : subdir.error().message().c_str());
    QCOMPARE((*subdir)->names().size(), std::size_t{2});
    QCOMPARE((*subdir)->counts().fetched, std::size_t{0});

    auto zlib = (*subdir)->recordsFor("zlib");
    QVERIFY2(zlib.ok(), zlib ? "" : zlib.error().message().c_str());
    QCOMPARE(zlib->size(), std::size_t{2});
    QCOMPARE(zlib->front().url, folder.subdirUrl() + "/" + zlib->front().fn);
    QCOMPARE((*subdir)->counts().fetched, std::size_t{1});
    // Asked again: from memory, nothing fetched or read.
    QVERIFY((*subdir)->recordsFor("zlib").ok());
    QCOMPARE((*subdir)->counts().fetched, std::size_t{1});
    QVERIFY((*subdir)->recordsFor("absent")->empty());

    // Another session (a new object) reads the shard cache, and fetches only what it lacks.
    auto again = folder.open(cache.path());
    QVERIFY(again.ok());
    std::vector<repodata::ShardProgress> reports;
    QVERIFY(repodata::ShardedSubdir::load(
                {again->get()}, {"zlib", "libc", "absent"}, {},
                [&](const repodata::ShardProgress& p) { reports.push_back(p); })
                .ok());
    // Progress counts both, the cached one first, and ends with all done.
    QVERIFY(!reports.empty());
    QCOMPARE(reports.front().total, std::size_t{2});
    QCOMPARE(reports.back().done, std::size_t{2});
    QVERIFY(reports.back().bytes > 0);
    QCOMPARE((*again)->counts().cached, std::size_t{1});
    QCOMPARE((*again)->counts().fetched, std::size_t{1});

    // Offline, an uncached shard is no records, and said; a cached one still answers.
    auto offline = folder.open(cache.path(), true);
    QVERIFY(offline.ok());
    QVERIFY(repodata::ShardedSubdir::load({offline->get()}, {"zlib", "libc"}).ok());
    QCOMPARE((*offline)->recordsFor("zlib")->size(), std::size_t{2});
    QCOMPARE((*offline)->counts().offlineMissing, std::vector<std::string>{});
    QTemporaryDir emptyCache;
    auto bare = folder.open(emptyCache.path(), true);
    QVERIFY(bare.ok());
    auto none = (*bare)->recordsFor("zlib");
    QVERIFY(none.ok());
    QVERIFY(none->empty());
    QCOMPARE((*bare)->counts().offlineMissing, std::vector<std::string>{"zlib"});
}

void TestShards::refusesAShardWithTheWrongHashOrAnotherName()
{
    ShardedFolder folder;
    // A shard for "zlib" that also offers an "openssl" record: the index says it is zlib's.
    folder.add("zlib", {{"packages.conda",
                         {{"zlib-1.3-h0.conda", record("zlib", "1.3", "h0")},
                          {"openssl-9-h0.conda", record("openssl", "9", "h0")}}}});
    const std::string hash =
        folder.add("libc", {{"packages", {{"libc-1-0.tar.bz2", record("libc", "1", "0")}}}});
    QTemporaryDir cache;
    auto subdir = folder.open(cache.path());
    QVERIFY(subdir.ok());
    auto zlib = (*subdir)->recordsFor("zlib");
    QVERIFY(zlib.ok());
    QCOMPARE(zlib->size(), std::size_t{1});
    QCOMPARE(zlib->front().name, std::string("zlib"));
    const auto refused = (*subdir)->refused();
    QCOMPARE(refused.size(), std::size_t{1});
    QVERIFY2(refused.front().find("openssl-9-h0.conda") != std::string::npos,
             refused.front().c_str());

    // libc's shard replaced on the server: its bytes no longer have the hash the index names.
    QFile file(folder.subdirPath() + QStringLiteral("/shards/") + QString::fromStdString(hash)
               + QStringLiteral(".msgpack.zst"));
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    const std::string other = zstd(msgpack({{"packages", json::object()}}));
    file.write(other.data(), static_cast<qint64>(other.size()));
    file.close();
    auto libc = (*subdir)->recordsFor("libc");
    QVERIFY(!libc.ok());
    QVERIFY(libc.error().code == util::ErrorCode::ChecksumMismatch);
    QVERIFY2(libc.error().detail.find("shard of libc") != std::string::npos,
             libc.error().message().c_str());
    // Nothing was kept under that hash.
    QVERIFY(!QFile::exists(
        cache.filePath(QString::fromStdString(hash) + QStringLiteral(".msgpack.zst"))));
}

// Threads (the window's package list and a change dialog) and processes share one subdir and one
// shard cache: loads of the same shards at once must all succeed, none reading another's
// half-written file.
void TestShards::concurrentLoadsOfOneShardAllSucceed()
{
    ShardedFolder folder;
    std::vector<std::string> names;
    for (int i = 0; i < 20; ++i) {
        const std::string name = "p" + std::to_string(i);
        json packages = json::object();
        for (int v = 0; v < 50; ++v) {
            packages[name + "-" + std::to_string(v) + "-0.tar.bz2"] =
                record(name, std::to_string(v), "0");
        }
        folder.add(name, {{"packages", packages}});
        names.push_back(name);
    }
    QTemporaryDir cache;
    auto shared = folder.open(cache.path());
    QVERIFY(shared.ok());
    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t) {
        threads.emplace_back([&, t] {
            // Half share one object, half open their own (as two processes would).
            auto own = folder.open(cache.path());
            const repodata::ShardedSubdir* subdir = t % 2 == 0 ? shared->get() : own->get();
            if (!repodata::ShardedSubdir::load({subdir}, names).ok()) {
                ++failures;
            }
            for (const auto& name : names) {
                auto records = subdir->recordsFor(name);
                if (!records || records->size() != 50) {
                    ++failures;
                }
            }
        });
    }
    for (auto& thread : threads) {
        thread.join();
    }
    QCOMPARE(failures.load(), 0);
    // Nothing half-written is left in the cache: only the shards, under their hashes.
    const auto left = QDir(cache.path()).entryList(QDir::Files);
    QCOMPARE(left.size(), 20);
    for (const auto& file : left) {
        QVERIFY2(file.endsWith(QStringLiteral(".msgpack.zst")) && file.size() == 64 + 12,
                 qPrintable(file));
    }
}

QTEST_GUILESS_MAIN(TestShards)
#include "tst_shards.moc"
