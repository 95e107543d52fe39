// Environments as wholes, through the real envdesk-cli on conda's test-recipes channel: create
// from environment.yml, export it every way and create again from each export with the same
// records; clone, rename, remove; env list; the pip: section.

#include "cli_runner.h"
#include "core/archive/package_writer.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using envdesk::test::CliRun;
using envdesk::test::CliRunner;

using envdesk::test::readFile;
using envdesk::test::writeFile;
namespace {

// name version build channel of every installed record, sorted: what a round trip must keep.
QStringList recordsOf(const CliRunner& runner, const QString& prefix)
{
    const CliRun run = runner.run(
        {QStringLiteral("list"), QStringLiteral("-p"), prefix, QStringLiteral("--json")});
    QStringList out;
    for (const auto& value : QJsonDocument::fromJson(run.out).array()) {
        const QJsonObject record = value.toObject();
        out << record.value(QStringLiteral("name")).toString() + QLatin1Char(' ')
                   + record.value(QStringLiteral("version")).toString() + QLatin1Char(' ')
                   + record.value(QStringLiteral("build_string")).toString() + QLatin1Char(' ')
                   + record.value(QStringLiteral("channel")).toString();
    }
    out.sort();
    return out;
}

QStringList registryLines(const CliRunner& runner)
{
    const QByteArray text = readFile(runner.home() + QStringLiteral("/.conda/environments.txt"));
    QStringList lines;
    for (const auto& line : text.split('\n')) {
        if (!line.isEmpty()) {
            lines << QString::fromUtf8(line);
        }
    }
    return lines;
}

} // namespace

class TestCliEnv : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void roundTripsThroughEveryExport();
    void explicitFileInstallsOfflineFromTheCache();
    void fromHistoryKeepsWhatWasAsked();
    void lockForSeveralPlatformsSolvesTheOthers();
    void badFilesAreNamed();
    void cloneRenameRemove();
    void removeStaysInsideThePrefix();
    void envListFlagsBrokenOnes();
    void micromambaEnvironmentsByName();
    void pipSectionRunsTheEnvironmentsPip();
    void exportListsWhatPipInstalled();

private:
    QTemporaryDir* m_root = nullptr;
    std::unique_ptr<QTemporaryDir> m_rootHolder;
    std::unique_ptr<CliRunner> m_runner;
    QString m_channel;
};

void TestCliEnv::init()
{
    m_rootHolder = std::make_unique<QTemporaryDir>();
    m_root = m_rootHolder.get();
    m_runner = std::make_unique<CliRunner>();
    m_channel.clear();
    makeTestRecipesChannel(*m_root, {QStringLiteral("*.conda")}, *m_runner, m_channel);
    if (m_channel.isEmpty() && !QTest::currentTestFailed()) {
        QSKIP("../shared/fixtures is absent: no packages to install");
    }
    // envs_dirs of their own, so -n names land in the test's folder.
    m_runner->writeCondarc("channels: []\npkgs_dirs: ["
                           + m_root->filePath(QStringLiteral("pkgs")).toUtf8() + "]\nenvs_dirs: ["
                           + m_root->filePath(QStringLiteral("envs")).toUtf8() + "]\n");
}

void TestCliEnv::roundTripsThroughEveryExport()
{
    const QString yml = m_root->filePath(QStringLiteral("environment.yml"));
    QVERIFY(writeFile(yml, "name: paper\nchannels:\n  - " + m_channel.toUtf8()
                               + "\n  - nodefaults\ndependencies:\n  - dependent=2.0\n"
                                 "  - versioned 1.*\n  - other_dependent\nvariables:\n"
                                 "  DATA_DIR: /srv/data\n  SEED: '42'\n"));
    const CliRun created = m_runner->run(
        {QStringLiteral("env"), QStringLiteral("create"), QStringLiteral("--file"), yml});
    QVERIFY2(created.exitCode == 0, created.err.constData());
    const QString prefix = m_root->filePath(QStringLiteral("envs/paper"));
    const QStringList original = recordsOf(*m_runner, prefix);
    QVERIFY2(original.size() >= 4, qPrintable(original.join(QLatin1Char('\n'))));
    QVERIFY(original.filter(QStringLiteral("versioned 1.0 0")).size() == 1);
    const QJsonObject state =
        QJsonDocument::fromJson(readFile(prefix + QStringLiteral("/conda-meta/state"))).object();
    QCOMPARE(
        state.value(QStringLiteral("env_vars")).toObject().value(QStringLiteral("SEED")).toString(),
        QStringLiteral("42"));
    // In the registry, where conda and micromamba look.
    QVERIFY(registryLines(*m_runner).contains(prefix));
    // The history records the command as typed, as conda records its command line.
    const QByteArray history = readFile(prefix + QStringLiteral("/conda-meta/history"));
    QVERIFY2(history.contains("# cmd: envdesk-cli env create --file " + yml.toUtf8() + "\n"),
             history.constData());

    struct Export {
        const char* name;
        QStringList args;
        QString file;
    };
    const QList<Export> exports = {
        {"full", {QStringLiteral("env"), QStringLiteral("export")}, QStringLiteral("full.yml")},
        {"no-builds",
         {QStringLiteral("env"), QStringLiteral("export"), QStringLiteral("--no-builds")},
         QStringLiteral("nobuilds.yml")},
        {"lock",
         {QStringLiteral("env"), QStringLiteral("export"), QStringLiteral("--lock")},
         QStringLiteral("conda-lock.yml")},
        {"explicit",
         {QStringLiteral("list"), QStringLiteral("--explicit"), QStringLiteral("--sha256")},
         QStringLiteral("explicit.txt")},
    };
    for (const auto& format : exports) {
        const QString file = m_root->filePath(format.file);
        const CliRun exported =
            m_runner->run(format.args + QStringList{QStringLiteral("-p"), prefix});
        QVERIFY2(exported.exitCode == 0, exported.err.constData());
        QVERIFY(writeFile(file, exported.out));
        const QString copy =
            m_root->filePath(QStringLiteral("copies/") + QLatin1String(format.name));
        const CliRun again =
            m_runner->run({QStringLiteral("env"), QStringLiteral("create"), QStringLiteral("-f"),
                           file, QStringLiteral("-p"), copy});
        QVERIFY2(again.exitCode == 0,
                 (QByteArray(format.name) + ": " + again.err + again.out).constData());
        QCOMPARE(recordsOf(*m_runner, copy), original);
        if (QByteArray(format.name) != "lock" && QByteArray(format.name) != "explicit") {
            const QJsonObject copied =
                QJsonDocument::fromJson(readFile(copy + QStringLiteral("/conda-meta/state")))
                    .object();
            QCOMPARE(copied.value(QStringLiteral("env_vars"))
                         .toObject()
                         .value(QStringLiteral("DATA_DIR"))
                         .toString(),
                     QStringLiteral("/srv/data"));
        }
    }
    // The full export is conda's layout.
    const QByteArray full = readFile(m_root->filePath(QStringLiteral("full.yml")));
    QVERIFY2(full.startsWith("name: paper\nchannels:\n  - file://"), full.constData());
    QVERIFY2(full.contains("\ndependencies:\n  - dependency=2.0=0\n"), full.constData());
    QVERIFY2(full.contains("\nvariables:\n  DATA_DIR: /srv/data\n"), full.constData());
    QVERIFY2(full.contains("\nprefix: " + prefix.toUtf8() + "\n"), full.constData());
    const QByteArray lock = readFile(m_root->filePath(QStringLiteral("conda-lock.yml")));
    QVERIFY2(lock.contains("\nversion: 1\n") && lock.contains("sha256: "), lock.constData());
    // create --file takes the explicit export too.
    const CliRun viaCreate =
        m_runner->run({QStringLiteral("create"), QStringLiteral("--file"),
                       m_root->filePath(QStringLiteral("explicit.txt")), QStringLiteral("-n"),
                       QStringLiteral("viacreate"), QStringLiteral("-y")});
    QVERIFY2(viaCreate.exitCode == 0, viaCreate.err.constData());
    QCOMPARE(recordsOf(*m_runner, m_root->filePath(QStringLiteral("envs/viacreate"))), original);
}

void TestCliEnv::explicitFileInstallsOfflineFromTheCache()
{
    const CliRun created = m_runner->run({QStringLiteral("create"), QStringLiteral("-n"),
                                          QStringLiteral("first"), QStringLiteral("-c"), m_channel,
                                          QStringLiteral("-y"), QStringLiteral("dependent")});
    QVERIFY2(created.exitCode == 0, created.err.constData());
    const QString first = m_root->filePath(QStringLiteral("envs/first"));
    const CliRun exported = m_runner->run({QStringLiteral("list"), QStringLiteral("-p"), first,
                                           QStringLiteral("--explicit"), QStringLiteral("--md5")});
    const QString file = m_root->filePath(QStringLiteral("spec.txt"));
    QVERIFY(writeFile(file, exported.out));
    // The channel is gone: only the package cache can answer.
    QVERIFY(QDir(m_channel).removeRecursively());
    const CliRun offline =
        m_runner->run({QStringLiteral("env"), QStringLiteral("create"), QStringLiteral("-f"), file,
                       QStringLiteral("-n"), QStringLiteral("second"), QStringLiteral("--offline"),
                       QStringLiteral("--json")});
    QVERIFY2(offline.exitCode == 0, offline.out.constData());
    QCOMPARE(recordsOf(*m_runner, m_root->filePath(QStringLiteral("envs/second"))),
             recordsOf(*m_runner, first));

    // A wrong checksum is refused, naming the URL, and leaves no environment.
    QByteArray tampered = exported.out;
    const int hash = tampered.indexOf('#', tampered.indexOf("@EXPLICIT"));
    QVERIFY(hash > 0);
    tampered.replace(hash + 1, 32, QByteArray(32, '0'));
    QVERIFY(writeFile(file, tampered));
    QVERIFY(QDir(m_root->filePath(QStringLiteral("pkgs"))).removeRecursively());
    const CliRun refused =
        m_runner->run({QStringLiteral("env"), QStringLiteral("create"), QStringLiteral("-f"), file,
                       QStringLiteral("-n"), QStringLiteral("third")});
    QCOMPARE(refused.exitCode, 1);
    QVERIFY(!QFileInfo::exists(m_root->filePath(QStringLiteral("envs/third/conda-meta"))));
}

void TestCliEnv::fromHistoryKeepsWhatWasAsked()
{
    const QString prefix = m_root->filePath(QStringLiteral("envs/asked"));
    const CliRun created =
        m_runner->run({QStringLiteral("create"), QStringLiteral("-p"), prefix, QStringLiteral("-c"),
                       m_channel, QStringLiteral("-y"), QStringLiteral("dependent>=1.0,<3")});
    QVERIFY2(created.exitCode == 0, created.err.constData());
    const CliRun added = m_runner->run({QStringLiteral("install"), QStringLiteral("-p"), prefix,
                                        QStringLiteral("-c"), m_channel, QStringLiteral("-y"),
                                        QStringLiteral("versioned=1.0")});
    QVERIFY2(added.exitCode == 0, added.err.constData());
    const CliRun exported =
        m_runner->run({QStringLiteral("env"), QStringLiteral("export"), QStringLiteral("-p"),
                       prefix, QStringLiteral("--from-history")});
    QCOMPARE(exported.exitCode, 0);
    QVERIFY2(
        exported.out.contains("\ndependencies:\n  - dependent[version='>=1.0,<3']\n  - "
                              "versioned=1.0\n")
            || exported.out.contains("\ndependencies:\n  - dependent>=1.0,<3\n  - versioned=1.0\n"),
        exported.out.constData());
    QVERIFY2(!exported.out.contains("dependency"), exported.out.constData());
}

void TestCliEnv::lockForSeveralPlatformsSolvesTheOthers()
{
    const QString prefix = m_root->filePath(QStringLiteral("envs/multi"));
    CliRun run =
        m_runner->run({QStringLiteral("create"), QStringLiteral("-p"), prefix, QStringLiteral("-c"),
                       m_channel, QStringLiteral("-y"), QStringLiteral("dependent=1.0")});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    run = m_runner->run({QStringLiteral("env"), QStringLiteral("export"), QStringLiteral("-p"),
                         prefix, QStringLiteral("--lock"), QStringLiteral("--platform"),
                         QStringLiteral("linux-64"), QStringLiteral("--platform"),
                         QStringLiteral("osx-arm64"), QStringLiteral("-c"), m_channel});
    QVERIFY2(run.exitCode == 0, run.err.constData() + run.out);
    const QByteArray lock = run.out;
    QVERIFY2(lock.contains("  platforms:\n  - linux-64\n  - osx-arm64\n"), lock.constData());
    QCOMPARE(lock.count("platform: osx-arm64\n"), 2); // dependent and dependency, solved
    QCOMPARE(lock.count("platform: linux-64\n"), 2);
    QVERIFY2(lock.contains("osx-arm64: "), lock.constData()); // its content hash

    const QString file = m_root->filePath(QStringLiteral("multi.conda-lock.yml"));
    QVERIFY(writeFile(file, lock));
    run = m_runner->run({QStringLiteral("env"), QStringLiteral("create"), QStringLiteral("-f"),
                         file, QStringLiteral("-p"), m_root->filePath(QStringLiteral("mac")),
                         QStringLiteral("--platform"), QStringLiteral("osx-arm64"),
                         QStringLiteral("--dry-run"), QStringLiteral("--json")});
    QVERIFY2(run.exitCode == 0, run.out.constData());
    const QJsonArray link = QJsonDocument::fromJson(run.out)
                                .object()
                                .value(QStringLiteral("actions"))
                                .toObject()
                                .value(QStringLiteral("LINK"))
                                .toArray();
    QCOMPARE(link.size(), 2);
    QVERIFY(!QFileInfo::exists(m_root->filePath(QStringLiteral("mac"))));
    // A platform the file does not lock is refused, naming what it has.
    run = m_runner->run({QStringLiteral("env"), QStringLiteral("create"), QStringLiteral("-f"),
                         file, QStringLiteral("-p"), m_root->filePath(QStringLiteral("win")),
                         QStringLiteral("--platform"), QStringLiteral("win-64")});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains("linux-64, osx-arm64"), run.err.constData());
}

void TestCliEnv::badFilesAreNamed()
{
    const QString broken = m_root->filePath(QStringLiteral("broken.yml"));
    QVERIFY(writeFile(broken, "name: x\ndependencies:\n  - python\n  - [unclosed\n"));
    CliRun run = m_runner->run(
        {QStringLiteral("env"), QStringLiteral("create"), QStringLiteral("-f"), broken});
    QCOMPARE(run.exitCode, 1);
    // yaml-cpp finds the unclosed list where the file ends.
    QVERIFY2(run.err.contains(broken.toUtf8() + ":5:"), run.err.constData());

    const QString explicitFile = m_root->filePath(QStringLiteral("bad.txt"));
    QVERIFY(writeFile(explicitFile, "@EXPLICIT\nhttps://example.org/not a package\n"));
    run = m_runner->run({QStringLiteral("env"), QStringLiteral("create"), QStringLiteral("-f"),
                         explicitFile, QStringLiteral("-n"), QStringLiteral("bad")});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains(explicitFile.toUtf8() + ":2"), run.err.constData());

    run = m_runner->run({QStringLiteral("env"), QStringLiteral("create"), QStringLiteral("-f"),
                         m_root->filePath(QStringLiteral("absent.yml"))});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains("absent.yml"), run.err.constData());
    QVERIFY(!QFileInfo::exists(m_root->filePath(QStringLiteral("envs/x"))));
}

void TestCliEnv::cloneRenameRemove()
{
    const QString source = m_root->filePath(QStringLiteral("envs/src"));
    CliRun run =
        m_runner->run({QStringLiteral("create"), QStringLiteral("-p"), source, QStringLiteral("-c"),
                       m_channel, QStringLiteral("-y"), QStringLiteral("dependent")});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    // A file of the user's, naming the prefix: a clone carries it over, re-pointed.
    QVERIFY(writeFile(source + QStringLiteral("/etc/notes.cfg"),
                      "data = " + source.toUtf8() + "/share/data\n"));

    run = m_runner->run({QStringLiteral("create"), QStringLiteral("--clone"), source,
                         QStringLiteral("-n"), QStringLiteral("copy"), QStringLiteral("-y")});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    const QString copy = m_root->filePath(QStringLiteral("envs/copy"));
    QCOMPARE(recordsOf(*m_runner, copy), recordsOf(*m_runner, source));
    QCOMPARE(readFile(copy + QStringLiteral("/etc/notes.cfg")),
             "data = " + copy.toUtf8() + "/share/data\n");

    run = m_runner->run({QStringLiteral("rename"), QStringLiteral("-n"), QStringLiteral("copy"),
                         QStringLiteral("renamed")});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    const QString renamed = m_root->filePath(QStringLiteral("envs/renamed"));
    QVERIFY(!QFileInfo::exists(copy));
    QCOMPARE(recordsOf(*m_runner, renamed), recordsOf(*m_runner, source));
    QCOMPARE(readFile(renamed + QStringLiteral("/etc/notes.cfg")),
             "data = " + renamed.toUtf8() + "/share/data\n");
    QVERIFY(registryLines(*m_runner).contains(renamed));
    QVERIFY(!registryLines(*m_runner).contains(copy));
    // Never into itself: the user's files would be copied into the copy.
    run = m_runner->run({QStringLiteral("create"), QStringLiteral("--clone"), source,
                         QStringLiteral("-p"), source + QStringLiteral("/inner"),
                         QStringLiteral("-y")});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains("inside one another"), run.err.constData());
    QVERIFY(!QFileInfo::exists(source + QStringLiteral("/inner")));
    // Onto an existing one only with --force.
    run = m_runner->run({QStringLiteral("rename"), QStringLiteral("-n"), QStringLiteral("renamed"),
                         QStringLiteral("src")});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains("already exists"), run.err.constData());

    run =
        m_runner->run({QStringLiteral("env"), QStringLiteral("remove"), QStringLiteral("-n"),
                       QStringLiteral("renamed"), QStringLiteral("-y"), QStringLiteral("--json")});
    QVERIFY2(run.exitCode == 0, run.out.constData());
    QCOMPARE(QJsonDocument::fromJson(run.out).object().value(QStringLiteral("success")).toBool(),
             true);
    QVERIFY(!QFileInfo::exists(renamed));
    QVERIFY(!registryLines(*m_runner).contains(renamed));
    QVERIFY(QFileInfo::exists(source + QStringLiteral("/conda-meta")));

    // The root prefix is refused.
    QProcessEnvironment rooted;
    rooted.insert(QStringLiteral("CONDA_ROOT"), source);
    run = m_runner->run({QStringLiteral("env"), QStringLiteral("remove"), QStringLiteral("-p"),
                         source, QStringLiteral("-y")},
                        rooted);
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains("base environment"), run.err.constData());
    QVERIFY(QFileInfo::exists(source + QStringLiteral("/conda-meta")));
}

void TestCliEnv::removeStaysInsideThePrefix()
{
    const QString prefix = m_root->filePath(QStringLiteral("envs/doomed"));
    CliRun run =
        m_runner->run({QStringLiteral("create"), QStringLiteral("-p"), prefix, QStringLiteral("-c"),
                       m_channel, QStringLiteral("-y"), QStringLiteral("dependency")});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    // Links out of the prefix: a folder and a file the user keeps elsewhere.
    const QString outside = m_root->filePath(QStringLiteral("precious"));
    QVERIFY(writeFile(outside + QStringLiteral("/data.csv"), "1,2,3\n"));
    QVERIFY(QFile::link(outside, prefix + QStringLiteral("/data")));
    QVERIFY(QFile::link(outside + QStringLiteral("/data.csv"), prefix + QStringLiteral("/x.csv")));
    run = m_runner->run({QStringLiteral("env"), QStringLiteral("remove"), QStringLiteral("-p"),
                         prefix, QStringLiteral("-y")});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QVERIFY(!QFileInfo::exists(prefix));
    QCOMPARE(readFile(outside + QStringLiteral("/data.csv")), QByteArray("1,2,3\n"));

    // A folder that is not an environment is never deleted.
    const QString plain = m_root->filePath(QStringLiteral("plain"));
    QVERIFY(writeFile(plain + QStringLiteral("/keep.txt"), "keep\n"));
    run = m_runner->run({QStringLiteral("env"), QStringLiteral("remove"), QStringLiteral("-p"),
                         plain, QStringLiteral("-y")});
    QCOMPARE(run.exitCode, 1);
    QVERIFY(QFileInfo::exists(plain + QStringLiteral("/keep.txt")));
}

void TestCliEnv::envListFlagsBrokenOnes()
{
    CliRun run = m_runner->run({QStringLiteral("create"), QStringLiteral("-n"),
                                QStringLiteral("good"), QStringLiteral("-c"), m_channel,
                                QStringLiteral("-y"), QStringLiteral("dependency")});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    const QString gone = m_root->filePath(QStringLiteral("gone"));
    const QString half = m_root->filePath(QStringLiteral("half"));
    QVERIFY(QDir().mkpath(half + QStringLiteral("/lib")));
    QFile registry(m_runner->home() + QStringLiteral("/.conda/environments.txt"));
    QVERIFY(registry.open(QIODevice::Append));
    registry.write((gone + QLatin1Char('\n') + half + QLatin1Char('\n')).toUtf8());
    registry.close();
    QProcessEnvironment noInstallations;
    noInstallations.insert(QStringLiteral("ENVDESK_INSTALLATIONS"), QString());
    run = m_runner->run({QStringLiteral("env"), QStringLiteral("list"), QStringLiteral("--json"),
                         QStringLiteral("--details")},
                        noInstallations);
    QVERIFY2(run.exitCode == 0, run.err.constData());
    const QJsonObject out = QJsonDocument::fromJson(run.out).object();
    const QString good = m_root->filePath(QStringLiteral("envs/good"));
    QCOMPARE(out.value(QStringLiteral("envs")).toArray(), QJsonArray{good});
    const QJsonObject details = out.value(QStringLiteral("envs_details")).toObject();
    QCOMPARE(details.value(good).toObject().value(QStringLiteral("name")).toString(),
             QStringLiteral("good"));
    QCOMPARE(details.value(good).toObject().value(QStringLiteral("packages")).toInt(), 1);
    QVERIFY(details.value(good).toObject().contains(QStringLiteral("size_bytes")));
    QCOMPARE(details.value(gone).toObject().value(QStringLiteral("state")).toString(),
             QStringLiteral("missing"));
    QCOMPARE(details.value(half).toObject().value(QStringLiteral("state")).toString(),
             QStringLiteral("broken"));
    run = m_runner->run({QStringLiteral("env"), QStringLiteral("list")}, noInstallations);
    QVERIFY2(run.out.contains("good                     " + good.toUtf8() + "\n"),
             run.out.constData());
    QVERIFY2(run.out.contains(half.toUtf8() + "  (broken: "), run.out.constData());
}

// An environment micromamba made by name (~/micromamba/envs/NAME) is listed by that name, and
// -n NAME reaches it; a create of that name still goes to conda's envs dir.
void TestCliEnv::micromambaEnvironmentsByName()
{
    const QString made = m_runner->home() + QStringLiteral("/micromamba/envs/mm");
    CliRun run =
        m_runner->run({QStringLiteral("create"), QStringLiteral("-p"), made, QStringLiteral("-c"),
                       m_channel, QStringLiteral("-y"), QStringLiteral("dependency")});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    run = m_runner->run({QStringLiteral("env"), QStringLiteral("list")});
    QVERIFY2(run.out.contains("mm  ") && run.out.contains(made.toUtf8()), run.out.constData());
    run = m_runner->run({QStringLiteral("list"), QStringLiteral("-n"), QStringLiteral("mm"),
                         QStringLiteral("--json")});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    const QJsonArray records = QJsonDocument::fromJson(run.out).array();
    QCOMPARE(records.size(), 1);
    QCOMPARE(records.first().toObject().value(QStringLiteral("name")).toString(),
             QStringLiteral("dependency"));
    run = m_runner->run({QStringLiteral("create"), QStringLiteral("-n"), QStringLiteral("mm"),
                         QStringLiteral("-c"), m_channel, QStringLiteral("--dry-run"),
                         QStringLiteral("--json"), QStringLiteral("dependency")});
    QVERIFY2(run.out.contains(m_root->filePath(QStringLiteral("envs/mm")).toUtf8()),
             run.out.constData());
}

// A python whose `-m pip` writes down what it was asked, stands in for pip: enough to see that
// the pip: section reaches the new environment's own interpreter, with the file's options.
void TestCliEnv::pipSectionRunsTheEnvironmentsPip()
{
    envdesk::archive::PackageSpec python;
    // Not named python: conda's solver would add the test channel's pip (for python 3.99).
    python.name = "fake-python";
    python.version = "3.12.0";
    python.build = "fake_0";
    python.subdir = "noarch";
    python.files = {{"bin/python",
                     "#!/bin/sh\n# records what pip was asked, and the requirements it read\n"
                     "echo \"$@\" > \"$CONDA_PREFIX/pip-args.txt\"\n"
                     "while [ $# -gt 1 ]; do [ \"$1\" = -r ] && cp \"$2\" "
                     "\"$CONDA_PREFIX/pip-requirements.txt\"; shift; done\n"
                     "echo Successfully installed requests-2.31.0\n",
                     false, true, false}};
    const auto written = envdesk::archive::writePackage(
        python, (m_channel + QStringLiteral("/noarch")).toStdString());
    QVERIFY2(written, written ? "" : written.error().message().c_str());
    QCOMPARE(m_runner->run({QStringLiteral("index"), m_channel}).exitCode, 0);

    const QString yml = m_root->filePath(QStringLiteral("project/environment.yml"));
    QVERIFY(writeFile(yml, "name: withpip\nchannels: [" + m_channel.toUtf8()
                               + "]\ndependencies:\n  - fake-python=3.12\n  - pip:\n"
                                 "    - --index-url http://127.0.0.1:9/simple\n"
                                 "    - requests==2.31.0\n"));
    CliRun run =
        m_runner->run({QStringLiteral("env"), QStringLiteral("create"), QStringLiteral("-f"), yml});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    const QString prefix = m_root->filePath(QStringLiteral("envs/withpip"));
    const QByteArray args = readFile(prefix + QStringLiteral("/pip-args.txt"));
    QVERIFY2(args.startsWith("-m pip install -U -r "), args.constData());
    QCOMPARE(readFile(prefix + QStringLiteral("/pip-requirements.txt")),
             QByteArray("--index-url http://127.0.0.1:9/simple\nrequests==2.31.0\n"));
    // The requirements file is removed afterwards.
    QCOMPARE(QDir(m_root->filePath(QStringLiteral("project"))).entryList(QDir::Files).size(), 1);

    // Without python, the pip: section cannot run: said so, naming the file.
    const QString nopy = m_root->filePath(QStringLiteral("nopython.yml"));
    QVERIFY(writeFile(nopy, "name: nopython\nchannels: [" + m_channel.toUtf8()
                                + "]\ndependencies:\n  - dependency\n  - pip:\n    - requests\n"));
    run = m_runner->run(
        {QStringLiteral("env"), QStringLiteral("create"), QStringLiteral("-f"), nopy});
    QVERIFY2(run.exitCode == 1, run.err.constData());
    QVERIFY2(run.err.contains(nopy.toUtf8()) && run.err.contains("pip"), run.err.constData());
}

void TestCliEnv::exportListsWhatPipInstalled()
{
    const QString prefix = m_root->filePath(QStringLiteral("envs/mixed"));
    CliRun run =
        m_runner->run({QStringLiteral("create"), QStringLiteral("-p"), prefix, QStringLiteral("-c"),
                       m_channel, QStringLiteral("-y"), QStringLiteral("dependency")});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    const QString site = prefix + QStringLiteral("/lib/python3.12/site-packages/");
    QVERIFY(writeFile(site + QStringLiteral("requests-2.31.0.dist-info/METADATA"),
                      "Metadata-Version: 2.1\nName: requests\nVersion: 2.31.0\n\nbody\n"));
    QVERIFY(writeFile(site + QStringLiteral("requests-2.31.0.dist-info/INSTALLER"), "pip\n"));
    // One that conda put there (its INSTALLER says so) is not pip's.
    QVERIFY(writeFile(site + QStringLiteral("six-1.16.0.dist-info/METADATA"),
                      "Name: six\nVersion: 1.16.0\n"));
    QVERIFY(writeFile(site + QStringLiteral("six-1.16.0.dist-info/INSTALLER"), "conda\n"));
    run = m_runner->run(
        {QStringLiteral("env"), QStringLiteral("export"), QStringLiteral("-p"), prefix});
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(run.out.contains("  - pip:\n    - requests==2.31.0\n"), run.out.constData());
    QVERIFY2(!run.out.contains("six"), run.out.constData());
    run = m_runner->run({QStringLiteral("env"), QStringLiteral("export"), QStringLiteral("-p"),
                         prefix, QStringLiteral("--json")});
    const QJsonArray dependencies =
        QJsonDocument::fromJson(run.out).object().value(QStringLiteral("dependencies")).toArray();
    QCOMPARE(dependencies.last().toObject().value(QStringLiteral("pip")).toArray(),
             QJsonArray{QStringLiteral("requests==2.31.0")});

    // conda list shows it too, as conda shows pip's distributions: build pypi_0, channel pypi.
    run = m_runner->run({QStringLiteral("list"), QStringLiteral("-p"), prefix});
    QCOMPARE(run.exitCode, 0);
    QVERIFY2(
        run.out.contains("\nrequests                  2.31.0                   pypi_0    pypi\n"),
        run.out.constData());
    QVERIFY2(!run.out.contains("six"), run.out.constData());
    run = m_runner->run(
        {QStringLiteral("list"), QStringLiteral("-p"), prefix, QStringLiteral("--json")});
    QJsonObject requests;
    for (const auto& value : QJsonDocument::fromJson(run.out).array()) {
        if (value.toObject().value(QStringLiteral("name")).toString()
            == QLatin1String("requests")) {
            requests = value.toObject();
        }
    }
    QCOMPARE(requests.value(QStringLiteral("channel")).toString(), QStringLiteral("pypi"));
    QCOMPARE(requests.value(QStringLiteral("platform")).toString(), QStringLiteral("pypi"));
    QCOMPARE(requests.value(QStringLiteral("build_string")).toString(), QStringLiteral("pypi_0"));
    QCOMPARE(requests.value(QStringLiteral("base_url")).toString(),
             QStringLiteral("https://pypi.org/"));
    QCOMPARE(requests.value(QStringLiteral("dist_name")).toString(),
             QStringLiteral("requests-2.31.0-pypi_0"));
    // An explicit file cannot hold it.
    run = m_runner->run(
        {QStringLiteral("list"), QStringLiteral("-p"), prefix, QStringLiteral("--explicit")});
    QVERIFY2(!run.out.contains("requests"), run.out.constData());
}

QTEST_GUILESS_MAIN(TestCliEnv)
#include "tst_cli_env.moc"
