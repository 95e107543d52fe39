// Indexes temporary channels made of real packages from ../shared/fixtures/packages, and reads
// the result back the way every other part of Envdesk reads a channel.

#include "core/repodata/channel_index.h"
#include "core/repodata/compression.h"
#include "core/repodata/repodata_parser.h"
#include "core/util/hash.h"
#include "vector_file.h"

#include <nlohmann/json.hpp>
#include <zstd.h>

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <filesystem>
#include <stop_token>

using envdesk::repodata::ChannelIndexResult;
using envdesk::repodata::indexChannel;
using envdesk::repodata::IndexOptions;
using envdesk::repodata::SubdirIndexResult;
using envdesk::test::fixturesDir;

namespace {

QString packages()
{
    return fixturesDir() + QStringLiteral("/packages/");
}

bool copyInto(const QString& channel, const QString& subdir, const QString& source,
              const QString& name = {})
{
    QDir().mkpath(channel + QLatin1Char('/') + subdir);
    const QString target = channel + QLatin1Char('/') + subdir + QLatin1Char('/')
                           + (name.isEmpty() ? QFileInfo(source).fileName() : name);
    QFile::remove(target);
    if (!QFile::copy(source, target)) {
        return false;
    }
    // Fixtures are read-only; the copies are replaced by some tests.
    return QFile::setPermissions(target, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
}

// linux-64: zlib in both formats; osx-64: zlib and mock in both formats; noarch: two tarballs.
bool makeChannel(const QString& channel)
{
    const QString repo = packages() + QStringLiteral("conda/conda_format_repo/");
    bool ok = true;
    for (const char* extension : {".conda", ".tar.bz2"}) {
        const QString ext = QLatin1String(extension);
        ok = ok
             && copyInto(channel, QStringLiteral("linux-64"),
                         repo + QStringLiteral("linux-64/zlib-1.2.11-h7b6447c_3") + ext)
             && copyInto(channel, QStringLiteral("osx-64"),
                         repo + QStringLiteral("osx-64/zlib-1.2.11-h1de35cc_3") + ext)
             && copyInto(channel, QStringLiteral("osx-64"),
                         packages() + QStringLiteral("cph/mock-2.0.0-py37_1000") + ext);
    }
    return ok
           && copyInto(channel, QStringLiteral("noarch"),
                       packages() + QStringLiteral("mamba/_r-mutex-1.0.1-anacondar_1.tar.bz2"))
           && copyInto(
               channel, QStringLiteral("noarch"),
               packages()
                   + QStringLiteral("mamba/test-server-repo/noarch/test-package-0.1-0.tar.bz2"));
}

QByteArray readAll(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

std::string sha256Of(const QString& path)
{
    return envdesk::util::sha256Hex(readAll(path).toStdString());
}

const SubdirIndexResult* findSubdir(const ChannelIndexResult& result, const std::string& name)
{
    const auto it = std::find_if(result.subdirs.begin(), result.subdirs.end(),
                                 [&](const SubdirIndexResult& s) { return s.subdir == name; });
    return it == result.subdirs.end() ? nullptr : &*it;
}

QJsonObject readJson(const QString& path)
{
    return QJsonDocument::fromJson(readAll(path)).object();
}

#define REQUIRE_OK(result)                                                                         \
    QVERIFY2((result).ok(), (result).ok() ? "" : (result).error().message().c_str())

} // namespace

class TestChannelIndex : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void writesRepodataThatLoads();
    void hashesAndSizesComeFromTheFiles();
    void zstHoldsTheSameBytes();
    void outputIsDeterministic();
    void cacheSkipsUnchangedArchives();
    void channelDataSaysWhatPackagesAreLikeCondaIndex();
    void shardsAreWrittenAsCep16Says();
    void corruptPackageIsSkippedAndNamed();
    void wrongSubdirIsReportedNotIndexed();
    void noarchIsCreatedEmpty();
    void namedSubdirsOnly();
    void progressAndStop();
    void notAFolderIsAnError();
};

void TestChannelIndex::init()
{
    if (!envdesk::test::haveFixtures()) {
        QSKIP("../shared/fixtures is absent: no packages to index");
    }
}

void TestChannelIndex::writesRepodataThatLoads()
{
    QTemporaryDir dir;
    QVERIFY(makeChannel(dir.path()));
    const auto result = indexChannel(dir.path().toStdString());
    REQUIRE_OK(result);
    QVERIFY(result->complete());
    QCOMPARE(result->subdirs.size(), std::size_t{3});
    QCOMPARE(result->subdirs[0].subdir, std::string("linux-64"));
    QCOMPARE(result->subdirs[1].subdir, std::string("noarch"));
    QCOMPARE(result->subdirs[2].subdir, std::string("osx-64"));
    QCOMPARE(findSubdir(*result, "osx-64")->indexed.size(), std::size_t{4});

    envdesk::repodata::RepodataSource source;
    source.channelName = "local";
    source.subdir = "osx-64";
    const auto osx = envdesk::repodata::loadRepodataFile(
        (dir.path() + QStringLiteral("/osx-64/repodata.json")).toStdString(), source);
    REQUIRE_OK(osx);
    QCOMPARE(osx->subdir, std::string("osx-64"));
    // The parser keeps the .conda of a build that is there in both formats.
    QCOMPARE(osx->records.size(), std::size_t{2});
    std::vector<std::string> names;
    for (const auto& record : osx->records) {
        names.push_back(record.name + "=" + record.version + "=" + record.build);
        QVERIFY(record.fn.ends_with(".conda"));
        QCOMPARE(record.subdir, std::string("osx-64"));
    }
    std::sort(names.begin(), names.end());
    QCOMPARE(names, (std::vector<std::string>{"mock=2.0.0=py37_1000", "zlib=1.2.11=h1de35cc_3"}));

    source.subdir = "noarch";
    const auto noarch = envdesk::repodata::loadRepodataFile(
        (dir.path() + QStringLiteral("/noarch/repodata.json")).toStdString(), source);
    REQUIRE_OK(noarch);
    QCOMPARE(noarch->records.size(), std::size_t{2});

    const QJsonObject linux64 = readJson(dir.path() + QStringLiteral("/linux-64/repodata.json"));
    QCOMPARE(linux64.value(QStringLiteral("repodata_version")).toInt(), 1);
    QCOMPARE(linux64.value(QStringLiteral("info")).toObject().value(QStringLiteral("subdir")),
             QJsonValue(QStringLiteral("linux-64")));
    const QJsonObject zlib = linux64.value(QStringLiteral("packages"))
                                 .toObject()
                                 .value(QStringLiteral("zlib-1.2.11-h7b6447c_3.tar.bz2"))
                                 .toObject();
    QCOMPARE(zlib.value(QStringLiteral("build_number")).toInt(), 3);
    QCOMPARE(zlib.value(QStringLiteral("depends")).toArray().size(), 1);
    QCOMPARE(zlib.value(QStringLiteral("license")).toString(), QStringLiteral("zlib"));
    QCOMPARE(zlib.value(QStringLiteral("timestamp")).toDouble(), 1542814864621.0);
}

void TestChannelIndex::hashesAndSizesComeFromTheFiles()
{
    QTemporaryDir dir;
    QVERIFY(makeChannel(dir.path()));
    REQUIRE_OK(indexChannel(dir.path().toStdString()));
    for (const char* subdir : {"linux-64", "osx-64", "noarch"}) {
        const QString folder = dir.path() + QLatin1Char('/') + QLatin1String(subdir);
        const QJsonObject repodata = readJson(folder + QStringLiteral("/repodata.json"));
        int seen = 0;
        for (const char* key : {"packages", "packages.conda"}) {
            const QJsonObject entries = repodata.value(QLatin1String(key)).toObject();
            for (auto it = entries.begin(); it != entries.end(); ++it) {
                const QString file = folder + QLatin1Char('/') + it.key();
                const QJsonObject record = it.value().toObject();
                const QByteArray bytes = readAll(file);
                QCOMPARE(record.value(QStringLiteral("sha256")).toString().toStdString(),
                         sha256Of(file));
                QCOMPARE(record.value(QStringLiteral("md5")).toString().toStdString(),
                         envdesk::util::md5Hex(bytes.toStdString()));
                QCOMPARE(record.value(QStringLiteral("size")).toInteger(), bytes.size());
                QCOMPARE(it.key().endsWith(QLatin1String(".conda")),
                         QByteArray(key) == "packages.conda");
                ++seen;
            }
        }
        QCOMPARE(seen, QDir(folder)
                           .entryList({QStringLiteral("*.conda"), QStringLiteral("*.tar.bz2")},
                                      QDir::Files)
                           .size());
    }
}

void TestChannelIndex::zstHoldsTheSameBytes()
{
    QTemporaryDir dir;
    QVERIFY(makeChannel(dir.path()));
    REQUIRE_OK(indexChannel(dir.path().toStdString()));
    for (const char* subdir : {"linux-64", "osx-64", "noarch"}) {
        const QString base = dir.path() + QLatin1Char('/') + QLatin1String(subdir);
        const QByteArray json = readAll(base + QStringLiteral("/repodata.json"));
        const QByteArray zst = readAll(base + QStringLiteral("/repodata.json.zst"));
        QVERIFY(!json.isEmpty());
        const auto size = ZSTD_getFrameContentSize(zst.constData(), zst.size());
        QCOMPARE(size, static_cast<unsigned long long>(json.size()));
        QByteArray decoded(static_cast<qsizetype>(size), '\0');
        const std::size_t got =
            ZSTD_decompress(decoded.data(), decoded.size(), zst.constData(), zst.size());
        QVERIFY(ZSTD_isError(got) == 0);
        QCOMPARE(decoded, json);
    }
}

void TestChannelIndex::outputIsDeterministic()
{
    QTemporaryDir first;
    QTemporaryDir second;
    QVERIFY(makeChannel(first.path()));
    QVERIFY(makeChannel(second.path()));
    REQUIRE_OK(indexChannel(first.path().toStdString()));
    const QString linuxJson = QStringLiteral("/linux-64/repodata.json");
    const QString osxJson = QStringLiteral("/osx-64/repodata.json");
    const QString osxZst = QStringLiteral("/osx-64/repodata.json.zst");
    const QByteArray runOne = readAll(first.path() + osxJson);
    const QByteArray runOneZst = readAll(first.path() + osxZst);

    IndexOptions noCache;
    noCache.useCache = false;
    REQUIRE_OK(indexChannel(first.path().toStdString(), noCache));
    QCOMPARE(readAll(first.path() + osxJson), runOne);
    QCOMPARE(readAll(first.path() + osxZst), runOneZst);

    // Another folder, other mtimes, same packages: the same bytes.
    REQUIRE_OK(indexChannel(second.path().toStdString()));
    QCOMPARE(readAll(second.path() + osxJson), runOne);
    QCOMPARE(readAll(second.path() + osxZst), runOneZst);
    QCOMPARE(readAll(second.path() + linuxJson), readAll(first.path() + linuxJson));
}

// channeldata.json at the channel's root, from the packages' info/about.json: for zlib, what
// conda-index wrote from the same archives (the fixture's own channeldata.json); again the same
// when every entry comes from the index cache.
void TestChannelIndex::channelDataSaysWhatPackagesAreLikeCondaIndex()
{
    QTemporaryDir dir;
    QVERIFY(makeChannel(dir.path()));
    REQUIRE_OK(indexChannel(dir.path().toStdString()));
    const QString path = dir.path() + QStringLiteral("/channeldata.json");
    const QJsonObject written = readJson(path);
    QCOMPARE(written.value(QStringLiteral("channeldata_version")).toInt(), 1);
    const QJsonObject zlib = written.value(QStringLiteral("packages"))
                                 .toObject()
                                 .value(QStringLiteral("zlib"))
                                 .toObject();
    const QJsonObject conda =
        readJson(packages() + QStringLiteral("conda/conda_format_repo/channeldata.json"))
            .value(QStringLiteral("packages"))
            .toObject()
            .value(QStringLiteral("zlib"))
            .toObject();
    for (const char* key :
         {"summary", "description", "home", "dev_url", "doc_url", "license", "version"}) {
        QVERIFY2(!conda.value(QLatin1String(key)).toString().isEmpty(), key);
        QCOMPARE(zlib.value(QLatin1String(key)).toString(),
                 conda.value(QLatin1String(key)).toString());
    }
    QCOMPARE(zlib.value(QStringLiteral("subdirs")).toArray(),
             (QJsonArray{QStringLiteral("linux-64"), QStringLiteral("osx-64")}));
    QVERIFY(zlib.value(QStringLiteral("reference_package"))
                .toString()
                .contains(QStringLiteral("/zlib-1.2.11-")));
    const QJsonObject mock = written.value(QStringLiteral("packages"))
                                 .toObject()
                                 .value(QStringLiteral("mock"))
                                 .toObject();
    QCOMPARE(mock.value(QStringLiteral("subdirs")).toArray(), QJsonArray{QStringLiteral("osx-64")});
    QVERIFY(!mock.value(QStringLiteral("summary")).toString().isEmpty());

    const QByteArray first = readAll(path);
    REQUIRE_OK(indexChannel(dir.path().toStdString()));
    QCOMPARE(readAll(path), first);

    // One subdir indexed again: zlib keeps its other subdir; mock, removed from the only subdir
    // that had it, is gone.
    for (const char* extension : {".conda", ".tar.bz2"}) {
        QVERIFY(QFile::remove(dir.path() + QStringLiteral("/osx-64/mock-2.0.0-py37_1000")
                              + QLatin1String(extension)));
    }
    IndexOptions osx;
    osx.subdirs = {"osx-64"};
    REQUIRE_OK(indexChannel(dir.path().toStdString(), osx));
    const QJsonObject after = readJson(path).value(QStringLiteral("packages")).toObject();
    QCOMPARE(
        after.value(QStringLiteral("zlib")).toObject().value(QStringLiteral("subdirs")).toArray(),
        (QJsonArray{QStringLiteral("linux-64"), QStringLiteral("osx-64")}));
    QVERIFY(!after.contains(QStringLiteral("mock")));
}

namespace {

nlohmann::json readMsgpackZst(const QString& path)
{
    auto bytes = envdesk::repodata::readRepodataFile(path.toStdString());
    if (!bytes) {
        return {};
    }
    return nlohmann::json::from_msgpack(*bytes, true, false);
}

std::string hexOf(const nlohmann::json& binary)
{
    static const char* digits = "0123456789abcdef";
    std::string hex;
    for (const auto byte : binary.get_binary()) {
        hex += digits[byte >> 4];
        hex += digits[byte & 15];
    }
    return hex;
}

} // namespace

// `index --shards` (CEP 16): the index maps each name to the SHA-256 of its shard file, as
// bytes; a shard holds the name's records of both kinds. Checked
// against the shards conda's tools wrote for the same zlib packages (the fixture), field by
// field, and read back as the fixture's index is.
void TestChannelIndex::shardsAreWrittenAsCep16Says()
{
    QTemporaryDir dir;
    QVERIFY(makeChannel(dir.path()));
    IndexOptions options;
    options.shards = true;
    const auto result = indexChannel(dir.path().toStdString(), options);
    REQUIRE_OK(result);
    QCOMPARE(findSubdir(*result, "osx-64")->shardCount, std::size_t{2}); // zlib, mock

    const QString folder = dir.path() + QStringLiteral("/linux-64/");
    const auto index = readMsgpackZst(folder + QStringLiteral("repodata_shards.msgpack.zst"));
    QVERIFY(index.is_object());
    QCOMPARE(index.at("version").get<int>(), 1);
    QCOMPARE(index.at("info").at("subdir").get<std::string>(), std::string("linux-64"));
    QVERIFY(index.at("shards").at("zlib").is_binary());
    const std::string hash = hexOf(index.at("shards").at("zlib"));
    const QString shardPath =
        folder + QString::fromStdString(hash) + QStringLiteral(".msgpack.zst");
    QCOMPARE(envdesk::util::sha256Hex(readAll(shardPath).toStdString()), hash);

    const QString reference =
        fixturesDir() + QStringLiteral("/shards/conda/conda_format_repo/linux-64/");
    const auto theirIndex =
        readMsgpackZst(reference + QStringLiteral("repodata_shards.msgpack.zst"));
    QVERIFY(theirIndex.at("shards").at("zlib").is_binary());
    const auto theirs =
        readMsgpackZst(reference + QString::fromStdString(hexOf(theirIndex.at("shards").at("zlib")))
                       + QStringLiteral(".msgpack.zst"));
    const auto ours = readMsgpackZst(shardPath);
    for (const char* kind : {"packages", "packages.conda"}) {
        QCOMPARE(ours.at(kind).size(), theirs.at(kind).size());
        for (const auto& [fileName, record] : theirs.at(kind).items()) {
            QVERIFY2(ours.at(kind).contains(fileName), fileName.c_str());
            for (const auto& [key, value] : record.items()) {
                QVERIFY2(ours.at(kind).at(fileName).at(key) == value,
                         (fileName + " " + key).c_str());
            }
        }
    }
    // As conda writes them (CEP 16 suggests bytes): hex strings.
    QVERIFY(ours.at("packages.conda").begin()->at("sha256").is_string());

    // Immutable: indexing again leaves the shard file as it is.
    const QDateTime written = QFileInfo(shardPath).lastModified();
    REQUIRE_OK(indexChannel(dir.path().toStdString(), options));
    QCOMPARE(QFileInfo(shardPath).lastModified(), written);
}

void TestChannelIndex::cacheSkipsUnchangedArchives()
{
    QTemporaryDir dir;
    QVERIFY(makeChannel(dir.path()));
    const auto first = indexChannel(dir.path().toStdString());
    REQUIRE_OK(first);
    QVERIFY(QFile::exists(dir.path() + QStringLiteral("/osx-64/.cache/envdesk-index.json")));
    const QByteArray before = readAll(dir.path() + QStringLiteral("/osx-64/repodata.json"));

    const auto second = indexChannel(dir.path().toStdString());
    REQUIRE_OK(second);
    for (const auto& subdir : second->subdirs) {
        QVERIFY2(subdir.indexed.empty(), subdir.subdir.c_str());
    }
    QCOMPARE(findSubdir(*second, "osx-64")->reused.size(), std::size_t{4});
    QCOMPARE(readAll(dir.path() + QStringLiteral("/osx-64/repodata.json")), before);

    // Another build under the same name: new size and mtime, so it is read again.
    const QString replaced = QStringLiteral("mock-2.0.0-py37_1000.tar.bz2");
    QVERIFY(copyInto(
        dir.path(), QStringLiteral("osx-64"),
        packages()
            + QStringLiteral("conda/conda_format_repo/osx-64/zlib-1.2.11-h1de35cc_3.tar.bz2"),
        replaced));
    // A file touched but unchanged in size is read again too.
    const std::filesystem::path touched =
        (dir.path() + QStringLiteral("/linux-64/zlib-1.2.11-h7b6447c_3.conda")).toStdString();
    std::filesystem::last_write_time(touched, std::filesystem::last_write_time(touched)
                                                  + std::chrono::hours(1));

    const auto third = indexChannel(dir.path().toStdString());
    REQUIRE_OK(third);
    QCOMPARE(findSubdir(*third, "osx-64")->indexed,
             std::vector<std::string>{replaced.toStdString()});
    QCOMPARE(findSubdir(*third, "osx-64")->reused.size(), std::size_t{3});
    QCOMPARE(findSubdir(*third, "linux-64")->indexed,
             std::vector<std::string>{"zlib-1.2.11-h7b6447c_3.conda"});
    QVERIFY(findSubdir(*third, "noarch")->indexed.empty());
    const QJsonObject record = readJson(dir.path() + QStringLiteral("/osx-64/repodata.json"))
                                   .value(QStringLiteral("packages"))
                                   .toObject()
                                   .value(replaced)
                                   .toObject();
    QCOMPARE(record.value(QStringLiteral("name")).toString(), QStringLiteral("zlib"));
    QCOMPARE(record.value(QStringLiteral("sha256")).toString().toStdString(),
             sha256Of(dir.path() + QStringLiteral("/osx-64/") + replaced));

    // A removed package leaves the index.
    QVERIFY(QFile::remove(dir.path() + QStringLiteral("/osx-64/") + replaced));
    const auto fourth = indexChannel(dir.path().toStdString());
    REQUIRE_OK(fourth);
    QCOMPARE(findSubdir(*fourth, "osx-64")->recordCount(), std::size_t{3});
    QVERIFY(!readJson(dir.path() + QStringLiteral("/osx-64/repodata.json"))
                 .value(QStringLiteral("packages"))
                 .toObject()
                 .contains(replaced));
}

void TestChannelIndex::corruptPackageIsSkippedAndNamed()
{
    QTemporaryDir dir;
    QVERIFY(makeChannel(dir.path()));
    QVERIFY(copyInto(dir.path(), QStringLiteral("noarch"),
                     packages() + QStringLiteral("conda-index/corrupt/bad_package.tar.bz2")));
    QVERIFY(copyInto(dir.path(), QStringLiteral("linux-64"),
                     packages() + QStringLiteral("conda-index/corrupt/another_bad_package.conda")));
    for (int run = 0; run < 2; ++run) { // a corrupt file is not cached away: still reported
        const auto result = indexChannel(dir.path().toStdString());
        REQUIRE_OK(result);
        QVERIFY(!result->complete());
        const auto* noarch = findSubdir(*result, "noarch");
        QCOMPARE(noarch->skipped.size(), std::size_t{1});
        QCOMPARE(noarch->skipped[0].fileName, std::string("bad_package.tar.bz2"));
        QVERIFY(noarch->skipped[0].path.ends_with("/noarch/bad_package.tar.bz2"));
        QVERIFY2(noarch->skipped[0].reason.find("bzip2") != std::string::npos,
                 noarch->skipped[0].reason.c_str());
        QCOMPARE(noarch->recordCount(), std::size_t{2});
        const auto* linux64 = findSubdir(*result, "linux-64");
        QCOMPARE(linux64->skipped.size(), std::size_t{1});
        QCOMPARE(linux64->skipped[0].fileName, std::string("another_bad_package.conda"));
        QCOMPARE(linux64->recordCount(), std::size_t{2});
    }
    const QJsonObject noarchJson = readJson(dir.path() + QStringLiteral("/noarch/repodata.json"));
    QVERIFY(!noarchJson.value(QStringLiteral("packages"))
                 .toObject()
                 .contains(QStringLiteral("bad_package.tar.bz2")));
    QCOMPARE(noarchJson.value(QStringLiteral("packages")).toObject().size(), 2);
}

void TestChannelIndex::wrongSubdirIsReportedNotIndexed()
{
    QTemporaryDir dir;
    QVERIFY(makeChannel(dir.path()));
    // An osx-64 build dropped into linux-64.
    QVERIFY(copyInto(dir.path(), QStringLiteral("linux-64"),
                     packages() + QStringLiteral("cph/mock-2.0.0-py37_1000.conda")));
    const auto result = indexChannel(dir.path().toStdString());
    REQUIRE_OK(result);
    QVERIFY(!result->complete());
    const auto* linux64 = findSubdir(*result, "linux-64");
    QCOMPARE(linux64->skipped.size(), std::size_t{1});
    QCOMPARE(linux64->skipped[0].fileName, std::string("mock-2.0.0-py37_1000.conda"));
    QVERIFY2(linux64->skipped[0].reason.find("osx-64") != std::string::npos,
             linux64->skipped[0].reason.c_str());
    QVERIFY(!readJson(dir.path() + QStringLiteral("/linux-64/repodata.json"))
                 .value(QStringLiteral("packages.conda"))
                 .toObject()
                 .contains(QStringLiteral("mock-2.0.0-py37_1000.conda")));
}

void TestChannelIndex::noarchIsCreatedEmpty()
{
    QTemporaryDir dir;
    QVERIFY(copyInto(
        dir.path(), QStringLiteral("win-64"),
        packages()
            + QStringLiteral("conda/conda_format_repo/win-64/zlib-1.2.11-h62dcd97_3.conda")));
    QDir(dir.path()).mkdir(QStringLiteral("not-a-platform"));
    const auto result = indexChannel(dir.path().toStdString());
    REQUIRE_OK(result);
    QCOMPARE(result->subdirs.size(), std::size_t{2});
    const auto* noarch = findSubdir(*result, "noarch");
    QVERIFY(noarch != nullptr);
    QVERIFY(noarch->created);
    const QJsonObject empty = readJson(dir.path() + QStringLiteral("/noarch/repodata.json"));
    QVERIFY(empty.value(QStringLiteral("packages")).toObject().isEmpty());
    QVERIFY(empty.value(QStringLiteral("packages.conda")).toObject().isEmpty());
    QCOMPARE(empty.value(QStringLiteral("info")).toObject().value(QStringLiteral("subdir")),
             QJsonValue(QStringLiteral("noarch")));
    QVERIFY(!QFile::exists(dir.path() + QStringLiteral("/not-a-platform/repodata.json")));
}

void TestChannelIndex::namedSubdirsOnly()
{
    QTemporaryDir dir;
    QVERIFY(makeChannel(dir.path()));
    IndexOptions options;
    options.subdirs = {"linux-64"};
    const auto result = indexChannel(dir.path().toStdString(), options);
    REQUIRE_OK(result);
    QCOMPARE(result->subdirs.size(), std::size_t{1});
    QVERIFY(QFile::exists(dir.path() + QStringLiteral("/linux-64/repodata.json")));
    QVERIFY(!QFile::exists(dir.path() + QStringLiteral("/osx-64/repodata.json")));

    options.subdirs = {"../escape"};
    const auto refused = indexChannel(dir.path().toStdString(), options);
    QVERIFY(!refused.ok());
}

void TestChannelIndex::progressAndStop()
{
    QTemporaryDir dir;
    QVERIFY(makeChannel(dir.path()));
    std::vector<std::string> seen;
    const auto result = indexChannel(dir.path().toStdString(), {},
                                     [&](const envdesk::repodata::IndexProgress& step) {
                                         seen.push_back(step.subdir + "/" + step.fileName);
                                         QVERIFY(step.done >= 1 && step.done <= step.total);
                                     });
    REQUIRE_OK(result);
    QCOMPARE(seen.size(), std::size_t{8});
    QCOMPARE(seen.front(), std::string("linux-64/zlib-1.2.11-h7b6447c_3.conda"));

    std::stop_source stop;
    int calls = 0;
    const auto stopped = indexChannel(
        dir.path().toStdString(), {},
        [&](const envdesk::repodata::IndexProgress&) {
            if (++calls == 1) {
                stop.request_stop();
            }
        },
        stop.get_token());
    QVERIFY(!stopped.ok());
    QVERIFY(stopped.error().code == envdesk::util::ErrorCode::Cancelled);
    QCOMPARE(calls, 1);
}

void TestChannelIndex::notAFolderIsAnError()
{
    QTemporaryDir dir;
    const std::string missing = (dir.path() + QStringLiteral("/nowhere")).toStdString();
    const auto result = indexChannel(missing);
    QVERIFY(!result.ok());
    QVERIFY(result.error().message().find(missing) != std::string::npos);

    const QString file = dir.path() + QStringLiteral("/file");
    QFile touch(file);
    QVERIFY(touch.open(QIODevice::WriteOnly));
    touch.close();
    const auto onFile = indexChannel(file.toStdString());
    QVERIFY(!onFile.ok());
    QVERIFY(onFile.error().message().find(file.toStdString()) != std::string::npos);
}

QTEST_APPLESS_MAIN(TestChannelIndex)
#include "tst_channel_index.moc"
