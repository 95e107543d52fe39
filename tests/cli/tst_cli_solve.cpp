// Runs the real envdesk-cli's create / install / update / remove --dry-run against the solver
// cases of ../shared/fixtures/solver (conda's own expectations), the real conda-forge subset
// served over HTTP, and prefixes laid out with conda-meta records.

#include "cli_runner.h"
#include "tests/support/python_http_server.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

namespace {

using Run = envdesk::test::CliRun;
using envdesk::test::CliRunner;
using envdesk::test::runCli;

QString fixtures()
{
    return QStringLiteral(ENVDESK_FIXTURES_DIR);
}

QString condaForge()
{
    return fixtures() + QStringLiteral("/repodata/conda-forge-subchannel-py39");
}

QString solverChannel(const QString& name)
{
    return fixtures() + QStringLiteral("/solver/channels/") + name;
}

bool writeFile(const QString& path, const QByteArray& content)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(content) >= 0;
}

QJsonObject parseObject(const QByteArray& text)
{
    return QJsonDocument::fromJson(text).object();
}

QJsonArray actionList(const QJsonObject& root, const char* key)
{
    return root.value(QStringLiteral("actions")).toObject().value(QLatin1String(key)).toArray();
}

QSet<QString> distNames(const QJsonArray& records)
{
    QSet<QString> names;
    for (const auto& value : records) {
        const QJsonObject record = value.toObject();
        names.insert(record.value(QStringLiteral("name")).toString() + QLatin1Char('-')
                     + record.value(QStringLiteral("version")).toString() + QLatin1Char('-')
                     + record.value(QStringLiteral("build_string")).toString());
    }
    return names;
}

QSet<QString> stringSet(const QJsonArray& array)
{
    QSet<QString> out;
    for (const auto& value : array) {
        out.insert(value.toString());
    }
    return out;
}

// Every chain of the problem graph as "step > step > ...", to compare with conda's chains.
QSet<QString> chainsOf(const QJsonObject& problems)
{
    QSet<QString> out;
    for (const auto& conflict : problems.value(QStringLiteral("conflicts")).toArray()) {
        for (const auto& chain : conflict.toObject().value(QStringLiteral("chains")).toArray()) {
            QStringList steps;
            for (const auto& step : chain.toArray()) {
                steps << step.toString();
            }
            out.insert(steps.join(QStringLiteral(" > ")));
        }
    }
    return out;
}

// The records conda-forge's repodata holds for `fileNames` (conda-meta records carry the same
// fields: conda writes the repodata record plus files and link data).
void layOutPrefix(const QString& prefix, const QStringList& fileNames, const QByteArray& history)
{
    QFile file(condaForge() + QStringLiteral("/linux-64/repodata.json"));
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QJsonObject repodata = QJsonDocument::fromJson(file.readAll()).object();
    for (const QString& fileName : fileNames) {
        QJsonObject record =
            repodata.value(QStringLiteral("packages.conda")).toObject().value(fileName).toObject();
        if (record.isEmpty()) {
            record =
                repodata.value(QStringLiteral("packages")).toObject().value(fileName).toObject();
        }
        QVERIFY2(!record.isEmpty(), qPrintable(fileName));
        record.insert(QStringLiteral("files"), QJsonArray());
        QString stem = fileName;
        stem.chop(fileName.endsWith(QLatin1String(".conda")) ? 6 : 8);
        QVERIFY(writeFile(prefix + QStringLiteral("/conda-meta/") + stem + QStringLiteral(".json"),
                          QJsonDocument(record).toJson()));
    }
    QVERIFY(writeFile(prefix + QStringLiteral("/conda-meta/history"), history));
}

const QStringList kOpensslPrefix = {
    QStringLiteral("openssl-3.0.13-hd590300_0.conda"),
    QStringLiteral("ca-certificates-2024.2.2-hbcca054_0.conda"),
    QStringLiteral("libgcc-ng-13.2.0-h77fa898_7.conda"),
    QStringLiteral("libgomp-13.2.0-h77fa898_7.conda"),
    QStringLiteral("_libgcc_mutex-0.1-conda_forge.tar.bz2"),
    QStringLiteral("_openmp_mutex-4.5-2_gnu.tar.bz2"),
};

} // namespace

class TestCliSolve : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void solverCases_data();
    void solverCases();
    void textPlanLikeConda();
    void unsatisfiableTextOnStderr();
    void condaForgePython39OverHttp();
    void fetchSkipsCachedPackages();
    void installUpgradeUnlinksOldRecord();
    void removeUnlinks();
    void updateChecksSpecs();
    void nameResolvesInEnvsDirs();
    void activeAndBasePrefixes();
    void badSpecIsNamed();
    void nameAndPrefixTogether();
    void declaredRulesInArgparseWording_data();
    void declaredRulesInArgparseWording();
    void executesTransactions();
    void createRefusesExistingPrefix();
    void installNeedsAnEnvironment();
    void offlineInstallsFromTheCacheAlone();
    void killedInstallIsRolledBackByTheNextCommand();
    void featuresAreRecordedAndListed();
    void historyListsRevisionsAndRevisionGoesBack();
    void listsLikeConda();
    void listRefusesWhatIsNotAnEnvironment();
};

void TestCliSolve::init()
{
    if (!QDir(fixtures()).exists()) {
        QSKIP("../shared/fixtures is absent: no channels to solve from");
    }
}

void TestCliSolve::solverCases_data()
{
    QTest::addColumn<QStringList>("channels");
    QTest::addColumn<QStringList>("specs");
    QTest::addColumn<QStringList>("pins");
    QTest::addColumn<bool>("addPip");
    QTest::addColumn<QJsonObject>("expect");
    QFile file(fixtures() + QStringLiteral("/solver/cases.json"));
    if (!file.open(QIODevice::ReadOnly)) {
        QSKIP("solver/cases.json is absent");
    }
    const QJsonArray cases = QJsonDocument::fromJson(file.readAll()).array();
    for (const auto& value : cases) {
        const QJsonObject item = value.toObject();
        QStringList channels;
        bool local = true;
        for (const auto& channel : item.value(QStringLiteral("channels")).toArray()) {
            local = local && channel.toString().startsWith(QLatin1String("solver/channels/"));
            channels << fixtures() + QLatin1Char('/') + channel.toString();
        }
        // Cases over conda's filename->record maps or with an installed set are the solver's own
        // tests (tests/core/tst_solver); the CLI takes channels and prefixes.
        if (!local || !item.value(QStringLiteral("installed")).toArray().isEmpty()) {
            continue;
        }
        QStringList pins;
        for (const auto& pin : item.value(QStringLiteral("pins")).toArray()) {
            pins << pin.toString();
        }
        const bool addPip = item.value(QStringLiteral("add_pip_as_python_dependency")).toBool(true);
        const auto addRow = [&](const QString& id, const QJsonArray& specValues,
                                const QJsonObject& expect) {
            QStringList specs;
            for (const auto& spec : specValues) {
                specs << spec.toString();
            }
            QTest::newRow(qPrintable(id + QLatin1Char(' ') + specs.join(QLatin1Char(' '))))
                << channels << specs << pins << addPip << expect;
        };
        const QString id = item.value(QStringLiteral("id")).toString();
        addRow(id, item.value(QStringLiteral("specs")).toArray(),
               item.value(QStringLiteral("expect")).toObject());
        // conda's follow-ups in these cases are fresh solves of other specs over the same index.
        for (const auto& followup : item.value(QStringLiteral("followups")).toArray()) {
            addRow(id, followup.toObject().value(QStringLiteral("specs")).toArray(),
                   followup.toObject().value(QStringLiteral("expect")).toObject());
        }
    }
}

void TestCliSolve::solverCases()
{
    QFETCH(QStringList, channels);
    QFETCH(QStringList, specs);
    QFETCH(QStringList, pins);
    QFETCH(bool, addPip);
    QFETCH(QJsonObject, expect);

    CliRunner runner;
    QByteArray condarc = "channels: []\nadd_pip_as_python_dependency: ";
    condarc += addPip ? "true\n" : "false\n";
    if (!pins.isEmpty()) {
        condarc += "pinned_packages:\n";
        for (const QString& pin : pins) {
            condarc += "  - \"" + pin.toUtf8() + "\"\n";
        }
    }
    runner.writeCondarc(condarc);
    QTemporaryDir root;
    QStringList args = {QStringLiteral("create"),
                        QStringLiteral("-p"),
                        root.filePath(QStringLiteral("env")),
                        QStringLiteral("--dry-run"),
                        QStringLiteral("--json"),
                        QStringLiteral("--override-channels"),
                        QStringLiteral("--platform"),
                        QStringLiteral("linux-64")};
    for (const QString& channel : channels) {
        args << QStringLiteral("-c") << channel;
    }
    const Run run = runner.run(args + specs);
    const QJsonObject out = parseObject(run.out);

    if (expect.value(QStringLiteral("unsatisfiable")).toBool()) {
        QCOMPARE(run.exitCode, 1);
        QCOMPARE(out.value(QStringLiteral("success")).toBool(true), false);
        QCOMPARE(out.value(QStringLiteral("exception_name")).toString(),
                 QStringLiteral("UnsatisfiableError"));
        QVERIFY(!out.value(QStringLiteral("message")).toString().isEmpty());
        // The structured graph, not the text: conda's chains, each from a requested spec.
        QSet<QString> expected;
        for (const auto& chain : expect.value(QStringLiteral("conda_conflict_chains")).toArray()) {
            QStringList steps;
            for (const auto& step : chain.toArray()) {
                steps << step.toString();
            }
            expected.insert(steps.join(QStringLiteral(" > ")));
        }
        const QSet<QString> actual = chainsOf(out.value(QStringLiteral("problems")).toObject());
        QVERIFY2(actual == expected, run.out.constData());
        return;
    }
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QCOMPARE(out.value(QStringLiteral("success")).toBool(), true);
    QCOMPARE(out.value(QStringLiteral("dry_run")).toBool(), true);
    QCOMPARE(out.value(QStringLiteral("actions")).toObject().value(QStringLiteral("PREFIX")),
             QJsonValue(root.filePath(QStringLiteral("env"))));
    QVERIFY(actionList(out, "UNLINK").isEmpty());
    const QJsonArray link = actionList(out, "LINK");
    const QSet<QString> linked = distNames(link);
    if (expect.contains(QStringLiteral("packages"))) {
        QCOMPARE(linked, stringSet(expect.value(QStringLiteral("packages")).toArray()));
    }
    for (const QString& wanted : stringSet(expect.value(QStringLiteral("contains")).toArray())) {
        QVERIFY2(linked.contains(wanted), qPrintable(wanted));
    }
    if (expect.contains(QStringLiteral("subdir"))) {
        // The cases that check a subdir install one package.
        QCOMPARE(link.size(), 1);
        QCOMPARE(link.first().toObject().value(QStringLiteral("subdir")).toString(),
                 expect.value(QStringLiteral("subdir")).toString());
    }
    for (const auto& value : link) {
        const QJsonObject record = value.toObject();
        for (const char* key : {"name", "version", "build_string", "build_number", "channel",
                                "subdir", "url", "fn", "md5", "sha256", "depends"}) {
            QVERIFY2(record.contains(QLatin1String(key)), key);
        }
    }
}

void TestCliSolve::textPlanLikeConda()
{
    QTemporaryDir root;
    const QString prefix = root.filePath(QStringLiteral("env"));
    const Run run =
        runCli({QStringLiteral("create"), QStringLiteral("-p"), prefix, QStringLiteral("--dry-run"),
                QStringLiteral("-c"), solverChannel(QStringLiteral("unsat_any_two_not_three")),
                QStringLiteral("--platform"), QStringLiteral("linux-64"), QStringLiteral("a"),
                QStringLiteral("c")});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    const QString out = QString::fromUtf8(run.out);
    QVERIFY2(out.contains(QLatin1String("## Package Plan ##")), run.out.constData());
    QVERIFY(out.contains(QLatin1String("environment location: ") + prefix));
    QVERIFY(out.contains(QLatin1String("added / updated specs:\n    - a\n    - c\n")));
    QVERIFY(out.contains(QLatin1String("The following packages will be downloaded:")));
    QVERIFY(out.contains(QLatin1String("The following NEW packages will be INSTALLED:")));
    // conda's record id: channel/subdir::name-version-build.
    QVERIFY2(out.contains(QLatin1String("/linux-64::a-2.0-0")), run.out.constData());
    QVERIFY(out.contains(QLatin1String("/linux-64::c-1.0-0")));
}

void TestCliSolve::unsatisfiableTextOnStderr()
{
    QTemporaryDir root;
    const Run run = runCli({QStringLiteral("create"), QStringLiteral("-p"),
                            root.filePath(QStringLiteral("env")), QStringLiteral("--dry-run"),
                            QStringLiteral("-c"), solverChannel(QStringLiteral("unsat_simple")),
                            QStringLiteral("--platform"), QStringLiteral("linux-64"),
                            QStringLiteral("a"), QStringLiteral("b")});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.startsWith("UnsatisfiableError: "), run.err.constData());
    QVERIFY(!run.out.contains("## Package Plan ##"));
}

void TestCliSolve::condaForgePython39OverHttp()
{
    envdesk::test::PythonHttpServer server(condaForge());
    if (!server.isRunning()) {
        QSKIP(qPrintable(server.whyNot()));
    }
    QTemporaryDir root;
    CliRunner runner;
    QProcessEnvironment extra;
    // The machine's glibc must not decide the answer: the subset's python needs __glibc >=2.17.
    extra.insert(QStringLiteral("CONDA_OVERRIDE_GLIBC"), QStringLiteral("2.28"));
    const Run run = runner.run({QStringLiteral("create"), QStringLiteral("-p"),
                                root.filePath(QStringLiteral("py39")), QStringLiteral("--dry-run"),
                                QStringLiteral("--json"), QStringLiteral("-c"), server.url(),
                                QStringLiteral("--override-channels"), QStringLiteral("--platform"),
                                QStringLiteral("linux-64"), QStringLiteral("python=3.9")},
                               extra);
    QVERIFY2(run.exitCode == 0, run.out.constData());
    const QJsonObject out = parseObject(run.out);
    const QJsonArray link = actionList(out, "LINK");
    QJsonObject python;
    QSet<QString> names;
    for (const auto& value : link) {
        const QJsonObject record = value.toObject();
        names.insert(record.value(QStringLiteral("name")).toString());
        if (record.value(QStringLiteral("name")).toString() == QLatin1String("python")) {
            python = record;
        }
        const QString url = record.value(QStringLiteral("url")).toString();
        QVERIFY2(url.startsWith(server.url() + QStringLiteral("/linux-64/"))
                     || url.startsWith(server.url() + QStringLiteral("/noarch/")),
                 qPrintable(url));
        QVERIFY(url.endsWith(record.value(QStringLiteral("fn")).toString()));
        QVERIFY(!record.value(QStringLiteral("sha256")).toString().isEmpty());
    }
    QVERIFY2(!python.isEmpty(), run.out.constData());
    QVERIFY(python.value(QStringLiteral("version")).toString().startsWith(QLatin1String("3.9.")));
    // Every dependency of python is linked too (virtual packages aside), and pip with it
    // (add_pip_as_python_dependency).
    for (const auto& dependency : python.value(QStringLiteral("depends")).toArray()) {
        const QString name = dependency.toString().section(QLatin1Char(' '), 0, 0);
        if (!name.startsWith(QLatin1String("__"))) {
            QVERIFY2(names.contains(name), qPrintable(name));
        }
    }
    QVERIFY(names.contains(QStringLiteral("pip")));
    QVERIFY(actionList(out, "UNLINK").isEmpty());
    // A fresh home has no package cache: everything is downloaded.
    QCOMPARE(distNames(actionList(out, "FETCH")), distNames(link));
}

void TestCliSolve::fetchSkipsCachedPackages()
{
    QTemporaryDir root;
    const QString pkgs = root.filePath(QStringLiteral("pkgs"));
    // One archive, one extracted folder: both count as cached, as in conda's package cache.
    QVERIFY(writeFile(pkgs + QStringLiteral("/a-1.0-0.tar.bz2"), "archive"));
    QVERIFY(writeFile(pkgs + QStringLiteral("/d-1.0-0/info/repodata_record.json"), "{}"));
    CliRunner runner;
    runner.writeCondarc("channels: []\npkgs_dirs:\n  - " + pkgs.toUtf8() + "\n");
    const Run run = runner.run(
        {QStringLiteral("create"), QStringLiteral("-p"), root.filePath(QStringLiteral("env")),
         QStringLiteral("--dry-run"), QStringLiteral("--json"), QStringLiteral("-c"),
         solverChannel(QStringLiteral("unsat_any_two_not_three")), QStringLiteral("--platform"),
         QStringLiteral("linux-64"), QStringLiteral("a"), QStringLiteral("b")});
    QVERIFY2(run.exitCode == 0, run.out.constData());
    const QJsonObject out = parseObject(run.out);
    QCOMPARE(distNames(actionList(out, "LINK")),
             (QSet<QString>{QStringLiteral("a-1.0-0"), QStringLiteral("b-1.0-0"),
                            QStringLiteral("d-1.0-0")}));
    QCOMPARE(distNames(actionList(out, "FETCH")), QSet<QString>{QStringLiteral("b-1.0-0")});
}

void TestCliSolve::installUpgradeUnlinksOldRecord()
{
    QTemporaryDir root;
    const QString prefix = root.filePath(QStringLiteral("env"));
    layOutPrefix(prefix, kOpensslPrefix,
                 "==> 2024-01-01 00:00:00 <==\n# cmd: conda create -p env openssl\n"
                 "# update specs: ['openssl']\n");
    const QStringList args = {QStringLiteral("install"),
                              QStringLiteral("-p"),
                              prefix,
                              QStringLiteral("--dry-run"),
                              QStringLiteral("-c"),
                              condaForge(),
                              QStringLiteral("--override-channels"),
                              QStringLiteral("--platform"),
                              QStringLiteral("linux-64"),
                              QStringLiteral("openssl>=3.3")};
    const Run run = runCli(args + QStringList{QStringLiteral("--json")});
    QVERIFY2(run.exitCode == 0, run.out.constData());
    const QJsonObject out = parseObject(run.out);
    QCOMPARE(distNames(actionList(out, "UNLINK")),
             QSet<QString>{QStringLiteral("openssl-3.0.13-hd590300_0")});
    const QSet<QString> link = distNames(actionList(out, "LINK"));
    QCOMPARE(link.size(), 1);
    QVERIFY2(link.begin()->startsWith(QLatin1String("openssl-3.3.")), run.out.constData());
    // The installed record's channel URL prints as conda's canonical name.
    QCOMPARE(actionList(out, "UNLINK").first().toObject().value(QStringLiteral("channel")),
             QJsonValue(QStringLiteral("conda-forge")));

    const Run text = runCli(args);
    QVERIFY2(text.exitCode == 0, text.err.constData());
    QVERIFY2(text.out.contains("The following packages will be UPDATED:"), text.out.constData());
    QVERIFY(text.out.contains("openssl-3.0.13-hd590300_0 --> "));

    // Nothing to do: conda's message, no plan.
    const Run same = runCli({QStringLiteral("install"), QStringLiteral("-p"), prefix,
                             QStringLiteral("--dry-run"), QStringLiteral("--json"),
                             QStringLiteral("-c"), condaForge(), QStringLiteral("--platform"),
                             QStringLiteral("linux-64"), QStringLiteral("openssl=3.0.13")});
    QVERIFY2(same.exitCode == 0, same.out.constData());
    QCOMPARE(parseObject(same.out).value(QStringLiteral("message")).toString(),
             QStringLiteral("All requested packages already installed."));
}

void TestCliSolve::removeUnlinks()
{
    QTemporaryDir root;
    const QString prefix = root.filePath(QStringLiteral("env"));
    layOutPrefix(prefix, kOpensslPrefix,
                 "==> 2024-01-01 00:00:00 <==\n# cmd: conda create -p env openssl libgomp\n"
                 "# update specs: ['openssl', 'libgomp']\n");
    const Run run = runCli({QStringLiteral("remove"), QStringLiteral("-p"), prefix,
                            QStringLiteral("--dry-run"), QStringLiteral("--json"),
                            QStringLiteral("-c"), condaForge(), QStringLiteral("--platform"),
                            QStringLiteral("linux-64"), QStringLiteral("openssl")});
    QVERIFY2(run.exitCode == 0, run.out.constData());
    const QJsonObject out = parseObject(run.out);
    QVERIFY(actionList(out, "LINK").isEmpty());
    const QSet<QString> unlinked = distNames(actionList(out, "UNLINK"));
    QVERIFY2(unlinked.contains(QStringLiteral("openssl-3.0.13-hd590300_0")), run.out.constData());
    // What another request still needs stays.
    QVERIFY(!unlinked.contains(QStringLiteral("libgomp-13.2.0-h77fa898_7")));

    const Run missing =
        runCli({QStringLiteral("remove"), QStringLiteral("-p"), prefix, QStringLiteral("--dry-run"),
                QStringLiteral("--json"), QStringLiteral("numpy")});
    QCOMPARE(missing.exitCode, 1);
    QCOMPARE(parseObject(missing.out).value(QStringLiteral("exception_name")).toString(),
             QStringLiteral("PackagesNotFoundError"));
}

void TestCliSolve::updateChecksSpecs()
{
    QTemporaryDir root;
    const QString prefix = root.filePath(QStringLiteral("env"));
    layOutPrefix(prefix, kOpensslPrefix, "");
    const QStringList base = {
        QStringLiteral("update"),  QStringLiteral("-p"), prefix,       QStringLiteral("--dry-run"),
        QStringLiteral("--json"),  QStringLiteral("-c"), condaForge(), QStringLiteral("--platform"),
        QStringLiteral("linux-64")};
    // conda update takes names only.
    const Run versioned = runCli(base + QStringList{QStringLiteral("openssl>=3")});
    QCOMPARE(versioned.exitCode, 1);
    QVERIFY(parseObject(versioned.out)
                .value(QStringLiteral("message"))
                .toString()
                .contains(QLatin1String("install")));
    const Run absent = runCli(base + QStringList{QStringLiteral("numpy")});
    QCOMPARE(absent.exitCode, 1);
    QCOMPARE(parseObject(absent.out).value(QStringLiteral("exception_name")).toString(),
             QStringLiteral("PackageNotInstalledError"));
    const Run update = runCli(base + QStringList{QStringLiteral("openssl")});
    QVERIFY2(update.exitCode == 0, update.out.constData());
    QCOMPARE(distNames(actionList(parseObject(update.out), "UNLINK")),
             QSet<QString>{QStringLiteral("openssl-3.0.13-hd590300_0")});
}

void TestCliSolve::nameResolvesInEnvsDirs()
{
    QTemporaryDir root;
    const QString envs = root.filePath(QStringLiteral("envs"));
    QVERIFY(QDir().mkpath(envs));
    CliRunner runner;
    runner.writeCondarc("channels: []\nenvs_dirs:\n  - " + envs.toUtf8() + "\n");
    const Run run =
        runner.run({QStringLiteral("create"), QStringLiteral("-n"), QStringLiteral("fresh"),
                    QStringLiteral("--dry-run"), QStringLiteral("--json"), QStringLiteral("-c"),
                    solverChannel(QStringLiteral("priority_version")), QStringLiteral("--platform"),
                    QStringLiteral("linux-64"), QStringLiteral("foo")});
    QVERIFY2(run.exitCode == 0, run.out.constData());
    QCOMPARE(parseObject(run.out)
                 .value(QStringLiteral("actions"))
                 .toObject()
                 .value(QStringLiteral("PREFIX"))
                 .toString(),
             envs + QStringLiteral("/fresh"));

    const Run slash =
        runner.run({QStringLiteral("create"), QStringLiteral("-n"), QStringLiteral("a/b"),
                    QStringLiteral("--dry-run"), QStringLiteral("foo")});
    QCOMPARE(slash.exitCode, 1);
    QVERIFY2(slash.err.contains("a/b"), slash.err.constData());
}

void TestCliSolve::activeAndBasePrefixes()
{
    QTemporaryDir root;
    const QString prefix = root.filePath(QStringLiteral("env"));
    layOutPrefix(prefix, kOpensslPrefix, "");
    const QStringList args = {QStringLiteral("install"),
                              QStringLiteral("--dry-run"),
                              QStringLiteral("--json"),
                              QStringLiteral("-c"),
                              condaForge(),
                              QStringLiteral("--platform"),
                              QStringLiteral("linux-64"),
                              QStringLiteral("openssl>=3.3")};
    CliRunner runner;
    // Without -n or -p: the active environment, as conda.
    QProcessEnvironment active;
    active.insert(QStringLiteral("CONDA_PREFIX"), prefix);
    const Run run = runner.run(args, active);
    QVERIFY2(run.exitCode == 0, run.out.constData());
    QCOMPARE(parseObject(run.out)
                 .value(QStringLiteral("actions"))
                 .toObject()
                 .value(QStringLiteral("PREFIX"))
                 .toString(),
             prefix);
    // -n base: the root prefix.
    QProcessEnvironment rooted;
    rooted.insert(QStringLiteral("CONDA_ROOT"), prefix);
    const Run base =
        runner.run(args + QStringList{QStringLiteral("-n"), QStringLiteral("base")}, rooted);
    QVERIFY2(base.exitCode == 0, base.out.constData());
    QCOMPARE(distNames(actionList(parseObject(base.out), "UNLINK")),
             QSet<QString>{QStringLiteral("openssl-3.0.13-hd590300_0")});
}

void TestCliSolve::badSpecIsNamed()
{
    QTemporaryDir root;
    const Run run = runCli(
        {QStringLiteral("create"), QStringLiteral("-p"), root.filePath(QStringLiteral("env")),
         QStringLiteral("--dry-run"), QStringLiteral("--json"), QStringLiteral("-c"),
         solverChannel(QStringLiteral("unsat_simple")), QStringLiteral("numpy>=1.2&3")});
    QCOMPARE(run.exitCode, 1);
    const QJsonObject error = parseObject(run.out);
    QCOMPARE(error.value(QStringLiteral("exception_name")).toString(),
             QStringLiteral("InvalidMatchSpec"));
    QVERIFY(error.value(QStringLiteral("message")).toString().contains(QLatin1String("'&'")));
}

void TestCliSolve::nameAndPrefixTogether()
{
    const Run run = runCli({QStringLiteral("install"), QStringLiteral("-n"), QStringLiteral("x"),
                            QStringLiteral("-p"), QStringLiteral("/tmp/x"),
                            QStringLiteral("--dry-run"), QStringLiteral("numpy")});
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains("not allowed with"), run.err.constData());
}

// The rules verbs.cpp declares (exclusive options, one of several required, no stray
// arguments) are checked before anything runs, worded as conda's argparse words them, and end
// in the verb's help hint with exit status 2.
void TestCliSolve::declaredRulesInArgparseWording_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("message");
    QTest::addColumn<QString>("verb");
    QTest::newRow("priority flags")
        << QStringList{QStringLiteral("install"),
                       QStringLiteral("-p"),
                       QStringLiteral("/tmp/x"),
                       QStringLiteral("--strict-channel-priority"),
                       QStringLiteral("--no-channel-priority"),
                       QStringLiteral("numpy")}
        << QStringLiteral("argument --no-channel-priority: not allowed with argument "
                          "--strict-channel-priority")
        << QStringLiteral("install");
    QTest::newRow("create needs a target")
        << QStringList{QStringLiteral("create"), QStringLiteral("numpy")}
        << QStringLiteral("one of the arguments -n/--name -p/--prefix is required")
        << QStringLiteral("create");
    QTest::newRow("one hash") << QStringList{QStringLiteral("list"), QStringLiteral("--explicit"),
                                             QStringLiteral("--md5"), QStringLiteral("--sha256")}
                              << QStringLiteral(
                                     "argument --sha256: not allowed with argument --md5")
                              << QStringLiteral("list");
    QTest::newRow("stray argument")
        << QStringList{QStringLiteral("env"), QStringLiteral("list"), QStringLiteral("extra")}
        << QStringLiteral("unexpected argument 'extra'") << QStringLiteral("env list");
}

void TestCliSolve::declaredRulesInArgparseWording()
{
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    QFETCH(QString, verb);
    const Run run = runCli(args);
    QCOMPARE(run.exitCode, 2);
    const QString err = QString::fromUtf8(run.err);
    QVERIFY2(err.contains(QStringLiteral("envdesk-cli %1: %2").arg(verb, message)),
             run.err.constData());
    QVERIFY2(err.contains(QStringLiteral("Try 'envdesk-cli %1 --help'.").arg(verb)),
             run.err.constData());
    QVERIFY(run.out.isEmpty());
}

// Without --dry-run the plan is carried out: a real environment from a real local channel (conda's
// test packages), conda-meta, history and the registry written; a failing post-link script
// leaves the environment as it was.
void TestCliSolve::executesTransactions()
{
    QTemporaryDir root;
    envdesk::test::CliRunner runner;
    QString channel;
    makeTestRecipesChannel(root, {QStringLiteral("*.conda"), QStringLiteral("*.tar.bz2")}, runner,
                           channel);
    if (QTest::currentTestFailed()) {
        return;
    }
    if (channel.isEmpty()) {
        QSKIP("../shared/fixtures is absent: no packages to install");
    }

    const QString prefix = root.filePath(QStringLiteral("env"));
    const Run create =
        runner.run({QStringLiteral("create"), QStringLiteral("-p"), prefix, QStringLiteral("-c"),
                    channel, QStringLiteral("--override-channels"), QStringLiteral("--json"),
                    QStringLiteral("dependent"), QStringLiteral("sample_noarch_python")});
    QVERIFY2(create.exitCode == 0, create.out.constData());
    const QJsonObject result = QJsonDocument::fromJson(create.out).object();
    QVERIFY(result.value(QStringLiteral("success")).toBool());
    QVERIFY(QFileInfo::exists(prefix + QStringLiteral("/conda-meta/dependent-2.0-0.json")));
    QVERIFY(QFileInfo::exists(prefix + QStringLiteral("/conda-meta/dependency-2.0-0.json")));
    QVERIFY(QFileInfo::exists(
        prefix + QStringLiteral("/lib/python3.99/site-packages/sample.py"))); // noarch: python
    QFile history(prefix + QStringLiteral("/conda-meta/history"));
    QVERIFY(history.open(QIODevice::ReadOnly));
    QVERIFY(history.readAll().contains("+"));
    QFile registry(runner.home() + QStringLiteral("/.conda/environments.txt"));
    QVERIFY(registry.open(QIODevice::ReadOnly));
    QVERIFY(registry.readAll().contains(prefix.toUtf8()));

    // A failing post-link rolls the whole transaction back.
    const auto before = QDir(prefix + QStringLiteral("/conda-meta")).entryList(QDir::Files);
    const Run failing =
        runner.run({QStringLiteral("install"), QStringLiteral("-p"), prefix, QStringLiteral("-c"),
                    channel, QStringLiteral("--override-channels"), QStringLiteral("-y"),
                    QStringLiteral("failing_post_link")});
    QCOMPARE(failing.exitCode, 1);
    QVERIFY2(failing.err.contains("failing_post_link-1.0-0") && failing.err.contains("put back"),
             failing.err.constData());
    QCOMPARE(QDir(prefix + QStringLiteral("/conda-meta")).entryList(QDir::Files), before);
    QVERIFY(!QFileInfo::exists(prefix + QStringLiteral("/.messages.txt")));

    // A create that fails leaves nothing behind: no new folder, and an empty folder it was
    // given stays empty (no conda-meta, no lock file that would make it look like an
    // environment).
    const QString fresh = root.filePath(QStringLiteral("fresh"));
    const QString empty = root.filePath(QStringLiteral("empty"));
    QVERIFY(QDir().mkpath(empty));
    for (const QString& target : {fresh, empty}) {
        const Run failed =
            runner.run({QStringLiteral("create"), QStringLiteral("-p"), target,
                        QStringLiteral("-c"), channel, QStringLiteral("--override-channels"),
                        QStringLiteral("-y"), QStringLiteral("failing_post_link")});
        QCOMPARE(failed.exitCode, 1);
        QVERIFY2(failed.err.contains("failing_post_link-1.0-0"), failed.err.constData());
    }
    QVERIFY(!QFileInfo::exists(fresh));
    QVERIFY(QFileInfo(empty).isDir());
    QVERIFY2(
        QDir(empty).isEmpty(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot),
        qPrintable(QDir(empty)
                       .entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot)
                       .join(QLatin1Char(' '))));

    // Post-link scripts run in the activated environment: this one needs what the package's own
    // etc/conda/activate.d script exports. -v shows the scripts' output; two packages writing
    // the same file give conda's ClobberWarning.
    const Run activated =
        runner.run({QStringLiteral("install"), QStringLiteral("-p"), prefix, QStringLiteral("-c"),
                    channel, QStringLiteral("--override-channels"), QStringLiteral("-y"),
                    QStringLiteral("-v"), QStringLiteral("post_link_run_in_env_package"),
                    QStringLiteral("clobber-a"), QStringLiteral("clobber-b")});
    QVERIFY2(activated.exitCode == 0, activated.err.constData());
    QVERIFY2(activated.out.contains("Success: TEST_VAR is set correctly")
                 && !activated.out.contains("not set"),
             activated.out.constData());
    QVERIFY2(activated.err.contains("post_link_run_in_env_package post-link:"),
             activated.err.constData());
    QVERIFY2(activated.err.contains("ClobberWarning: clobber-")
                 && activated.err.contains("'bin/clobber-test-file'"),
             activated.err.constData());

    const Run remove = runner.run({QStringLiteral("remove"), QStringLiteral("-p"), prefix,
                                   QStringLiteral("-y"), QStringLiteral("sample_noarch_python")});
    QVERIFY2(remove.exitCode == 0, remove.err.constData());
    QVERIFY(!QFileInfo::exists(prefix + QStringLiteral("/lib/python3.99/site-packages/sample.py")));
    QVERIFY(!QFileInfo::exists(prefix
                               + QStringLiteral("/conda-meta/sample_noarch_python-1.0-py_0.json")));
    QVERIFY(QFileInfo::exists(prefix + QStringLiteral("/conda-meta/dependent-2.0-0.json")));

    // list reads back what the transactions left.
    const Run list = runner.run(
        {QStringLiteral("list"), QStringLiteral("-p"), prefix, QStringLiteral("--json")});
    QVERIFY2(list.exitCode == 0, list.err.constData());
    QStringList listed;
    for (const auto& value : QJsonDocument::fromJson(list.out).array()) {
        listed << value.toObject().value(QStringLiteral("name")).toString();
    }
    QCOMPARE(listed, (QStringList{QStringLiteral("clobber-a"), QStringLiteral("clobber-b"),
                                  QStringLiteral("dependency"), QStringLiteral("dependent"),
                                  QStringLiteral("post_link_run_in_env_package")}));
}

void TestCliSolve::createRefusesExistingPrefix()
{
    QTemporaryDir root;
    const QString prefix = root.filePath(QStringLiteral("env"));
    layOutPrefix(prefix, {QStringLiteral("_libgcc_mutex-0.1-conda_forge.tar.bz2")}, "");
    const Run run =
        runCli({QStringLiteral("create"), QStringLiteral("-p"), prefix, QStringLiteral("--dry-run"),
                QStringLiteral("-c"), condaForge(), QStringLiteral("--platform"),
                QStringLiteral("linux-64"), QStringLiteral("zlib")});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains(prefix.toUtf8()), run.err.constData());
}

void TestCliSolve::installNeedsAnEnvironment()
{
    QTemporaryDir root;
    const QString prefix = root.filePath(QStringLiteral("nothing-here"));
    const Run run = runCli({QStringLiteral("install"), QStringLiteral("-p"), prefix,
                            QStringLiteral("--dry-run"), QStringLiteral("--json"),
                            QStringLiteral("-c"), condaForge(), QStringLiteral("zlib")});
    QCOMPARE(run.exitCode, 1);
    const QJsonObject error = parseObject(run.out);
    QCOMPARE(error.value(QStringLiteral("exception_name")).toString(),
             QStringLiteral("EnvironmentLocationNotFound"));
    QVERIFY(error.value(QStringLiteral("message")).toString().contains(prefix));
}

namespace {

// conda-meta records as conda writes them: the repodata record plus where it came from.
void addOrigins(const QString& prefix, const QStringList& fileNames)
{
    const QString base = QStringLiteral("https://conda.anaconda.org/conda-forge/linux-64");
    for (const QString& fileName : fileNames) {
        QString stem = fileName;
        stem.chop(fileName.endsWith(QLatin1String(".conda")) ? 6 : 8);
        QFile file(prefix + QStringLiteral("/conda-meta/") + stem + QStringLiteral(".json"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QJsonObject record = QJsonDocument::fromJson(file.readAll()).object();
        file.close();
        record.insert(QStringLiteral("channel"), base);
        record.insert(QStringLiteral("fn"), fileName);
        record.insert(QStringLiteral("url"), base + QLatin1Char('/') + fileName);
        QVERIFY(writeFile(file.fileName(), QJsonDocument(record).toJson()));
    }
}

} // namespace

void TestCliSolve::offlineInstallsFromTheCacheAlone()
{
    QTemporaryDir root;
    envdesk::test::CliRunner runner;
    QString channel;
    makeTestRecipesChannel(root, {QStringLiteral("*.conda")}, runner, channel);
    if (QTest::currentTestFailed()) {
        return;
    }
    if (channel.isEmpty()) {
        QSKIP("../shared/fixtures is absent: no packages to install");
    }

    QString url;
    {
        envdesk::test::PythonHttpServer server(channel);
        if (!server.isRunning()) {
            QSKIP(qPrintable(server.whyNot()));
        }
        url = server.url();
        const Run online = runner.run({QStringLiteral("create"), QStringLiteral("-p"),
                                       root.filePath(QStringLiteral("one")), QStringLiteral("-c"),
                                       url, QStringLiteral("--override-channels"),
                                       QStringLiteral("-y"), QStringLiteral("dependent")});
        QVERIFY2(online.exitCode == 0, online.err.constData());
    } // the server is gone: nothing can be fetched any more

    const QString prefix = root.filePath(QStringLiteral("two"));
    const Run offline =
        runner.run({QStringLiteral("create"), QStringLiteral("-p"), prefix, QStringLiteral("-c"),
                    url, QStringLiteral("--override-channels"), QStringLiteral("--offline"),
                    QStringLiteral("--json"), QStringLiteral("dependent")});
    QVERIFY2(offline.exitCode == 0, offline.out.constData());
    QVERIFY(QFileInfo::exists(prefix + QStringLiteral("/conda-meta/dependent-2.0-0.json")));
    QVERIFY(QFileInfo::exists(prefix + QStringLiteral("/conda-meta/dependency-2.0-0.json")));

    // What the cache lacks cannot come offline: a failure naming the package URL, and no
    // environment left.
    const QString third = root.filePath(QStringLiteral("three"));
    const Run missing =
        runner.run({QStringLiteral("create"), QStringLiteral("-p"), third, QStringLiteral("-c"),
                    url, QStringLiteral("--override-channels"), QStringLiteral("--offline"),
                    QStringLiteral("-y"), QStringLiteral("sample_noarch_python")});
    QCOMPARE(missing.exitCode, 1);
    QVERIFY2(missing.err.contains("offline") && missing.err.contains(url.toUtf8() + "/noarch/")
                 && missing.err.contains(".conda"),
             missing.err.constData());
    QVERIFY(!QFileInfo::exists(third
                               + QStringLiteral("/conda-meta/sample_noarch_python-1.0-py_0.json")));
}

// conda's test channel has `feature` builds that declare a feature (`features: track_featureN`)
// and `track_feature` builds that track it. Installing them must keep both keys in the
// conda-meta records, `list` must show the feature after the build as conda does, and a later
// install that changes the feature must replace the build.
void TestCliSolve::featuresAreRecordedAndListed()
{
    QTemporaryDir root;
    envdesk::test::CliRunner runner;
    QString channel;
    makeTestRecipesChannel(root, {QStringLiteral("*feature*.conda")}, runner, channel);
    if (QTest::currentTestFailed()) {
        return;
    }
    if (channel.isEmpty()) {
        QSKIP("../shared/fixtures is absent: no packages to install");
    }
    const QString prefix = root.filePath(QStringLiteral("env"));
    const Run created =
        runner.run({QStringLiteral("create"), QStringLiteral("-p"), prefix, QStringLiteral("-c"),
                    channel, QStringLiteral("--override-channels"), QStringLiteral("-y"),
                    QStringLiteral("feature=2.0")});
    QVERIFY2(created.exitCode == 0, created.err.constData());

    auto readRecord = [&](const QString& dist) {
        QFile file(prefix + QStringLiteral("/conda-meta/") + dist + QStringLiteral(".json"));
        return file.open(QIODevice::ReadOnly) ? QJsonDocument::fromJson(file.readAll()).object()
                                              : QJsonObject();
    };
    const QJsonObject feature = readRecord(QStringLiteral("feature-2.0-track_feature2_0"));
    QCOMPARE(feature.value(QStringLiteral("features")).toString(),
             QStringLiteral("track_feature2"));
    QCOMPARE(feature.value(QStringLiteral("requested_spec")).toString(),
             QStringLiteral("feature=2.0"));
    const QJsonObject tracker = readRecord(QStringLiteral("track_feature-2.0-0"));
    QCOMPARE(tracker.value(QStringLiteral("track_features")).toString(),
             QStringLiteral("track_feature2"));

    const Run listed = runner.run({QStringLiteral("list"), QStringLiteral("-p"), prefix});
    QCOMPARE(listed.exitCode, 0);
    QVERIFY2(listed.out.contains("\nfeature                   2.0             track_feature2_0  "
                                 "[track_feature2]  "),
             listed.out.constData());
    QVERIFY2(listed.out.contains("\ntrack_feature             2.0                           0 "),
             listed.out.constData());

    // Asking for the other feature's build replaces the installed one.
    const Run changed =
        runner.run({QStringLiteral("install"), QStringLiteral("-p"), prefix, QStringLiteral("-c"),
                    channel, QStringLiteral("--override-channels"), QStringLiteral("-y"),
                    QStringLiteral("--json"), QStringLiteral("feature=1.0")});
    QVERIFY2(changed.exitCode == 0, changed.out.constData());
    const QJsonObject actions =
        QJsonDocument::fromJson(changed.out).object().value(QStringLiteral("actions")).toObject();
    QCOMPARE(actions.value(QStringLiteral("UNLINK"))
                 .toArray()
                 .first()
                 .toObject()
                 .value(QStringLiteral("build_string")),
             QJsonValue(QStringLiteral("track_feature2_0")));
    QCOMPARE(actions.value(QStringLiteral("LINK"))
                 .toArray()
                 .first()
                 .toObject()
                 .value(QStringLiteral("build_string")),
             QJsonValue(QStringLiteral("track_feature1_0")));
    QVERIFY(!QFileInfo::exists(prefix
                               + QStringLiteral("/conda-meta/feature-2.0-track_feature2_0.json")));
    QCOMPARE(readRecord(QStringLiteral("feature-1.0-track_feature1_0"))
                 .value(QStringLiteral("features"))
                 .toString(),
             QStringLiteral("track_feature1"));
    const Run relisted = runner.run(
        {QStringLiteral("list"), QStringLiteral("-p"), prefix, QStringLiteral("^feature$")});
    QVERIFY2(relisted.out.contains("track_feature1_0  [track_feature1]"), relisted.out.constData());
}

// Three revisions (create, a downgrade, an addition), listed as conda lists them, then
// `install --revision 0` from the package cache alone: the channel is gone by then.
void TestCliSolve::historyListsRevisionsAndRevisionGoesBack()
{
    QTemporaryDir root;
    envdesk::test::CliRunner runner;
    QString channel;
    makeTestRecipesChannel(root, {QStringLiteral("*.conda")}, runner, channel);
    if (QTest::currentTestFailed()) {
        return;
    }
    if (channel.isEmpty()) {
        QSKIP("../shared/fixtures is absent: no packages to install");
    }
    const QString prefix = root.filePath(QStringLiteral("env"));
    const QStringList from = {QStringLiteral("-p"),
                              prefix,
                              QStringLiteral("-c"),
                              channel,
                              QStringLiteral("--override-channels"),
                              QStringLiteral("-y")};
    for (const QStringList& step :
         {QStringList{QStringLiteral("create")} + from
              + QStringList{QStringLiteral("dependent=2.0")},
          QStringList{QStringLiteral("install")} + from
              + QStringList{QStringLiteral("dependent=1.0"), QStringLiteral("dependency=1.0")},
          QStringList{QStringLiteral("install")} + from
              + QStringList{QStringLiteral("versioned")}}) {
        const Run run = runner.run(step);
        QVERIFY2(run.exitCode == 0, run.err.constData());
    }

    const Run human = runner.run({QStringLiteral("history"), QStringLiteral("-p"), prefix});
    QVERIFY2(human.exitCode == 0, human.err.constData());
    QVERIFY2(human.out.contains("  (rev 0)\n") && human.out.contains("  (rev 2)\n")
                 && !human.out.contains("(rev 3)"),
             human.out.constData());
    const QByteArray local = " (file://" + QUrl::fromLocalFile(channel).path().toUtf8() + ")";
    QVERIFY2(human.out.contains("    +dependent-2.0" + local + "\n"), human.out.constData());
    QVERIFY2(human.out.contains("     dependent  {2.0" + local + " -> 1.0" + local + "}\n"),
             human.out.constData());
    QVERIFY2(human.out.contains("    +versioned-2.0" + local + "\n"), human.out.constData());

    const Run json = runner.run({QStringLiteral("list"), QStringLiteral("--revisions"),
                                 QStringLiteral("-p"), prefix, QStringLiteral("--json")});
    QCOMPARE(json.exitCode, 0);
    const QJsonArray revisions = QJsonDocument::fromJson(json.out).array();
    QCOMPARE(revisions.size(), 3);
    const QJsonObject second = revisions.at(1).toObject();
    QCOMPARE(second.value(QStringLiteral("rev")).toInt(), 1);
    const QJsonArray downgrades = second.value(QStringLiteral("downgrade")).toArray();
    QCOMPARE(downgrades.size(), 2);
    QCOMPARE(downgrades.at(0).toObject().value(QStringLiteral("old")).toString(),
             QStringLiteral("dependency-2.0-0"));
    QCOMPARE(downgrades.at(0).toObject().value(QStringLiteral("new")).toString(),
             QStringLiteral("dependency-1.0-0"));
    QVERIFY(revisions.at(2)
                .toObject()
                .value(QStringLiteral("cmd"))
                .toString()
                .contains(QStringLiteral("versioned")));

    // Going back needs no channel: every package of revision 0 is still in the cache.
    QVERIFY(QDir(channel).removeRecursively());
    const Run back = runner.run({QStringLiteral("install"), QStringLiteral("-p"), prefix,
                                 QStringLiteral("--revision"), QStringLiteral("0"),
                                 QStringLiteral("--override-channels"), QStringLiteral("-y"),
                                 QStringLiteral("--json")});
    QVERIFY2(back.exitCode == 0, back.out.constData());
    const QString meta = prefix + QStringLiteral("/conda-meta/");
    QVERIFY(QFileInfo::exists(meta + QStringLiteral("dependent-2.0-0.json")));
    QVERIFY(QFileInfo::exists(meta + QStringLiteral("dependency-2.0-0.json")));
    QVERIFY(!QFileInfo::exists(meta + QStringLiteral("dependent-1.0-0.json")));
    QVERIFY(!QFileInfo::exists(meta + QStringLiteral("versioned-2.0-0.json")));
    // ... and it is a revision of its own.
    const Run after = runner.run(
        {QStringLiteral("history"), QStringLiteral("-p"), prefix, QStringLiteral("--json")});
    QCOMPARE(QJsonDocument::fromJson(after.out).array().size(), 4);

    const Run wrong =
        runner.run({QStringLiteral("install"), QStringLiteral("-p"), prefix,
                    QStringLiteral("--revision"), QStringLiteral("9"), QStringLiteral("-y")});
    QCOMPARE(wrong.exitCode, 1);
    QVERIFY2(wrong.err.contains("no revision 9") && wrong.err.contains("revisions 0 to 3"),
             wrong.err.constData());
    const Run both =
        runner.run({QStringLiteral("install"), QStringLiteral("-p"), prefix,
                    QStringLiteral("--revision"), QStringLiteral("1"), QStringLiteral("numpy")});
    QCOMPARE(both.exitCode, 2);
}

void TestCliSolve::killedInstallIsRolledBackByTheNextCommand()
{
    QTemporaryDir root;
    envdesk::test::CliRunner runner;
    QString channel;
    makeTestRecipesChannel(root, {QStringLiteral("*.conda")}, runner, channel);
    if (QTest::currentTestFailed()) {
        return;
    }
    if (channel.isEmpty()) {
        QSKIP("../shared/fixtures is absent: no packages to install");
    }
    // A package whose post-link script SIGKILLs envdesk-cli itself (the script's parent) in the
    // middle of the transaction: after its files are placed, before anything is committed. The
    // archive is written with Python's tarfile, as conda-build would write it.
    QProcess build;
    build.start(
        QStringLiteral("python3"),
        {QStringLiteral("-c"),
         QStringLiteral(
             "import io, json, sys, tarfile\n"
             "files = {'share/killer/data.txt': b'placed\\n',\n"
             "         'bin/.killer-post-link.sh': b'kill -9 $PPID\\nsleep 30\\n',\n"
             "         'info/files': b'share/killer/data.txt\\nbin/.killer-post-link.sh\\n',\n"
             "         'info/index.json': json.dumps({'name': 'killer', 'version': '1.0',\n"
             "             'build': '0', 'build_number': 0, 'depends': ['dependency'],\n"
             "             'subdir': 'noarch', 'noarch': 'generic'}).encode()}\n"
             "with tarfile.open(sys.argv[1], 'w:bz2') as tar:\n"
             "    for name, data in files.items():\n"
             "        info = tarfile.TarInfo(name); info.size = len(data); info.mode = 0o755\n"
             "        tar.addfile(info, io.BytesIO(data))\n"),
         channel + QStringLiteral("/noarch/killer-1.0-0.tar.bz2")});
    if (!build.waitForFinished(30000) || build.exitCode() != 0) {
        QSKIP("python3 could not write the test package");
    }
    QCOMPARE(runner.run({QStringLiteral("index"), channel}).exitCode, 0); // with the new package
    const QString prefix = root.filePath(QStringLiteral("env"));
    const QStringList common = {QStringLiteral("-p"),
                                prefix,
                                QStringLiteral("-c"),
                                channel,
                                QStringLiteral("--override-channels"),
                                QStringLiteral("-y")};
    const auto records = [&] {
        return QDir(prefix + QStringLiteral("/conda-meta"))
            .entryList({QStringLiteral("*.json")}, QDir::Files);
    };

    // Killed during a create: the next create takes the folder over.
    const Run killedCreate = runner.run(QStringList{QStringLiteral("create")} + common
                                        + QStringList{QStringLiteral("killer")});
    QCOMPARE(killedCreate.exitCode, -1); // died of SIGKILL
    QVERIFY(QFileInfo::exists(prefix + QStringLiteral("/share/killer/data.txt")));
    QVERIFY(QFileInfo::exists(prefix + QStringLiteral("/conda-meta/.envdesk-journal")));
    const Run create = runner.run(QStringList{QStringLiteral("create")} + common
                                  + QStringList{QStringLiteral("dependency")});
    QVERIFY2(create.exitCode == 0, create.err.constData());
    QVERIFY2(create.err.contains("rolled back"), create.err.constData());
    QCOMPARE(records(), QStringList{QStringLiteral("dependency-2.0-0.json")});
    QVERIFY(!QFileInfo::exists(prefix + QStringLiteral("/share/killer")));

    // Killed during an install: the next command finds the prefix as it was before.
    const Run killedInstall = runner.run(QStringList{QStringLiteral("install")} + common
                                         + QStringList{QStringLiteral("killer")});
    QCOMPARE(killedInstall.exitCode, -1);
    const Run install = runner.run(QStringList{QStringLiteral("install")} + common
                                   + QStringList{QStringLiteral("dependent")});
    QVERIFY2(install.exitCode == 0, install.err.constData());
    QCOMPARE(records(), (QStringList{QStringLiteral("dependency-2.0-0.json"),
                                     QStringLiteral("dependent-2.0-0.json")}));
    QVERIFY(!QFileInfo::exists(prefix + QStringLiteral("/share/killer")));
    QVERIFY(!QFileInfo::exists(prefix + QStringLiteral("/bin/.killer-post-link.sh")));
    QVERIFY(!QFileInfo::exists(prefix + QStringLiteral("/conda-meta/.envdesk-journal")));
    QVERIFY(!QFileInfo::exists(prefix + QStringLiteral("/.envdesk-backup")));
}

void TestCliSolve::listsLikeConda()
{
    QTemporaryDir root;
    const QString prefix = root.filePath(QStringLiteral("env"));
    layOutPrefix(prefix, kOpensslPrefix, "");
    addOrigins(prefix, kOpensslPrefix);

    const Run human = runCli({QStringLiteral("list"), QStringLiteral("-p"), prefix});
    QVERIFY2(human.exitCode == 0, human.err.constData());
    const QList<QByteArray> lines = human.out.split('\n');
    QCOMPARE(lines.value(0), "# packages in environment at " + prefix.toUtf8() + ":");
    QCOMPARE(lines.value(2),
             QByteArray("# Name                    Version                   Build  "
                        "Channel"));
    QVERIFY2(human.out.contains("\nopenssl                   3.0.13               hd590300_0    "
                                "conda-forge\n"),
             human.out.constData());
    QCOMPARE(human.out.count('\n'), 3 + kOpensslPrefix.size());

    // A name pattern, case ignored; a pattern that matches nothing fails like grep.
    const Run filtered =
        runCli({QStringLiteral("list"), QStringLiteral("-p"), prefix, QStringLiteral("^LIBG")});
    QCOMPARE(filtered.exitCode, 0);
    QVERIFY(filtered.out.contains("\nlibgcc-ng ") && filtered.out.contains("\nlibgomp "));
    QVERIFY(!filtered.out.contains("openssl"));
    QCOMPARE(runCli({QStringLiteral("list"), QStringLiteral("-p"), prefix,
                     QStringLiteral("--full-name"), QStringLiteral("libg")})
                 .exitCode,
             1);

    const Run json =
        runCli({QStringLiteral("list"), QStringLiteral("-p"), prefix, QStringLiteral("--json")});
    QCOMPARE(json.exitCode, 0);
    const QJsonArray records = QJsonDocument::fromJson(json.out).array();
    QCOMPARE(records.size(), kOpensslPrefix.size());
    QJsonObject openssl;
    for (const auto& value : records) {
        if (value.toObject().value(QStringLiteral("name")) == QStringLiteral("openssl")) {
            openssl = value.toObject();
        }
    }
    QCOMPARE(openssl.value(QStringLiteral("base_url")).toString(),
             QStringLiteral("https://conda.anaconda.org/conda-forge"));
    QCOMPARE(openssl.value(QStringLiteral("channel")).toString(), QStringLiteral("conda-forge"));
    QCOMPARE(openssl.value(QStringLiteral("dist_name")).toString(),
             QStringLiteral("openssl-3.0.13-hd590300_0"));
    QCOMPARE(openssl.value(QStringLiteral("platform")).toString(), QStringLiteral("linux-64"));
    QCOMPARE(openssl.value(QStringLiteral("build_number")).toInt(), 0);

    // An explicit file lists dependencies before what needs them, each URL with its md5.
    const Run explicitFile = runCli({QStringLiteral("list"), QStringLiteral("-p"), prefix,
                                     QStringLiteral("--explicit"), QStringLiteral("--md5")});
    QCOMPARE(explicitFile.exitCode, 0);
    QVERIFY(explicitFile.out.contains("\n@EXPLICIT\n"));
    QStringList urls;
    for (const auto& line : explicitFile.out.split('\n')) {
        if (line.startsWith("https://")) {
            urls << QString::fromUtf8(line);
        }
    }
    QCOMPARE(urls.size(), kOpensslPrefix.size());
    const auto position = [&](const char* name) {
        for (int i = 0; i < urls.size(); ++i) {
            if (urls[i].contains(QLatin1Char('/') + QLatin1String(name) + QLatin1Char('-'))) {
                return i;
            }
        }
        return -1;
    };
    QVERIFY(position("_libgcc_mutex") < position("libgcc-ng"));
    QVERIFY(position("libgcc-ng") < position("openssl"));
    QVERIFY(position("ca-certificates") >= 0);
    QVERIFY2(
        urls[position("openssl")].contains(QRegularExpression(QStringLiteral("#[0-9a-f]{32}$"))),
        qPrintable(urls[position("openssl")]));

    const Run exported = runCli({QStringLiteral("list"), QStringLiteral("-p"), prefix,
                                 QStringLiteral("--export"), QStringLiteral("openssl")});
    QVERIFY(exported.out.contains("# platform: "));
    QVERIFY(exported.out.endsWith("\nopenssl=3.0.13=hd590300_0\n"));
}

void TestCliSolve::listRefusesWhatIsNotAnEnvironment()
{
    QTemporaryDir root;
    const QString prefix = root.filePath(QStringLiteral("nothing-here"));
    const Run run =
        runCli({QStringLiteral("list"), QStringLiteral("-p"), prefix, QStringLiteral("--json")});
    QCOMPARE(run.exitCode, 1);
    const QJsonObject error = parseObject(run.out);
    QCOMPARE(error.value(QStringLiteral("exception_name")).toString(),
             QStringLiteral("EnvironmentLocationNotFound"));
    QVERIFY(error.value(QStringLiteral("message")).toString().contains(prefix));
    QVERIFY(QDir().mkpath(root.filePath(QStringLiteral("conda-meta"))));
    const Run badPattern =
        runCli({QStringLiteral("list"), QStringLiteral("-p"), root.path(), QStringLiteral("(")});
    QCOMPARE(badPattern.exitCode, 1);
    QVERIFY2(badPattern.err.contains("invalid regular expression '('"), badPattern.err.constData());
}

QTEST_GUILESS_MAIN(TestCliSolve)
#include "tst_cli_solve.moc"
