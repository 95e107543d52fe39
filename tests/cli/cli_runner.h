#pragma once

// Runs the real envdesk-cli in an environment of its own: a temporary HOME whose .condarc holds
// `channels: []` (so only the channels a test names are searched, and no test reads the
// machine's configuration or touches the network), no system .condarc, no CONDA_* variables, and
// a temporary cache.

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QProcessEnvironment>
#include <QStringList>
#include <QTemporaryDir>
#include <QTest>

namespace envdesk::test {

// The whole file, or nothing when it cannot be read.
inline QByteArray readFile(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// Writes `data` to `path` (its folder made first); false when any of it could not be written.
inline bool writeFile(const QString& path, const QByteArray& data)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(data) == data.size();
}

struct CliRun {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

class CliRunner {
public:
    CliRunner() { writeCondarc(QByteArrayLiteral("channels: []\n")); }

    // Replaces the user's ~/.condarc.
    void writeCondarc(const QByteArray& content)
    {
        QFile file(m_home.filePath(QStringLiteral(".condarc")));
        if (file.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
            file.write(content);
        }
    }

    [[nodiscard]] QString home() const { return m_home.path(); }
    // The folder the CLI runs in (empty: this process's), where `./channel` points.
    void setWorkingDirectory(const QString& folder) { m_workingDirectory = folder; }

    // The environment run() gives the CLI, for tests that start it themselves (several at once).
    [[nodiscard]] QProcessEnvironment
    processEnvironment(const QProcessEnvironment& extra = {}) const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const QString& key : env.keys()) {
            if (key.startsWith(QLatin1String("CONDA")) || key.startsWith(QLatin1String("XDG_"))) {
                env.remove(key);
            }
        }
        env.insert(QStringLiteral("HOME"), m_home.path());
        env.insert(QStringLiteral("XDG_CACHE_HOME"), m_home.filePath(QStringLiteral("cache")));
        // Nor the machine's /etc/conda: an empty list of system folders.
        env.insert(QStringLiteral("ENVDESK_CONDARC_SYSTEM_DIRS"), QString());
        for (const QString& key : extra.keys()) {
            env.insert(key, extra.value(key));
        }
        return env;
    }

    CliRun run(const QStringList& args, const QProcessEnvironment& extra = {}) const
    {
        QProcess process;
        process.setProcessEnvironment(processEnvironment(extra));
        if (!m_workingDirectory.isEmpty()) {
            process.setWorkingDirectory(m_workingDirectory);
        }
        process.start(QStringLiteral(ENVDESK_BIN_DIR "/envdesk-cli"), args);
        CliRun result;
        if (!process.waitForFinished(120000)) {
            process.kill();
            process.waitForFinished();
            // -1 and what it printed so far, so that a hang is told apart from a crash.
            result.err = process.readAllStandardError() + "\n[envdesk-cli "
                         + args.join(QLatin1Char(' ')).toUtf8()
                         + " did not end within 120 s and was killed]";
            return result;
        }
        result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
        result.out = process.readAllStandardOutput();
        result.err = process.readAllStandardError();
        return result;
    }

private:
    QTemporaryDir m_home;
    QString m_workingDirectory;
};

// Runs the CLI in one isolated environment shared by a test's cases (the tests that need their
// own configuration make a CliRunner of their own).
inline CliRun runCli(const QStringList& args)
{
    static const CliRunner runner;
    return runner.run(args);
}

// A local channel at `root`/channel with conda's test-recipes packages (noarch) matching
// `patterns`, indexed, and `runner` configured with `root`/pkgs as its only package cache.
// `channel` stays empty when the fixtures are absent.
inline void makeTestRecipesChannel(const QTemporaryDir& root, const QStringList& patterns,
                                   CliRunner& runner, QString& channel)
{
    QDir recipes(QStringLiteral(ENVDESK_FIXTURES_DIR "/packages/conda/test-recipes/noarch"));
    if (!recipes.exists()) {
        return;
    }
    const QString folder = root.filePath(QStringLiteral("channel"));
    QVERIFY(QDir().mkpath(folder + QStringLiteral("/noarch")));
    for (const auto& name : recipes.entryList(patterns, QDir::Files)) {
        QVERIFY(QFile::copy(recipes.filePath(name), folder + QStringLiteral("/noarch/") + name));
    }
    runner.writeCondarc("channels: []\npkgs_dirs: ["
                        + root.filePath(QStringLiteral("pkgs")).toUtf8() + "]\n");
    QCOMPARE(runner.run({QStringLiteral("index"), folder}).exitCode, 0);
    channel = folder;
}

} // namespace envdesk::test
