// Two envdesk-cli processes changing one environment at once, as a user with two terminals (or
// the app and a script) would: the second waits for the first, says whom it waits for, and then
// decides its change against the environment as the first left it.

#include "cli_runner.h"
#include "core/archive/package_writer.h"

#include <QDir>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using envdesk::test::CliRunner;

namespace {

// bigpkg 1.0 and 2.0 with many files each, so that the transactions take long enough to overlap.
bool writeChannel(const QString& channel)
{
    for (const char* version : {"1.0", "2.0"}) {
        envdesk::archive::PackageSpec spec;
        spec.name = "bigpkg";
        spec.version = version;
        spec.build = "0";
        for (int i = 0; i < 2000; ++i) {
            spec.files.push_back({"share/bigpkg/file" + std::to_string(i) + ".txt",
                                  std::string("bigpkg ") + version + "\n", false, false, false});
        }
        if (!envdesk::archive::writePackage(spec,
                                            (channel + QStringLiteral("/noarch")).toStdString())) {
            return false;
        }
    }
    return true;
}

} // namespace

class TestCliConcurrency : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void concurrentInstallsAreSerialised();
};

void TestCliConcurrency::concurrentInstallsAreSerialised()
{
    QTemporaryDir root;
    CliRunner runner;
    const QString channel = root.filePath(QStringLiteral("channel"));
    QVERIFY(writeChannel(channel));
    QCOMPARE(runner.run({QStringLiteral("index"), channel}).exitCode, 0);
    const QString prefix = root.filePath(QStringLiteral("env"));
    const QStringList common = {QStringLiteral("-p"),
                                prefix,
                                QStringLiteral("-c"),
                                channel,
                                QStringLiteral("--override-channels"),
                                QStringLiteral("-y")};
    const auto created = runner.run(QStringList{QStringLiteral("create")} + common);
    QVERIFY2(created.exitCode == 0, created.err.constData());
    // Both archives in the cache first, so the two installs race on the prefix, not the download.
    for (const char* spec : {"bigpkg=1.0", "bigpkg=2.0"}) {
        const auto fetched = runner.run(QStringList{QStringLiteral("install")} + common
                                        + QStringList{QString::fromLatin1(spec)});
        QVERIFY2(fetched.exitCode == 0, fetched.err.constData());
    }
    const auto removed = runner.run(QStringList{QStringLiteral("remove")} + common
                                    + QStringList{QStringLiteral("bigpkg")});
    QVERIFY2(removed.exitCode == 0, removed.err.constData());

    // Several rounds: whichever starts first, both must end well, one after the other.
    for (int round = 0; round < 3; ++round) {
        QProcess first;
        QProcess second;
        for (QProcess* process : {&first, &second}) {
            process->setProcessEnvironment(runner.processEnvironment());
        }
        const QString cli = QStringLiteral(ENVDESK_BIN_DIR "/envdesk-cli");
        first.start(cli, QStringList{QStringLiteral("install")} + common
                             + QStringList{QStringLiteral("bigpkg=1.0")});
        second.start(cli, QStringList{QStringLiteral("install")} + common
                              + QStringList{QStringLiteral("bigpkg=2.0")});
        QVERIFY(first.waitForFinished(120000) && second.waitForFinished(120000));
        const QByteArray firstErr = first.readAllStandardError();
        const QByteArray secondErr = second.readAllStandardError();
        QVERIFY2(first.exitCode() == 0, firstErr.constData());
        QVERIFY2(second.exitCode() == 0, secondErr.constData());
        // One bigpkg, whole: never both records, never a clobbered file.
        const QStringList records = QDir(prefix + QStringLiteral("/conda-meta"))
                                        .entryList({QStringLiteral("bigpkg-*.json")}, QDir::Files);
        QCOMPARE(records.size(), 1);
        QVERIFY2(!firstErr.contains("ClobberWarning") && !secondErr.contains("ClobberWarning"),
                 (firstErr + secondErr).constData());
        QVERIFY2(!firstErr.contains("another process is changing")
                     && !secondErr.contains("another process is changing"),
                 (firstErr + secondErr).constData());
        const QString version = records.front().contains(QLatin1String("2.0"))
                                    ? QStringLiteral("2.0")
                                    : QStringLiteral("1.0");
        QFile file(prefix + QStringLiteral("/share/bigpkg/file1999.txt"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(QString::fromLatin1(file.readAll()), QStringLiteral("bigpkg %1\n").arg(version));
        QCOMPARE(QDir(prefix + QStringLiteral("/share/bigpkg")).entryList(QDir::Files).size(),
                 2000);
        const auto cleared = runner.run(QStringList{QStringLiteral("remove")} + common
                                        + QStringList{QStringLiteral("bigpkg")});
        QVERIFY2(cleared.exitCode == 0, cleared.err.constData());
    }
}

QTEST_GUILESS_MAIN(TestCliConcurrency)
#include "tst_cli_concurrency.moc"
