#include "core/repodata/record_index.h"
#include "core/repodata/repodata_parser.h"
#include "vector_file.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <random>

using namespace envdesk;
using namespace envdesk::test;

namespace {

std::vector<specs::PackageRecord> realRecords()
{
    const QString path =
        fixturesDir()
        + QStringLiteral("/repodata/conda-forge-subchannel-py39/linux-64/repodata.json");
    auto repodata = repodata::loadRepodataFile(
        path.toStdString(),
        {"conda-forge", "https://conda.anaconda.org/conda-forge/linux-64", "linux-64", ""});
    if (!repodata) {
        qFatal("%s", repodata.error().message().c_str());
    }
    return repodata->records;
}

void sortByFile(std::vector<specs::PackageRecord>& records)
{
    std::sort(records.begin(), records.end(),
              [](const auto& a, const auto& b) { return a.fn < b.fn; });
}

// A `.conda` twin shadows its `.tar.bz2`, a `removed` entry disappears, and base_url moves
// the archives.
const char kTwinsAndRemoved[] =
    "{\"packages\": {\"a-1.0-0.tar.bz2\": {\"name\": \"a\", \"version\": \"1.0\", \"build\": "
    "\"0\"},"
    " \"b-1.0-0.tar.bz2\": {\"name\": \"b\", \"version\": \"1.0\", \"build\": \"0\", \"depends\": "
    "[\"a\"]},"
    " \"gone-1-0.tar.bz2\": {\"name\": \"gone\", \"version\": \"1\", \"build\": \"0\"}},"
    " \"packages.conda\": {\"a-1.0-0.conda\": {\"name\": \"a\", \"version\": \"1.0\", \"build\": "
    "\"0\"}},"
    " \"removed\": [\"gone-1-0.tar.bz2\"],"
    " \"info\": {\"subdir\": \"linux-64\", \"base_url\": \"https://files.example.org/a/\"}}";

} // namespace

class TestRecordIndex : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void roundTripsRealRepodata();
    void lookupByName();
    void validatorMismatchIsNotFound();
    void truncatedOrDamagedIndexNeverCrashes();
    void emptyIndex();
    void streamedIndexEqualsParsedRecords_data();
    void streamedIndexEqualsParsedRecords();
    void buildReportsRecordsAndStops();
    void checksumsKeepTheirExactText();
};

void TestRecordIndex::roundTripsRealRepodata()
{
    ENVDESK_REQUIRE_FIXTURES();
    QTemporaryDir dir;
    const std::string path = dir.filePath(QStringLiteral("linux-64.idx")).toStdString();
    auto records = realRecords();
    QVERIFY(repodata::RecordIndex::write(path, "etag-1",
                                         "https://conda.anaconda.org/conda-forge/linux-64", records)
                .ok());
    auto index = repodata::RecordIndex::open(path, "etag-1");
    QVERIFY2(index.ok(), index ? "" : index.error().message().c_str());
    QCOMPARE(index->recordCount(), records.size());
    auto all = index->all();
    QVERIFY(all.ok());
    sortByFile(records);
    sortByFile(*all);
    QVERIFY(*all == records);
    // Pooling makes the index smaller than the JSON it replaces.
    QVERIFY(QFileInfo(QString::fromStdString(path)).size()
            < QFileInfo(
                  fixturesDir()
                  + QStringLiteral("/repodata/conda-forge-subchannel-py39/linux-64/repodata.json"))
                  .size());
}

void TestRecordIndex::lookupByName()
{
    ENVDESK_REQUIRE_FIXTURES();
    QTemporaryDir dir;
    const std::string path = dir.filePath(QStringLiteral("linux-64.idx")).toStdString();
    const auto records = realRecords();
    QVERIFY(repodata::RecordIndex::write(path, "v",
                                         "https://conda.anaconda.org/conda-forge/linux-64", records)
                .ok());
    auto index = repodata::RecordIndex::open(path, "v");
    QVERIFY(index.ok());
    std::vector<specs::PackageRecord> expected;
    std::copy_if(records.begin(), records.end(), std::back_inserter(expected),
                 [](const auto& r) { return r.name == "python"; });
    QVERIFY(!expected.empty());
    auto python = index->recordsFor("python");
    QVERIFY(python.ok());
    QVERIFY(*python == expected); // the original order within a name is kept
    QVERIFY(index->contains("python"));
    QVERIFY(!index->contains("pythonx"));
    QVERIFY(index->recordsFor("no-such-package")->empty());
    const auto names = index->names();
    QVERIFY(std::is_sorted(names.begin(), names.end()));
    QCOMPARE(names.size(), index->nameCount());
}

void TestRecordIndex::validatorMismatchIsNotFound()
{
    QTemporaryDir dir;
    const std::string path = dir.filePath(QStringLiteral("x.idx")).toStdString();
    specs::PackageRecord record;
    record.name = "a";
    record.version = "1";
    record.depends = {"b >=1", "c"};
    QVERIFY(repodata::RecordIndex::write(path, "etag-1", "", {record}).ok());
    auto stale = repodata::RecordIndex::open(path, "etag-2");
    QVERIFY(!stale.ok());
    QVERIFY(stale.error().code == util::ErrorCode::NotFound);
    auto missing = repodata::RecordIndex::open(path + ".nope", "etag-1");
    QVERIFY(!missing.ok());
}

void TestRecordIndex::truncatedOrDamagedIndexNeverCrashes()
{
    ENVDESK_REQUIRE_FIXTURES();
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("good.idx"));
    QVERIFY(repodata::RecordIndex::write(path.toStdString(), "v", "", realRecords()).ok());
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray good = file.readAll();
    file.close();

    std::mt19937 random(1234);
    const QString damagedPath = dir.filePath(QStringLiteral("damaged.idx"));
    int opened = 0;
    for (int round = 0; round < 60; ++round) {
        QByteArray damaged = good;
        if (round < 20) {
            damaged.truncate(static_cast<int>(random() % static_cast<unsigned>(good.size())));
        } else {
            for (int k = 0; k < 8; ++k) {
                damaged[static_cast<int>(random() % static_cast<unsigned>(damaged.size()))] =
                    static_cast<char>(random());
            }
        }
        QFile out(damagedPath);
        QVERIFY(out.open(QIODevice::WriteOnly | QIODevice::Truncate));
        out.write(damaged);
        out.close();
        auto index = repodata::RecordIndex::open(damagedPath.toStdString(), "v");
        if (index.ok()) {
            ++opened;
            // Decoding may fail on a damaged record, but must say so rather than crash.
            auto all = index->all();
            if (!all.ok()) {
                QVERIFY(all.error().message().find("corrupt") != std::string::npos);
            }
            for (auto name : index->names()) {
                (void)index->recordsFor(name);
            }
        } else {
            QVERIFY(!index.error().message().empty());
        }
    }
    QVERIFY(opened < 60); // truncation is always caught at open
}

void TestRecordIndex::emptyIndex()
{
    QTemporaryDir dir;
    const std::string path = dir.filePath(QStringLiteral("empty.idx")).toStdString();
    QVERIFY(repodata::RecordIndex::write(path, "", "", {}).ok());
    auto index = repodata::RecordIndex::open(path, "");
    QVERIFY(index.ok());
    QCOMPARE(index->recordCount(), std::size_t{0});
    QVERIFY(index->all()->empty());
}

void TestRecordIndex::streamedIndexEqualsParsedRecords_data()
{
    QTest::addColumn<QString>("json");
    QTest::newRow("removed and a .conda twin") << QString::fromUtf8(kTwinsAndRemoved);
    if (haveFixtures()) {
        QFile file(fixturesDir()
                   + QStringLiteral("/repodata/conda-forge-subchannel-py39/noarch/repodata.json"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QTest::newRow("conda-forge noarch") << QString::fromUtf8(file.readAll());
    }
}

void TestRecordIndex::streamedIndexEqualsParsedRecords()
{
    QFETCH(QString, json);
    QTemporaryDir dir;
    const QString jsonPath = dir.filePath(QStringLiteral("repodata.json"));
    QFile file(jsonPath);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(json.toUtf8());
    file.close();
    const repodata::RepodataSource source{"chan", "https://example.org/chan/linux-64", "linux-64",
                                          ""};
    auto parsed = repodata::loadRepodataFile(jsonPath.toStdString(), source);
    QVERIFY2(parsed.ok(), parsed ? "" : parsed.error().message().c_str());

    const std::string indexPath = dir.filePath(QStringLiteral("repodata.idx")).toStdString();
    auto summary = repodata::indexRepodataFile(jsonPath.toStdString(), source, indexPath, "v1");
    QVERIFY2(summary.ok(), summary ? "" : summary.error().message().c_str());
    auto index = repodata::RecordIndex::open(indexPath, "v1");
    QVERIFY2(index.ok(), index ? "" : index.error().message().c_str());
    QCOMPARE(index->recordCount(), parsed->records.size());
    auto all = index->all();
    QVERIFY(all.ok());
    auto expected = parsed->records;
    sortByFile(expected);
    sortByFile(*all);
    QVERIFY(*all == expected);
}

// A build is watched: records read so far every few thousand and once at the end (the window's
// "records indexed"), and a stop ends it with Cancelled and no index left behind, from the file
// and from text just downloaded alike.
void TestRecordIndex::buildReportsRecordsAndStops()
{
    constexpr int kRecords = 40000;
    std::string json = "{\"info\": {\"subdir\": \"linux-64\"}, \"packages.conda\": {";
    for (int i = 0; i < kRecords; ++i) {
        const std::string name = "pkg" + std::to_string(i % 997);
        const std::string fn = name + "-1." + std::to_string(i) + "-0.conda";
        json +=
            (i == 0 ? "" : ",")
            + ("\"" + fn + "\": {\"name\": \"" + name + "\", \"version\": \"1." + std::to_string(i)
               + "\", \"build\": \"0\", \"build_number\": 0, "
                 "\"depends\": [\"python >=3.9\"]}");
    }
    json += "}}";
    QTemporaryDir dir;
    const std::string jsonPath = dir.filePath(QStringLiteral("repodata.json")).toStdString();
    QFile file(QString::fromStdString(jsonPath));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(json.data(), static_cast<qint64>(json.size()));
    file.close();
    const repodata::RepodataSource source{
        "example", "https://user:secret@example.org/t/tk-abcdef0123456789/example/linux-64",
        "linux-64", ""};

    std::vector<repodata::RecordIndexProgress> seen;
    repodata::IndexWatch watch;
    watch.progress = [&seen](const repodata::RecordIndexProgress& progress) {
        seen.push_back(progress);
    };
    const std::string indexPath = dir.filePath(QStringLiteral("built.idx")).toStdString();
    auto built = repodata::openOrBuildRecordIndex(jsonPath, source, indexPath, "v1", nullptr,
                                                  nullptr, watch);
    QVERIFY2(built, built ? "" : built.error().message().c_str());
    QCOMPARE(built->recordCount(), std::size_t{kRecords});
    QVERIFY(seen.size() >= 3);
    for (std::size_t i = 1; i < seen.size(); ++i) {
        QVERIFY(seen[i].records >= seen[i - 1].records);
    }
    QVERIFY(seen.back().done);
    QCOMPARE(seen.back().records, std::size_t{kRecords});
    QVERIFY2(seen.back().subdir.find("secret") == std::string::npos, seen.back().subdir.c_str());
    QVERIFY(seen.back().subdir.find("example/linux-64") != std::string::npos);
    // Opened again, the index is not built, so nothing is reported.
    seen.clear();
    QVERIFY(repodata::openOrBuildRecordIndex(jsonPath, source, indexPath, "v1", nullptr, nullptr,
                                             watch));
    QVERIFY(seen.empty());

    // Stopped at the first report: Cancelled, and no index file, from the file and from text.
    for (const bool fromText : {false, true}) {
        std::stop_source stopper;
        repodata::IndexWatch stopping;
        stopping.stop = stopper.get_token();
        stopping.progress = [&stopper](const repodata::RecordIndexProgress&) {
            stopper.request_stop();
        };
        const std::string stoppedPath =
            dir.filePath(fromText ? QStringLiteral("text.idx") : QStringLiteral("file.idx"))
                .toStdString();
        auto stopped = repodata::openOrBuildRecordIndex(
            jsonPath, source, stoppedPath, "v1", nullptr,
            fromText ? std::make_shared<const std::string>(json) : nullptr, stopping);
        QVERIFY(!stopped);
        QVERIFY(stopped.error().code == util::ErrorCode::Cancelled);
        QVERIFY(!QFile::exists(QString::fromStdString(stoppedPath)));
    }
}

// Checksums are kept as bytes when they are lowercase hex (a quarter of a large index), and
// every other text as it is: what comes back is exactly what went in.
void TestRecordIndex::checksumsKeepTheirExactText()
{
    const std::vector<std::pair<std::string, std::string>> sums = {
        {"0123456789abcdef0123456789abcdef",
         "00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff"},
        {"0123456789ABCDEF0123456789ABCDEF", ""},
        {"abc", "not hex at all"},
        {"", "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"},
    };
    std::vector<specs::PackageRecord> records;
    for (std::size_t i = 0; i < sums.size(); ++i) {
        specs::PackageRecord record;
        record.name = "pkg" + std::to_string(i);
        record.version = "1.0";
        record.build = "0";
        record.subdir = "linux-64";
        record.fn = record.name + "-1.0-0.conda";
        record.md5 = sums[i].first;
        record.sha256 = sums[i].second;
        records.push_back(record);
    }
    QTemporaryDir dir;
    const std::string path = dir.filePath(QStringLiteral("sums.idx")).toStdString();
    QVERIFY(repodata::RecordIndex::write(path, "v", "https://example.org/c/linux-64", records));
    auto index = repodata::RecordIndex::open(path, "v");
    QVERIFY2(index, index ? "" : index.error().message().c_str());
    for (std::size_t i = 0; i < sums.size(); ++i) {
        auto found = index->recordsFor("pkg" + std::to_string(i));
        QVERIFY(found && found->size() == 1);
        QCOMPARE(found->front().md5, sums[i].first);
        QCOMPARE(found->front().sha256, sums[i].second);
    }
}

QTEST_APPLESS_MAIN(TestRecordIndex)
#include "tst_record_index.moc"
