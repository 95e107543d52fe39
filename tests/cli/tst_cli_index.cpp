// Runs the real envdesk-cli: `index` on a temporary channel of real packages, then `search` on
// the result, as a team serving its own channel would.

#include "cli_runner.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

namespace {

using Run = envdesk::test::CliRun;
using envdesk::test::runCli;

QString packages()
{
    return QStringLiteral(ENVDESK_FIXTURES_DIR "/packages/");
}

bool copyInto(const QString& channel, const QString& subdir, const QString& source)
{
    QDir().mkpath(channel + QLatin1Char('/') + subdir);
    const QString target =
        channel + QLatin1Char('/') + subdir + QLatin1Char('/') + QFileInfo(source).fileName();
    return QFile::copy(source, target)
           && QFile::setPermissions(target, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
}

bool makeChannel(const QString& channel)
{
    const QString repo = packages() + QStringLiteral("conda/conda_format_repo/");
    return copyInto(channel, QStringLiteral("linux-64"),
                    repo + QStringLiteral("linux-64/zlib-1.2.11-h7b6447c_3.conda"))
           && copyInto(channel, QStringLiteral("linux-64"),
                       repo + QStringLiteral("linux-64/zlib-1.2.11-h7b6447c_3.tar.bz2"))
           && copyInto(channel, QStringLiteral("osx-64"),
                       packages() + QStringLiteral("cph/mock-2.0.0-py37_1000.conda"))
           && copyInto(channel, QStringLiteral("noarch"),
                       packages() + QStringLiteral("mamba/_r-mutex-1.0.1-anacondar_1.tar.bz2"));
}

} // namespace

class TestCliIndex : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void indexThenSearch();
    void jsonReportAndCache();
    void corruptPackageExitsOneNamingIt();
    void notAFolderExitsOneNamingIt();
    void commandLineMistakesExitTwo();
};

void TestCliIndex::init()
{
    if (!QDir(QStringLiteral(ENVDESK_FIXTURES_DIR)).exists()) {
        QSKIP("../shared/fixtures is absent: no packages to index");
    }
}

void TestCliIndex::indexThenSearch()
{
    QTemporaryDir dir;
    QVERIFY(makeChannel(dir.path()));
    const Run index = runCli({QStringLiteral("index"), dir.path()});
    QVERIFY2(index.exitCode == 0, index.err.constData());
    QVERIFY2(index.out.contains("linux-64: 2 packages (2 read, 0 from cache)"),
             index.out.constData());
    QVERIFY2(index.out.contains("noarch: 1 package (1 read"), index.out.constData());
    QVERIFY2(index.out.contains("osx-64: 1 package"), index.out.constData());

    const Run search = runCli({QStringLiteral("search"), QStringLiteral("zlib"),
                               QStringLiteral("-c"), dir.path(), QStringLiteral("--platform"),
                               QStringLiteral("linux-64"), QStringLiteral("--json")});
    QVERIFY2(search.exitCode == 0, search.out.constData());
    const QJsonArray records =
        QJsonDocument::fromJson(search.out).object().value(QStringLiteral("zlib")).toArray();
    QCOMPARE(records.size(), 1); // the .conda stands for its .tar.bz2 twin
    const QJsonObject zlib = records.first().toObject();
    QCOMPARE(zlib.value(QStringLiteral("version")).toString(), QStringLiteral("1.2.11"));
    QCOMPARE(zlib.value(QStringLiteral("fn")).toString(),
             QStringLiteral("zlib-1.2.11-h7b6447c_3.conda"));
    QCOMPARE(zlib.value(QStringLiteral("sha256")).toString(),
             QStringLiteral("f33afff2144e1d6c4cf2e3e184937db8bf825b4537df74662aea5ee207b6a31b"));

    const Run mock = runCli({QStringLiteral("search"), QStringLiteral("mock"), QStringLiteral("-c"),
                             dir.path(), QStringLiteral("--platform"), QStringLiteral("osx-64")});
    QCOMPARE(mock.exitCode, 0);
    QVERIFY2(mock.out.contains("py37_1000"), mock.out.constData());
    const Run mutex =
        runCli({QStringLiteral("search"), QStringLiteral("_r-mutex"), QStringLiteral("-c"),
                dir.path(), QStringLiteral("--platform"), QStringLiteral("linux-64")});
    QCOMPARE(mutex.exitCode, 0);
    QVERIFY2(mutex.out.contains("anacondar_1"), mutex.out.constData());
}

void TestCliIndex::jsonReportAndCache()
{
    QTemporaryDir dir;
    QVERIFY(makeChannel(dir.path()));
    QCOMPARE(runCli({QStringLiteral("index"), dir.path()}).exitCode, 0);
    const Run again = runCli({QStringLiteral("index"), dir.path(), QStringLiteral("--subdir"),
                              QStringLiteral("linux-64"), QStringLiteral("--json")});
    QCOMPARE(again.exitCode, 0);
    const QJsonObject report = QJsonDocument::fromJson(again.out).object();
    QCOMPARE(report.value(QStringLiteral("success")).toBool(), true);
    const QJsonArray subdirs = report.value(QStringLiteral("subdirs")).toArray();
    QCOMPARE(subdirs.size(), 1);
    const QJsonObject linux64 = subdirs.first().toObject();
    QCOMPARE(linux64.value(QStringLiteral("subdir")).toString(), QStringLiteral("linux-64"));
    QCOMPARE(linux64.value(QStringLiteral("packages")).toInt(), 2);
    QVERIFY(linux64.value(QStringLiteral("indexed")).toArray().isEmpty());
    QCOMPARE(linux64.value(QStringLiteral("reused")).toArray().size(), 2);
    QVERIFY(!linux64.contains(QStringLiteral("shards")));

    // --shards: sharded repodata beside repodata.json, counted in the report.
    const Run sharded = runCli({QStringLiteral("index"), dir.path(), QStringLiteral("--shards"),
                                QStringLiteral("--json")});
    QCOMPARE(sharded.exitCode, 0);
    for (const auto& value :
         QJsonDocument::fromJson(sharded.out).object().value(QStringLiteral("subdirs")).toArray()) {
        const QJsonObject subdir = value.toObject();
        const QString name = subdir.value(QStringLiteral("subdir")).toString();
        QVERIFY2(QFile::exists(dir.path() + QLatin1Char('/') + name
                               + QStringLiteral("/repodata_shards.msgpack.zst")),
                 qPrintable(name));
        if (name == QLatin1String("linux-64")) {
            QCOMPARE(subdir.value(QStringLiteral("shards")).toInt(), 1); // zlib
        }
    }
}

void TestCliIndex::corruptPackageExitsOneNamingIt()
{
    QTemporaryDir dir;
    QVERIFY(makeChannel(dir.path()));
    QVERIFY(copyInto(dir.path(), QStringLiteral("noarch"),
                     packages() + QStringLiteral("conda-index/corrupt/bad_package.tar.bz2")));
    const Run run = runCli({QStringLiteral("index"), dir.path()});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.out.contains("skipped bad_package.tar.bz2"), run.out.constData());
    // The rest of the channel is still indexed and searchable.
    const Run search =
        runCli({QStringLiteral("search"), QStringLiteral("zlib"), QStringLiteral("-c"), dir.path(),
                QStringLiteral("--platform"), QStringLiteral("linux-64")});
    QCOMPARE(search.exitCode, 0);

    const Run json = runCli({QStringLiteral("index"), dir.path(), QStringLiteral("--json")});
    QCOMPARE(json.exitCode, 1);
    const QJsonObject report = QJsonDocument::fromJson(json.out).object();
    QCOMPARE(report.value(QStringLiteral("success")).toBool(), false);
    bool named = false;
    for (const auto& subdir : report.value(QStringLiteral("subdirs")).toArray()) {
        for (const auto& skipped : subdir.toObject().value(QStringLiteral("skipped")).toArray()) {
            named = named
                    || skipped.toObject().value(QStringLiteral("fn")).toString()
                           == QLatin1String("bad_package.tar.bz2");
        }
    }
    QVERIFY(named);
}

void TestCliIndex::notAFolderExitsOneNamingIt()
{
    const QString missing = QDir::tempPath() + QStringLiteral("/envdesk-no-such-channel-to-index");
    const Run run = runCli({QStringLiteral("index"), missing});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains(missing.toUtf8()), run.err.constData());
}

void TestCliIndex::commandLineMistakesExitTwo()
{
    QCOMPARE(runCli({QStringLiteral("index")}).exitCode, 2);
    QCOMPARE(runCli({QStringLiteral("index"), QStringLiteral("a"), QStringLiteral("b")}).exitCode,
             2);
    QCOMPARE(runCli({QStringLiteral("index"), QStringLiteral("--frobnicate"), QDir::tempPath()})
                 .exitCode,
             2);
    const Run subdir = runCli({QStringLiteral("index"), QDir::tempPath(),
                               QStringLiteral("--subdir"), QStringLiteral("linux-46")});
    QCOMPARE(subdir.exitCode, 2);
    QVERIFY(subdir.err.contains("linux-46"));
    const Run help = runCli({QStringLiteral("index"), QStringLiteral("--help")});
    QCOMPARE(help.exitCode, 0);
    QVERIFY(help.out.contains("usage: envdesk-cli index"));
}

QTEST_GUILESS_MAIN(TestCliIndex)
#include "tst_cli_index.moc"
