// Sharded repodata (CEP 16) end to end: the real envdesk-cli against a real HTTP server on
// 127.0.0.1 serving the real conda-forge subset, once as repodata.json alone and once with shards
// written beside it; the two must give the same solution.

#include "cli_runner.h"
#include "core/repodata/channel_index.h"
#include "tests/support/python_http_server.h"

#include <QDirIterator>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QTemporaryDir>
#include <QtTest>

namespace {

using envdesk::test::CliRun;
using envdesk::test::CliRunner;

QString condaForge()
{
    return QStringLiteral(ENVDESK_FIXTURES_DIR)
           + QStringLiteral("/repodata/conda-forge-subchannel-py39");
}

// A channel folder with the subset's linux-64 and noarch repodata.json (a copy in a temporary
// folder: the fixtures stay untouched), sharded when `sharded`.
bool makeChannel(const QString& folder, bool sharded)
{
    for (const QString& subdir : {QStringLiteral("linux-64"), QStringLiteral("noarch")}) {
        QDir().mkpath(folder + QLatin1Char('/') + subdir);
        // The .zst too: what a full-repodata client fetches, and what shards are measured against.
        for (const QString& file :
             {QStringLiteral("/repodata.json"), QStringLiteral("/repodata.json.zst")}) {
            if (!QFile::copy(condaForge() + QLatin1Char('/') + subdir + file,
                             folder + QLatin1Char('/') + subdir + file)) {
                return false;
            }
        }
        if (sharded
            && !envdesk::repodata::shardRepodata(
                (folder + QLatin1Char('/') + subdir).toStdString())) {
            return false;
        }
    }
    return true;
}

QProcessEnvironment glibc()
{
    QProcessEnvironment extra;
    // The machine's glibc must not decide the answer: the subset's python needs __glibc >=2.17.
    extra.insert(QStringLiteral("CONDA_OVERRIDE_GLIBC"), QStringLiteral("2.28"));
    return extra;
}

CliRun createDryRun(const CliRunner& runner, const QString& channel, const QString& prefix,
                    const QStringList& more = {})
{
    return runner.run(
        QStringList{QStringLiteral("create"), QStringLiteral("-p"), prefix,
                    QStringLiteral("--dry-run"), QStringLiteral("--json"), QStringLiteral("-c"),
                    channel, QStringLiteral("--override-channels"), QStringLiteral("--platform"),
                    QStringLiteral("linux-64"), QStringLiteral("python=3.9")}
            + more,
        glibc());
}

QSet<QString> linked(const QJsonObject& out)
{
    QSet<QString> names;
    const auto link =
        out.value(QStringLiteral("actions")).toObject().value(QStringLiteral("LINK")).toArray();
    for (const auto& value : link) {
        const QJsonObject record = value.toObject();
        // The channel is the server's URL, which differs between servers.
        names.insert(record.value(QStringLiteral("dist_name")).toString() + QLatin1Char(' ')
                     + record.value(QStringLiteral("url")).toString().section(QLatin1Char('/'), -2)
                     + QLatin1Char(' ') + record.value(QStringLiteral("sha256")).toString());
    }
    return names;
}

// The "repodata" entries of a --json document, by subdir (the URL's last part).
QMap<QString, QJsonObject> sources(const QJsonObject& out)
{
    QMap<QString, QJsonObject> bySubdir;
    for (const auto& value : out.value(QStringLiteral("repodata")).toArray()) {
        const QJsonObject entry = value.toObject();
        bySubdir.insert(entry.value(QStringLiteral("url")).toString().section(QLatin1Char('/'), -1),
                        entry);
    }
    return bySubdir;
}

// http.server with keep-alive (HTTP/1.1), writing the client port of each request to a log:
// how many connections a client opened is the number of distinct ports. argv: port, folder, log.
const char* const kKeepAliveServer = R"(import functools, http.server, sys, threading
port, root, log = int(sys.argv[1]), sys.argv[2], sys.argv[3]
lock = threading.Lock()
class Handler(http.server.SimpleHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'
    def log_message(self, *args):
        pass
    def send_head(self):
        with lock, open(log, 'a') as out:
            out.write('%d %s\n' % (self.client_address[1], self.path))
        return super().send_head()
http.server.ThreadingHTTPServer(('127.0.0.1', port),
                                functools.partial(Handler, directory=root)).serve_forever()
)";

} // namespace

class TestCliShards : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void shardedAndFullRepodataGiveTheSameSolution();
    void shardsAreCachedAndTheIndexRevalidated();
    void roundsOfShardsReuseTheirConnections();
    void useShardsOffReadsRepodataJson();
    void offlineUsesCachedShardsAlone();
    void searchRefusesAPatternOfThousandsOfShards();
    void condasOwnShardedChannelIsRead();
};

void TestCliShards::shardedAndFullRepodataGiveTheSameSolution()
{
    QTemporaryDir root;
    QVERIFY(makeChannel(root.filePath(QStringLiteral("full")), false));
    QVERIFY(makeChannel(root.filePath(QStringLiteral("sharded")), true));
    envdesk::test::PythonHttpServer full(root.filePath(QStringLiteral("full")));
    envdesk::test::PythonHttpServer sharded(root.filePath(QStringLiteral("sharded")));
    QVERIFY2(full.isRunning() && sharded.isRunning(), qPrintable(full.whyNot() + sharded.whyNot()));

    CliRunner runner;
    const CliRun fromFull = createDryRun(runner, full.url(), root.filePath(QStringLiteral("a")));
    QVERIFY2(fromFull.exitCode == 0, fromFull.out.constData());
    CliRunner other;
    const CliRun fromShards =
        createDryRun(other, sharded.url(), root.filePath(QStringLiteral("b")));
    QVERIFY2(fromShards.exitCode == 0, fromShards.out.constData());

    const QJsonObject fullOut = QJsonDocument::fromJson(fromFull.out).object();
    const QJsonObject shardOut = QJsonDocument::fromJson(fromShards.out).object();
    // The same 23 packages, to the build, the file and the hash; only the server differs.
    QSet<QString> fullSet = linked(fullOut);
    QSet<QString> shardSet = linked(shardOut);
    QCOMPARE(fullSet.size(), 23);
    QCOMPARE(shardSet, fullSet);
    for (const auto& value : shardOut.value(QStringLiteral("actions"))
                                 .toObject()
                                 .value(QStringLiteral("LINK"))
                                 .toArray()) {
        const QString url = value.toObject().value(QStringLiteral("url")).toString();
        QVERIFY2(url.startsWith(sharded.url() + QStringLiteral("/linux-64/"))
                     || url.startsWith(sharded.url() + QStringLiteral("/noarch/")),
                 qPrintable(url));
    }

    // Each says which it used, and what it cost.
    const auto fullSources = sources(fullOut);
    const auto shardSources = sources(shardOut);
    QCOMPARE(fullSources.size(), 2);
    QCOMPARE(shardSources.size(), 2);
    qint64 fullBytes = 0;
    qint64 shardBytes = 0;
    for (const QString& subdir : {QStringLiteral("linux-64"), QStringLiteral("noarch")}) {
        QCOMPARE(fullSources[subdir].value(QStringLiteral("format")).toString(),
                 QStringLiteral("repodata.json"));
        QCOMPARE(shardSources[subdir].value(QStringLiteral("format")).toString(),
                 QStringLiteral("shards"));
        QCOMPARE(shardSources[subdir].value(QStringLiteral("origin")).toString(),
                 QStringLiteral("downloaded"));
        QVERIFY(shardSources[subdir].value(QStringLiteral("shards_fetched")).toInt() > 0);
        QCOMPARE(shardSources[subdir].value(QStringLiteral("shards_cached")).toInt(), 0);
        fullBytes += fullSources[subdir].value(QStringLiteral("bytes_fetched")).toInteger();
        shardBytes += shardSources[subdir].value(QStringLiteral("bytes_fetched")).toInteger();
    }
    QVERIFY(shardBytes > 0);
    QVERIFY2(shardBytes < fullBytes,
             qPrintable(QStringLiteral("%1 vs %2").arg(shardBytes).arg(fullBytes)));

    // -v says it in words.
    const CliRun verbose = runner.run(
        {QStringLiteral("create"), QStringLiteral("-p"), root.filePath(QStringLiteral("c")),
         QStringLiteral("--dry-run"), QStringLiteral("-v"), QStringLiteral("-c"), sharded.url(),
         QStringLiteral("--override-channels"), QStringLiteral("--platform"),
         QStringLiteral("linux-64"), QStringLiteral("python=3.9")},
        glibc());
    QVERIFY2(verbose.exitCode == 0, verbose.err.constData());
    QVERIFY2(verbose.out.contains(QByteArrayLiteral("/linux-64: shards, ")),
             verbose.out.constData());
}

// A solve asks for shards a level of dependencies at a time. Each round reuses the connections
// of the rounds before (and of the shard index): one pool for the whole load, not a new
// connection per request or per round, which on a distant mirror costs a TLS handshake each.
void TestCliShards::roundsOfShardsReuseTheirConnections()
{
    QTemporaryDir root;
    QVERIFY(makeChannel(root.filePath(QStringLiteral("sharded")), true));
    const QString python = QStandardPaths::findExecutable(QStringLiteral("python3"));
    QVERIFY2(!python.isEmpty(), "python3 is needed for the keep-alive server");
    const quint16 port = envdesk::test::freeLoopbackPort();
    const QString log = root.filePath(QStringLiteral("connections.log"));
    QProcess server;
    server.start(python, {QStringLiteral("-c"), QString::fromUtf8(kKeepAliveServer),
                          QString::number(port), root.filePath(QStringLiteral("sharded")), log});
    QVERIFY(envdesk::test::waitUntilAccepting(port, server, 10000));
    QFile::remove(log); // the start-up probe's connection is not the client's

    CliRunner runner;
    const CliRun run = createDryRun(runner, QStringLiteral("http://127.0.0.1:%1").arg(port),
                                    root.filePath(QStringLiteral("a")));
    server.kill();
    server.waitForFinished(5000);
    QVERIFY2(run.exitCode == 0, run.out.constData());
    QCOMPARE(linked(QJsonDocument::fromJson(run.out).object()).size(), 23);

    QFile file(log);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QSet<QString> ports;
    int requests = 0;
    int shardRequests = 0;
    for (const QByteArray& line : file.readAll().split('\n')) {
        if (line.isEmpty()) {
            continue;
        }
        ++requests;
        shardRequests += line.contains("/shards/") || line.endsWith(".msgpack.zst") ? 1 : 0;
        ports.insert(QString::fromUtf8(line.split(' ').front()));
    }
    // Dozens of shards over several rounds, five transfers at a time: with the rounds sharing one
    // pool a handful of connections (5-7 here), against 23 when each round opened its own.
    QVERIFY2(shardRequests > 20, qPrintable(QString::number(shardRequests)));
    QVERIFY2(ports.size() <= 10,
             qPrintable(
                 QStringLiteral("%1 connections for %2 requests").arg(ports.size()).arg(requests)));
}

void TestCliShards::shardsAreCachedAndTheIndexRevalidated()
{
    QTemporaryDir root;
    QVERIFY(makeChannel(root.filePath(QStringLiteral("sharded")), true));
    envdesk::test::PythonHttpServer server(root.filePath(QStringLiteral("sharded")));
    QVERIFY2(server.isRunning(), qPrintable(server.whyNot()));
    CliRunner runner;
    // Always revalidate the index: the second run must ask for it (304), not for any shard.
    runner.writeCondarc(QByteArrayLiteral("channels: []\nlocal_repodata_ttl: 0\n"));
    const CliRun first = createDryRun(runner, server.url(), root.filePath(QStringLiteral("a")));
    QVERIFY2(first.exitCode == 0, first.out.constData());
    const CliRun second = createDryRun(runner, server.url(), root.filePath(QStringLiteral("a")));
    QVERIFY2(second.exitCode == 0, second.out.constData());
    const auto before = sources(QJsonDocument::fromJson(first.out).object());
    const auto after = sources(QJsonDocument::fromJson(second.out).object());
    QCOMPARE(linked(QJsonDocument::fromJson(second.out).object()),
             linked(QJsonDocument::fromJson(first.out).object()));
    for (const QString& subdir : {QStringLiteral("linux-64"), QStringLiteral("noarch")}) {
        QCOMPARE(after[subdir].value(QStringLiteral("origin")).toString(),
                 QStringLiteral("not modified"));
        QCOMPARE(after[subdir].value(QStringLiteral("shards_fetched")).toInt(), 0);
        QCOMPARE(after[subdir].value(QStringLiteral("shards_cached")).toInt(),
                 before[subdir].value(QStringLiteral("shards_fetched")).toInt());
        QCOMPARE(after[subdir].value(QStringLiteral("bytes_fetched")).toInt(), 0);
    }

    // A cached shard whose bytes no longer have its hash is fetched again, not believed.
    QDirIterator cached(runner.home() + QStringLiteral("/cache"), {QStringLiteral("*.msgpack.zst")},
                        QDir::Files, QDirIterator::Subdirectories);
    int damaged = 0;
    while (cached.hasNext()) {
        const QString path = cached.next();
        if (path.contains(QStringLiteral("/shards/"))) {
            QVERIFY(envdesk::test::writeFile(path, QByteArrayLiteral("not a shard")));
            ++damaged;
        }
    }
    QVERIFY(damaged > 0);
    const CliRun third = createDryRun(runner, server.url(), root.filePath(QStringLiteral("a")));
    QVERIFY2(third.exitCode == 0, third.out.constData());
    QCOMPARE(linked(QJsonDocument::fromJson(third.out).object()),
             linked(QJsonDocument::fromJson(first.out).object()));
    const auto again = sources(QJsonDocument::fromJson(third.out).object());
    QCOMPARE(again[QStringLiteral("linux-64")].value(QStringLiteral("shards_fetched")).toInt()
                 + again[QStringLiteral("noarch")].value(QStringLiteral("shards_fetched")).toInt(),
             damaged);
}

void TestCliShards::useShardsOffReadsRepodataJson()
{
    QTemporaryDir root;
    QVERIFY(makeChannel(root.filePath(QStringLiteral("sharded")), true));
    envdesk::test::PythonHttpServer server(root.filePath(QStringLiteral("sharded")));
    QVERIFY2(server.isRunning(), qPrintable(server.whyNot()));
    CliRunner runner;
    runner.writeCondarc(QByteArrayLiteral("channels: []\nrepodata_use_shards: false\n"));
    const CliRun run = createDryRun(runner, server.url(), root.filePath(QStringLiteral("a")));
    QVERIFY2(run.exitCode == 0, run.out.constData());
    const auto used = sources(QJsonDocument::fromJson(run.out).object());
    QCOMPARE(used[QStringLiteral("linux-64")].value(QStringLiteral("format")).toString(),
             QStringLiteral("repodata.json"));
    QCOMPARE(linked(QJsonDocument::fromJson(run.out).object()).size(), 23);
}

void TestCliShards::offlineUsesCachedShardsAlone()
{
    QTemporaryDir root;
    QVERIFY(makeChannel(root.filePath(QStringLiteral("sharded")), true));
    CliRunner runner;
    QString url;
    QByteArray online;
    {
        envdesk::test::PythonHttpServer server(root.filePath(QStringLiteral("sharded")));
        QVERIFY2(server.isRunning(), qPrintable(server.whyNot()));
        url = server.url();
        const CliRun first = createDryRun(runner, url, root.filePath(QStringLiteral("a")));
        QVERIFY2(first.exitCode == 0, first.out.constData());
        online = first.out;
    }
    // The server is gone: offline, the cached index and shards answer alone.
    const CliRun offline = createDryRun(runner, url, root.filePath(QStringLiteral("a")),
                                        {QStringLiteral("--offline")});
    QVERIFY2(offline.exitCode == 0, offline.out.constData());
    QCOMPARE(linked(QJsonDocument::fromJson(offline.out).object()),
             linked(QJsonDocument::fromJson(online).object()));
    // A package whose shard was never fetched is missing, and the explanation says why.
    const CliRun missing = runner.run(
        {QStringLiteral("create"), QStringLiteral("-p"), root.filePath(QStringLiteral("b")),
         QStringLiteral("--dry-run"), QStringLiteral("--offline"), QStringLiteral("-c"), url,
         QStringLiteral("--override-channels"), QStringLiteral("--platform"),
         QStringLiteral("linux-64"), QStringLiteral("curl")},
        glibc());
    QVERIFY(missing.exitCode != 0);
    QVERIFY2(missing.err.contains(QByteArrayLiteral("shards are not cached yet: curl")),
             missing.err.constData());
}

// A pattern that matches more than a thousand names of a sharded channel would be as many
// requests: refused with what to do instead; a closer name is answered.
void TestCliShards::searchRefusesAPatternOfThousandsOfShards()
{
    QTemporaryDir root;
    const QString subdir = root.filePath(QStringLiteral("chan/noarch"));
    QJsonObject packages;
    for (int i = 0; i < 1001; ++i) {
        const QString name = QStringLiteral("pkg%1").arg(i);
        packages.insert(name + QStringLiteral("-1.0-0.tar.bz2"),
                        QJsonObject{{QStringLiteral("name"), name},
                                    {QStringLiteral("version"), QStringLiteral("1.0")},
                                    {QStringLiteral("build"), QStringLiteral("0")},
                                    {QStringLiteral("build_number"), 0},
                                    {QStringLiteral("depends"), QJsonArray()},
                                    {QStringLiteral("subdir"), QStringLiteral("noarch")}});
    }
    const QJsonObject repodata{
        {QStringLiteral("info"), QJsonObject{{QStringLiteral("subdir"), QStringLiteral("noarch")}}},
        {QStringLiteral("packages"), packages},
        {QStringLiteral("packages.conda"), QJsonObject()}};
    QVERIFY(envdesk::test::writeFile(subdir + QStringLiteral("/repodata.json"),
                                     QJsonDocument(repodata).toJson()));
    QVERIFY(envdesk::repodata::shardRepodata(subdir.toStdString()));
    envdesk::test::PythonHttpServer server(root.filePath(QStringLiteral("chan")));
    QVERIFY2(server.isRunning(), qPrintable(server.whyNot()));
    CliRunner runner;
    const auto search = [&](const QString& pattern) {
        return runner.run({QStringLiteral("search"), pattern, QStringLiteral("-c"), server.url(),
                           QStringLiteral("--override-channels"), QStringLiteral("--platform"),
                           QStringLiteral("noarch"), QStringLiteral("--json")});
    };
    const CliRun all = search(QStringLiteral("pkg*"));
    QVERIFY(all.exitCode != 0);
    QVERIFY2(all.out.contains("matches 1001 package names of a sharded channel"),
             all.out.constData());
    QVERIFY2(all.out.contains("repodata_use_shards"), all.out.constData());
    const CliRun some = search(QStringLiteral("pkg99*"));
    QVERIFY2(some.exitCode == 0, some.out.constData());
    QCOMPARE(QJsonDocument::fromJson(some.out).object().keys().size(), 11); // pkg99, pkg990-999
}

// The sharded channel conda's tests use (../shared/fixtures/shards), as conda wrote it, served
// with an empty noarch beside it: its two shards resolve zlib and its dependency.
void TestCliShards::condasOwnShardedChannelIsRead()
{
    const QString fixture = QStringLiteral(ENVDESK_FIXTURES_DIR)
                            + QStringLiteral("/shards/conda/conda_format_repo/linux-64");
    QTemporaryDir root;
    const QString linux64 = root.filePath(QStringLiteral("chan/linux-64"));
    QDir().mkpath(linux64);
    for (const QString& file : QDir(fixture).entryList({QStringLiteral("*.msgpack.zst")})) {
        QVERIFY(QFile::copy(fixture + QLatin1Char('/') + file, linux64 + QLatin1Char('/') + file));
    }
    QVERIFY(envdesk::test::writeFile(root.filePath(QStringLiteral("chan/noarch/repodata.json")),
                                     "{\"packages\": {}, \"packages.conda\": {}}"));
    envdesk::test::PythonHttpServer server(root.filePath(QStringLiteral("chan")));
    QVERIFY2(server.isRunning(), qPrintable(server.whyNot()));
    CliRunner runner;
    const CliRun run = runner.run(
        {QStringLiteral("create"), QStringLiteral("-p"), root.filePath(QStringLiteral("env")),
         QStringLiteral("--dry-run"), QStringLiteral("--json"), QStringLiteral("-c"), server.url(),
         QStringLiteral("--override-channels"), QStringLiteral("--platform"),
         QStringLiteral("linux-64"), QStringLiteral("zlib")});
    QVERIFY2(run.exitCode == 0, run.out.constData());
    const QJsonObject out = QJsonDocument::fromJson(run.out).object();
    QSet<QString> dists;
    for (const auto& value :
         out.value(QStringLiteral("actions")).toObject().value(QStringLiteral("LINK")).toArray()) {
        dists.insert(value.toObject().value(QStringLiteral("dist_name")).toString());
    }
    QCOMPARE(dists, (QSet<QString>{QStringLiteral("zlib-1.2.11-h7b6447c_3"),
                                   QStringLiteral("libgcc-ng-8.2.0-hdf63c60_1")}));
    QCOMPARE(sources(out)[QStringLiteral("linux-64")].value(QStringLiteral("format")).toString(),
             QStringLiteral("shards"));
    QCOMPARE(
        sources(out)[QStringLiteral("linux-64")].value(QStringLiteral("shards_fetched")).toInt(),
        2);
}

QTEST_GUILESS_MAIN(TestCliShards)
#include "tst_cli_shards.moc"
