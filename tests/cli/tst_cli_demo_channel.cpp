// The offline demo channel the build makes (resources/demo-channel), through the real
// envdesk-cli: its index lists every package, search finds the Pythons, an environment is
// created from it offline with the default configuration (pip added to python), and a request
// it cannot satisfy is explained as UnsatisfiableError.

#include "cli_runner.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

using envdesk::test::CliRun;
using envdesk::test::CliRunner;

using envdesk::test::readFile;
namespace {

QString demoChannel()
{
    return QStringLiteral(ENVDESK_DEMO_CHANNEL_DIR);
}

// Every archive the generator writes, name-version-build.
const QStringList kDemoDists = {
    QStringLiteral("python-3.10.14-0_demo"),      QStringLiteral("python-3.11.9-0_demo"),
    QStringLiteral("python-3.12.7-0_demo"),       QStringLiteral("pip-24.2-0_demo"),
    QStringLiteral("envdesk-hello-1.0.0-0_demo"), QStringLiteral("envdesk-hello-1.1.0-0_demo"),
    QStringLiteral("envdesk-hello-2.0.0-0_demo"), QStringLiteral("demo-numerics-1.4.2-0_demo"),
    QStringLiteral("demo-numerics-2.1.0-0_demo"), QStringLiteral("demo-fonts-1.0.0-0_demo"),
    QStringLiteral("demo-plotting-0.9.0-0_demo"), QStringLiteral("demo-plotting-1.0.0-0_demo"),
    QStringLiteral("demo-data-2024.1-0_demo"),    QStringLiteral("demo-analysis-0.3.0-0_demo"),
    QStringLiteral("legacy-tool-1.0-0_demo"),     QStringLiteral("demo-toolchain-1.0.0-0_demo"),
};

QJsonObject parseObject(const QByteArray& text)
{
    return QJsonDocument::fromJson(text).object();
}

bool isHex(const QString& text, int length)
{
    if (text.size() != length) {
        return false;
    }
    for (const QChar c : text) {
        if (!c.isDigit() && (c < QLatin1Char('a') || c > QLatin1Char('f'))) {
            return false;
        }
    }
    return true;
}

// name-version-build of each record the plan links.
QSet<QString> linkedDists(const QJsonObject& plan)
{
    QSet<QString> out;
    const QJsonArray link =
        plan.value(QStringLiteral("actions")).toObject().value(QStringLiteral("LINK")).toArray();
    for (const auto& value : link) {
        const QJsonObject record = value.toObject();
        out.insert(record.value(QStringLiteral("name")).toString() + QLatin1Char('-')
                   + record.value(QStringLiteral("version")).toString() + QLatin1Char('-')
                   + record.value(QStringLiteral("build_string")).toString());
    }
    return out;
}

} // namespace

class TestCliDemoChannel : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void repodataListsEveryPackage();
    void searchFindsThePythons();
    void createsAnEnvironmentOffline();
    void defaultChoicesSolveForEveryPython_data();
    void defaultChoicesSolveForEveryPython();
    void legacyToolWithPython312IsUnsatisfiable();
    void channelFoldersInsideSpecs();
    void envCreateTakesCreatesChannelOptions();
    void offlineUncachedRemoteChannelIsEmpty();
    void exportsKeepTheChannelsUsed();

private:
    std::unique_ptr<QTemporaryDir> m_root;
    std::unique_ptr<CliRunner> m_runner;

    CliRun createDryRun(const QStringList& specs) const;
};

void TestCliDemoChannel::init()
{
    QVERIFY2(QFileInfo::exists(demoChannel() + QStringLiteral("/noarch/repodata.json")),
             "the demo channel is missing: build the demo_channel target");
    m_root = std::make_unique<QTemporaryDir>();
    m_runner = std::make_unique<CliRunner>();
    // A package cache of the test's own; otherwise the defaults, add_pip_as_python_dependency
    // included, as a newcomer's first run has them.
    m_runner->writeCondarc("channels: []\npkgs_dirs: ["
                           + m_root->filePath(QStringLiteral("pkgs")).toUtf8() + "]\n");
}

CliRun TestCliDemoChannel::createDryRun(const QStringList& specs) const
{
    return m_runner->run(QStringList{QStringLiteral("create"), QStringLiteral("-p"),
                                     m_root->filePath(QStringLiteral("env")), QStringLiteral("-c"),
                                     demoChannel(), QStringLiteral("--override-channels"),
                                     QStringLiteral("--offline"), QStringLiteral("--dry-run"),
                                     QStringLiteral("--json")}
                         + specs);
}

void TestCliDemoChannel::repodataListsEveryPackage()
{
    const QJsonObject repodata =
        parseObject(readFile(demoChannel() + QStringLiteral("/noarch/repodata.json")));
    const QJsonObject packages = repodata.value(QStringLiteral("packages.conda")).toObject();
    QSet<QString> expected;
    for (const QString& dist : kDemoDists) {
        expected.insert(dist + QStringLiteral(".conda"));
    }
    const QStringList keys = packages.keys();
    QCOMPARE(QSet<QString>(keys.begin(), keys.end()), expected);
    for (const QString& fileName : keys) {
        const QJsonObject record = packages.value(fileName).toObject();
        QVERIFY2(isHex(record.value(QStringLiteral("sha256")).toString(), 64),
                 qPrintable(fileName));
        QVERIFY2(isHex(record.value(QStringLiteral("md5")).toString(), 32), qPrintable(fileName));
        const QFileInfo archive(demoChannel() + QStringLiteral("/noarch/") + fileName);
        QVERIFY2(archive.exists(), qPrintable(archive.filePath()));
        QCOMPARE(record.value(QStringLiteral("size")).toInteger(), archive.size());
        QCOMPARE(record.value(QStringLiteral("subdir")).toString(), QStringLiteral("noarch"));
        QCOMPARE(record.value(QStringLiteral("noarch")).toString(), QStringLiteral("generic"));
        QCOMPARE(record.value(QStringLiteral("license")).toString(),
                 QStringLiteral("BSD-3-Clause"));
    }
    // The sample data is the one download big enough to notice.
    QVERIFY(packages.value(QStringLiteral("demo-data-2024.1-0_demo.conda"))
                .toObject()
                .value(QStringLiteral("size"))
                .toInteger()
            > 50 * 1024);
    // Nothing else in noarch: a rebuild leaves no stale archives behind.
    const QStringList archives =
        QDir(demoChannel() + QStringLiteral("/noarch"))
            .entryList({QStringLiteral("*.conda"), QStringLiteral("*.tar.bz2")}, QDir::Files);
    QCOMPARE(archives.size(), kDemoDists.size());
}

void TestCliDemoChannel::searchFindsThePythons()
{
    const CliRun run = m_runner->run(
        {QStringLiteral("search"), QStringLiteral("python"), QStringLiteral("-c"), demoChannel(),
         QStringLiteral("--override-channels"), QStringLiteral("--json")});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    const QJsonArray records = parseObject(run.out).value(QStringLiteral("python")).toArray();
    QStringList versions;
    for (const auto& value : records) {
        versions << value.toObject().value(QStringLiteral("version")).toString();
    }
    QCOMPARE(versions, (QStringList{QStringLiteral("3.10.14"), QStringLiteral("3.11.9"),
                                    QStringLiteral("3.12.7")}));
}

void TestCliDemoChannel::createsAnEnvironmentOffline()
{
    const QString prefix = m_root->filePath(QStringLiteral("env"));
    const CliRun run = m_runner->run(
        {QStringLiteral("create"), QStringLiteral("-p"), prefix, QStringLiteral("-c"),
         demoChannel(), QStringLiteral("--override-channels"), QStringLiteral("--offline"),
         QStringLiteral("-y"), QStringLiteral("python=3.12"), QStringLiteral("envdesk-hello"),
         QStringLiteral("demo-plotting")});
    QVERIFY2(run.exitCode == 0, (run.err + run.out).constData());

    // pip comes with python; demo-plotting brings its chain.
    for (const char* dist :
         {"python-3.12.7-0_demo", "pip-24.2-0_demo", "envdesk-hello-2.0.0-0_demo",
          "demo-plotting-1.0.0-0_demo", "demo-numerics-2.1.0-0_demo", "demo-fonts-1.0.0-0_demo"}) {
        const QString record =
            prefix + QStringLiteral("/conda-meta/") + QLatin1String(dist) + QStringLiteral(".json");
        QVERIFY2(QFileInfo::exists(record), qPrintable(record));
    }
    QCOMPARE(QDir(prefix + QStringLiteral("/conda-meta"))
                 .entryList({QStringLiteral("*.json")}, QDir::Files)
                 .size(),
             6);

    // The packages' files, python's lib folder named after its version.
    for (const char* path : {"bin/python", "bin/python3", "bin/pip", "bin/envdesk-hello",
                             "lib/python3.12/site-packages/README.envdesk-demo",
                             "share/python/README.txt", "share/demo-plotting/themes/default.theme",
                             "share/demo-numerics/constants.txt", "share/demo-fonts/fonts.txt"}) {
        QVERIFY2(QFileInfo::exists(prefix + QLatin1Char('/') + QLatin1String(path)), path);
    }
    QVERIFY(QFileInfo(prefix + QStringLiteral("/bin/python")).isExecutable());
    QVERIFY(QFileInfo(prefix + QStringLiteral("/bin/python3")).isSymLink());

    // The placeholder was replaced by the real prefix.
    const QByteArray conf = readFile(prefix + QStringLiteral("/etc/demo-plotting/plotting.conf"));
    QVERIFY2(conf.contains("themes = " + prefix.toUtf8() + "/share/demo-plotting/themes\n"),
             conf.constData());
    QVERIFY(!conf.contains("anaconda1anaconda2anaconda3"));

    // conda-meta as conda and micromamba write it: every file's sha256 and size, the hash in the
    // prefix where the prefix was written into it, and the archive the package came from.
    const QJsonObject plotting = parseObject(
        readFile(prefix + QStringLiteral("/conda-meta/demo-plotting-1.0.0-0_demo.json")));
    QVERIFY(
        QFileInfo(plotting.value(QStringLiteral("package_tarball_full_path")).toString()).isFile());
    bool sawReplaced = false;
    for (const auto& value : plotting.value(QStringLiteral("paths_data"))
                                 .toObject()
                                 .value(QStringLiteral("paths"))
                                 .toArray()) {
        const QJsonObject entry = value.toObject();
        const QString path = entry.value(QStringLiteral("_path")).toString();
        QVERIFY2(entry.value(QStringLiteral("sha256")).toString().size() == 64, qPrintable(path));
        QVERIFY2(entry.contains(QStringLiteral("size_in_bytes")), qPrintable(path));
        if (entry.contains(QStringLiteral("prefix_placeholder"))) {
            sawReplaced = true;
            QFile placed(prefix + QLatin1Char('/') + path);
            QVERIFY(placed.open(QIODevice::ReadOnly));
            QCOMPARE(entry.value(QStringLiteral("sha256_in_prefix")).toString(),
                     QString::fromLatin1(
                         QCryptographicHash::hash(placed.readAll(), QCryptographicHash::Sha256)
                             .toHex()));
        }
    }
    QVERIFY(sawReplaced);

    // The stand-in runs, says what it is, and names its environment.
    QProcess python;
    python.start(prefix + QStringLiteral("/bin/python"), {});
    QVERIFY(python.waitForFinished(10000));
    QCOMPARE(python.exitCode(), 0);
    const QByteArray said = python.readAllStandardOutput();
    QVERIFY2(said.contains("Envdesk demo stand-in for Python 3.12"), said.constData());
    QVERIFY2(said.contains(prefix.toUtf8()), said.constData());
    QProcess version;
    version.start(prefix + QStringLiteral("/bin/python3"), {QStringLiteral("--version")});
    QVERIFY(version.waitForFinished(10000));
    QCOMPARE(version.readAllStandardOutput(), QByteArray("Python 3.12.7\n"));
}

void TestCliDemoChannel::defaultChoicesSolveForEveryPython_data()
{
    QTest::addColumn<QString>("python");
    QTest::addColumn<QString>("hello");
    QTest::addColumn<QString>("numerics");
    QTest::newRow("3.10") << QStringLiteral("3.10.14") << QStringLiteral("1.1.0")
                          << QStringLiteral("2.1.0");
    QTest::newRow("3.11") << QStringLiteral("3.11.9") << QStringLiteral("2.0.0")
                          << QStringLiteral("2.1.0");
    QTest::newRow("3.12") << QStringLiteral("3.12.7") << QStringLiteral("2.0.0")
                          << QStringLiteral("2.1.0");
}

void TestCliDemoChannel::defaultChoicesSolveForEveryPython()
{
    QFETCH(QString, python);
    QFETCH(QString, hello);
    QFETCH(QString, numerics);
    const QString pythonSpec = QStringLiteral("python=") + QLatin1String(QTest::currentDataTag());
    const CliRun run = createDryRun(
        {pythonSpec, QStringLiteral("envdesk-hello"), QStringLiteral("demo-analysis")});
    QVERIFY2(run.exitCode == 0, (run.err + run.out).constData());
    const QSet<QString> linked = linkedDists(parseObject(run.out));
    const QSet<QString> expected = {
        QStringLiteral("python-") + python + QStringLiteral("-0_demo"),
        QStringLiteral("pip-24.2-0_demo"),
        QStringLiteral("envdesk-hello-") + hello + QStringLiteral("-0_demo"),
        QStringLiteral("demo-numerics-") + numerics + QStringLiteral("-0_demo"),
        QStringLiteral("demo-plotting-1.0.0-0_demo"),
        QStringLiteral("demo-fonts-1.0.0-0_demo"),
        QStringLiteral("demo-data-2024.1-0_demo"),
        QStringLiteral("demo-analysis-0.3.0-0_demo"),
    };
    QCOMPARE(linked, expected);
}

void TestCliDemoChannel::legacyToolWithPython312IsUnsatisfiable()
{
    // With an older python the same tool is fine: the conflict is the python range alone.
    const CliRun older =
        createDryRun({QStringLiteral("python=3.10"), QStringLiteral("legacy-tool")});
    QVERIFY2(older.exitCode == 0, (older.err + older.out).constData());

    const CliRun run = createDryRun({QStringLiteral("python=3.12"), QStringLiteral("legacy-tool")});
    QCOMPARE(run.exitCode, 1);
    const QJsonObject out = parseObject(run.out);
    QCOMPARE(out.value(QStringLiteral("success")).toBool(true), false);
    QCOMPARE(out.value(QStringLiteral("exception_name")).toString(),
             QStringLiteral("UnsatisfiableError"));
    const QString message = out.value(QStringLiteral("message")).toString();
    QVERIFY2(message.contains(QLatin1String("legacy-tool")), qPrintable(message));
    QVERIFY(!QFileInfo::exists(m_root->filePath(QStringLiteral("env"))));
}

// A channel typed as a relative or `~` folder inside a spec (`./chan::pkg`) points where the
// command runs (conda makes it absolute): on the command line, in an environment.yml, in a
// pin, and in the history a later install reads back.
void TestCliDemoChannel::channelFoldersInsideSpecs()
{
    const QString work = m_root->filePath(QStringLiteral("work"));
    QVERIFY(QDir().mkpath(work));
    QVERIFY(QFile::link(demoChannel(), work + QStringLiteral("/chan")));
    QVERIFY(QFile::link(demoChannel(), m_runner->home() + QStringLiteral("/channel")));
    m_runner->setWorkingDirectory(work);
    const QString prefix = m_root->filePath(QStringLiteral("rel-env"));
    CliRun run = m_runner->run({QStringLiteral("create"), QStringLiteral("-p"), prefix,
                                QStringLiteral("-c"), QStringLiteral("./chan"),
                                QStringLiteral("--override-channels"), QStringLiteral("--offline"),
                                QStringLiteral("-y"), QStringLiteral("./chan::envdesk-hello=1.1"),
                                QStringLiteral("~/channel::demo-fonts")});
    QVERIFY2(run.exitCode == 0, (run.err + run.out).constData());
    QVERIFY(
        QFileInfo::exists(prefix + QStringLiteral("/conda-meta/envdesk-hello-1.1.0-0_demo.json")));

    // The history holds the specs; a later change reads them back and keeps them.
    run = m_runner->run({QStringLiteral("install"), QStringLiteral("-p"), prefix,
                         QStringLiteral("-c"), QStringLiteral("./chan"),
                         QStringLiteral("--override-channels"), QStringLiteral("--offline"),
                         QStringLiteral("--dry-run"), QStringLiteral("--json"),
                         QStringLiteral("demo-data")});
    QVERIFY2(run.exitCode == 0, (run.err + run.out).constData());
    QVERIFY2(linkedDists(parseObject(run.out)).contains(QStringLiteral("demo-data-2024.1-0_demo")),
             run.out.constData());
    run = m_runner->run({QStringLiteral("env"), QStringLiteral("export"), QStringLiteral("-p"),
                         prefix, QStringLiteral("--from-history")});
    QVERIFY2(run.exitCode == 0, (run.err + run.out).constData());

    // A pin of a folder channel holds.
    const QByteArray pkgs =
        "pkgs_dirs: [" + m_root->filePath(QStringLiteral("pkgs")).toUtf8() + "]\n";
    m_runner->writeCondarc("channels: []\npinned_packages: [\"./chan::envdesk-hello=1.0\"]\n"
                           + pkgs);
    run = m_runner->run({QStringLiteral("create"), QStringLiteral("-p"),
                         m_root->filePath(QStringLiteral("pinned-env")), QStringLiteral("-c"),
                         QStringLiteral("./chan"), QStringLiteral("--override-channels"),
                         QStringLiteral("--offline"), QStringLiteral("--dry-run"),
                         QStringLiteral("--json"), QStringLiteral("envdesk-hello")});
    QVERIFY2(run.exitCode == 0, (run.err + run.out).constData());
    QVERIFY2(
        linkedDists(parseObject(run.out)).contains(QStringLiteral("envdesk-hello-1.0.0-0_demo")),
        run.out.constData());
    m_runner->writeCondarc("channels: []\n" + pkgs);

    // An environment.yml naming one.
    QVERIFY(envdesk::test::writeFile(work + QStringLiteral("/environment.yml"),
                                     "name: from-file\nchannels: [./chan]\n"
                                     "dependencies:\n  - ./chan::demo-fonts\n"));
    run = m_runner->run({QStringLiteral("env"), QStringLiteral("create"), QStringLiteral("-f"),
                         QStringLiteral("environment.yml"), QStringLiteral("-p"),
                         m_root->filePath(QStringLiteral("file-env")), QStringLiteral("--offline"),
                         QStringLiteral("--dry-run"), QStringLiteral("--json")});
    QVERIFY2(run.exitCode == 0, (run.err + run.out).constData());
    m_runner->setWorkingDirectory({});
}

// `env create -f` takes -c, --override-channels and --offline as `create` does: a file without
// channels gets the demo channel from -c, and --override-channels leaves out the configured
// channel (a folder that does not exist, which would fail the command).
void TestCliDemoChannel::envCreateTakesCreatesChannelOptions()
{
    m_runner->writeCondarc("channels: [/nonexistent/envdesk-configured]\npkgs_dirs: ["
                           + m_root->filePath(QStringLiteral("pkgs")).toUtf8() + "]\n");
    const QString file = m_root->filePath(QStringLiteral("environment.yml"));
    QVERIFY(envdesk::test::writeFile(file, QByteArrayLiteral("name: demo\ndependencies:\n"
                                                             "  - envdesk-hello=1.1\n")));
    const QString configured = m_root->filePath(QStringLiteral("configured"));
    const CliRun refused =
        m_runner->run({QStringLiteral("env"), QStringLiteral("create"), QStringLiteral("-f"), file,
                       QStringLiteral("-p"), configured, QStringLiteral("-c"), demoChannel()});
    QVERIFY(refused.exitCode != 0);
    QVERIFY2(refused.err.contains("envdesk-configured"), refused.err.constData());
    QVERIFY(!QFileInfo::exists(configured));

    const QString prefix = m_root->filePath(QStringLiteral("from-file"));
    const CliRun run =
        m_runner->run({QStringLiteral("env"), QStringLiteral("create"), QStringLiteral("-f"), file,
                       QStringLiteral("-p"), prefix, QStringLiteral("-c"), demoChannel(),
                       QStringLiteral("--override-channels"), QStringLiteral("--offline"),
                       QStringLiteral("--json")});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QVERIFY(
        QFileInfo::exists(prefix + QStringLiteral("/conda-meta/envdesk-hello-1.1.0-0_demo.json")));
}

// conda offline: a remote channel whose repodata was never cached is empty, noarch as well as
// the platform subdir, so what the other channels hold still solves. (A loopback URL that
// nothing listens on: offline, it is never asked.)
void TestCliDemoChannel::offlineUncachedRemoteChannelIsEmpty()
{
    const QString remote = QStringLiteral("http://127.0.0.1:9/envdesk-never-fetched");
    const CliRun run = m_runner->run(
        {QStringLiteral("create"), QStringLiteral("-p"), m_root->filePath(QStringLiteral("env")),
         QStringLiteral("-c"), remote, QStringLiteral("-c"), demoChannel(),
         QStringLiteral("--override-channels"), QStringLiteral("--offline"),
         QStringLiteral("--dry-run"), QStringLiteral("python")});
    QVERIFY2(run.exitCode == 0 || run.err.contains("DryRunExit"), run.err.constData());
    QVERIFY2(run.out.contains("python-3.12.7-0_demo"), run.out.constData());
    QVERIFY2(run.err.contains("envdesk-never-fetched/noarch: offline, and nothing cached"),
             run.err.constData());
    // The machine's subdir and noarch, each with its note.
    QCOMPARE(run.err.count("envdesk-never-fetched/"), 2);
    QCOMPARE(run.err.count("offline, and nothing cached; taken as an empty subdir"), 2);

    // What only that channel could have provided is missing, and the answer says why it may be.
    const CliRun missing = m_runner->run(
        {QStringLiteral("create"), QStringLiteral("-p"), m_root->filePath(QStringLiteral("env")),
         QStringLiteral("-c"), remote, QStringLiteral("-c"), demoChannel(),
         QStringLiteral("--override-channels"), QStringLiteral("--offline"),
         QStringLiteral("--dry-run"), QStringLiteral("--json"), QStringLiteral("numpy")});
    QCOMPARE(missing.exitCode, 1);
    const QString message = parseObject(missing.out).value(QStringLiteral("message")).toString();
    QVERIFY2(message.contains(QLatin1String("nothing provides numpy"))
                 && message.contains(QLatin1String("offline, and nothing is cached yet for "
                                                   "http://127.0.0.1:9/envdesk-never-fetched")),
             qPrintable(message));
}

// An environment made from the demo channel alone exports a file that needs nothing else: no
// `defaults` although the configuration lists it (nothing came from it), and --from-history
// keeps the channel the user typed (conda drops it, conda/conda#12842), also after a rollback.
void TestCliDemoChannel::exportsKeepTheChannelsUsed()
{
    m_runner->writeCondarc("channels: [defaults]\npkgs_dirs: ["
                           + m_root->filePath(QStringLiteral("pkgs")).toUtf8() + "]\n");
    const QString prefix = m_root->filePath(QStringLiteral("env"));
    const QString channel = QStringLiteral("file://") + demoChannel();
    for (const QStringList& command :
         {QStringList{QStringLiteral("create"), QStringLiteral("python=3.11")},
          QStringList{QStringLiteral("install"), QStringLiteral("envdesk-hello")},
          QStringList{QStringLiteral("install"), QStringLiteral("--revision"),
                      QStringLiteral("0")}}) {
        const CliRun run =
            m_runner->run(command
                          + QStringList{QStringLiteral("-p"), prefix, QStringLiteral("-c"),
                                        demoChannel(), QStringLiteral("--override-channels"),
                                        QStringLiteral("--offline"), QStringLiteral("-y")});
        QVERIFY2(run.exitCode == 0, run.err.constData());
    }
    const auto channelsOf = [&](const QStringList& extra) {
        const CliRun run =
            m_runner->run(QStringList{QStringLiteral("env"), QStringLiteral("export"),
                                      QStringLiteral("-p"), prefix, QStringLiteral("--json")}
                          + extra);
        const QJsonObject file = parseObject(run.out);
        return std::make_pair(file.value(QStringLiteral("channels")).toArray().toVariantList(),
                              file.value(QStringLiteral("dependencies")).toArray());
    };
    const auto [full, fullDependencies] = channelsOf({});
    QCOMPARE(full, (QVariantList{channel}));
    QCOMPARE(fullDependencies.size(), 2); // python and pip: envdesk-hello was rolled back
    const auto [history, asked] = channelsOf({QStringLiteral("--from-history")});
    QCOMPARE(history, (QVariantList{channel}));
    QCOMPARE(asked, (QJsonArray{QStringLiteral("python=3.11")}));
}

QTEST_MAIN(TestCliDemoChannel)
#include "tst_cli_demo_channel.moc"
