// The package cache on real packages from ../shared/fixtures/packages, fetched from a real HTTP
// server (Python's http.server) and from the scripted fault server on 127.0.0.1: the conda layout,
// reuse without a download, read-only shared caches, hash mismatches, resume, cancel, and two
// users racing on one package under the file lock.

#include "core/cache/package_cache.h"
#include "core/ops/cache_clean.h"
#include "core/util/file_lock.h"
#include "core/util/hash.h"
#include "tests/support/fault_http_server.h"
#include "tests/support/python_http_server.h"
#include "vector_file.h"

#include <sys/wait.h>
#include <unistd.h>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <optional>
#include <thread>

using namespace envdesk;
using namespace envdesk::test;
using cache::EnsureOptions;
using cache::EnsureResult;
using cache::PackageCache;

namespace {

struct Fixture {
    QString relative; // under fixtures/packages
    QString name, version, build, fn;
};

const Fixture kZlib{
    QStringLiteral("conda/conda_format_repo/linux-64/zlib-1.2.11-h7b6447c_3.tar.bz2"),
    QStringLiteral("zlib"), QStringLiteral("1.2.11"), QStringLiteral("h7b6447c_3"),
    QStringLiteral("zlib-1.2.11-h7b6447c_3.tar.bz2")};
const Fixture kMock{QStringLiteral("cph/mock-2.0.0-py37_1000.conda"), QStringLiteral("mock"),
                    QStringLiteral("2.0.0"), QStringLiteral("py37_1000"),
                    QStringLiteral("mock-2.0.0-py37_1000.conda")};

QByteArray readAll(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

bool writeAll(const QString& path, const QByteArray& data)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(data) == data.size();
}

std::string view(const QByteArray& data)
{
    return std::string(data.constData(), static_cast<std::size_t>(data.size()));
}

QByteArray fixtureBytes(const Fixture& fixture)
{
    return readAll(fixturesDir() + QStringLiteral("/packages/") + fixture.relative);
}

// A record as repodata would give it, with hashes computed from the real bytes.
specs::PackageRecord recordFor(const Fixture& fixture, const QString& url)
{
    const QByteArray bytes = fixtureBytes(fixture);
    specs::PackageRecord record;
    record.name = fixture.name.toStdString();
    record.version = fixture.version.toStdString();
    record.build = fixture.build.toStdString();
    record.buildNumber = 3;
    record.subdir = "linux-64";
    record.fn = fixture.fn.toStdString();
    record.url = url.toStdString();
    record.channel = url.left(url.lastIndexOf(QLatin1Char('/'))).toStdString();
    record.sha256 = util::sha256Hex(view(bytes));
    record.md5 = util::md5Hex(view(bytes));
    record.size = static_cast<std::uint64_t>(bytes.size());
    record.depends = {"libgcc-ng >=7.3.0"};
    record.license = "Zlib";
    record.timestamp = 1542397211183;
    return record;
}

// A channel folder `<root>/linux-64/<fn>` for the real server.
bool makeChannel(const QString& root, const QList<Fixture>& fixtures)
{
    if (!QDir().mkpath(root + QStringLiteral("/linux-64"))) {
        return false;
    }
    for (const auto& fixture : fixtures) {
        if (!writeAll(root + QStringLiteral("/linux-64/") + fixture.fn, fixtureBytes(fixture))) {
            return false;
        }
    }
    return true;
}

EnsureOptions fastOptions()
{
    EnsureOptions options;
    options.download.connectTimeoutSecs = 2;
    options.download.readTimeoutSecs = 5;
    options.download.maxRetries = 0;
    options.download.retryBackoffSecs = 0.02;
    return options;
}

std::string codeName(util::ErrorCode code)
{
    return std::string(util::toString(code));
}

template <typename T>
std::string codeOf(const util::Result<T>& result)
{
    return result ? std::string("ok") : codeName(result.error().code);
}

template <typename T>
std::string messageOf(const util::Result<T>& result)
{
    return result ? std::string() : result.error().message();
}

QJsonObject readJsonObject(const QString& path)
{
    return QJsonDocument::fromJson(readAll(path)).object();
}

// Paths under `dir` (recursively) other than envdesk's private folder.
QStringList entriesUnder(const QString& dir)
{
    QStringList out;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir.toStdString())) {
        const QString path = QString::fromStdString(entry.path().string()).mid(dir.size() + 1);
        if (!path.startsWith(QStringLiteral(".envdesk/locks"))) {
            out << path;
        }
    }
    out.sort();
    return out;
}

FaultResponse servedBody(const QByteArray& body)
{
    FaultResponse response;
    response.body = body;
    response.honourRange = true;
    return response;
}

} // namespace

class TestPackageCache : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void firstCallDownloadsAndExtractsSecondReuses();
    void readOnlySharedCacheIsUsedWithoutDownload();
    void wrongSha256IsAnErrorNamingUrlAndHashes();
    void corruptCachedArchiveIsDeletedAndFetchedAgain();
    void truncatedDownloadResumes();
    void cancelDuringDownloadLeavesNoFinalNames();
    void cancelDuringExtractionLeavesNoFinalNames();
    void extractionStartsWhileOthersDownload();
    void extractionFailureStopsTheDownloads();
    void extractionProgressEndsAtTheTotal();
    void twoUsersRacingOnOnePackageShareOneCopy();
    void twoProcessesRacingOnOnePackageShareOneCopy();
    void fileChannelWorks();
    void fileLockExcludesOtherHolders();
    void cleanLeavesWhatAnInstallHolds();
    void cleanFollowsNoLinkInTheCache();
    void repodataRecordJsonIsKeySorted();
    void unsafeRecordIsRefusedBeforeAnyPathIsMade_data();
    void unsafeRecordIsRefusedBeforeAnyPathIsMade();
};

void TestPackageCache::init()
{
    const QString name = QString::fromLatin1(QTest::currentTestFunction());
    const bool needsFixtures = name != QStringLiteral("fileLockExcludesOtherHolders")
                               && name != QStringLiteral("repodataRecordJsonIsKeySorted")
                               && name != QStringLiteral("cleanFollowsNoLinkInTheCache");
    if (needsFixtures && !haveFixtures()) {
        QSKIP("../shared/fixtures is absent: no packages to cache");
    }
}

void TestPackageCache::firstCallDownloadsAndExtractsSecondReuses()
{
    FaultHttpServer server;
    QVERIFY(server.isListening());
    // A token in the URL: it must reach the server but never the cache's files.
    const QByteArray zlibTarget = "/t/tk-secret-1/test/linux-64/" + kZlib.fn.toUtf8();
    const QByteArray mockTarget = "/t/tk-secret-1/test/linux-64/" + kMock.fn.toUtf8();
    server.script(zlibTarget, {servedBody(fixtureBytes(kZlib))});
    server.script(mockTarget, {servedBody(fixtureBytes(kMock))});
    const auto zlib = recordFor(kZlib, server.url(zlibTarget));
    const auto mock = recordFor(kMock, server.url(mockTarget));

    QTemporaryDir tmp;
    const QString pkgs = tmp.path() + QStringLiteral("/pkgs");
    PackageCache cache({pkgs.toStdString()});
    std::uint64_t lastDownloaded = 0, lastDownloadTotal = 0, lastExtracted = 0;
    auto progress = [&](const cache::Progress& p) {
        if (p.phase == cache::Progress::Phase::Download) {
            lastDownloaded = p.done;
            lastDownloadTotal = p.total;
        } else {
            lastExtracted = p.done;
        }
    };
    auto first = cache.ensureExtracted({zlib, mock, zlib}, fastOptions(), progress, {});
    QVERIFY2(first, messageOf(first).c_str());
    QCOMPARE(first->downloaded, std::size_t{2});
    QCOMPARE(first->extracted, std::size_t{2});
    QCOMPARE(first->folders.size(), std::size_t{3});
    QCOMPARE(QString::fromStdString(first->folders[0]),
             pkgs + QStringLiteral("/zlib-1.2.11-h7b6447c_3"));
    QCOMPARE(QString::fromStdString(first->folders[1]),
             pkgs + QStringLiteral("/mock-2.0.0-py37_1000"));
    QCOMPARE(first->folders[2], first->folders[0]);
    // The archive beside each folder, as conda-meta's package_tarball_full_path names it.
    QCOMPARE(first->archives.size(), std::size_t{3});
    QCOMPARE(QString::fromStdString(first->archives[0]), pkgs + QLatin1Char('/') + kZlib.fn);
    QCOMPARE(QString::fromStdString(first->archives[1]), pkgs + QLatin1Char('/') + kMock.fn);
    QCOMPARE(lastDownloaded, zlib.size + mock.size);
    QCOMPARE(lastDownloadTotal, zlib.size + mock.size);
    QCOMPARE(lastExtracted, std::uint64_t{2});
    QCOMPARE(server.hits(zlibTarget), 1);
    QCOMPARE(server.hits(mockTarget), 1);

    // conda's layout: the archive, the folder with the package's files and its record.
    QCOMPARE(readAll(pkgs + QLatin1Char('/') + kZlib.fn), fixtureBytes(kZlib));
    QCOMPARE(readAll(pkgs + QLatin1Char('/') + kMock.fn), fixtureBytes(kMock));
    QVERIFY(QFileInfo::exists(pkgs + QStringLiteral("/zlib-1.2.11-h7b6447c_3/info/index.json")));
    QVERIFY(QFileInfo::exists(pkgs + QStringLiteral("/zlib-1.2.11-h7b6447c_3/include/zlib.h")));
    QVERIFY(QFileInfo::exists(pkgs + QStringLiteral("/mock-2.0.0-py37_1000/info/index.json")));
    const QString recordPath =
        pkgs + QStringLiteral("/zlib-1.2.11-h7b6447c_3/info/repodata_record.json");
    const QByteArray recordText = readAll(recordPath);
    const QJsonObject record = readJsonObject(recordPath);
    QCOMPARE(record.value(QStringLiteral("name")).toString(), QStringLiteral("zlib"));
    QCOMPARE(record.value(QStringLiteral("fn")).toString(), kZlib.fn);
    QCOMPARE(record.value(QStringLiteral("sha256")).toString().toStdString(), zlib.sha256);
    QCOMPARE(record.value(QStringLiteral("md5")).toString().toStdString(), zlib.md5);
    QCOMPARE(record.value(QStringLiteral("size")).toInteger(), static_cast<qint64>(zlib.size));
    QCOMPARE(record.value(QStringLiteral("url")).toString(),
             server.url("/test/linux-64/" + kZlib.fn.toUtf8()));
    QCOMPARE(record.value(QStringLiteral("channel")).toString(), server.url("/test/linux-64"));
    QCOMPARE(record.value(QStringLiteral("depends")).toArray().size(), 1);
    QVERIFY2(!recordText.contains("tk-secret-1"), recordText.constData());
    // conda writes the keys sorted.
    QVERIFY(recordText.indexOf("\"build\"") < recordText.indexOf("\"channel\""));
    QVERIFY(recordText.indexOf("\"sha256\"") < recordText.indexOf("\"url\""));

    const QByteArray urls = readAll(pkgs + QStringLiteral("/urls.txt"));
    QVERIFY2(!urls.contains("tk-secret-1"), urls.constData());
    const QList<QByteArray> lines = urls.trimmed().split('\n');
    QCOMPARE(lines.size(), 2);
    QVERIFY(lines.contains(server.url("/test/linux-64/" + kZlib.fn.toUtf8()).toUtf8()));
    QVERIFY(lines.contains(server.url("/test/linux-64/" + kMock.fn.toUtf8()).toUtf8()));
    QVERIFY(!QFileInfo::exists(pkgs + QLatin1Char('/') + kZlib.fn + QStringLiteral(".part")));

    // A fresh cache object on the same folder: nothing fetched, nothing extracted.
    PackageCache again({pkgs.toStdString()});
    QCOMPARE(QString::fromStdString(again.findExtracted(zlib).value_or("")),
             pkgs + QStringLiteral("/zlib-1.2.11-h7b6447c_3"));
    auto second = again.ensureExtracted({zlib, mock}, fastOptions(), {}, {});
    QVERIFY2(second, messageOf(second).c_str());
    QCOMPARE(second->downloaded, std::size_t{0});
    QCOMPARE(second->extracted, std::size_t{0});
    QCOMPARE(second->folders[0], first->folders[0]);
    QCOMPARE(second->archives[0], first->archives[0]);
    QCOMPARE(server.hits(zlibTarget), 1);
    QCOMPARE(server.hits(mockTarget), 1);
    QCOMPARE(readAll(pkgs + QStringLiteral("/urls.txt")), urls);

    // A cache that kept only the folder names no archive.
    QVERIFY(QFile::remove(pkgs + QLatin1Char('/') + kMock.fn));
    auto folderOnly = again.ensureExtracted({mock}, fastOptions(), {}, {});
    QVERIFY2(folderOnly, messageOf(folderOnly).c_str());
    QCOMPARE(folderOnly->archives, std::vector<std::string>{std::string()});
}

void TestPackageCache::readOnlySharedCacheIsUsedWithoutDownload()
{
    QTemporaryDir tmp;
    const QString channel = tmp.path() + QStringLiteral("/channel");
    QVERIFY(makeChannel(channel, {kZlib, kMock}));
    PythonHttpServer server(channel);
    if (!server.isRunning()) {
        QSKIP(qPrintable(server.whyNot()));
    }
    const auto zlib = recordFor(kZlib, server.url() + QStringLiteral("/linux-64/") + kZlib.fn);
    const auto mock = recordFor(kMock, server.url() + QStringLiteral("/linux-64/") + kMock.fn);

    // The shared cache holds zlib extracted and mock as an archive only.
    const QString shared = tmp.path() + QStringLiteral("/shared-pkgs");
    {
        PackageCache fill({shared.toStdString()});
        auto filled = fill.ensureExtracted({zlib, mock}, fastOptions(), {}, {});
        QVERIFY2(filled, messageOf(filled).c_str());
        QCOMPARE(filled->downloaded, std::size_t{2});
        QVERIFY(QDir(shared + QStringLiteral("/mock-2.0.0-py37_1000")).removeRecursively());
    }
    QVERIFY(QFile::setPermissions(shared, QFile::ReadOwner | QFile::ExeOwner | QFile::ReadGroup
                                              | QFile::ExeGroup | QFile::ReadOther
                                              | QFile::ExeOther));

    const QString own = tmp.path() + QStringLiteral("/own-pkgs");
    PackageCache cache({own.toStdString(), shared.toStdString()});
    QCOMPARE(QString::fromStdString(cache.writableDir().value_or("")), own);
    QCOMPARE(QString::fromStdString(cache.findArchive(mock).path.value_or("")),
             shared + QLatin1Char('/') + kMock.fn);
    auto result = cache.ensureExtracted({zlib, mock}, fastOptions(), {}, {});
    QVERIFY2(result, messageOf(result).c_str());
    QCOMPARE(result->downloaded, std::size_t{0});
    QCOMPARE(result->extracted, std::size_t{1});
    QCOMPARE(QString::fromStdString(result->folders[0]),
             shared + QStringLiteral("/zlib-1.2.11-h7b6447c_3"));
    // The archive from the shared cache is extracted into our own, never copied or refetched.
    QCOMPARE(QString::fromStdString(result->folders[1]),
             own + QStringLiteral("/mock-2.0.0-py37_1000"));
    QVERIFY(
        QFileInfo::exists(own + QStringLiteral("/mock-2.0.0-py37_1000/info/repodata_record.json")));
    QVERIFY(!QFileInfo::exists(own + QLatin1Char('/') + kMock.fn));
    QVERIFY(!QFileInfo::exists(own + QStringLiteral("/urls.txt")));
    QVERIFY(!QFileInfo::exists(own + QStringLiteral("/zlib-1.2.11-h7b6447c_3")));

    QFile::setPermissions(shared, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
}

void TestPackageCache::wrongSha256IsAnErrorNamingUrlAndHashes()
{
    FaultHttpServer server;
    QVERIFY(server.isListening());
    const QByteArray target = "/linux-64/" + kZlib.fn.toUtf8();
    QByteArray served = fixtureBytes(kZlib);
    served[1000] = static_cast<char>(served[1000] ^ 0x55);
    server.script(target, {servedBody(served)});
    const auto zlib = recordFor(kZlib, server.url(target));
    const std::string servedSha = util::sha256Hex(view(served));

    QTemporaryDir tmp;
    const QString pkgs = tmp.path() + QStringLiteral("/pkgs");
    PackageCache cache({pkgs.toStdString()});
    auto result = cache.ensureExtracted({zlib}, fastOptions(), {}, {});
    QCOMPARE(codeOf(result), codeName(util::ErrorCode::ChecksumMismatch));
    const std::string message = messageOf(result);
    QVERIFY2(message.find(zlib.url) != std::string::npos, message.c_str());
    QVERIFY2(message.find(zlib.sha256) != std::string::npos, message.c_str());
    QVERIFY2(message.find(servedSha) != std::string::npos, message.c_str());
    // Nothing left: no archive, no .part, no folder, no urls.txt line.
    const QStringList left = entriesUnder(pkgs);
    QVERIFY2(left.filter(QStringLiteral("zlib")).isEmpty(),
             qPrintable(left.join(QLatin1Char(' '))));
    QVERIFY(!QFileInfo::exists(pkgs + QStringLiteral("/urls.txt")));
}

void TestPackageCache::corruptCachedArchiveIsDeletedAndFetchedAgain()
{
    FaultHttpServer server;
    QVERIFY(server.isListening());
    const QByteArray target = "/linux-64/" + kZlib.fn.toUtf8();
    server.script(target, {servedBody(fixtureBytes(kZlib))});
    const auto zlib = recordFor(kZlib, server.url(target));

    QTemporaryDir tmp;
    const QString pkgs = tmp.path() + QStringLiteral("/pkgs");
    QVERIFY(QDir().mkpath(pkgs));
    const QByteArray junk("not a package");
    QVERIFY(writeAll(pkgs + QLatin1Char('/') + kZlib.fn, junk));

    PackageCache cache({pkgs.toStdString()});
    auto result = cache.ensureExtracted({zlib}, fastOptions(), {}, {});
    QVERIFY2(result, messageOf(result).c_str());
    QCOMPARE(result->downloaded, std::size_t{1});
    QCOMPARE(result->notes.size(), std::size_t{1});
    const std::string note = result->notes.front();
    QVERIFY2(note.find(kZlib.fn.toStdString()) != std::string::npos, note.c_str());
    QVERIFY2(note.find(zlib.sha256) != std::string::npos, note.c_str());
    QVERIFY2(note.find(util::sha256Hex(view(junk))) != std::string::npos, note.c_str());
    QCOMPARE(readAll(pkgs + QLatin1Char('/') + kZlib.fn), fixtureBytes(kZlib));
    QCOMPARE(server.hits(target), 1);
}

void TestPackageCache::truncatedDownloadResumes()
{
    FaultHttpServer server;
    QVERIFY(server.isListening());
    const QByteArray target = "/linux-64/" + kZlib.fn.toUtf8();
    const QByteArray body = fixtureBytes(kZlib);
    FaultResponse cut = servedBody(body);
    cut.fault = FaultResponse::Fault::CloseAfterSend;
    cut.sendBytes = 50000;
    server.script(target, {cut, servedBody(body)});
    const auto zlib = recordFor(kZlib, server.url(target));

    QTemporaryDir tmp;
    const QString pkgs = tmp.path() + QStringLiteral("/pkgs");
    PackageCache cache({pkgs.toStdString()});
    auto first = cache.ensureExtracted({zlib}, fastOptions(), {}, {});
    QCOMPARE(codeOf(first), codeName(util::ErrorCode::Network));
    QVERIFY(!QFileInfo::exists(pkgs + QLatin1Char('/') + kZlib.fn));
    QVERIFY(!QFileInfo::exists(pkgs + QStringLiteral("/zlib-1.2.11-h7b6447c_3")));
    const QString part = pkgs + QLatin1Char('/') + kZlib.fn + QStringLiteral(".part");
    QCOMPARE(QFileInfo(part).size(), qint64{50000});

    auto second = cache.ensureExtracted({zlib}, fastOptions(), {}, {});
    QVERIFY2(second, messageOf(second).c_str());
    QCOMPARE(server.hits(target), 2);
    QCOMPARE(server.requests(target).at(1).header("Range"), QByteArray("bytes=50000-"));
    QCOMPARE(readAll(pkgs + QLatin1Char('/') + kZlib.fn), body);
    QVERIFY(QFileInfo::exists(
        pkgs + QStringLiteral("/zlib-1.2.11-h7b6447c_3/info/repodata_record.json")));
}

void TestPackageCache::cancelDuringDownloadLeavesNoFinalNames()
{
    FaultHttpServer server;
    QVERIFY(server.isListening());
    const QByteArray target = "/linux-64/" + kZlib.fn.toUtf8();
    FaultResponse slow = servedBody(fixtureBytes(kZlib));
    // Slower than the test's own timeout for the whole archive: only a stop that works ends
    // the download in time (one that did not would fail the test by its timeout).
    slow.chunkSize = 16;
    slow.chunkDelayMs = 100;
    server.script(target, {slow});
    const auto zlib = recordFor(kZlib, server.url(target));

    QTemporaryDir tmp;
    const QString pkgs = tmp.path() + QStringLiteral("/pkgs");
    PackageCache cache({pkgs.toStdString()});
    std::stop_source stop;
    auto progress = [&](const cache::Progress& p) {
        if (p.phase == cache::Progress::Phase::Download && p.done > 0) {
            stop.request_stop();
        }
    };
    auto result = cache.ensureExtracted({zlib}, fastOptions(), progress, stop.get_token());
    QCOMPARE(codeOf(result), codeName(util::ErrorCode::Cancelled));
    QVERIFY(!QFileInfo::exists(pkgs + QLatin1Char('/') + kZlib.fn));
    QVERIFY(!QFileInfo::exists(pkgs + QStringLiteral("/zlib-1.2.11-h7b6447c_3")));
    QVERIFY(!QFileInfo::exists(pkgs + QStringLiteral("/urls.txt")));
}

void TestPackageCache::cancelDuringExtractionLeavesNoFinalNames()
{
    QTemporaryDir tmp;
    const QString channel = tmp.path() + QStringLiteral("/channel");
    QVERIFY(makeChannel(channel, {kZlib}));
    const auto zlib = recordFor(
        kZlib, QUrl::fromLocalFile(channel + QStringLiteral("/linux-64/") + kZlib.fn).toString());

    // An extractor that starts writing its partial folder, then waits for the stop request.
    std::atomic<bool> extracting{false};
    EnsureOptions options = fastOptions();
    options.extractor = [&](const std::string&, const std::string& destination,
                            std::stop_token stop) -> util::Result<void> {
        const QString partial = QString::fromStdString(destination) + QStringLiteral(".partial");
        QDir().mkpath(partial + QStringLiteral("/info"));
        writeAll(partial + QStringLiteral("/info/index.json"), "{}");
        extracting = true;
        while (!stop.stop_requested()) {
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        QDir(partial).removeRecursively();
        return util::fail(util::ErrorCode::Cancelled, "cancelled", destination);
    };

    const QString pkgs = tmp.path() + QStringLiteral("/pkgs");
    PackageCache cache({pkgs.toStdString()});
    std::stop_source stop;
    std::jthread canceller([&] {
        while (!extracting) {
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        stop.request_stop();
    });
    auto result = cache.ensureExtracted({zlib}, options, {}, stop.get_token());
    QCOMPARE(codeOf(result), codeName(util::ErrorCode::Cancelled));
    QVERIFY(!QFileInfo::exists(pkgs + QStringLiteral("/zlib-1.2.11-h7b6447c_3")));
    // The complete, verified archive may stay (the next call extracts it); no staging is left.
    const QStringList left = entriesUnder(pkgs);
    QVERIFY2(left.filter(QStringLiteral("staging/")).isEmpty(),
             qPrintable(left.join(QLatin1Char(' '))));
}

// Two packages, one served at once and one slowly: the quick one is unpacked while the slow one
// is still arriving, instead of after every download has ended.
void TestPackageCache::extractionStartsWhileOthersDownload()
{
    FaultHttpServer server;
    QVERIFY(server.isListening());
    const QByteArray zlibTarget = "/linux-64/" + kZlib.fn.toUtf8();
    const QByteArray mockTarget = "/linux-64/" + kMock.fn.toUtf8();
    // The test server answers one request at a time, in the order they come: mock's first.
    server.script(mockTarget, {servedBody(fixtureBytes(kMock))});
    FaultResponse slow = servedBody(fixtureBytes(kZlib));
    slow.chunkSize = 4096;
    slow.chunkDelayMs = 40;
    server.script(zlibTarget, {slow});
    const auto zlib = recordFor(kZlib, server.url(zlibTarget));
    const auto mock = recordFor(kMock, server.url(mockTarget));

    QTemporaryDir tmp;
    const QString pkgs = tmp.path() + QStringLiteral("/pkgs");
    std::atomic<bool> mockBeforeZlib{false};
    EnsureOptions options = fastOptions();
    const auto real = cache::defaultExtractor();
    options.extractor = [&](const std::string& archive, const std::string& destination,
                            std::stop_token stop) {
        if (QString::fromStdString(archive).endsWith(kMock.fn)) {
            mockBeforeZlib = !QFileInfo::exists(pkgs + QLatin1Char('/') + kZlib.fn);
        }
        return real(archive, destination, std::move(stop));
    };
    PackageCache cache({pkgs.toStdString()});
    const auto result = cache.ensureExtracted({zlib, mock}, options, {}, {});
    QVERIFY2(result, messageOf(result).c_str());
    QVERIFY(mockBeforeZlib);
    QCOMPARE(result->downloaded, std::size_t{2});
    QCOMPARE(result->extracted, std::size_t{2});
    QVERIFY(QFileInfo::exists(pkgs + QStringLiteral("/zlib-1.2.11-h7b6447c_3/lib/libz.so.1.2.11")));
    QVERIFY(QFileInfo::exists(pkgs + QStringLiteral("/mock-2.0.0-py37_1000/info/index.json")));
}

// A package that cannot be unpacked fails the call at once: the slow download beside it is
// stopped rather than waited for, and its final name never appears.
void TestPackageCache::extractionFailureStopsTheDownloads()
{
    FaultHttpServer server;
    QVERIFY(server.isListening());
    const QByteArray zlibTarget = "/linux-64/" + kZlib.fn.toUtf8();
    const QByteArray mockTarget = "/linux-64/" + kMock.fn.toUtf8();
    server.script(mockTarget, {servedBody(fixtureBytes(kMock))});
    FaultResponse slow = servedBody(fixtureBytes(kZlib));
    slow.chunkSize = 1024;
    slow.chunkDelayMs = 100; // far longer than the test takes otherwise
    server.script(zlibTarget, {slow});

    QTemporaryDir tmp;
    const QString pkgs = tmp.path() + QStringLiteral("/pkgs");
    EnsureOptions options = fastOptions();
    options.extractor = [](const std::string& archive, const std::string&,
                           std::stop_token) -> util::Result<void> {
        return util::fail(util::ErrorCode::ParseError, "not a package", archive);
    };
    PackageCache cache({pkgs.toStdString()});
    const auto result = cache.ensureExtracted(
        {recordFor(kZlib, server.url(zlibTarget)), recordFor(kMock, server.url(mockTarget))},
        options, {}, {});
    QCOMPARE(codeOf(result), codeName(util::ErrorCode::ParseError));
    QVERIFY2(messageOf(result).find(kMock.fn.toStdString()) != std::string::npos,
             messageOf(result).c_str());
    QVERIFY(!QFileInfo::exists(pkgs + QLatin1Char('/') + kZlib.fn));
    QVERIFY(!QFileInfo::exists(pkgs + QStringLiteral("/mock-2.0.0-py37_1000")));
}

// The last extraction may finish before the call starts waiting for the workers; the final count
// must still be reported, or a progress bar stops one short of its end (seen once in CI).
void TestPackageCache::extractionProgressEndsAtTheTotal()
{
    QTemporaryDir tmp;
    const QString pkgs = tmp.path() + QStringLiteral("/pkgs");
    QVERIFY(QDir().mkpath(pkgs));
    // Both archives already cached: no download, only extraction.
    QVERIFY(writeAll(pkgs + QLatin1Char('/') + kZlib.fn, fixtureBytes(kZlib)));
    QVERIFY(writeAll(pkgs + QLatin1Char('/') + kMock.fn, fixtureBytes(kMock)));
    const auto zlib = recordFor(kZlib, QStringLiteral("http://127.0.0.1:9/") + kZlib.fn);
    const auto mock = recordFor(kMock, QStringLiteral("http://127.0.0.1:9/") + kMock.fn);

    // Extraction waits until both packages were handed over; the last hand-over's report then
    // waits until both are finished. So every extraction ends after the last report made while
    // handing over and before the call waits for the workers.
    std::atomic<int> handedOver{0};
    EnsureOptions options = fastOptions();
    options.extractThreads = 2;
    const auto real = cache::defaultExtractor();
    options.extractor = [&](const std::string& archive, const std::string& destination,
                            std::stop_token stop) {
        while (handedOver < 2) {
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
        return real(archive, destination, std::move(stop));
    };
    std::uint64_t lastExtracted = 0, lastTotal = 0;
    auto progress = [&](const cache::Progress& p) {
        if (p.phase != cache::Progress::Phase::Extract) {
            return;
        }
        lastExtracted = p.done;
        lastTotal = p.total;
        if (!p.current.empty() && ++handedOver == 2) {
            for (int i = 0; i < 500; ++i) {
                if (QFileInfo::exists(pkgs + QStringLiteral("/zlib-1.2.11-h7b6447c_3"))
                    && QFileInfo::exists(pkgs + QStringLiteral("/mock-2.0.0-py37_1000"))) {
                    break;
                }
                std::this_thread::sleep_for(std::chrono::milliseconds(10));
            }
            // The folders are renamed into place just before a worker counts them finished.
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
    };
    PackageCache cache({pkgs.toStdString()});
    const auto result = cache.ensureExtracted({zlib, mock}, options, progress, {});
    QVERIFY2(result, messageOf(result).c_str());
    QCOMPARE(result->downloaded, std::size_t{0});
    QCOMPARE(result->extracted, std::size_t{2});
    QCOMPARE(lastTotal, std::uint64_t{2});
    QCOMPARE(lastExtracted, std::uint64_t{2});
}

void TestPackageCache::twoUsersRacingOnOnePackageShareOneCopy()
{
    FaultHttpServer server;
    QVERIFY(server.isListening());
    const QByteArray target = "/linux-64/" + kZlib.fn.toUtf8();
    FaultResponse slow = servedBody(fixtureBytes(kZlib));
    slow.chunkSize = 16384;
    slow.chunkDelayMs = 30; // long enough that both callers overlap
    server.script(target, {slow});
    const auto zlib = recordFor(kZlib, server.url(target));

    QTemporaryDir tmp;
    const QString pkgs = tmp.path() + QStringLiteral("/pkgs");
    // Two cache objects, as two processes would have: the lock is a file lock, not a mutex.
    std::optional<util::Result<EnsureResult>> results[2];
    {
        std::jthread users[2];
        for (int i = 0; i < 2; ++i) {
            users[i] = std::jthread([&, i] {
                PackageCache cache({pkgs.toStdString()});
                results[i].emplace(cache.ensureExtracted({zlib}, fastOptions(), {}, {}));
            });
        }
    }
    for (const auto& result : results) {
        QVERIFY(result.has_value());
        QVERIFY2(*result, messageOf(*result).c_str());
        QCOMPARE(QString::fromStdString((*result)->folders[0]),
                 pkgs + QStringLiteral("/zlib-1.2.11-h7b6447c_3"));
    }
    QCOMPARE(server.hits(target), 1);
    QCOMPARE((*results[0])->downloaded + (*results[1])->downloaded, std::size_t{1});
    QCOMPARE((*results[0])->extracted + (*results[1])->extracted, std::size_t{1});
    QCOMPARE(readAll(pkgs + QLatin1Char('/') + kZlib.fn), fixtureBytes(kZlib));
    QVERIFY(QFileInfo::exists(pkgs + QStringLiteral("/zlib-1.2.11-h7b6447c_3/include/zlib.h")));
    QCOMPARE(readAll(pkgs + QStringLiteral("/urls.txt")).count('\n'), 1);
}

void TestPackageCache::twoProcessesRacingOnOnePackageShareOneCopy()
{
    FaultHttpServer server;
    QVERIFY(server.isListening());
    const QByteArray target = "/linux-64/" + kMock.fn.toUtf8();
    FaultResponse slow = servedBody(fixtureBytes(kMock));
    slow.chunkSize = 16384;
    slow.chunkDelayMs = 30;
    server.script(target, {slow});
    const auto mock = recordFor(kMock, server.url(target));

    QTemporaryDir tmp;
    const std::string pkgs = (tmp.path() + QStringLiteral("/pkgs")).toStdString();
    // The child only runs the cache (curl, threads, files) and leaves with _exit, so nothing of
    // the parent's Qt state (the server's thread) is touched after fork.
    const pid_t child = ::fork();
    QVERIFY(child >= 0);
    if (child == 0) {
        PackageCache cache({pkgs});
        auto result = cache.ensureExtracted({mock}, fastOptions(), {}, {});
        ::_exit(result ? 0 : 1);
    }
    PackageCache cache({pkgs});
    auto result = cache.ensureExtracted({mock}, fastOptions(), {}, {});
    int status = 0;
    QCOMPARE(::waitpid(child, &status, 0), child);
    QVERIFY2(result, messageOf(result).c_str());
    QVERIFY(WIFEXITED(status));
    QCOMPARE(WEXITSTATUS(status), 0);
    QCOMPARE(server.hits(target), 1);
    const QString folder = QString::fromStdString(pkgs) + QStringLiteral("/mock-2.0.0-py37_1000");
    QCOMPARE(QString::fromStdString(result->folders[0]), folder);
    QVERIFY(QFileInfo::exists(folder + QStringLiteral("/info/repodata_record.json")));
    QVERIFY(QFileInfo::exists(folder + QStringLiteral("/info/index.json")));
    QCOMPARE(readAll(QString::fromStdString(pkgs) + QStringLiteral("/urls.txt")).count('\n'), 1);
}

void TestPackageCache::fileChannelWorks()
{
    QTemporaryDir tmp;
    const QString channel = tmp.path() + QStringLiteral("/channel");
    QVERIFY(makeChannel(channel, {kMock}));
    const auto mock = recordFor(
        kMock, QUrl::fromLocalFile(channel + QStringLiteral("/linux-64/") + kMock.fn).toString());
    const QString pkgs = tmp.path() + QStringLiteral("/pkgs");
    PackageCache cache({pkgs.toStdString()});
    auto result = cache.ensureExtracted({mock}, fastOptions(), {}, {});
    QVERIFY2(result, messageOf(result).c_str());
    QCOMPARE(result->downloaded, std::size_t{1});
    QVERIFY(QFileInfo::exists(pkgs
                              + QStringLiteral("/mock-2.0.0-py37_1000/info/repodata_record.json")));
    QCOMPARE(readAll(pkgs + QStringLiteral("/urls.txt")).trimmed(),
             QByteArray::fromStdString(mock.url));
}

// While an install keeps ensureExtracted's result (it has not linked yet), clean lists the
// package as in use and leaves it; a dry run creates no lock file; once the result is gone,
// clean removes it.
void TestPackageCache::cleanLeavesWhatAnInstallHolds()
{
    QTemporaryDir tmp;
    const QString channel = tmp.path() + QStringLiteral("/channel");
    QVERIFY(makeChannel(channel, {kMock}));
    const auto mock = recordFor(
        kMock, QUrl::fromLocalFile(channel + QStringLiteral("/linux-64/") + kMock.fn).toString());
    const QString pkgs = tmp.path() + QStringLiteral("/pkgs");
    const QString folder = pkgs + QStringLiteral("/mock-2.0.0-py37_1000");
    ops::CleanInputs inputs;
    inputs.pkgsDirs = {pkgs.toStdString()};
    ops::CleanTargets targets;
    targets.packages = true;
    {
        PackageCache cache({pkgs.toStdString()});
        auto held = cache.ensureExtracted({mock}, fastOptions(), {}, {});
        QVERIFY2(held, messageOf(held).c_str());
        QVERIFY(!held->inUse.empty());
        const auto plan = ops::planClean(targets, inputs);
        QCOMPARE(plan.packages->count(), std::size_t{0});
        QCOMPARE(plan.packages->warnings.size(), std::size_t{1});
        // A plan made before the install took hold is not carried out over it either.
        ops::CleanPlan stale = plan;
        stale.packages->byPkgsDir[pkgs.toStdString()].push_back(
            {"mock-2.0.0-py37_1000", folder.toStdString(), 1});
        auto done = ops::carryOutClean(stale, {}, {});
        QVERIFY(done);
        QCOMPARE(done->removed.size(), std::size_t{0});
        QVERIFY(QFileInfo::exists(folder + QStringLiteral("/info")));
    }
    // Planning creates no lock file of its own.
    QVERIFY(QFile::remove(pkgs + QStringLiteral("/.envdesk/locks/mock-2.0.0-py37_1000.inuse")));
    const auto plan = ops::planClean(targets, inputs);
    QVERIFY(
        !QFileInfo::exists(pkgs + QStringLiteral("/.envdesk/locks/mock-2.0.0-py37_1000.inuse")));
    QCOMPARE(plan.packages->count(), std::size_t{1});
    auto done = ops::carryOutClean(plan, {}, {});
    QVERIFY(done);
    QCOMPARE(done->removed.size(), std::size_t{1});
    QVERIFY(!QFileInfo::exists(folder));
    QVERIFY(QDir(pkgs + QStringLiteral("/.envdesk/trash")).isEmpty());
}

// A link put where .logs or .envdesk/trash should be never sends a removal outside the cache.
void TestPackageCache::cleanFollowsNoLinkInTheCache()
{
    QTemporaryDir tmp;
    const QString pkgs = tmp.path() + QStringLiteral("/pkgs");
    const QString victim = tmp.path() + QStringLiteral("/home");
    QVERIFY(writeAll(pkgs + QStringLiteral("/urls.txt"), ""));
    QVERIFY(writeAll(pkgs + QStringLiteral("/.logs/notes.txt"), "log"));
    QVERIFY(writeAll(victim + QStringLiteral("/notes.txt"), "precious"));
    QVERIFY(writeAll(pkgs + QStringLiteral("/gone-1-0/info/index.json"), "{}"));
    ops::CleanInputs inputs;
    inputs.pkgsDirs = {pkgs.toStdString()};
    ops::CleanTargets targets;
    targets.logfiles = targets.packages = true;
    const auto plan = ops::planClean(targets, inputs);
    QCOMPARE(plan.logfiles->size(), std::size_t{1});
    // Swapped after the plan: .logs and the trash become links to the victim's folder.
    QVERIFY(QDir(pkgs + QStringLiteral("/.logs")).removeRecursively());
    QVERIFY(QFile::link(victim, pkgs + QStringLiteral("/.logs")));
    QVERIFY(QDir().mkpath(pkgs + QStringLiteral("/.envdesk")));
    QVERIFY(QFile::link(victim, pkgs + QStringLiteral("/.envdesk/trash")));
    auto done = ops::carryOutClean(plan, {}, {});
    QVERIFY(done);
    QCOMPARE(readAll(victim + QStringLiteral("/notes.txt")), QByteArray("precious"));
    QCOMPARE(QDir(victim).entryList(QDir::NoDotAndDotDot | QDir::AllEntries),
             QStringList{QStringLiteral("notes.txt")});
    QCOMPARE(done->warnings.size(), std::size_t{2});
    QVERIFY(QFileInfo::exists(pkgs + QStringLiteral("/gone-1-0/info/index.json")));
}

void TestPackageCache::fileLockExcludesOtherHolders()
{
    QTemporaryDir tmp;
    const std::string path = (tmp.path() + QStringLiteral("/x.lock")).toStdString();
    auto held = util::FileLock::acquire(path);
    QVERIFY2(held, held ? "" : held.error().message().c_str());
    QVERIFY(held->isLocked());
    // flock belongs to the open file, so a second open in this process is another holder.
    QVERIFY(!util::FileLock::tryAcquire(path));

    std::stop_source stop;
    std::jthread canceller([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        stop.request_stop();
    });
    auto waited = util::FileLock::acquire(path, stop.get_token());
    QCOMPARE(codeOf(waited), codeName(util::ErrorCode::Cancelled));

    held->release();
    auto again = util::FileLock::tryAcquire(path);
    QVERIFY(again);
}

void TestPackageCache::repodataRecordJsonIsKeySorted()
{
    specs::PackageRecord record;
    record.name = "numpy";
    record.version = "1.26.4";
    record.build = "py312_0";
    record.buildNumber = 0;
    record.channel = "https://user:pw@example.com/t/tk-9/main";
    record.subdir = "linux-64";
    record.url = "https://user:pw@example.com/t/tk-9/main/linux-64/numpy-1.26.4-py312_0.conda";
    record.md5 = "abc";
    record.sha256 = "def";
    record.size = 42;
    record.noarch = "python";
    const std::string json = cache::repodataRecordJson(record);
    QVERIFY2(json.find("tk-9") == std::string::npos, json.c_str());
    QVERIFY2(json.find("pw") == std::string::npos, json.c_str());
    const QJsonObject object = QJsonDocument::fromJson(QByteArray::fromStdString(json)).object();
    QCOMPARE(object.value(QStringLiteral("fn")).toString(),
             QStringLiteral("numpy-1.26.4-py312_0.conda"));
    QCOMPARE(object.value(QStringLiteral("url")).toString(),
             QStringLiteral("https://example.com/main/linux-64/numpy-1.26.4-py312_0.conda"));
    QCOMPARE(object.value(QStringLiteral("noarch")).toString(), QStringLiteral("python"));
    QCOMPARE(object.value(QStringLiteral("size")).toInteger(), qint64{42});
    // Keys in order, as json.dump(sort_keys=True, indent=2) writes them.
    std::vector<std::size_t> positions;
    for (const char* key : {"\"build\"", "\"build_number\"", "\"channel\"", "\"constrains\"",
                            "\"depends\"", "\"fn\"", "\"md5\"", "\"name\"", "\"noarch\"",
                            "\"sha256\"", "\"size\"", "\"subdir\"", "\"url\"", "\"version\""}) {
        positions.push_back(json.find(key));
        QVERIFY2(positions.back() != std::string::npos, key);
    }
    QVERIFY(std::is_sorted(positions.begin(), positions.end()));
    QVERIFY(json.find("\n  \"build\": \"py312_0\",") != std::string::npos);
}

void TestPackageCache::unsafeRecordIsRefusedBeforeAnyPathIsMade_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("value");
    // The cache lives in <tmp>/a/b/pkgs, the sentinel is <tmp>/outside.
    QTest::newRow("fn ../../../outside/evil.conda")
        << QStringLiteral("fn") << QStringLiteral("../../../outside/evil.conda");
    QTest::newRow("build 0/../../../outside/victim")
        << QStringLiteral("build") << QStringLiteral("0/../../../outside/victim");
    QTest::newRow("name ../../../outside/x")
        << QStringLiteral("name") << QStringLiteral("../../../outside/x");
    QTest::newRow("version 1/../..") << QStringLiteral("version") << QStringLiteral("1/../..");
    QTest::newRow("fn with a newline") << QStringLiteral("fn") << QStringLiteral("a\nb.conda");
}

void TestPackageCache::unsafeRecordIsRefusedBeforeAnyPathIsMade()
{
    QFETCH(QString, field);
    QFETCH(QString, value);
    FaultHttpServer server;
    QVERIFY(server.isListening());
    const QByteArray target = "/t/tk-secret-2/test/linux-64/" + kZlib.fn.toUtf8();
    server.script(target, {servedBody(fixtureBytes(kZlib))});
    auto record = recordFor(kZlib, server.url(target));
    const std::string text = value.toStdString();
    if (field == QStringLiteral("fn")) {
        record.fn = text;
    } else if (field == QStringLiteral("build")) {
        record.build = text;
    } else if (field == QStringLiteral("name")) {
        record.name = text;
    } else {
        record.version = text;
    }

    QTemporaryDir tmp;
    const QString outside = tmp.path() + QStringLiteral("/outside");
    QVERIFY(QDir().mkpath(outside + QStringLiteral("/victim/keep")));
    QVERIFY(writeAll(outside + QStringLiteral("/victim/keep/file"), "precious"));
    const QStringList before = entriesUnder(outside);
    const QString pkgs = tmp.path() + QStringLiteral("/a/b/pkgs");
    PackageCache cache({pkgs.toStdString()});
    // Twice: the second call is where a cached folder of that name used to be replaced.
    for (int round = 0; round < 2; ++round) {
        auto result = cache.ensureExtracted({record}, fastOptions(), {}, {});
        QCOMPARE(codeOf(result), codeName(util::ErrorCode::InvalidRecord));
        const std::string message = messageOf(result);
        QVERIFY2(message.find("channel") != std::string::npos, message.c_str());
        QVERIFY2(message.find(kZlib.fn.toStdString()) != std::string::npos, message.c_str());
        QVERIFY2(message.find("tk-secret-2") == std::string::npos, message.c_str());
    }
    QCOMPARE(server.hits(target), 0);
    QCOMPARE(entriesUnder(outside), before);
    QCOMPARE(readAll(outside + QStringLiteral("/victim/keep/file")), QByteArray("precious"));
    QVERIFY(!cache.findExtracted(record));
    QVERIFY(!cache.findArchive(record).path);
}

QTEST_GUILESS_MAIN(TestPackageCache)
#include "tst_package_cache.moc"
