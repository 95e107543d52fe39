// Runs the real envdesk-cli executable against the real channels in ../shared/fixtures.

#include "cli_runner.h"
#include "tests/support/fault_http_server.h"
#include "tests/support/python_http_server.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>
#include <QUrl>

#include <csignal>

namespace {

using Run = envdesk::test::CliRun;
using envdesk::test::runCli;

QString fixtures()
{
    return QStringLiteral(ENVDESK_FIXTURES_DIR);
}

QString condaForge()
{
    return fixtures() + QStringLiteral("/repodata/conda-forge-subchannel-py39");
}

} // namespace

class TestCliSearch : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void jsonShapeAndOrder();
    void tableLikeCondaSearch();
    void fileUrlAndPlatform();
    void specFiltersVersionAndBuild();
    void invalidSpecExitsNonZeroNamingIt();
    void notFoundReportsChannels();
    void plainNameFallsBackToSubstring();
    void fallbackKeepsTheOtherFields();
    void missingChannelFolderIsNamed();
    void remoteChannelOverHttpThenOffline();
    void configuredChannelsAreSearched();
    void unreachableServerIsNamed();
    void ctrlCStopsAStalledFetch();
};

void TestCliSearch::init()
{
    if (!QDir(fixtures()).exists()) {
        QSKIP("../shared/fixtures is absent: no channels to search");
    }
}

void TestCliSearch::jsonShapeAndOrder()
{
    const Run run =
        runCli({QStringLiteral("search"), QStringLiteral("openssl"), QStringLiteral("-c"),
                condaForge(), QStringLiteral("--override-channels"), QStringLiteral("--platform"),
                QStringLiteral("linux-64"), QStringLiteral("--json")});
    QCOMPARE(run.exitCode, 0);
    QJsonParseError error;
    const auto document = QJsonDocument::fromJson(run.out, &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
    const QJsonObject root = document.object();
    QCOMPARE(root.keys(), QStringList{QStringLiteral("openssl")});
    const QJsonArray records = root.value(QStringLiteral("openssl")).toArray();
    QVERIFY(records.size() > 3);
    for (const auto& value : records) {
        const QJsonObject record = value.toObject();
        for (const char* key : {"name", "version", "build", "build_number", "channel", "subdir",
                                "fn", "url", "depends"}) {
            QVERIFY2(record.contains(QLatin1String(key)), key);
        }
        QCOMPARE(record.value(QStringLiteral("name")).toString(), QStringLiteral("openssl"));
        QVERIFY(record.value(QStringLiteral("subdir")).toString() == QLatin1String("linux-64")
                || record.value(QStringLiteral("subdir")).toString() == QLatin1String("noarch"));
        QVERIFY(record.value(QStringLiteral("url"))
                    .toString()
                    .endsWith(record.value(QStringLiteral("fn")).toString()));
        QVERIFY(record.value(QStringLiteral("depends")).isArray());
    }
    // Ascending versions: the first is older than the last (conda's order checked in core).
    const auto first = records.first().toObject().value(QStringLiteral("version")).toString();
    const auto last = records.last().toObject().value(QStringLiteral("version")).toString();
    QVERIFY2(first != last, qPrintable(first));
}

void TestCliSearch::tableLikeCondaSearch()
{
    const Run run =
        runCli({QStringLiteral("search"), QStringLiteral("python=3.9"), QStringLiteral("-c"),
                condaForge(), QStringLiteral("--platform"), QStringLiteral("linux-64")});
    QCOMPARE(run.exitCode, 0);
    const QList<QByteArray> lines = run.out.trimmed().split('\n');
    QVERIFY(lines.size() > 1);
    QVERIFY(lines.first().startsWith("# Name"));
    QVERIFY(lines.first().contains("Version"));
    QVERIFY(lines.first().contains("Channel"));
    for (int i = 1; i < lines.size(); ++i) {
        const auto columns = lines[i].simplified().split(' ');
        QCOMPARE(columns.size(), 4);
        QCOMPARE(columns[0], QByteArray("python"));
        QVERIFY(columns[1].startsWith("3.9"));
    }
}

void TestCliSearch::fileUrlAndPlatform()
{
    const QString url = QUrl::fromLocalFile(condaForge()).toString();
    const Run run = runCli({QStringLiteral("search"), QStringLiteral("python"),
                            QStringLiteral("-c"), url, QStringLiteral("--platform"),
                            QStringLiteral("osx-arm64"), QStringLiteral("--json")});
    QCOMPARE(run.exitCode, 0);
    const QJsonArray records =
        QJsonDocument::fromJson(run.out).object().value(QStringLiteral("python")).toArray();
    QVERIFY(!records.isEmpty());
    for (const auto& value : records) {
        const QString subdir = value.toObject().value(QStringLiteral("subdir")).toString();
        QVERIFY2(subdir == QLatin1String("osx-arm64") || subdir == QLatin1String("noarch"),
                 qPrintable(subdir));
    }
}

void TestCliSearch::specFiltersVersionAndBuild()
{
    const Run run =
        runCli({QStringLiteral("search"), QStringLiteral("python >=3.9.10,<3.10 *_cpython"),
                QStringLiteral("-c"), condaForge(), QStringLiteral("--platform"),
                QStringLiteral("linux-64"), QStringLiteral("--json")});
    QCOMPARE(run.exitCode, 0);
    const QJsonArray records =
        QJsonDocument::fromJson(run.out).object().value(QStringLiteral("python")).toArray();
    QVERIFY(!records.isEmpty());
    for (const auto& value : records) {
        const QJsonObject record = value.toObject();
        QVERIFY(
            record.value(QStringLiteral("build")).toString().endsWith(QLatin1String("_cpython")));
        QVERIFY(
            record.value(QStringLiteral("version")).toString().startsWith(QLatin1String("3.9.")));
        QVERIFY(record.value(QStringLiteral("version")).toString() != QLatin1String("3.9.0"));
    }
}

void TestCliSearch::invalidSpecExitsNonZeroNamingIt()
{
    const Run run = runCli({QStringLiteral("search"), QStringLiteral("numpy>=1.2&3"),
                            QStringLiteral("-c"), condaForge()});
    QVERIFY(run.exitCode != 0);
    QVERIFY2(run.err.contains("numpy>=1.2&3"), run.err.constData());
    QVERIFY2(run.err.contains("'&'"), run.err.constData());

    const Run json = runCli({QStringLiteral("search"), QStringLiteral("numpy[colour=red]"),
                             QStringLiteral("-c"), condaForge(), QStringLiteral("--json")});
    QVERIFY(json.exitCode != 0);
    const QJsonObject error = QJsonDocument::fromJson(json.out).object();
    QCOMPARE(error.value(QStringLiteral("exception_name")).toString(),
             QStringLiteral("InvalidMatchSpec"));
    QVERIFY(error.value(QStringLiteral("message")).toString().contains(QLatin1String("colour")));
}

void TestCliSearch::notFoundReportsChannels()
{
    const Run run = runCli({QStringLiteral("search"), QStringLiteral("definitely-not-a-package"),
                            QStringLiteral("-c"), condaForge(), QStringLiteral("--json")});
    QCOMPARE(run.exitCode, 1);
    const QJsonObject error = QJsonDocument::fromJson(run.out).object();
    QCOMPARE(error.value(QStringLiteral("exception_name")).toString(),
             QStringLiteral("PackagesNotFoundError"));
    QVERIFY(!error.value(QStringLiteral("channel_urls")).toArray().isEmpty());
}

void TestCliSearch::plainNameFallsBackToSubstring()
{
    const Run run =
        runCli({QStringLiteral("search"), QStringLiteral("penss"), QStringLiteral("-c"),
                condaForge(), QStringLiteral("--platform"), QStringLiteral("linux-64")});
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(run.err.contains("*penss*"), run.err.constData());
    QVERIFY(run.out.contains("\nopenssl "));
}

// conda retries with MatchSpec(spec, name="*name*"): the version (and every other field) stays,
// so `penss[version=3.2.1]` finds openssl 3.2.1 and `penss[version=2.0*]` finds nothing (the
// channel has openssl 1.0, 1.1 and 3.x), where a bare `*penss*` would list every openssl.
void TestCliSearch::fallbackKeepsTheOtherFields()
{
    const Run found =
        runCli({QStringLiteral("search"), QStringLiteral("penss[version=3.2.1]"),
                QStringLiteral("-c"), condaForge(), QStringLiteral("--override-channels"),
                QStringLiteral("--platform"), QStringLiteral("linux-64")});
    QCOMPARE(found.exitCode, 0);
    QVERIFY2(found.err.contains("*penss*==3.2.1"), found.err.constData());
    QVERIFY(found.out.contains("\nopenssl "));
    QVERIFY2(!found.out.contains(" 3.3.0 "), found.out.constData());

    const Run none = runCli({QStringLiteral("search"), QStringLiteral("penss[version=2.0*]"),
                             QStringLiteral("-c"), condaForge(),
                             QStringLiteral("--override-channels"), QStringLiteral("--platform"),
                             QStringLiteral("linux-64"), QStringLiteral("--json")});
    QCOMPARE(none.exitCode, 1);
    const QJsonObject error = QJsonDocument::fromJson(none.out).object();
    QCOMPARE(error.value(QStringLiteral("exception_name")).toString(),
             QStringLiteral("PackagesNotFoundError"));
}

void TestCliSearch::missingChannelFolderIsNamed()
{
    const QString missing = QDir::tempPath() + QStringLiteral("/envdesk-no-such-channel");
    const Run run =
        runCli({QStringLiteral("search"), QStringLiteral("numpy"), QStringLiteral("-c"), missing});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains(missing.toUtf8()), run.err.constData());
}

void TestCliSearch::remoteChannelOverHttpThenOffline()
{
    envdesk::test::PythonHttpServer server(condaForge());
    if (!server.isRunning()) {
        QSKIP(qPrintable(server.whyNot()));
    }
    envdesk::test::CliRunner runner;
    const QStringList args = {QStringLiteral("search"),
                              QStringLiteral("openssl>=3"),
                              QStringLiteral("-c"),
                              server.url(),
                              QStringLiteral("--override-channels"),
                              QStringLiteral("--platform"),
                              QStringLiteral("linux-64"),
                              QStringLiteral("--json")};
    const Run online = runner.run(args);
    QVERIFY2(online.exitCode == 0, online.err.constData());
    const QJsonArray records =
        QJsonDocument::fromJson(online.out).object().value(QStringLiteral("openssl")).toArray();
    QVERIFY(!records.isEmpty());
    for (const auto& value : records) {
        const QJsonObject record = value.toObject();
        QVERIFY(record.value(QStringLiteral("url"))
                    .toString()
                    .startsWith(server.url() + QStringLiteral("/linux-64/")));
        QVERIFY(record.value(QStringLiteral("version")).toString().startsWith(QLatin1String("3.")));
    }
    // The repodata is cached: offline, the same answer comes from the cache.
    const Run offline = runner.run(args + QStringList{QStringLiteral("--offline")});
    QVERIFY2(offline.exitCode == 0, offline.err.constData());
    QCOMPARE(QJsonDocument::fromJson(offline.out)
                 .object()
                 .value(QStringLiteral("openssl"))
                 .toArray()
                 .size(),
             records.size());
    // A cache that never saw the channel cannot answer offline, and says why. (With another
    // channel that can answer, the uncached one would be empty instead, as conda reads it:
    // tst_cli_demo_channel::offlineUncachedRemoteChannelIsEmpty.)
    envdesk::test::CliRunner fresh;
    const Run empty = fresh.run(args + QStringList{QStringLiteral("--offline")});
    QCOMPARE(empty.exitCode, 1);
    QVERIFY2(QJsonDocument::fromJson(empty.out)
                 .object()
                 .value(QStringLiteral("message"))
                 .toString()
                 .contains(QLatin1String("offline, and no channel has cached repodata yet")),
             empty.out.constData());
}

void TestCliSearch::configuredChannelsAreSearched()
{
    envdesk::test::PythonHttpServer server(condaForge());
    if (!server.isRunning()) {
        QSKIP(qPrintable(server.whyNot()));
    }
    envdesk::test::CliRunner runner;
    runner.writeCondarc("channels:\n  - " + server.url().toUtf8() + "\n");
    const Run run = runner.run({QStringLiteral("search"), QStringLiteral("pip"),
                                QStringLiteral("--platform"), QStringLiteral("linux-64")});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QVERIFY(run.out.contains("\npip "));
}

void TestCliSearch::unreachableServerIsNamed()
{
    envdesk::test::CliRunner runner;
    runner.writeCondarc("channels: []\nremote_max_retries: 0\nremote_connect_timeout_secs: 2\n");
    // Port 9 (discard) on loopback: nothing listens there, the connection is refused at once.
    const Run run =
        runner.run({QStringLiteral("search"), QStringLiteral("pip"), QStringLiteral("-c"),
                    QStringLiteral("http://127.0.0.1:9/t/tk-999/chan"),
                    QStringLiteral("--platform"), QStringLiteral("linux-64")});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains("127.0.0.1:9"), run.err.constData());
    QVERIFY2(!run.err.contains("tk-999"), run.err.constData());
}

// Ctrl+C (SIGINT) while a server sends nothing: the command stops at once and says it was
// interrupted, as conda does, rather than waiting out the server or dying mid-write.
void TestCliSearch::ctrlCStopsAStalledFetch()
{
    envdesk::test::FaultHttpServer server;
    QVERIFY(server.isListening());
    envdesk::test::FaultResponse silent;
    silent.fault = envdesk::test::FaultResponse::Fault::Silent;
    for (const char* subdir : {"linux-64", "noarch"}) {
        for (const char* file :
             {"repodata.json", "repodata.json.zst", "repodata_shards.msgpack.zst"}) {
            server.script("/chan/" + QByteArray(subdir) + "/" + file, {silent});
        }
    }
    envdesk::test::CliRunner runner;
    runner.writeCondarc("channels: []\nremote_read_timeout_secs: 600\n");
    QProcess process;
    process.setProcessEnvironment(runner.processEnvironment());
    process.start(QStringLiteral(ENVDESK_BIN_DIR "/envdesk-cli"),
                  {QStringLiteral("search"), QStringLiteral("pip"), QStringLiteral("-c"),
                   server.url("/chan"), QStringLiteral("--platform"), QStringLiteral("linux-64")});
    QVERIFY(process.waitForStarted());
    const auto asked = [&server] {
        return server.hits("/chan/linux-64/repodata_shards.msgpack.zst")
                   + server.hits("/chan/linux-64/repodata.json.zst")
                   + server.hits("/chan/linux-64/repodata.json")
               > 0;
    };
    QTRY_VERIFY_WITH_TIMEOUT(asked(), 60000);
    QCOMPARE(process.state(), QProcess::Running);
    ::kill(static_cast<pid_t>(process.processId()), SIGINT);
    QVERIFY2(process.waitForFinished(30000), "envdesk-cli did not stop on Ctrl+C");
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QVERIFY(process.exitCode() != 0);
    const QByteArray err = process.readAllStandardError();
    QVERIFY2(err.contains("KeyboardInterrupt"), err.constData());
}

QTEST_GUILESS_MAIN(TestCliSearch)
#include "tst_cli_search.moc"
