#include "core/repodata/compression.h"
#include "core/repodata/local_channel.h"
#include "core/repodata/repodata_parser.h"
#include "core/specs/record_json.h"
#include "vector_file.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

using namespace envdesk;
using namespace envdesk::test;

namespace {

specs::Channel localChannel(const QString& folder)
{
    specs::ChannelContext context;
    context.platforms = {"linux-64", "noarch"};
    auto channels = specs::resolve(QUrl::fromLocalFile(folder).toString().toStdString(), context);
    if (!channels || channels->size() != 1) {
        qFatal("cannot resolve %s", qPrintable(folder));
    }
    return channels->front();
}

repodata::RepodataSource source(const char* description)
{
    return repodata::RepodataSource{"test-channel", "https://example.invalid/test-channel/linux-64",
                                    "linux-64", description};
}

} // namespace

class TestRepodata : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void realCondaForgeSubdir();
    void prefersCondaArtifactAndHonoursRemoved();
    void baseUrlFromInfo();
    void timestampsInSecondsBecomeMilliseconds();
    void brokenJsonNamesTheFile();
    void outOfRangeNumbersAreClamped();
    void localChannelQuerySortsLikeCondaSearch();
    void localChannelWithoutRepodataIsAnError();
    void localChannelIndexGivesTheSameRecords();
    void localChannelIndexIsMadeOnceAndRemadeWhenChanged();
    void compressedFormsGiveIdenticalRecords_data();
    void compressedFormsGiveIdenticalRecords();
    void corruptCompressedDataIsNamed_data();
    void corruptCompressedDataIsNamed();
    void recordsThatWouldBecomeUnsafePathsAreDropped();
};

void TestRepodata::realCondaForgeSubdir()
{
    ENVDESK_REQUIRE_FIXTURES();
    const QString path =
        fixturesDir()
        + QStringLiteral("/repodata/conda-forge-subchannel-py39/linux-64/repodata.json");
    auto repodata = repodata::loadRepodataFile(path.toStdString(), source(""));
    QVERIFY2(repodata.ok(), repodata ? "" : repodata.error().message().c_str());
    QCOMPARE(repodata->records.size(), std::size_t{2354 + 355});
    QCOMPARE(q(repodata->subdir), QStringLiteral("linux-64"));
    const auto python = std::find_if(repodata->records.begin(), repodata->records.end(),
                                     [](const auto& r) { return r.name == "python"; });
    QVERIFY(python != repodata->records.end());
    QVERIFY(!python->depends.empty());
    QVERIFY(python->timestamp > 1'000'000'000'000ULL); // milliseconds
    QCOMPARE(q(python->url), q("https://example.invalid/test-channel/linux-64/" + python->fn));
    QCOMPARE(q(python->channel), QStringLiteral("test-channel"));
}

void TestRepodata::prefersCondaArtifactAndHonoursRemoved()
{
    const std::string json = R"({
      "info": {"subdir": "linux-64"},
      "packages": {
        "a-1.0-0.tar.bz2": {"name": "a", "version": "1.0", "build": "0", "build_number": 0, "depends": ["b"]},
        "b-1.0-0.tar.bz2": {"name": "b", "version": "1.0", "build": "0", "build_number": 0},
        "gone-1.0-0.tar.bz2": {"name": "gone", "version": "1.0", "build": "0", "build_number": 0}
      },
      "packages.conda": {
        "a-1.0-0.conda": {"name": "a", "version": "1.0", "build": "0", "build_number": 0, "depends": ["b"],
                           "track_features": "mkl debug", "noarch": "python"}
      },
      "removed": ["gone-1.0-0.tar.bz2"]
    })";
    auto repodata = repodata::parseRepodata(json, source("inline"));
    QVERIFY2(repodata.ok(), repodata ? "" : repodata.error().message().c_str());
    QCOMPARE(repodata->records.size(), std::size_t{2});
    const auto& a = repodata->records[0];
    QCOMPARE(q(a.fn), QStringLiteral("a-1.0-0.conda"));
    QCOMPARE(a.trackFeatures, (std::vector<std::string>{"debug", "mkl"}));
    QCOMPARE(q(a.noarch), QStringLiteral("python"));
    QCOMPARE(q(repodata->records[1].name), QStringLiteral("b"));
}

void TestRepodata::baseUrlFromInfo()
{
    ENVDESK_REQUIRE_FIXTURES();
    const QString path =
        fixturesDir() + QStringLiteral("/repodata/mamba/conda-forge-repodata-version-2.json");
    auto repodata = repodata::loadRepodataFile(path.toStdString(), source(""));
    QVERIFY2(repodata.ok(), repodata ? "" : repodata.error().message().c_str());
    QCOMPARE(q(repodata->baseUrl), QStringLiteral("https://repo.anaconda.com/repo/main/linux-64"));
    for (const auto& record : repodata->records) {
        QCOMPARE(q(record.url), q("https://repo.anaconda.com/repo/main/linux-64/" + record.fn));
    }
}

void TestRepodata::timestampsInSecondsBecomeMilliseconds()
{
    const std::string json = R"({"packages": {
        "s-1-0.tar.bz2": {"name": "s", "version": "1", "build": "0", "timestamp": 1578324546},
        "m-1-0.tar.bz2": {"name": "m", "version": "1", "build": "0", "timestamp": 1699279927123}}})";
    auto repodata = repodata::parseRepodata(json, source("inline"));
    QVERIFY(repodata.ok());
    for (const auto& record : repodata->records) {
        QVERIFY(record.timestamp > 1'000'000'000'000ULL);
    }
}

void TestRepodata::outOfRangeNumbersAreClamped()
{
    // Found by fuzz_repodata: a float beyond 2^64 must not be cast blindly.
    const std::string json = R"({"packages": {"h-1-0.tar.bz2": {"name": "h", "version": "1",
        "build": "0", "size": 4.4e111, "timestamp": -5, "build_number": 2.5}}})";
    auto repodata = repodata::parseRepodata(json, source("inline"));
    QVERIFY2(repodata.ok(), repodata ? "" : repodata.error().message().c_str());
    QCOMPARE(repodata->records.front().size, UINT64_MAX);
    QCOMPARE(repodata->records.front().timestamp, std::uint64_t{0});
    QCOMPARE(repodata->records.front().buildNumber, std::uint64_t{2});
}

void TestRepodata::brokenJsonNamesTheFile()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("repodata.json"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(R"({"packages": {"a-1-0.tar.bz2": {"name": "a", )");
    file.close();
    auto repodata = repodata::loadRepodataFile(path.toStdString(), source(""));
    QVERIFY(!repodata.ok());
    QVERIFY2(repodata.error().code == util::ErrorCode::ParseError,
             repodata.error().message().c_str());
    QVERIFY2(repodata.error().message().find(path.toStdString()) != std::string::npos,
             repodata.error().message().c_str());
    QVERIFY2(repodata.error().message().find("line 1, column") != std::string::npos,
             repodata.error().message().c_str());
    auto missing = repodata::loadRepodataFile(
        dir.filePath(QStringLiteral("nope.json")).toStdString(), source(""));
    QVERIFY(!missing.ok());
    QVERIFY2(missing.error().code == util::ErrorCode::NotFound, missing.error().message().c_str());
}

void TestRepodata::localChannelQuerySortsLikeCondaSearch()
{
    ENVDESK_REQUIRE_FIXTURES();
    const auto channel =
        localChannel(fixturesDir() + QStringLiteral("/solver/channels/priority_build_number"));
    auto subdirs = repodata::loadLocalChannel(channel, channel.platforms);
    QVERIFY2(subdirs.ok(), subdirs ? "" : subdirs.error().message().c_str());
    auto spec = specs::MatchSpec::parse("*");
    QVERIFY(spec.ok());
    const auto records = repodata::query(*subdirs, *spec);
    QVERIFY(!records.empty());
    for (std::size_t i = 1; i < records.size(); ++i) {
        const auto& a = records[i - 1];
        const auto& b = records[i];
        if (a.name != b.name) {
            QVERIFY(a.name < b.name);
            continue;
        }
        const auto va = *specs::Version::parse(a.version);
        const auto vb = *specs::Version::parse(b.version);
        QVERIFY(va <= vb);
        if (va == vb) {
            QVERIFY(a.buildNumber <= b.buildNumber);
        }
    }
}

void TestRepodata::localChannelWithoutRepodataIsAnError()
{
    QTemporaryDir dir;
    QVERIFY(QDir(dir.path()).mkpath(QStringLiteral("linux-64")));
    auto subdirs = repodata::loadLocalChannel(localChannel(dir.path()), {"linux-64", "noarch"});
    QVERIFY(!subdirs.ok());
    QVERIFY2(subdirs.error().message().find("repodata.json") != std::string::npos,
             subdirs.error().message().c_str());
    // Named for the window's words, both ways of reading a folder alike.
    QVERIFY(subdirs.error().reason == util::ErrorReason::NoRepodataInFolder);
    QCOMPARE(subdirs.error().values,
             (std::vector<std::string>{"linux-64/repodata.json", "noarch/repodata.json"}));
    QTemporaryDir cache;
    auto indexed = repodata::indexLocalChannel(localChannel(dir.path()), {"linux-64", "noarch"},
                                               cache.path().toStdString());
    QVERIFY(!indexed.ok());
    QVERIFY(indexed.error() == subdirs.error());
    auto missing = repodata::indexLocalChannel(localChannel(dir.filePath(QStringLiteral("gone"))),
                                               {"noarch"}, cache.path().toStdString());
    QVERIFY(!missing.ok());
    QVERIFY(missing.error().reason == util::ErrorReason::ChannelFolderMissing);
}

namespace {

// Every record of every subdir, as repodata_record.json would hold it, sorted: what two ways of
// reading a channel must agree on.
QStringList everyRecord(const std::vector<repodata::SubdirRecords>& read)
{
    QStringList out;
    for (const auto& subdir : read) {
        for (const auto& record : subdir.records) {
            out << QString::fromStdString(
                specs::recordJson(record, specs::RecordShape::Stored).dump());
        }
    }
    out.sort();
    return out;
}

QStringList everyRecord(const std::vector<repodata::LocalSubdirIndex>& indexed)
{
    QStringList out;
    for (const auto& subdir : indexed) {
        auto all = subdir.index.all();
        if (!all) {
            qFatal("%s", all.error().message().c_str());
        }
        for (const auto& record : *all) {
            out << QString::fromStdString(
                specs::recordJson(record, specs::RecordShape::Stored).dump());
        }
    }
    out.sort();
    return out;
}

} // namespace

// A folder channel read through its index answers exactly as when read whole: a real
// conda-forge subset (with .conda and .tar.bz2 of one build, and `removed`) on every platform.
void TestRepodata::localChannelIndexGivesTheSameRecords()
{
    ENVDESK_REQUIRE_FIXTURES();
    QTemporaryDir cache;
    specs::ChannelContext context;
    context.platforms = {"linux-64", "osx-arm64", "win-64", "noarch"};
    const auto channels = specs::resolve(
        QUrl::fromLocalFile(fixturesDir() + QStringLiteral("/repodata/conda-forge-subchannel-py39"))
            .toString()
            .toStdString(),
        context);
    QVERIFY(channels && channels->size() == 1);
    const auto& channel = channels->front();
    auto whole = repodata::loadLocalChannel(channel, channel.platforms);
    QVERIFY2(whole.ok(), whole ? "" : whole.error().message().c_str());
    auto indexed =
        repodata::indexLocalChannel(channel, channel.platforms, cache.path().toStdString());
    QVERIFY2(indexed.ok(), indexed ? "" : indexed.error().message().c_str());
    QCOMPARE(indexed->size(), whole->size());
    const QStringList expected = everyRecord(*whole);
    QVERIFY(expected.size() > 2000);
    QCOMPARE(everyRecord(*indexed), expected);
}

// Made once: a second read opens the same index file. A changed repodata.json (another record,
// same folder) is seen at once; a broken one is an error naming it, not an old answer.
void TestRepodata::localChannelIndexIsMadeOnceAndRemadeWhenChanged()
{
    QTemporaryDir dir;
    QTemporaryDir cache;
    QVERIFY(QDir(dir.path()).mkpath(QStringLiteral("noarch")));
    const QString json = dir.filePath(QStringLiteral("noarch/repodata.json"));
    const auto write = [&json](const QByteArray& packages) {
        QFile file(json);
        return file.open(QIODevice::WriteOnly | QIODevice::Truncate)
               && file.write("{\"info\": {\"subdir\": \"noarch\"}, \"packages\": {" + packages
                             + "}}")
                      > 0;
    };
    const QByteArray one =
        "\"a-1.0-0.tar.bz2\": {\"name\": \"a\", \"version\": \"1.0\", \"build\": \"0\", "
        "\"build_number\": 0, \"depends\": []}";
    const QByteArray two =
        one
        + ", \"b-2.0-0.tar.bz2\": {\"name\": \"b\", \"version\": \"2.0\", \"build\": \"0\", "
          "\"build_number\": 0, \"depends\": [\"a\"]}";
    QVERIFY(write(one));
    const auto channel = localChannel(dir.path());
    const std::string cacheDir = cache.path().toStdString();
    auto first = repodata::indexLocalChannel(channel, channel.platforms, cacheDir);
    QVERIFY2(first.ok(), first ? "" : first.error().message().c_str());
    QCOMPARE(first->front().index.recordCount(), std::size_t(1));
    const QStringList made = QDir(cache.path()).entryList({QStringLiteral("*.idx")}, QDir::Files);
    QCOMPARE(made.size(), 1);
    const QString indexFile = cache.filePath(made.first());
    // Marked, so that a rewrite would show: an index the validator accepts is not rewritten.
    const QDateTime madeAt = QFileInfo(indexFile).lastModified();
    {
        QFile file(indexFile);
        QVERIFY(file.open(QIODevice::ReadWrite));
        QVERIFY(file.setFileTime(madeAt.addSecs(-3600), QFileDevice::FileModificationTime));
    }
    const QDateTime marked = QFileInfo(indexFile).lastModified();
    auto again = repodata::indexLocalChannel(channel, channel.platforms, cacheDir);
    QVERIFY(again.ok());
    QCOMPARE(again->front().index.recordCount(), std::size_t(1));
    QCOMPARE(QFileInfo(indexFile).lastModified(), marked);

    QVERIFY(write(two));
    auto changed = repodata::indexLocalChannel(channel, channel.platforms, cacheDir);
    QVERIFY2(changed.ok(), changed ? "" : changed.error().message().c_str());
    QCOMPARE(changed->front().index.recordCount(), std::size_t(2));
    QVERIFY(changed->front().index.contains("b"));

    QVERIFY(write("\"broken"));
    auto broken = repodata::indexLocalChannel(channel, channel.platforms, cacheDir);
    QVERIFY(!broken.ok());
    QVERIFY2(broken.error().message().find(json.toStdString()) != std::string::npos,
             broken.error().message().c_str());
}

void TestRepodata::compressedFormsGiveIdenticalRecords_data()
{
    ENVDESK_REQUIRE_FIXTURES();
    QTest::addColumn<QString>("subdir");
    for (const char* subdir : {"linux-64", "linux-aarch64", "noarch", "osx-arm64", "win-64"}) {
        QTest::newRow(subdir) << QString::fromLatin1(subdir);
    }
}

void TestRepodata::compressedFormsGiveIdenticalRecords()
{
    QFETCH(QString, subdir);
    const std::string base =
        (fixturesDir() + QStringLiteral("/repodata/conda-forge-subchannel-py39/") + subdir
         + QStringLiteral("/repodata.json"))
            .toStdString();
    auto plain = repodata::loadRepodataFile(base, source(""));
    QVERIFY2(plain.ok(), plain ? "" : plain.error().message().c_str());
    QVERIFY(!plain->records.empty());
    for (const char* suffix : {".zst", ".bz2"}) {
        auto decoded = repodata::readRepodataFile(base + suffix);
        QVERIFY2(decoded.ok(), decoded ? "" : decoded.error().message().c_str());
        auto records = repodata::loadRepodataFile(base + suffix, source(""));
        QVERIFY2(records.ok(), records ? "" : records.error().message().c_str());
        QCOMPARE(records->records.size(), plain->records.size());
        QVERIFY2(records->records == plain->records, suffix);
    }
}

void TestRepodata::corruptCompressedDataIsNamed_data()
{
    QTest::addColumn<QString>("fileName");
    QTest::addColumn<QByteArray>("content");
    QTest::newRow("garbage.json.zst")
        << QStringLiteral("garbage.json.zst") << QByteArray("not zstd at all");
    QTest::newRow("garbage.json.bz2")
        << QStringLiteral("garbage.json.bz2") << QByteArray("BZh9 nonsense");
    QTest::newRow("empty.json.zst") << QStringLiteral("empty.json.zst") << QByteArray();
    // A valid zstd frame header cut short: the magic number and a frame descriptor only.
    QTest::newRow("truncated.json.zst")
        << QStringLiteral("truncated.json.zst") << QByteArray::fromHex("28b52ffd2400");
}

void TestRepodata::corruptCompressedDataIsNamed()
{
    QFETCH(QString, fileName);
    QFETCH(QByteArray, content);
    QTemporaryDir dir;
    const QString path = dir.filePath(fileName);
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(content);
    file.close();
    auto decoded = repodata::readRepodataFile(path.toStdString());
    QVERIFY(!decoded.ok());
    QVERIFY2(decoded.error().message().find(path.toStdString()) != std::string::npos,
             decoded.error().message().c_str());
}

void TestRepodata::recordsThatWouldBecomeUnsafePathsAreDropped()
{
    // Each field becomes a path: the archive (`fn`), the cache folder and conda-meta file
    // (`name-version-build`).
    const std::string json = R"({"packages.conda": {
        "good-1-0.conda": {"name": "good", "version": "1", "build": "0"},
        "../../../tmp/x.conda": {"name": "fn", "version": "1", "build": "0"},
        "b-1-0.conda": {"name": "b", "version": "1", "build": "0/../../../victim"},
        "n-1-0.conda": {"name": "../n", "version": "1", "build": "0"},
        "v-1-0.conda": {"name": "v", "version": "..", "build": "0"},
        "c-1-0.conda": {"name": "c", "version": "1", "build": "0\u0000x"},
        "s-1-0.conda": {"name": "s", "version": "1", "build": "a\\b"}}})";
    auto withToken = source("inline");
    withToken.subdirUrl = "https://example.invalid/t/tk-secret-9/test-channel/linux-64";
    auto repodata = repodata::parseRepodata(json, withToken);
    QVERIFY2(repodata.ok(), repodata ? "" : repodata.error().message().c_str());
    QCOMPARE(repodata->records.size(), std::size_t{1});
    QCOMPARE(q(repodata->records.front().fn), QStringLiteral("good-1-0.conda"));
    QCOMPARE(repodata->refused.size(), std::size_t{6});
    for (const auto& line : repodata->refused) {
        QVERIFY2(line.find("https://example.invalid/t/") != std::string::npos, line.c_str());
        QVERIFY2(line.find("tk-secret-9") == std::string::npos, line.c_str());
        QVERIFY2(line.find("record '") != std::string::npos, line.c_str());
    }
    QVERIFY(repodata->refused[0].find("../../../tmp/x.conda") != std::string::npos);
    QVERIFY(repodata->refused[1].find("build '0/../../../victim'") != std::string::npos);
}

QTEST_APPLESS_MAIN(TestRepodata)
#include "tst_repodata.moc"
