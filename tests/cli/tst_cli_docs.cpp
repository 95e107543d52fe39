// The man page and shell completions envdesk-cli makes from its own command table: every verb
// in the help is in the man page, and the bash completion, loaded in a real bash, completes
// verbs, a group's verbs, options, and environment names from `env list`.

#include "cli_runner.h"

#include <QDir>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using envdesk::test::CliRun;
using envdesk::test::CliRunner;
using envdesk::test::writeFile;

namespace {

QString cliPath()
{
    return QStringLiteral(ENVDESK_BIN_DIR "/envdesk-cli");
}

} // namespace

class TestCliDocs : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void manPageHasEveryVerb();
    void bashCompletesVerbsOptionsAndEnvironments();
    void zshAndFishScriptsLoad();
    void zshCompletesOnTheFirstTab();
    void fishDescribesEachVerbWhole();

private:
    // What _envdesk_cli puts in COMPREPLY for `line` (the word being completed last).
    QStringList complete(const CliRunner& cli, const QString& script, const QStringList& words);
};

void TestCliDocs::manPageHasEveryVerb()
{
    CliRunner cli;
    const CliRun man = cli.run({QStringLiteral("--generate-man"), QStringLiteral("2026-01-02")});
    QCOMPARE(man.exitCode, 0);
    QVERIFY(man.out.startsWith(".\\\" Generated from envdesk-cli"));
    QVERIFY(man.out.contains(".TH ENVDESK-CLI 1 \"2026-01-02\""));
    // Every verb and group verb the help lists has its subsection.
    const CliRun help = cli.run({QStringLiteral("--help")});
    QStringList verbs;
    for (const QByteArray& line : help.out.split('\n')) {
        if (line.startsWith("  ") && line.size() > 2 && line.at(2) != ' ') {
            verbs << QString::fromUtf8(line.trimmed().split(' ').front());
        }
    }
    QVERIFY(verbs.size() > 15);
    for (const QString& verb : verbs) {
        if (verb == QLatin1String("env") || verb == QLatin1String("shell")) {
            const CliRun group = cli.run({verb, QStringLiteral("--help")});
            for (const QByteArray& line : group.out.split('\n')) {
                if (line.startsWith("  ") && line.size() > 2 && line.at(2) != ' ') {
                    const QString sub = QString::fromUtf8(line.trimmed().split(' ').front());
                    const QByteArray heading =
                        ".SS \"envdesk\\-cli " + verb.toUtf8() + ' ' + sub.toUtf8() + '"';
                    QVERIFY2(man.out.contains(heading), heading.constData());
                }
            }
            continue;
        }
        const QByteArray heading = ".SS \"envdesk\\-cli " + verb.toUtf8() + '"';
        QVERIFY2(man.out.contains(heading), heading.constData());
    }
    // An option with its value, escaped for roff.
    QVERIFY(man.out.contains("\\fB\\-n\\fR, \\fB\\-\\-name\\fR \\fINAME\\fR"));
    QCOMPARE(cli.run({QStringLiteral("--generate-completion"), QStringLiteral("tcsh")}).exitCode,
             2);
}

QStringList TestCliDocs::complete(const CliRunner& cli, const QString& script,
                                  const QStringList& words)
{
    QString array;
    for (const QString& word : words) {
        array += QStringLiteral(" '") + word + QLatin1Char('\'');
    }
    QProcess bash;
    QProcessEnvironment env = cli.processEnvironment();
    env.insert(QStringLiteral("PATH"), QStringLiteral(ENVDESK_BIN_DIR ":/usr/bin:/bin"));
    bash.setProcessEnvironment(env);
    bash.start(QStringLiteral("bash"),
               {QStringLiteral("-c"),
                QStringLiteral(". '%1'; COMP_WORDS=(%2); COMP_CWORD=%3; _envdesk_cli; "
                               "printf '%s\\n' \"${COMPREPLY[@]}\"")
                    .arg(script, array)
                    .arg(words.size() - 1)});
    bash.waitForFinished(30000);
    QStringList out = QString::fromUtf8(bash.readAllStandardOutput()).split(QLatin1Char('\n'));
    out.removeAll(QString());
    out.sort();
    return out;
}

void TestCliDocs::bashCompletesVerbsOptionsAndEnvironments()
{
    QTemporaryDir root;
    CliRunner cli;
    const QString envs = root.filePath(QStringLiteral("envs"));
    QVERIFY(QDir().mkpath(envs + QStringLiteral("/alpha/conda-meta")));
    QVERIFY(QDir().mkpath(envs + QStringLiteral("/albatross/conda-meta")));
    cli.writeCondarc("channels: [conda-forge, bioconda]\nenvs_dirs: [" + envs.toUtf8() + "]\n");
    const QString script = root.filePath(QStringLiteral("envdesk-cli.bash"));
    const CliRun made = cli.run({QStringLiteral("--generate-completion"), QStringLiteral("bash")});
    QCOMPARE(made.exitCode, 0);
    QVERIFY(writeFile(script, made.out));

    const QString program = cliPath();
    QCOMPARE(complete(cli, script, {program, QStringLiteral("ins")}),
             QStringList{QStringLiteral("install")});
    QCOMPARE(complete(cli, script, {program, QStringLiteral("env"), QStringLiteral("ex")}),
             QStringList{QStringLiteral("export")});
    QCOMPARE(complete(cli, script, {program, QStringLiteral("install"), QStringLiteral("--off")}),
             QStringList{QStringLiteral("--offline")});
    QCOMPARE(
        complete(cli, script,
                 {program, QStringLiteral("install"), QStringLiteral("-n"), QStringLiteral("al")}),
        (QStringList{QStringLiteral("albatross"), QStringLiteral("alpha")}));
    QCOMPARE(complete(cli, script,
                      {program, QStringLiteral("shell"), QStringLiteral("activate"),
                       QStringLiteral("alp")}),
             QStringList{QStringLiteral("alpha")});
    QCOMPARE(
        complete(cli, script,
                 {program, QStringLiteral("search"), QStringLiteral("-c"), QStringLiteral("bio")}),
        QStringList{QStringLiteral("bioconda")});
    // --platform and --subdir offer conda's subdirs (SUBDIR was once taken for a folder).
    QCOMPARE(complete(cli, script,
                      {program, QStringLiteral("create"), QStringLiteral("--platform"),
                       QStringLiteral("osx-")}),
             (QStringList{QStringLiteral("osx-64"), QStringLiteral("osx-arm64")}));
    QCOMPARE(complete(cli, script,
                      {program, QStringLiteral("index"), QStringLiteral("--subdir"),
                       QStringLiteral("noa")}),
             QStringList{QStringLiteral("noarch")});
    // clean's -p is --packages, a flag: nothing is offered as its value.
    QCOMPARE(complete(cli, script, {program, QStringLiteral("clean"), QStringLiteral("--pa")}),
             QStringList{QStringLiteral("--packages")});
}

// zsh autoloads the file from $fpath on the first Tab and runs its body as that Tab's
// completion: the body must complete as well as register, or the first Tab offers nothing.
void TestCliDocs::zshCompletesOnTheFirstTab()
{
    CliRunner cli;
    const CliRun made = cli.run({QStringLiteral("--generate-completion"), QStringLiteral("zsh")});
    QCOMPARE(made.exitCode, 0);
    const QString script = QString::fromUtf8(made.out);
    QVERIFY(script.startsWith(QStringLiteral("#compdef envdesk-cli\n")));
    const QString registered = QStringLiteral("complete -o default -F _envdesk_cli envdesk-cli\n");
    const qsizetype registeredAt = script.indexOf(registered);
    QVERIFY2(registeredAt > 0, qPrintable(script.right(400)));
    const QString tail = script.mid(registeredAt + registered.size());
    QVERIFY2(tail.contains(QStringLiteral("== loadautofunc ]]; then\n"
                                          "    _bash_complete -o default -F _envdesk_cli\n")),
             qPrintable(tail));
}

// A summary wrapped over two lines of help is one whole description in fish's list (it was cut
// after its first line: "...an explicit file or a").
void TestCliDocs::fishDescribesEachVerbWhole()
{
    CliRunner cli;
    const CliRun made = cli.run({QStringLiteral("--generate-completion"), QStringLiteral("fish")});
    QCOMPARE(made.exitCode, 0);
    const QString script = QString::fromUtf8(made.out);
    QVERIFY2(script.contains(QStringLiteral(
                 "-a create -d 'Create an environment from environment.yml, an explicit file or "
                 "a conda-lock file (-f FILE)'\n")),
             qPrintable(script.left(3000)));
    for (const QString& line : script.split(QLatin1Char('\n'))) {
        QVERIFY2(!line.contains(QStringLiteral("  ")) || line.startsWith(QLatin1Char(' ')),
                 qPrintable(line));
    }
}

void TestCliDocs::zshAndFishScriptsLoad()
{
    CliRunner cli;
    int tried = 0;
    for (const auto& [shell, check] :
         {std::pair{QStringLiteral("zsh"), QStringLiteral("zsh -n '%1'")},
          std::pair{QStringLiteral("fish"), QStringLiteral("fish -n '%1'")}}) {
        if (QStandardPaths::findExecutable(shell).isEmpty()) {
            continue;
        }
        ++tried;
        QTemporaryDir root;
        const QString script = root.filePath(QStringLiteral("completion"));
        QVERIFY(writeFile(script, cli.run({QStringLiteral("--generate-completion"), shell}).out));
        QProcess process;
        process.start(QStringLiteral("sh"), {QStringLiteral("-c"), check.arg(script)});
        QVERIFY(process.waitForFinished(30000));
        QVERIFY2(process.exitCode() == 0, process.readAllStandardError().constData());
    }
    if (tried == 0) {
        QSKIP("neither zsh nor fish is installed here; the bash script is tested above");
    }
}

QTEST_GUILESS_MAIN(TestCliDocs)
#include "tst_cli_docs.moc"
