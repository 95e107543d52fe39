// Using environments through the real envdesk-cli: `run` with a package that ships activate.d
// and deactivate.d scripts and an environment variable in conda-meta/state, the shell hook in a
// real bash (zsh and fish where installed), `shell init` and its reverse, `clean` on a package
// cache two environments share, and pins that a later install keeps to.

#include "cli_runner.h"

#include <sys/stat.h>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using envdesk::test::CliRun;
using envdesk::test::CliRunner;
using envdesk::test::readFile;
using envdesk::test::writeFile;

namespace {

QString demoChannel()
{
    return QStringLiteral(ENVDESK_DEMO_CHANNEL_DIR);
}

QString cliPath()
{
    return QStringLiteral(ENVDESK_BIN_DIR "/envdesk-cli");
}

QJsonObject parseObject(const QByteArray& text)
{
    return QJsonDocument::fromJson(text).object();
}

QByteArray describe(const CliRun& run)
{
    return "exit " + QByteArray::number(run.exitCode) + "\nstdout:\n" + run.out + "\nstderr:\n"
           + run.err;
}

// A runner whose envs and package cache live in its own folder, the demo channel configured.
struct Machine {
    QTemporaryDir root;
    CliRunner cli;

    Machine()
    {
        cli.writeCondarc("channels: [" + demoChannel().toUtf8() + "]\nenvs_dirs: ["
                         + envs().toUtf8() + "]\npkgs_dirs: [" + pkgs().toUtf8() + "]\n");
    }
    [[nodiscard]] QString envs() const { return root.filePath(QStringLiteral("envs")); }
    [[nodiscard]] QString pkgs() const { return root.filePath(QStringLiteral("pkgs")); }
    [[nodiscard]] QString prefix(const QString& name) const
    {
        return envs() + QLatin1Char('/') + name;
    }
    // Runs `script` in a real shell with this machine's environment; stdout and stderr merged.
    [[nodiscard]] CliRun shell(const QString& program, const QString& script,
                               const QProcessEnvironment& extra = {}) const
    {
        QProcess process;
        QProcessEnvironment env = cli.processEnvironment(extra);
        env.insert(QStringLiteral("PATH"), QStringLiteral("/usr/bin:/bin"));
        env.remove(QStringLiteral("PS1"));
        process.setProcessEnvironment(env);
        process.start(program, {QStringLiteral("-c"), script});
        CliRun result;
        if (!process.waitForFinished(60000)) {
            process.kill();
            process.waitForFinished();
            result.err = "[the shell did not end within 60 s]";
            return result;
        }
        result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
        result.out = process.readAllStandardOutput();
        result.err = process.readAllStandardError();
        return result;
    }
};

} // namespace

class TestCliUse : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void runActivatesTheEnvironment();
    void runPassesTheExitStatusAndArgumentsThrough();
    void runRefusesWhatIsNoEnvironment();
    void hookActivatesStacksAndDeactivatesInBash();
    void hookWorksInZshAndFish();
    void shellInitAddsAndTakesOutItsBlock();
    void cleanDryRunListsWhatNoEnvironmentUses();
    void cleanRemovesAndEnvironmentsStillWork();
    void cleanWithoutTargetIsAnArgumentError();
    void pinsAreKeptByInstall();
    void kernelIsAddedListedAndRemoved();
};

// demo-toolchain's activate.d script and a variable of conda-meta/state reach the command; its
// own options are its own (-c is not taken as a channel).
void TestCliUse::runActivatesTheEnvironment()
{
    Machine machine;
    const QString yml = machine.root.filePath(QStringLiteral("environment.yml"));
    QVERIFY(writeFile(yml, "name: tools\ndependencies:\n  - demo-toolchain\nvariables:\n"
                           "  DEMO_GREETING: \"it's me\"\n"));
    const CliRun created = machine.cli.run({QStringLiteral("env"), QStringLiteral("create"),
                                            QStringLiteral("-f"), yml, QStringLiteral("--offline"),
                                            QStringLiteral("-y"), QStringLiteral("--json")});
    QVERIFY2(created.exitCode == 0, describe(created).constData());
    const QString prefix = machine.prefix(QStringLiteral("tools"));

    const CliRun info =
        machine.cli.run({QStringLiteral("run"), QStringLiteral("-n"), QStringLiteral("tools"),
                         QStringLiteral("demo-toolchain-info")});
    QVERIFY2(info.exitCode == 0, describe(info).constData());
    QCOMPARE(info.out.trimmed(),
             "demo-toolchain home: " + prefix.toUtf8() + "/share/demo-toolchain");

    const CliRun vars = machine.cli.run(
        {QStringLiteral("run"), QStringLiteral("-p"), prefix, QStringLiteral("sh"),
         QStringLiteral("-c"),
         QStringLiteral("printf '%s|%s|%s|%s|%s' \"$CONDA_PREFIX\" \"$CONDA_DEFAULT_ENV\" "
                        "\"$DEMO_GREETING\" \"$CONDA_SHLVL\" \"${PATH%%:*}\"")});
    QVERIFY2(vars.exitCode == 0, describe(vars).constData());
    QCOMPARE(QString::fromUtf8(vars.out),
             prefix + QStringLiteral("|tools|it's me|1|") + prefix + QStringLiteral("/bin"));
}

void TestCliUse::runPassesTheExitStatusAndArgumentsThrough()
{
    Machine machine;
    QVERIFY(QDir().mkpath(machine.prefix(QStringLiteral("bare")) + QStringLiteral("/conda-meta")));
    const QString prefix = machine.prefix(QStringLiteral("bare"));
    const QString elsewhere = machine.root.filePath(QStringLiteral("work dir"));
    QVERIFY(QDir().mkpath(elsewhere));

    const CliRun status = machine.cli.run(
        {QStringLiteral("run"), QStringLiteral("-p"), prefix, QStringLiteral("--cwd"), elsewhere,
         QStringLiteral("sh"), QStringLiteral("-c"),
         QStringLiteral("pwd; printf '[%s]' \"$@\"; exit 7"), QStringLiteral("sh"),
         QStringLiteral("a b"), QStringLiteral("$HOME"), QStringLiteral("'q'")});
    QCOMPARE(status.exitCode, 7);
    QCOMPARE(QString::fromUtf8(status.out), elsewhere + QStringLiteral("\n[a b][$HOME]['q']"));

    const CliRun missing = machine.cli.run({QStringLiteral("run"), QStringLiteral("-p"), prefix,
                                            QStringLiteral("no-such-command-anywhere")});
    QCOMPARE(missing.exitCode, 127);
    QVERIFY2(
        missing.err.contains("no-such-command-anywhere: command not found in " + prefix.toUtf8()),
        missing.err.constData());

    const CliRun noCommand = machine.cli.run({QStringLiteral("run"), QStringLiteral("-p"), prefix});
    QCOMPARE(noCommand.exitCode, 2);
}

void TestCliUse::runRefusesWhatIsNoEnvironment()
{
    Machine machine;
    const CliRun byName = machine.cli.run({QStringLiteral("run"), QStringLiteral("-n"),
                                           QStringLiteral("ghost"), QStringLiteral("ls")});
    QCOMPARE(byName.exitCode, 1);
    QVERIFY2(
        byName.err.contains("EnvironmentNameNotFound: Could not find conda environment: ghost"),
        byName.err.constData());
    const QString plain = machine.root.filePath(QStringLiteral("plain"));
    QVERIFY(QDir().mkpath(plain));
    const CliRun byPath =
        machine.cli.run({QStringLiteral("run"), QStringLiteral("-p"), plain, QStringLiteral("ls")});
    QCOMPARE(byPath.exitCode, 1);
    QVERIFY2(byPath.err.contains("EnvironmentLocationNotFound: Not a conda environment: "
                                 + plain.toUtf8()),
             byPath.err.constData());
}

// The hook in a real bash: `envdesk activate NAME` sets PATH, the prompt, the variables and runs
// the activate.d script; --stack keeps the first on PATH; deactivate runs deactivate.d and goes
// back step by step; a variable the environment covered comes back.
void TestCliUse::hookActivatesStacksAndDeactivatesInBash()
{
    Machine machine;
    QVERIFY2(machine.cli
                     .run({QStringLiteral("create"), QStringLiteral("-n"), QStringLiteral("tools"),
                           QStringLiteral("demo-toolchain"), QStringLiteral("--offline"),
                           QStringLiteral("-y")})
                     .exitCode
                 == 0,
             "create tools");
    const QString tools = machine.prefix(QStringLiteral("tools"));
    QVERIFY(writeFile(tools + QStringLiteral("/conda-meta/state"),
                      R"({"env_vars": {"GREETING": "from tools"}})"));
    const QString other = machine.prefix(QStringLiteral("other"));
    QVERIFY(QDir().mkpath(other + QStringLiteral("/conda-meta")));

    const QString script =
        QStringLiteral("PS1='$ '\n"
                       "export GREETING=outer\n"
                       "eval \"$('%1' shell hook --shell bash)\" || exit 9\n"
                       "show() { printf '%s|%s|%s|%s|%s|%s\\n' \"$1\" \"$PS1\" "
                       "\"$CONDA_SHLVL\" \"$GREETING\" \"${DEMO_TOOLCHAIN_HOME-none}\" "
                       "\"$PATH\"; }\n"
                       "envdesk activate tools; show 1\n"
                       "envdesk activate --stack '%2'; show 2\n"
                       "envdesk deactivate; show 3\n"
                       "envdesk activate '%2'; show 4\n"
                       "envdesk deactivate; envdesk deactivate; show 5\n"
                       "envdesk activate ghost; echo \"ghost $?\"\n")
            .arg(cliPath(), other);
    const CliRun run = machine.shell(QStringLiteral("bash"), script);
    QVERIFY2(run.exitCode == 0, describe(run).constData());
    const QString toolsBin = tools + QStringLiteral("/bin");
    const QString otherBin = other + QStringLiteral("/bin");
    const QString home = tools + QStringLiteral("/share/demo-toolchain");
    const QStringList lines = QString::fromUtf8(run.out).split(QLatin1Char('\n'));
    QVERIFY2(lines.size() >= 6, run.out.constData());
    QCOMPARE(lines[0],
             QStringLiteral("1|(tools) $ |1|from tools|%1|%2:/usr/bin:/bin").arg(home, toolsBin));
    QCOMPARE(lines[1], QStringLiteral("2|(other) $ |2|from tools|%1|%2:%3:/usr/bin:/bin")
                           .arg(home, otherBin, toolsBin));
    QCOMPARE(lines[2],
             QStringLiteral("3|(tools) $ |1|from tools|%1|%2:/usr/bin:/bin").arg(home, toolsBin));
    // Replacing tools: its deactivate.d script ran, its variable gave way to the shell's own.
    QCOMPARE(lines[3], QStringLiteral("4|(other) $ |2|outer|none|%1:/usr/bin:/bin").arg(otherBin));
    QCOMPARE(lines[4], QStringLiteral("5|$ |0|outer|none|/usr/bin:/bin"));
    QCOMPARE(lines[5], QStringLiteral("ghost 1"));
    QVERIFY2(run.err.contains("Could not find conda environment: ghost"), run.err.constData());
}

void TestCliUse::hookWorksInZshAndFish()
{
    Machine machine;
    const QString env = machine.prefix(QStringLiteral("bare"));
    QVERIFY(QDir().mkpath(env + QStringLiteral("/conda-meta")));
    int shellsTried = 0;
    if (const QString zsh = QStandardPaths::findExecutable(QStringLiteral("zsh")); !zsh.isEmpty()) {
        ++shellsTried;
        const CliRun run = machine.shell(
            zsh, QStringLiteral("eval \"$('%1' shell hook --shell zsh)\"; envdesk activate bare; "
                                "print -r -- \"$CONDA_DEFAULT_ENV|$PATH\"; envdesk deactivate; "
                                "print -r -- \"${CONDA_PREFIX-none}|$PATH\"")
                     .arg(cliPath()));
        QVERIFY2(run.exitCode == 0, describe(run).constData());
        QCOMPARE(QString::fromUtf8(run.out),
                 QStringLiteral("bare|%1/bin:/usr/bin:/bin\nnone|/usr/bin:/bin\n").arg(env));
    }
    if (const QString fish = QStandardPaths::findExecutable(QStringLiteral("fish"));
        !fish.isEmpty()) {
        ++shellsTried;
        const CliRun run = machine.shell(
            fish, QStringLiteral("'%1' shell hook --shell fish | source; envdesk activate bare; "
                                 "echo \"$CONDA_DEFAULT_ENV|$PATH[1]\"; envdesk deactivate; "
                                 "echo (set -q CONDA_PREFIX; and echo set; or echo none)")
                      .arg(cliPath()));
        QVERIFY2(run.exitCode == 0, describe(run).constData());
        QCOMPARE(QString::fromUtf8(run.out), QStringLiteral("bare|%1/bin\nnone\n").arg(env));
    }
    if (shellsTried == 0) {
        QSKIP("neither zsh nor fish is installed here; bash is tested above");
    }
}

void TestCliUse::shellInitAddsAndTakesOutItsBlock()
{
    Machine machine;
    const QString bashrc = machine.cli.home() + QStringLiteral("/.bashrc");
    const QByteArray original = "# my settings\nalias ll='ls -l'\n";
    QVERIFY(writeFile(bashrc, original));
    QVERIFY(QFile::setPermissions(bashrc, QFile::ReadOwner | QFile::WriteOwner));

    const CliRun added =
        machine.cli.run({QStringLiteral("shell"), QStringLiteral("init"), QStringLiteral("--shell"),
                         QStringLiteral("bash"), QStringLiteral("--json")});
    QVERIFY2(added.exitCode == 0, describe(added).constData());
    QCOMPARE(parseObject(added.out).value(QStringLiteral("modified")).toBool(), true);
    const QByteArray withBlock = readFile(bashrc);
    QVERIFY2(withBlock.startsWith(original + "\n# >>> envdesk initialize >>>\n"),
             withBlock.constData());
    QVERIFY2(withBlock.contains("shell hook --shell bash)\"\n# <<< envdesk initialize <<<\n"),
             withBlock.constData());
    QCOMPARE(QFileInfo(bashrc).permissions() & (QFile::ReadGroup | QFile::ReadOther),
             QFile::Permissions());

    // Again: nothing to change. The block then works in a real bash started on that file.
    const CliRun again = machine.cli.run({QStringLiteral("shell"), QStringLiteral("init"),
                                          QStringLiteral("--shell"), QStringLiteral("bash")});
    QCOMPARE(again.exitCode, 0);
    QVERIFY2(again.out.startsWith("no change     "), again.out.constData());
    const CliRun sourced = machine.shell(
        QStringLiteral("bash"), QStringLiteral(". '%1'; type envdesk | head -1").arg(bashrc));
    QVERIFY2(sourced.out.startsWith("envdesk is a function"), describe(sourced).constData());

    const CliRun reversed =
        machine.cli.run({QStringLiteral("shell"), QStringLiteral("init"), QStringLiteral("--shell"),
                         QStringLiteral("bash"), QStringLiteral("--reverse")});
    QVERIFY2(reversed.exitCode == 0, describe(reversed).constData());
    QCOMPARE(readFile(bashrc), original);

    // fish's file, made with its folder when absent.
    const CliRun fish = machine.cli.run({QStringLiteral("shell"), QStringLiteral("init"),
                                         QStringLiteral("--shell"), QStringLiteral("fish")});
    QVERIFY2(fish.exitCode == 0, describe(fish).constData());
    QVERIFY(readFile(machine.cli.home() + QStringLiteral("/.config/fish/config.fish"))
                .contains("shell hook --shell fish | source\n"));

    // A start marker with its end line lost: refused, the file untouched.
    const QByteArray broken = "a\n# >>> envdesk initialize >>>\nmine\n";
    QVERIFY(writeFile(bashrc, broken));
    const CliRun refused = machine.cli.run({QStringLiteral("shell"), QStringLiteral("init"),
                                            QStringLiteral("--shell"), QStringLiteral("bash")});
    QCOMPARE(refused.exitCode, 1);
    QVERIFY2(refused.err.contains(bashrc.toUtf8()), refused.err.constData());
    QCOMPARE(readFile(bashrc), broken);
}

// Two environments share the cache: what they link stays; an archive, a package nobody uses and
// a partial download are listed, in conda's JSON shape; nothing is removed by a dry run.
void TestCliUse::cleanDryRunListsWhatNoEnvironmentUses()
{
    Machine machine;
    for (const auto& [name, spec] :
         {std::pair{"one", "envdesk-hello=1.1.0"}, std::pair{"two", "envdesk-hello=1.1.0"},
          std::pair{"gone", "demo-fonts"}}) {
        const CliRun created = machine.cli.run(
            {QStringLiteral("create"), QStringLiteral("-n"), QString::fromLatin1(name),
             QString::fromLatin1(spec), QStringLiteral("--offline"), QStringLiteral("-y")});
        QVERIFY2(created.exitCode == 0, describe(created).constData());
    }
    // "gone" is deleted behind the tool's back: demo-fonts is then used by no environment.
    QVERIFY(QDir(machine.prefix(QStringLiteral("gone"))).removeRecursively());
    QVERIFY(writeFile(machine.pkgs() + QStringLiteral("/half-1.0-0.conda.part"), "partial"));

    const CliRun run = machine.cli.run({QStringLiteral("clean"), QStringLiteral("--all"),
                                        QStringLiteral("--dry-run"), QStringLiteral("--json")});
    QVERIFY2(run.exitCode == 0, describe(run).constData());
    const QJsonObject doc = parseObject(run.out);
    QCOMPARE(doc.value(QStringLiteral("success")).toBool(), true);
    const QString pkgs = machine.pkgs();
    const QJsonObject packages = doc.value(QStringLiteral("packages")).toObject();
    const QJsonArray unused =
        packages.value(QStringLiteral("pkgs_dirs")).toObject().value(pkgs).toArray();
    QCOMPARE(unused.size(), 1);
    QCOMPARE(unused.at(0).toString(), QStringLiteral("demo-fonts-1.0.0-0_demo"));
    const qint64 fontsSize = packages.value(QStringLiteral("pkg_sizes"))
                                 .toObject()
                                 .value(pkgs)
                                 .toObject()
                                 .value(QStringLiteral("demo-fonts-1.0.0-0_demo"))
                                 .toInteger();
    QVERIFY(fontsSize > 0);
    QCOMPARE(packages.value(QStringLiteral("total_size")).toInteger(), fontsSize);

    const QJsonObject tarballs = doc.value(QStringLiteral("tarballs")).toObject();
    QStringList archives;
    for (const auto& value :
         tarballs.value(QStringLiteral("pkgs_dirs")).toObject().value(pkgs).toArray()) {
        archives << value.toString();
    }
    QVERIFY2(archives.contains(QStringLiteral("half-1.0-0.conda.part")), run.out.constData());
    QVERIFY2(archives.contains(QStringLiteral("envdesk-hello-1.1.0-0_demo.conda"))
                 || archives.contains(QStringLiteral("envdesk-hello-1.1.0-0_demo.tar.bz2")),
             run.out.constData());
    QVERIFY(doc.value(QStringLiteral("index_cache")).toObject().contains(QStringLiteral("files")));
    // A dry run removes nothing.
    QVERIFY(QFileInfo::exists(pkgs + QStringLiteral("/demo-fonts-1.0.0-0_demo/info")));
    QVERIFY(QFileInfo::exists(pkgs + QStringLiteral("/half-1.0-0.conda.part")));

    // Text, as conda words it.
    const CliRun text = machine.cli.run(
        {QStringLiteral("clean"), QStringLiteral("--packages"), QStringLiteral("--dry-run")});
    QCOMPARE(text.exitCode, 0);
    QVERIFY2(text.out.startsWith("Will remove 1 ("), text.out.constData());
    QVERIFY2(text.out.contains(") package(s).\n"), text.out.constData());
    QVERIFY2(text.err.contains("DryRunExit: Dry run. Exiting."), text.err.constData());
}

void TestCliUse::cleanRemovesAndEnvironmentsStillWork()
{
    Machine machine;
    for (const char* name : {"one", "two"}) {
        const CliRun created =
            machine.cli.run({QStringLiteral("create"), QStringLiteral("-n"),
                             QString::fromLatin1(name), QStringLiteral("envdesk-hello=1.1.0"),
                             QStringLiteral("--offline"), QStringLiteral("-y")});
        QVERIFY2(created.exitCode == 0, describe(created).constData());
    }
    // A package whose folder no environment links, but one records: it copied the files.
    const CliRun copied = machine.cli.run({QStringLiteral("create"), QStringLiteral("-n"),
                                           QStringLiteral("three"), QStringLiteral("demo-data"),
                                           QStringLiteral("--offline"), QStringLiteral("-y")});
    QVERIFY2(copied.exitCode == 0, describe(copied).constData());
    const QString dataFolder = machine.pkgs() + QStringLiteral("/demo-data-2024.1-0_demo");
    // Break every hard link of the environment's copies, as a copy-linked install would have.
    QDir three(machine.prefix(QStringLiteral("three")));
    QProcess::execute(QStringLiteral("sh"),
                      {QStringLiteral("-c"),
                       QStringLiteral("cd '%1' && find . -path ./conda-meta -prune -o -type f "
                                      "-links +1 -exec sh -c 'cp -p \"$1\" \"$1.t\" && mv \"$1.t\" "
                                      "\"$1\"' _ {} \\;")
                           .arg(three.path())});

    const CliRun run = machine.cli.run({QStringLiteral("clean"), QStringLiteral("--all"),
                                        QStringLiteral("-y"), QStringLiteral("--json")});
    QVERIFY2(run.exitCode == 0, describe(run).constData());
    const QJsonObject doc = parseObject(run.out);
    QVERIFY(doc.value(QStringLiteral("freed")).toInteger() > 0);
    // No archive is left; the used folders are; the recorded one too.
    const QStringList archives =
        QDir(machine.pkgs())
            .entryList({QStringLiteral("*.conda"), QStringLiteral("*.tar.bz2")}, QDir::Files);
    QVERIFY2(archives.isEmpty(), qPrintable(archives.join(QLatin1Char(' '))));
    QVERIFY(QFileInfo::exists(machine.pkgs() + QStringLiteral("/envdesk-hello-1.1.0-0_demo/info")));
    QVERIFY(QFileInfo::exists(dataFolder + QStringLiteral("/info")));
    QVERIFY(!QFileInfo::exists(machine.cli.home() + QStringLiteral("/cache/envdesk/repodata")));

    const CliRun hello = machine.cli.run({QStringLiteral("run"), QStringLiteral("-n"),
                                          QStringLiteral("two"), QStringLiteral("envdesk-hello")});
    QVERIFY2(hello.exitCode == 0 && hello.out.contains("Hello from envdesk-hello 1.1.0"),
             describe(hello).constData());
    // Removing one environment frees its package for the next clean.
    QCOMPARE(machine.cli
                 .run({QStringLiteral("env"), QStringLiteral("remove"), QStringLiteral("-n"),
                       QStringLiteral("one"), QStringLiteral("-y")})
                 .exitCode,
             0);
    QCOMPARE(machine.cli
                 .run({QStringLiteral("env"), QStringLiteral("remove"), QStringLiteral("-n"),
                       QStringLiteral("two"), QStringLiteral("-y")})
                 .exitCode,
             0);
    const CliRun after = machine.cli.run({QStringLiteral("clean"), QStringLiteral("-p"),
                                          QStringLiteral("-y"), QStringLiteral("-v")});
    QVERIFY2(after.exitCode == 0, describe(after).constData());
    QVERIFY2(
        after.out.contains("Removed " + machine.pkgs().toUtf8() + "/envdesk-hello-1.1.0-0_demo"),
        after.out.constData());
    QVERIFY(!QFileInfo::exists(machine.pkgs() + QStringLiteral("/envdesk-hello-1.1.0-0_demo")));
    QVERIFY(QFileInfo::exists(dataFolder + QStringLiteral("/info")));
}

void TestCliUse::cleanWithoutTargetIsAnArgumentError()
{
    Machine machine;
    const CliRun run = machine.cli.run({QStringLiteral("clean")});
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains("ArgumentError: At least one removal target must be given."),
             run.err.constData());
}

// A pin holds envdesk-hello back: an update does not move it; unpinned, it moves.
void TestCliUse::pinsAreKeptByInstall()
{
    Machine machine;
    QCOMPARE(machine.cli
                 .run({QStringLiteral("create"), QStringLiteral("-n"), QStringLiteral("p"),
                       QStringLiteral("python=3.12"), QStringLiteral("envdesk-hello=1.0.0"),
                       QStringLiteral("--offline"), QStringLiteral("-y")})
                 .exitCode,
             0);
    const CliRun pinned =
        machine.cli.run({QStringLiteral("pin"), QStringLiteral("-n"), QStringLiteral("p"),
                         QStringLiteral("envdesk-hello <2"), QStringLiteral("--json")});
    QVERIFY2(pinned.exitCode == 0, describe(pinned).constData());
    QCOMPARE(parseObject(pinned.out).value(QStringLiteral("pinned")).toArray(),
             QJsonArray({QStringLiteral("envdesk-hello <2")}));
    QCOMPARE(readFile(machine.prefix(QStringLiteral("p")) + QStringLiteral("/conda-meta/pinned")),
             QByteArray("envdesk-hello <2\n"));

    auto helloVersionAfterUpdate = [&]() {
        const CliRun update =
            machine.cli.run({QStringLiteral("update"), QStringLiteral("-n"), QStringLiteral("p"),
                             QStringLiteral("envdesk-hello"), QStringLiteral("--offline"),
                             QStringLiteral("--dry-run"), QStringLiteral("--json")});
        const QJsonArray link = parseObject(update.out)
                                    .value(QStringLiteral("actions"))
                                    .toObject()
                                    .value(QStringLiteral("LINK"))
                                    .toArray();
        for (const auto& value : link) {
            if (value.toObject().value(QStringLiteral("name")).toString()
                == QStringLiteral("envdesk-hello")) {
                return value.toObject().value(QStringLiteral("version")).toString();
            }
        }
        return QString();
    };
    QCOMPARE(helloVersionAfterUpdate(), QStringLiteral("1.1.0"));
    // Asking for what the pin keeps out says which pin it is.
    const CliRun blocked =
        machine.cli.run({QStringLiteral("install"), QStringLiteral("-n"), QStringLiteral("p"),
                         QStringLiteral("envdesk-hello=2.0.0"), QStringLiteral("--offline"),
                         QStringLiteral("--dry-run")});
    QCOMPARE(blocked.exitCode, 1);
    QVERIFY2(blocked.err.contains("the pin envdesk-hello <2 keeps it out"),
             blocked.err.constData());

    const CliRun unpinned = machine.cli.run({QStringLiteral("unpin"), QStringLiteral("-n"),
                                             QStringLiteral("p"), QStringLiteral("envdesk-hello")});
    QVERIFY2(unpinned.exitCode == 0, describe(unpinned).constData());
    QCOMPARE(helloVersionAfterUpdate(), QStringLiteral("2.0.0"));

    const CliRun bad = machine.cli.run({QStringLiteral("pin"), QStringLiteral("-n"),
                                        QStringLiteral("p"), QStringLiteral("bad spec ===")});
    QCOMPARE(bad.exitCode, 1);
    QVERIFY2(bad.err.contains("bad spec ==="), bad.err.constData());
}

// `kernel add` needs ipykernel; the kernelspec it writes goes where Jupyter looks and starts the
// environment through `run`.
void TestCliUse::kernelIsAddedListedAndRemoved()
{
    Machine machine;
    const QString prefix = machine.prefix(QStringLiteral("ml"));
    QVERIFY(QDir().mkpath(prefix + QStringLiteral("/conda-meta")));
    const QString data = machine.root.filePath(QStringLiteral("data"));
    QProcessEnvironment env;
    env.insert(QStringLiteral("XDG_DATA_HOME"), data);

    const CliRun missing =
        machine.cli.run({QStringLiteral("kernel"), QStringLiteral("add"), QStringLiteral("-n"),
                         QStringLiteral("ml"), QStringLiteral("--json")},
                        env);
    QCOMPARE(missing.exitCode, 1);
    QVERIFY2(missing.out.contains("ipykernel is not installed"), missing.out.constData());

    QVERIFY(writeFile(prefix + QStringLiteral("/conda-meta/ipykernel-6.29.5-pyh0_0.json"), "{}"));
    const CliRun added = machine.cli.run({QStringLiteral("kernel"), QStringLiteral("add"),
                                          QStringLiteral("-n"), QStringLiteral("ml")},
                                         env);
    QVERIFY2(added.exitCode == 0, describe(added).constData());
    const QJsonObject kernel =
        parseObject(readFile(data + QStringLiteral("/jupyter/kernels/envdesk-ml/kernel.json")));
    QCOMPARE(kernel.value(QStringLiteral("display_name")).toString(),
             QStringLiteral("Python (ml)"));
    const QJsonArray argv = kernel.value(QStringLiteral("argv")).toArray();
    QCOMPARE(argv.at(0).toString(), QFileInfo(cliPath()).canonicalFilePath());
    QCOMPARE(argv.at(1).toString(), QStringLiteral("run"));
    QCOMPARE(argv.at(3).toString(), prefix);

    const CliRun listed = machine.cli.run(
        {QStringLiteral("kernel"), QStringLiteral("list"), QStringLiteral("--json")}, env);
    const QJsonArray kernels = parseObject(listed.out).value(QStringLiteral("kernels")).toArray();
    QCOMPARE(kernels.size(), 1);
    QCOMPARE(kernels.at(0).toObject().value(QStringLiteral("prefix")).toString(), prefix);

    const CliRun removed = machine.cli.run({QStringLiteral("kernel"), QStringLiteral("remove"),
                                            QStringLiteral("-n"), QStringLiteral("ml")},
                                           env);
    QCOMPARE(removed.exitCode, 0);
    QVERIFY(!QFileInfo::exists(data + QStringLiteral("/jupyter/kernels/envdesk-ml")));
    // A kernel of that name that Envdesk did not write is never replaced.
    QVERIFY(writeFile(data + QStringLiteral("/jupyter/kernels/envdesk-ml/kernel.json"),
                      R"({"argv": ["python"], "display_name": "mine"})"));
    const CliRun refused = machine.cli.run({QStringLiteral("kernel"), QStringLiteral("add"),
                                            QStringLiteral("-n"), QStringLiteral("ml")},
                                           env);
    QCOMPARE(refused.exitCode, 1);
    QVERIFY2(refused.err.contains("not made by Envdesk"), refused.err.constData());
    QCOMPARE(parseObject(readFile(data + QStringLiteral("/jupyter/kernels/envdesk-ml/kernel.json")))
                 .value(QStringLiteral("display_name"))
                 .toString(),
             QStringLiteral("mine"));
}

QTEST_GUILESS_MAIN(TestCliUse)
#include "tst_cli_use.moc"
