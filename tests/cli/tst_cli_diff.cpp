// `envdesk-cli env diff`, run as a user would: diff(1)'s exit statuses, the JSON for CI, the HTML
// page, and a report without terminal colours when the output is not a terminal.

#include "cli_runner.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using envdesk::test::CliRun;
using envdesk::test::runCli;

using envdesk::test::readFile;
using envdesk::test::writeFile;
namespace {

QString lockfiles()
{
    return QStringLiteral(ENVDESK_FIXTURES_DIR "/lockfiles");
}

QString condaLockV2()
{
    return lockfiles() + QStringLiteral("/conda-lock/conda-lock_v2.5.8.conda-lock.yml");
}

QString condaLockV3()
{
    return lockfiles() + QStringLiteral("/conda-lock/conda-lock_v3.0.3.conda-lock.yml");
}

QStringList diffArgs(const QStringList& rest)
{
    return QStringList{QStringLiteral("env"), QStringLiteral("diff")} + rest;
}

} // namespace

class TestCliDiff : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void identicalExitsZero();
    void differentExitsOne();
    void errorsExitTwoNamingFileAndLine();
    void usageErrorsExitTwo();
    void jsonShape();
    void jsonErrorObject();
    void htmlFileWritten();
    void noColourWhenNotATerminal();
    void platformOption();
    void unchangedOption();

private:
    QTemporaryDir m_dir;
};

void TestCliDiff::init()
{
    if (!QDir(lockfiles()).exists()) {
        QSKIP("../shared/fixtures is absent: no lock files to compare");
    }
    QVERIFY2(m_dir.isValid(), "a temporary folder is needed");
}

void TestCliDiff::identicalExitsZero()
{
    const CliRun run = runCli(
        diffArgs({lockfiles() + QStringLiteral("/pixi/rattler-lock_v6_numpy-as-pypi-lock.yml"),
                  lockfiles() + QStringLiteral("/pixi/rattler-lock_v7_numpy-as-pypi-lock.yml")}));
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QVERIFY2(run.out.contains("no differences, 20 unchanged"), run.out.constData());
}

void TestCliDiff::differentExitsOne()
{
    const CliRun run = runCli(diffArgs({condaLockV2(), condaLockV3()}));
    QVERIFY2(run.exitCode == 1, run.err.constData());
    QVERIFY2(run.out.contains("6 downgraded, 1 category changed, 307 unchanged"),
             run.out.constData());
    QVERIFY2(run.out.contains("cowsay"), run.out.constData());
    QVERIFY2(run.out.contains("test (optional) -> main"), run.out.constData());
}

void TestCliDiff::errorsExitTwoNamingFileAndLine()
{
    const QString bad = m_dir.filePath(QStringLiteral("bad.txt"));
    QVERIFY(writeFile(bad, "@EXPLICIT\nhttps://conda.anaconda.org/conda-forge/linux-64/"
                           "zlib-1.3-h0_0.conda\nnot a package\n"));
    const CliRun run = runCli(diffArgs({bad, condaLockV3()}));
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains(bad.toUtf8() + ":3"), run.err.constData());
    QVERIFY2(run.out.isEmpty(), run.out.constData());

    const CliRun missing =
        runCli(diffArgs({m_dir.filePath(QStringLiteral("missing.yml")), condaLockV3()}));
    QCOMPARE(missing.exitCode, 2);
    QVERIFY2(missing.err.contains("missing.yml"), missing.err.constData());

    // A truncated lock: the file ends inside a package entry.
    const QByteArray whole = readFile(condaLockV2());
    const int cut = whole.indexOf("- name: ", whole.size() / 2);
    QVERIFY2(cut > 0, "a package entry in the second half");
    const QString truncated = m_dir.filePath(QStringLiteral("truncated.conda-lock.yml"));
    QVERIFY(writeFile(truncated, whole.left(whole.indexOf("\n  url:", cut))));
    const CliRun cutRun = runCli(diffArgs({truncated, condaLockV3()}));
    QCOMPARE(cutRun.exitCode, 2);
    QVERIFY2(QString::fromUtf8(cutRun.err)
                 .contains(QRegularExpression(QRegularExpression::escape(truncated)
                                              + QStringLiteral(":\\d+:\\d+: "))),
             cutRun.err.constData());
}

void TestCliDiff::usageErrorsExitTwo()
{
    QCOMPARE(runCli(diffArgs({condaLockV2()})).exitCode, 2);
    QCOMPARE(runCli(diffArgs({condaLockV2(), condaLockV3(), QStringLiteral("--bogus")})).exitCode,
             2);
    const CliRun platform = runCli(diffArgs(
        {condaLockV2(), condaLockV3(), QStringLiteral("--platform"), QStringLiteral("x")}));
    QCOMPARE(platform.exitCode, 2);
    QVERIFY2(platform.err.contains("unknown platform"), platform.err.constData());
    const CliRun help = runCli(diffArgs({QStringLiteral("--help")}));
    QCOMPARE(help.exitCode, 0);
    QVERIFY2(help.out.contains("usage: envdesk-cli env diff"), help.out.constData());
}

void TestCliDiff::jsonShape()
{
    const CliRun run = runCli(diffArgs({condaLockV2(), condaLockV3(), QStringLiteral("--json")}));
    QCOMPARE(run.exitCode, 1);
    QJsonParseError error;
    const QJsonObject root = QJsonDocument::fromJson(run.out, &error).object();
    QVERIFY2(error.error == QJsonParseError::NoError, run.out.constData());
    QCOMPARE(root.value(QStringLiteral("schema")).toString(), QStringLiteral("envdesk-diff/1"));
    QCOMPARE(root.value(QStringLiteral("identical")).toBool(true), false);
    for (const char* key :
         {"a", "b", "channels_changed", "summary", "sections", "notes", "warnings"}) {
        QVERIFY2(root.contains(QLatin1String(key)), key);
    }
    QCOMPARE(root.value(QStringLiteral("a")).toObject().value(QStringLiteral("kind")).toString(),
             QStringLiteral("conda-lock"));
    const QJsonObject summary = root.value(QStringLiteral("summary")).toObject();
    QCOMPARE(summary.value(QStringLiteral("downgraded")).toInt(), 6);
    QCOMPARE(summary.value(QStringLiteral("category_changed")).toInt(), 1);
    QCOMPARE(summary.value(QStringLiteral("unchanged")).toInt(), 307);
    const QJsonArray sections = root.value(QStringLiteral("sections")).toArray();
    QCOMPARE(sections.size(), 12);
    int changes = 0;
    for (const auto& value : sections) {
        const QJsonObject section = value.toObject();
        for (const char* key : {"platform", "b_platform", "manager", "summary", "changes"}) {
            QVERIFY2(section.contains(QLatin1String(key)), key);
        }
        for (const auto& change : section.value(QStringLiteral("changes")).toArray()) {
            const QJsonObject entry = change.toObject();
            for (const char* key : {"name", "change", "also", "a", "b"}) {
                QVERIFY2(entry.contains(QLatin1String(key)), key);
            }
            QVERIFY2(entry.value(QStringLiteral("change")).toString() != QLatin1String("unchanged"),
                     "unchanged entries only with --unchanged");
            ++changes;
        }
    }
    QCOMPARE(changes, 7);
    QVERIFY2(!run.out.contains('\x1b'), "no colour in JSON");
}

void TestCliDiff::jsonErrorObject()
{
    const CliRun run = runCli(diffArgs(
        {m_dir.filePath(QStringLiteral("nope.yml")), condaLockV3(), QStringLiteral("--json")}));
    QCOMPARE(run.exitCode, 2);
    const QJsonObject root = QJsonDocument::fromJson(run.out).object();
    QCOMPARE(root.value(QStringLiteral("exception_name")).toString(),
             QStringLiteral("EnvironmentDiffError"));
    QVERIFY2(root.value(QStringLiteral("message")).toString().contains(QStringLiteral("nope.yml")),
             run.out.constData());
}

void TestCliDiff::htmlFileWritten()
{
    const QString page = m_dir.filePath(QStringLiteral("report.html"));
    const CliRun run =
        runCli(diffArgs({condaLockV2(), condaLockV3(), QStringLiteral("--html"), page}));
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.out.contains("6 downgraded"), "the text report still goes to stdout");
    const QByteArray html = readFile(page);
    QVERIFY2(html.startsWith("<!DOCTYPE html>"), html.left(200).constData());
    QVERIFY2(html.contains("cowsay") && html.contains("category changed"), "the same report");
    for (const char* external : {"<link", "<script", "<img", "src=", "href="}) {
        QVERIFY2(!html.contains(external), external);
    }

    const QString unwritable = m_dir.filePath(QStringLiteral("no/such/folder/report.html"));
    const CliRun failed =
        runCli(diffArgs({condaLockV2(), condaLockV3(), QStringLiteral("--html"), unwritable}));
    QCOMPARE(failed.exitCode, 2);
    QVERIFY2(failed.err.contains("report.html"), failed.err.constData());
}

void TestCliDiff::noColourWhenNotATerminal()
{
    // QProcess's stdout is a pipe: no escape codes, unless asked for.
    const CliRun plain = runCli(diffArgs({condaLockV2(), condaLockV3()}));
    QVERIFY2(!plain.out.contains('\x1b'), plain.out.constData());
    const CliRun forced =
        runCli(diffArgs({condaLockV2(), condaLockV3(), QStringLiteral("--color")}));
    QVERIFY2(forced.out.contains("\x1b["), "--color forces colour");
    const CliRun both = runCli(diffArgs(
        {condaLockV2(), condaLockV3(), QStringLiteral("--color"), QStringLiteral("--no-color")}));
    QCOMPARE(both.exitCode, 2);
}

void TestCliDiff::platformOption()
{
    const CliRun win = runCli(diffArgs({condaLockV2(), condaLockV3(), QStringLiteral("--platform"),
                                        QStringLiteral("win-64"), QStringLiteral("--json")}));
    QCOMPARE(win.exitCode, 1);
    const QJsonArray sections =
        QJsonDocument::fromJson(win.out).object().value(QStringLiteral("sections")).toArray();
    QCOMPARE(sections.size(), 2);
    for (const auto& section : sections) {
        QCOMPARE(section.toObject().value(QStringLiteral("platform")).toString(),
                 QStringLiteral("win-64"));
    }
    const CliRun missing =
        runCli(diffArgs({condaLockV2(), condaLockV3(), QStringLiteral("--platform"),
                         QStringLiteral("linux-armv7l")}));
    QCOMPARE(missing.exitCode, 2);
    QVERIFY2(missing.err.contains("linux-armv7l") && missing.err.contains("conda-lock_v2.5.8"),
             missing.err.constData());
}

void TestCliDiff::unchangedOption()
{
    const QString a = lockfiles() + QStringLiteral("/explicit/conda__explicit.txt");
    const CliRun quiet = runCli(diffArgs({a, a}));
    QCOMPARE(quiet.exitCode, 0);
    QVERIFY2(!quiet.out.contains("ca-certificates"), quiet.out.constData());
    const CliRun all = runCli(diffArgs({a, a, QStringLiteral("--unchanged")}));
    QCOMPARE(all.exitCode, 0);
    QVERIFY2(all.out.contains("unchanged") && all.out.contains("ca-certificates"),
             all.out.constData());
}

QTEST_APPLESS_MAIN(TestCliDiff)
#include "tst_cli_diff.moc"
