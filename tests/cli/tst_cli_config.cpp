// Runs the real envdesk-cli config with HOME, CONDARC and the system folders pointed at
// temporary folders, so the machine's own .condarc files are never read or written.

#include "tests/support/string_lists.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QTest>

namespace {

using envdesk::test::sl;

struct Run {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

QByteArray readAll(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

void writeAll(const QString& path, const QByteArray& bytes)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    if (file.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        file.write(bytes);
    }
}

} // namespace

class TestCliConfig : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void showJsonShapeAndSources();
    void showTextLikeConda();
    void showSomeKeys();
    void showSources();
    void environmentVariableShowsAsSource();
    void showMasksSecrets();
    void addCreatesUserFileWithDefaults();
    void editsKeepComments();
    void getPrintsCommands();
    void errorsNameFileLineAndKey();
    void brokenFileIsNotWritten();
    void hostileYamlIsAnError();
    void missingItemFails();
    void commandLineMistakesExit2_data();
    void commandLineMistakesExit2();
    void fileAndEnvTargets();

private:
    Run runCli(const QStringList& args, const QProcessEnvironment& extra = {});
    QString home() const { return m_dir->path() + QStringLiteral("/home"); }
    QString userFile() const { return home() + QStringLiteral("/.condarc"); }
    QString systemFile() const { return m_dir->path() + QStringLiteral("/etc/.condarc"); }

    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestCliConfig::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    QDir().mkpath(home());
}

void TestCliConfig::cleanup()
{
    m_dir.reset();
}

Run TestCliConfig::runCli(const QStringList& args, const QProcessEnvironment& extra)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const QString& key : env.keys()) {
        if (key.startsWith(QLatin1String("CONDA")) || key == QLatin1String("XDG_CONFIG_HOME")) {
            env.remove(key);
        }
    }
    env.insert(QStringLiteral("HOME"), home());
    env.insert(QStringLiteral("ENVDESK_CONDARC_SYSTEM_DIRS"),
               m_dir->path() + QStringLiteral("/etc"));
    for (const QString& key : extra.keys()) {
        env.insert(key, extra.value(key));
    }
    QProcess process;
    process.setProcessEnvironment(env);
    process.start(QStringLiteral(ENVDESK_BIN_DIR "/envdesk-cli"),
                  QStringList{QStringLiteral("config")} + args);
    Run run;
    if (!process.waitForFinished(60000)) {
        process.kill();
        return run;
    }
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    return run;
}

void TestCliConfig::showJsonShapeAndSources()
{
    writeAll(systemFile(), "channels: [defaults]\nchannel_priority: strict\n");
    writeAll(userFile(), "channels:\n  - conda-forge\nauto_update_conda: false\n");
    const Run run = runCli({QStringLiteral("--show"), QStringLiteral("--json")});
    QCOMPARE(run.exitCode, 0);
    QJsonParseError error;
    const QJsonObject root = QJsonDocument::fromJson(run.out, &error).object();
    QCOMPARE(error.error, QJsonParseError::NoError);
    QCOMPARE(root.value(QStringLiteral("channels")).toArray(),
             QJsonArray({QStringLiteral("conda-forge"), QStringLiteral("defaults")}));
    QCOMPARE(root.value(QStringLiteral("channel_priority")).toString(), QStringLiteral("strict"));
    QCOMPARE(root.value(QStringLiteral("offline")), QJsonValue(false));
    QCOMPARE(root.value(QStringLiteral("remote_connect_timeout_secs")).toDouble(), 9.15);
    QVERIFY(root.value(QStringLiteral("show_channel_urls")).isNull());
    QCOMPARE(root.value(QStringLiteral("auto_update_conda")), QJsonValue(false)); // unknown, kept
    const QJsonObject sources = root.value(QStringLiteral("envdesk_sources")).toObject();
    QCOMPARE(sources.value(QStringLiteral("channels")).toArray(),
             QJsonArray({userFile(), systemFile()}));
    QCOMPARE(sources.value(QStringLiteral("channel_priority")).toArray(),
             QJsonArray({systemFile()}));
    QCOMPARE(sources.value(QStringLiteral("offline")).toArray(), QJsonArray());
}

void TestCliConfig::showTextLikeConda()
{
    writeAll(userFile(), "channels: [conda-forge]\nshow_channel_urls: true\n");
    const Run run = runCli({QStringLiteral("--show")});
    QCOMPARE(run.exitCode, 0);
    QVERIFY(run.out.contains("channels:\n  - conda-forge\n"));
    QVERIFY(run.out.contains("\nshow_channel_urls: True\n"));
    QVERIFY(run.out.contains("\noffline: False\n"));
    QVERIFY(run.out.contains("\ncustom_channels: {}\n"));
    QVERIFY(run.out.contains("\npinned_packages: []\n"));
}

void TestCliConfig::showSomeKeys()
{
    writeAll(userFile(), "channel_priority: disabled\n");
    const Run run = runCli(
        {QStringLiteral("--show"), QStringLiteral("channel_priority"), QStringLiteral("offline")});
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(run.out, QByteArray("channel_priority: disabled\noffline: False\n"));
    const Run unknown = runCli({QStringLiteral("--show"), QStringLiteral("no_such_key")});
    QCOMPARE(unknown.exitCode, 1);
    QVERIFY(unknown.err.contains("no_such_key"));
}

void TestCliConfig::showSources()
{
    writeAll(systemFile(), "offline: true\n");
    writeAll(userFile(), "channels: [a, b]\n");
    const Run run = runCli({QStringLiteral("--show-sources")});
    QCOMPARE(run.exitCode, 0);
    const QByteArray expected = "==> " + systemFile().toUtf8() + " <==\noffline: True\n\n==> "
                                + userFile().toUtf8() + " <==\nchannels:\n  - a\n  - b\n";
    QCOMPARE(run.out, expected);
    const Run json = runCli({QStringLiteral("--show-sources"), QStringLiteral("--json")});
    QCOMPARE(json.exitCode, 0);
    const QJsonObject root = QJsonDocument::fromJson(json.out).object();
    QCOMPARE(root.keys().size(), 2);
    QCOMPARE(root.value(userFile()).toObject().value(QStringLiteral("channels")).toArray().size(),
             2);
}

void TestCliConfig::environmentVariableShowsAsSource()
{
    writeAll(userFile(), "channel_priority: flexible\n");
    const QString condarc = m_dir->path() + QStringLiteral("/project/condarc.yml");
    writeAll(condarc, "channels: [from-condarc]\n");
    QProcessEnvironment extra;
    extra.insert(QStringLiteral("CONDA_CHANNEL_PRIORITY"), QStringLiteral("strict"));
    extra.insert(QStringLiteral("CONDARC"), condarc);
    const Run run = runCli({QStringLiteral("--show"), QStringLiteral("--json")}, extra);
    QCOMPARE(run.exitCode, 0);
    const QJsonObject root = QJsonDocument::fromJson(run.out).object();
    QCOMPARE(root.value(QStringLiteral("channel_priority")).toString(), QStringLiteral("strict"));
    const QJsonObject sources = root.value(QStringLiteral("envdesk_sources")).toObject();
    QCOMPARE(sources.value(QStringLiteral("channel_priority")).toArray(),
             QJsonArray({QStringLiteral("envvars")}));
    QCOMPARE(sources.value(QStringLiteral("channels")).toArray(), QJsonArray({condarc}));
}

void TestCliConfig::showMasksSecrets()
{
    writeAll(userFile(), "channel_alias: https://conda.example/t/tk-1234/\n"
                         "proxy_servers:\n  https: http://me:s3cret@proxy:3128\n");
    for (const QStringList& args :
         {sl({"--show"}), sl({"--show", "--json"}), sl({"--show-sources"})}) {
        const Run run = runCli(args);
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(!run.out.contains("tk-1234") && !run.out.contains("s3cret"), run.out.constData());
        QVERIFY(run.out.contains("<TOKEN>"));
    }
    // --get prints the file as written, to be replayed.
    const Run get = runCli({QStringLiteral("--get"), QStringLiteral("channel_alias")});
    QCOMPARE(get.out, QByteArray("--set channel_alias https://conda.example/t/tk-1234/\n"));
}

void TestCliConfig::addCreatesUserFileWithDefaults()
{
    const Run run = runCli(
        {QStringLiteral("--add"), QStringLiteral("channels"), QStringLiteral("conda-forge")});
    QCOMPARE(run.exitCode, 0);
    // conda starts a new channels list from "defaults", what the user had before.
    QCOMPARE(readAll(userFile()), QByteArray("channels:\n  - conda-forge\n  - defaults\n"));
    QVERIFY(!QFile::exists(userFile() + QStringLiteral(".bak")));
}

void TestCliConfig::editsKeepComments()
{
    const QByteArray original = "# my settings\n"
                                "channels:\n"
                                "  - conda-forge  # main\n"
                                "# a note\n"
                                "auto_update_conda: false  # keep\n";
    writeAll(userFile(), original);
    const Run run = runCli({QStringLiteral("--append"), QStringLiteral("channels"),
                            QStringLiteral("bioconda"), QStringLiteral("--set"),
                            QStringLiteral("channel_priority"), QStringLiteral("strict"),
                            QStringLiteral("--set"), QStringLiteral("proxy_servers.https"),
                            QStringLiteral("http://proxy:3128"), QStringLiteral("--json")});
    QCOMPARE(run.exitCode, 0);
    const QJsonObject root = QJsonDocument::fromJson(run.out).object();
    QCOMPARE(root.value(QStringLiteral("success")), QJsonValue(true));
    QCOMPARE(root.value(QStringLiteral("rc_path")).toString(), userFile());
    QCOMPARE(readAll(userFile()), QByteArray("# my settings\n"
                                             "channels:\n"
                                             "  - conda-forge  # main\n"
                                             "  - bioconda\n"
                                             "# a note\n"
                                             "auto_update_conda: false  # keep\n"
                                             "channel_priority: strict\n"
                                             "proxy_servers:\n"
                                             "  https: http://proxy:3128\n"));
    QCOMPARE(readAll(userFile() + QStringLiteral(".bak")), original);

    const Run removed =
        runCli({QStringLiteral("--remove"), QStringLiteral("channels"), QStringLiteral("bioconda"),
                QStringLiteral("--remove-key"), QStringLiteral("proxy_servers")});
    QCOMPARE(removed.exitCode, 0);
    QCOMPARE(readAll(userFile()), QByteArray("# my settings\n"
                                             "channels:\n"
                                             "  - conda-forge  # main\n"
                                             "# a note\n"
                                             "auto_update_conda: false  # keep\n"
                                             "channel_priority: strict\n"));
}

void TestCliConfig::getPrintsCommands()
{
    writeAll(userFile(), "channels: [conda-forge, defaults]\nshow_channel_urls: true\n");
    const Run run = runCli({QStringLiteral("--get")});
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(run.out, QByteArray("--add channels 'defaults'   # lowest priority\n"
                                 "--add channels 'conda-forge'   # highest priority\n"
                                 "--set show_channel_urls True\n"));
    const Run json =
        runCli({QStringLiteral("--get"), QStringLiteral("channels"), QStringLiteral("--json")});
    QCOMPARE(json.exitCode, 0);
    const QJsonObject root = QJsonDocument::fromJson(json.out).object();
    QCOMPARE(root.value(QStringLiteral("get")).toObject().value(QStringLiteral("channels")),
             QJsonValue(QJsonArray({QStringLiteral("conda-forge"), QStringLiteral("defaults")})));
    QCOMPARE(root.value(QStringLiteral("rc_path")).toString(), userFile());
}

void TestCliConfig::errorsNameFileLineAndKey()
{
    writeAll(userFile(), "channels: [a]\nchannel_priority: sometimes\n");
    const Run run = runCli({QStringLiteral("--show")});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains((userFile() + QStringLiteral(":2:19")).toUtf8()),
             run.err.constData());
    QVERIFY(run.err.contains("'channel_priority'"));
    const Run json = runCli({QStringLiteral("--show"), QStringLiteral("--json")});
    QCOMPARE(json.exitCode, 1);
    const QJsonObject root = QJsonDocument::fromJson(json.out).object();
    QVERIFY(root.value(QStringLiteral("message")).toString().contains(QStringLiteral(":2:19")));
    QCOMPARE(root.value(QStringLiteral("exception_name")).toString(),
             QStringLiteral("ConfigurationLoadError"));

    // A wrong value given on the command line names the key too, and writes nothing.
    writeAll(userFile(), "channels: [a]\n");
    const Run set =
        runCli({QStringLiteral("--set"), QStringLiteral("offline"), QStringLiteral("maybe")});
    QCOMPARE(set.exitCode, 1);
    QVERIFY(set.err.contains("'offline'"));
    QCOMPARE(readAll(userFile()), QByteArray("channels: [a]\n"));
}

// Every command reads the .condarc: an alias inside its own anchor crashed all of them (SIGSEGV).
void TestCliConfig::hostileYamlIsAnError()
{
    writeAll(userFile(), "channels: [a]\nx: &x\n  b: *x\n");
    for (const QStringList& args :
         {QStringList{QStringLiteral("--show")}, QStringList{QStringLiteral("--show-sources")}}) {
        const Run run = runCli(args);
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains((userFile() + QStringLiteral(":3:6: unsafe YAML")).toUtf8()),
                 run.err.constData());
        QVERIFY2(run.err.contains("recursive alias"), run.err.constData());
    }
}

void TestCliConfig::brokenFileIsNotWritten()
{
    const QByteArray broken = "channels: [a\noffline: true\n";
    writeAll(userFile(), broken);
    const Run run =
        runCli({QStringLiteral("--set"), QStringLiteral("offline"), QStringLiteral("false")});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains((userFile() + QStringLiteral(":")).toUtf8()), run.err.constData());
    QCOMPARE(readAll(userFile()), broken);
    QVERIFY(!QFile::exists(userFile() + QStringLiteral(".bak")));
}

void TestCliConfig::missingItemFails()
{
    writeAll(userFile(), "channels: [a]\n");
    const Run run =
        runCli({QStringLiteral("--remove"), QStringLiteral("channels"), QStringLiteral("zzz")});
    QCOMPARE(run.exitCode, 1);
    QVERIFY(run.err.startsWith("CondaKeyError: "));
    QVERIFY(run.err.contains("'zzz' is not in the 'channels' key"));
    QCOMPARE(readAll(userFile()), QByteArray("channels: [a]\n"));
}

void TestCliConfig::commandLineMistakesExit2_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::newRow("(nothing)") << QStringList();
    QTest::newRow("--set offline") << sl({"--set", "offline"});
    QTest::newRow("--bogus") << sl({"--bogus"});
    QTest::newRow("--show --get") << sl({"--show", "--get"});
    QTest::newRow("--file a --system --get") << sl({"--file", "a", "--system", "--get"});
    QTest::newRow("stray") << sl({"stray"});
}

void TestCliConfig::commandLineMistakesExit2()
{
    QFETCH(QStringList, args);
    const Run run = runCli(args);
    QCOMPARE(run.exitCode, 2);
    QVERIFY(!run.err.isEmpty());
}

void TestCliConfig::fileAndEnvTargets()
{
    const QString custom = m_dir->path() + QStringLiteral("/custom/condarc");
    const Run file = runCli({QStringLiteral("--file"), custom, QStringLiteral("--set"),
                             QStringLiteral("offline"), QStringLiteral("true")});
    QCOMPARE(file.exitCode, 0);
    QCOMPARE(readAll(custom), QByteArray("offline: true\n"));
    QVERIFY(!QFile::exists(userFile()));

    const QString prefix = m_dir->path() + QStringLiteral("/envs/work");
    QDir().mkpath(prefix);
    QProcessEnvironment extra;
    extra.insert(QStringLiteral("CONDA_PREFIX"), prefix);
    const Run env = runCli({QStringLiteral("--env"), QStringLiteral("--append"),
                            QStringLiteral("pinned_packages"), QStringLiteral("numpy<2")},
                           extra);
    QCOMPARE(env.exitCode, 0);
    QCOMPARE(readAll(prefix + QStringLiteral("/.condarc")),
             QByteArray("pinned_packages:\n  - numpy<2\n"));
    // The environment's file is part of the merge while it is active.
    const Run show = runCli({QStringLiteral("--show"), QStringLiteral("pinned_packages")}, extra);
    QCOMPARE(show.out, QByteArray("pinned_packages:\n  - numpy<2\n"));

    const Run noEnv = runCli({QStringLiteral("--env"), QStringLiteral("--get")});
    QCOMPARE(noEnv.exitCode, 1);
    QVERIFY(noEnv.err.contains("CONDA_PREFIX"));
}

QTEST_APPLESS_MAIN(TestCliConfig)
#include "tst_cli_config.moc"
