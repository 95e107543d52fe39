// Channel secrets through the real envdesk-cli: an anaconda.org-style token (`/t/<token>/`) and
// a URL password (`user:password@`) are used for every download, yet none of them reaches the
// prefix (conda-meta records, history), the package cache, any output (text, --json, exports,
// diffs) or any error. Served by real HTTP servers on 127.0.0.1 that answer only when the
// secret is sent, so an install that works proves the secret was used.

#include "cli_runner.h"
#include "tests/support/python_http_server.h"

#include <QDir>
#include <QDirIterator>
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

const QByteArray token = QByteArrayLiteral("SECRET-TOKEN");
const QByteArray wrongToken = QByteArrayLiteral("WRONG-TOKEN");
const QByteArray password = QByteArrayLiteral("S3CRET-PASS");

// Every file under `folder` (hidden ones too, links not followed) whose bytes hold any of
// `secrets`.
QStringList filesHolding(const QString& folder, const QList<QByteArray>& secrets)
{
    QStringList found;
    QDirIterator it(folder, QDir::Files | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        if (QFileInfo(path).isSymLink()) {
            continue;
        }
        const QByteArray bytes = readFile(path);
        for (const auto& secret : secrets) {
            if (bytes.contains(secret)) {
                found << path;
                break;
            }
        }
    }
    return found;
}

// conda's test-recipes packages (noarch) indexed into `root`/served/`channelPath`; `runner`
// uses `root`/pkgs as its package cache. False when the fixtures are absent.
bool serveTestRecipes(const QTemporaryDir& root, CliRunner& runner, const QString& channelPath)
{
    QString channel;
    envdesk::test::makeTestRecipesChannel(root,
                                          {QStringLiteral("dependen*.conda"),
                                           QStringLiteral("another_dependent-*.conda"),
                                           QStringLiteral("versioned-*.conda")},
                                          runner, channel);
    if (channel.isEmpty()) {
        return false;
    }
    const QString target = root.filePath(QStringLiteral("served/") + channelPath);
    QDir().mkpath(QFileInfo(target).absolutePath());
    return QDir().rename(channel, target);
}

// Runs the CLI and records a failure when its stdout or stderr holds a secret.
class Session {
public:
    Session(CliRunner& runner, QList<QByteArray> secrets)
        : m_runner(runner)
        , m_secrets(std::move(secrets))
    {
    }

    CliRun run(const QStringList& args)
    {
        const CliRun result = m_runner.run(args);
        for (const auto& secret : m_secrets) {
            if (result.out.contains(secret) || result.err.contains(secret)) {
                m_leaks << args.join(QLatin1Char(' ')) + QStringLiteral(":\n")
                               + QString::fromUtf8(result.out + result.err);
            }
        }
        return result;
    }

    [[nodiscard]] const QStringList& leaks() const { return m_leaks; }

private:
    CliRunner& m_runner;
    QList<QByteArray> m_secrets;
    QStringList m_leaks;
};

#define EXPECT_OK(run) QVERIFY2((run).exitCode == 0, ((run).out + (run).err).constData())

} // namespace

class TestCliSecrets : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void tokenIsUsedButNeverWrittenOrShown();
    void passwordIsUsedButNeverWrittenOrShown();
    void downloadErrorsHideTheToken();
};

void TestCliSecrets::tokenIsUsedButNeverWrittenOrShown()
{
    QTemporaryDir root;
    CliRunner runner;
    if (!serveTestRecipes(root, runner, QStringLiteral("t/SECRET-TOKEN/chan"))) {
        QVERIFY(!QTest::currentTestFailed());
        QSKIP("../shared/fixtures is absent: no packages to install");
    }
    envdesk::test::PythonHttpServer server(root.filePath(QStringLiteral("served")));
    if (!server.isRunning()) {
        QSKIP(qPrintable(server.whyNot()));
    }
    const QString channel = server.url() + QStringLiteral("/t/SECRET-TOKEN/chan");
    const QString prefix = root.filePath(QStringLiteral("env"));
    const QString pkgs = root.filePath(QStringLiteral("pkgs"));
    Session cli(runner, {token, wrongToken});
    const QStringList withChannel = {QStringLiteral("-c"), channel,
                                     QStringLiteral("--override-channels"), QStringLiteral("-y")};

    // The token on the command line, in a -c channel and in a spec's channel.
    CliRun run =
        cli.run(QStringList{QStringLiteral("create"), QStringLiteral("-p"), prefix} + withChannel
                + QStringList{QStringLiteral("--json"), QStringLiteral("dependent=1.0")});
    EXPECT_OK(run);
    run = cli.run(QStringList{QStringLiteral("install"), QStringLiteral("-p"), prefix} + withChannel
                  + QStringList{channel + QStringLiteral("::another_dependent")});
    EXPECT_OK(run);
    // A later update from the same channel in the same prefix: the token again comes from the
    // command line, the installed records (which hold none) still belong to that channel.
    run = cli.run(QStringList{QStringLiteral("update"), QStringLiteral("-p"), prefix} + withChannel
                  + QStringList{QStringLiteral("dependent")});
    EXPECT_OK(run);
    // And from the configuration, the way conda attaches a configured channel's token.
    runner.writeCondarc("pkgs_dirs: [" + pkgs.toUtf8() + "]\nchannels: [chan]\ncustom_channels:\n"
                        + "  chan: " + server.url().toUtf8() + "/t/" + token + "\n");
    run = cli.run({QStringLiteral("install"), QStringLiteral("-p"), prefix, QStringLiteral("-y"),
                   QStringLiteral("versioned=1.0")});
    EXPECT_OK(run);
    run = cli.run({QStringLiteral("list"), QStringLiteral("-p"), prefix, QStringLiteral("--json")});
    EXPECT_OK(run);
    QStringList installed;
    for (const auto& value : QJsonDocument::fromJson(run.out).array()) {
        const QJsonObject record = value.toObject();
        installed << record.value(QStringLiteral("name")).toString() + QLatin1Char('=')
                         + record.value(QStringLiteral("version")).toString();
    }
    installed.sort();
    QCOMPARE(installed,
             QStringList({QStringLiteral("another_dependent=2.0"), QStringLiteral("dependency=2.0"),
                          QStringLiteral("dependent=2.0"), QStringLiteral("versioned=1.0")}));

    // conda's on-disk form: url and channel without the token.
    const QJsonObject record =
        QJsonDocument::fromJson(
            readFile(prefix + QStringLiteral("/conda-meta/dependent-2.0-0.json")))
            .object();
    QCOMPARE(record.value(QStringLiteral("url")).toString(),
             server.url() + QStringLiteral("/chan/noarch/dependent-2.0-0.conda"));
    // (conda writes the channel with its subdir, `<base>/noarch`; Envdesk the channel alone —
    // a conda-meta difference of its own, left to the conda-compatibility work.)
    const QString channelField = record.value(QStringLiteral("channel")).toString();
    QVERIFY2(channelField.startsWith(server.url() + QStringLiteral("/chan"))
                 && !channelField.contains(QString::fromUtf8(token))
                 && !channelField.contains(QLatin1String("/t/")),
             qPrintable(channelField));
    // The command line in the history keeps its shape, the token masked as conda prints it.
    const QByteArray history = readFile(prefix + QStringLiteral("/conda-meta/history"));
    QVERIFY2(history.contains("# cmd: envdesk-cli install -p " + prefix.toUtf8() + " -c "
                              + server.url().toUtf8() + "/t/<TOKEN>/chan --override-channels"),
             history.constData());

    // Every way the environment is shown or exported.
    const QString exported = root.filePath(QStringLiteral("environment.yml"));
    const QString lock = root.filePath(QStringLiteral("conda-lock.yml"));
    const QString explicitFile = root.filePath(QStringLiteral("explicit.txt"));
    const QList<QStringList> views = {
        {QStringLiteral("list")},
        {QStringLiteral("list"), QStringLiteral("--show-channel-urls")},
        {QStringLiteral("list"), QStringLiteral("--json")},
        {QStringLiteral("list"), QStringLiteral("--explicit")},
        {QStringLiteral("list"), QStringLiteral("--explicit"), QStringLiteral("--md5")},
        {QStringLiteral("list"), QStringLiteral("--explicit"), QStringLiteral("--sha256")},
        {QStringLiteral("list"), QStringLiteral("--revisions")},
        {QStringLiteral("list"), QStringLiteral("--revisions"), QStringLiteral("--json")},
        {QStringLiteral("history")},
        {QStringLiteral("history"), QStringLiteral("--json")},
        {QStringLiteral("env"), QStringLiteral("export")},
        {QStringLiteral("env"), QStringLiteral("export"), QStringLiteral("--json")},
        {QStringLiteral("env"), QStringLiteral("export"), QStringLiteral("--from-history")},
        {QStringLiteral("env"), QStringLiteral("export"), QStringLiteral("--no-builds")},
        {QStringLiteral("env"), QStringLiteral("export"), QStringLiteral("-f"), exported},
        {QStringLiteral("env"), QStringLiteral("export"), QStringLiteral("--lock"),
         QStringLiteral("-f"), lock},
    };
    for (const QStringList& view : views) {
        QStringList args = view;
        args << QStringLiteral("-p") << prefix;
        run = cli.run(args);
        QVERIFY2(run.exitCode == 0, qPrintable(args.join(QLatin1Char(' ')) + QLatin1Char('\n')
                                               + QString::fromUtf8(run.out + run.err)));
        if (view == QStringList{QStringLiteral("list"), QStringLiteral("--explicit")}) {
            QVERIFY(writeFile(explicitFile, run.out));
            QVERIFY2(
                run.out.contains(server.url().toUtf8() + "/chan/noarch/dependent-2.0-0.conda\n"),
                run.out.constData());
        }
    }
    for (const QStringList& diff : {QStringList{prefix, exported}, QStringList{lock, explicitFile},
                                    QStringList{exported, lock}}) {
        for (const QString& format : {QString(), QStringLiteral("--json")}) {
            QStringList args = {QStringLiteral("env"), QStringLiteral("diff")};
            if (!format.isEmpty()) {
                args << format;
            }
            run = cli.run(args + diff);
            QVERIFY2(run.exitCode == 0 || run.exitCode == 1,
                     qPrintable(args.join(QLatin1Char(' ')) + QString::fromUtf8(run.err)));
        }
    }
    // The exported explicit file installs again: the token comes from the configured
    // custom_channels, as conda's would.
    run = cli.run({QStringLiteral("env"), QStringLiteral("create"), QStringLiteral("-p"),
                   root.filePath(QStringLiteral("again")), QStringLiteral("-f"), explicitFile,
                   QStringLiteral("-y")});
    EXPECT_OK(run);

    // Errors that name the channel: a package it lacks, a token the server refuses.
    run = cli.run(QStringList{QStringLiteral("install"), QStringLiteral("-p"), prefix} + withChannel
                  + QStringList{QStringLiteral("no-such-package")});
    QCOMPARE(run.exitCode, 1);
    run = cli.run(QStringList{QStringLiteral("install"), QStringLiteral("-p"), prefix} + withChannel
                  + QStringList{QStringLiteral("--json"), QStringLiteral("no-such-package")});
    QCOMPARE(run.exitCode, 1);
    const QString refused = server.url() + QStringLiteral("/t/WRONG-TOKEN/chan");
    for (const QString& format : {QString(), QStringLiteral("--json")}) {
        QStringList args = {QStringLiteral("install"), QStringLiteral("-p"), prefix,
                            QStringLiteral("-c"), refused, QStringLiteral("--override-channels"),
                            QStringLiteral("-y"),
                            // Not in the package cache: its download is what the server refuses
                            // (the channel's index is cached, and read without a request).
                            QStringLiteral("versioned=2.0")};
        if (!format.isEmpty()) {
            args << format;
        }
        run = cli.run(args);
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.out.contains("<TOKEN>") || run.err.contains("<TOKEN>"),
                 (run.out + run.err).constData());
    }

    QVERIFY2(cli.leaks().isEmpty(), qPrintable(cli.leaks().join(QStringLiteral("\n\n"))));
    for (const QString& folder : {prefix, root.filePath(QStringLiteral("again")), pkgs,
                                  runner.home() + QStringLiteral("/cache")}) {
        const QStringList holding = filesHolding(folder, {token, wrongToken});
        QVERIFY2(holding.isEmpty(), qPrintable(holding.join(QLatin1Char('\n'))));
    }
    for (const QString& file : {exported, lock, explicitFile}) {
        QVERIFY2(!readFile(file).contains(token), qPrintable(file));
    }
}

void TestCliSecrets::passwordIsUsedButNeverWrittenOrShown()
{
    QTemporaryDir root;
    CliRunner runner;
    if (!serveTestRecipes(root, runner, QStringLiteral("chan"))) {
        QVERIFY(!QTest::currentTestFailed());
        QSKIP("../shared/fixtures is absent: no packages to install");
    }
    envdesk::test::PythonHttpServer server(root.filePath(QStringLiteral("served")),
                                           QStringLiteral("alice:") + QString::fromUtf8(password));
    if (!server.isRunning()) {
        QSKIP(qPrintable(server.whyNot()));
    }
    const QString plain = server.url() + QStringLiteral("/chan");
    QString channel = plain;
    channel.replace(QStringLiteral("http://"), QStringLiteral("http://alice:")
                                                   + QString::fromUtf8(password)
                                                   + QLatin1Char('@'));
    const QString prefix = root.filePath(QStringLiteral("env"));
    Session cli(runner, {password});

    // Without the password the server refuses: what follows works only because it was sent.
    CliRun run = cli.run({QStringLiteral("create"), QStringLiteral("-p"),
                          root.filePath(QStringLiteral("refused")), QStringLiteral("-c"), plain,
                          QStringLiteral("--override-channels"), QStringLiteral("-y"),
                          QStringLiteral("dependent")});
    QCOMPARE(run.exitCode, 1);

    run = cli.run({QStringLiteral("create"), QStringLiteral("-p"), prefix, QStringLiteral("-c"),
                   channel, QStringLiteral("--override-channels"), QStringLiteral("-y"),
                   QStringLiteral("dependent=1.0")});
    EXPECT_OK(run);
    run = cli.run({QStringLiteral("update"), QStringLiteral("-p"), prefix, QStringLiteral("-c"),
                   channel, QStringLiteral("--override-channels"), QStringLiteral("-y"),
                   QStringLiteral("--json"), QStringLiteral("dependent")});
    EXPECT_OK(run);
    QVERIFY(QFileInfo::exists(prefix + QStringLiteral("/conda-meta/dependent-2.0-0.json")));
    const QJsonObject record =
        QJsonDocument::fromJson(
            readFile(prefix + QStringLiteral("/conda-meta/dependent-2.0-0.json")))
            .object();
    QCOMPARE(record.value(QStringLiteral("url")).toString(),
             plain + QStringLiteral("/noarch/dependent-2.0-0.conda"));
    const QByteArray history = readFile(prefix + QStringLiteral("/conda-meta/history"));
    QVERIFY2(history.contains("-c http://alice:<PASSWORD>@127.0.0.1:"), history.constData());

    for (const QStringList& view :
         {QStringList{QStringLiteral("list"), QStringLiteral("--explicit"),
                      QStringLiteral("--md5")},
          QStringList{QStringLiteral("list"), QStringLiteral("--json")},
          QStringList{QStringLiteral("list"), QStringLiteral("--show-channel-urls")},
          QStringList{QStringLiteral("history"), QStringLiteral("--json")},
          QStringList{QStringLiteral("env"), QStringLiteral("export")},
          QStringList{QStringLiteral("env"), QStringLiteral("export"),
                      QStringLiteral("--from-history")},
          QStringList{QStringLiteral("env"), QStringLiteral("export"), QStringLiteral("--lock")}}) {
        run = cli.run(view + QStringList{QStringLiteral("-p"), prefix});
        EXPECT_OK(run);
    }
    // A password the server refuses: the error names the URL, not the password.
    QString wrong = channel;
    wrong.replace(QString::fromUtf8(password), QStringLiteral("S3CRET-PASS-2"));
    run = cli.run({QStringLiteral("install"), QStringLiteral("-p"), prefix, QStringLiteral("-c"),
                   wrong, QStringLiteral("--override-channels"), QStringLiteral("-y"),
                   QStringLiteral("versioned")});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains("alice:<PASSWORD>@127.0.0.1"), run.err.constData());

    QVERIFY2(cli.leaks().isEmpty(), qPrintable(cli.leaks().join(QStringLiteral("\n\n"))));
    for (const QString& folder : {prefix, root.filePath(QStringLiteral("pkgs")),
                                  runner.home() + QStringLiteral("/cache")}) {
        const QStringList holding = filesHolding(folder, {password});
        QVERIFY2(holding.isEmpty(), qPrintable(holding.join(QLatin1Char('\n'))));
    }
}

// A package the index lists but the server lacks: the download error names its URL with the
// token masked.
void TestCliSecrets::downloadErrorsHideTheToken()
{
    QTemporaryDir root;
    CliRunner runner;
    if (!serveTestRecipes(root, runner, QStringLiteral("t/SECRET-TOKEN/chan"))) {
        QVERIFY(!QTest::currentTestFailed());
        QSKIP("../shared/fixtures is absent: no packages to install");
    }
    QVERIFY(QFile::remove(
        root.filePath(QStringLiteral("served/t/SECRET-TOKEN/chan/noarch/versioned-2.0-0.conda"))));
    envdesk::test::PythonHttpServer server(root.filePath(QStringLiteral("served")));
    if (!server.isRunning()) {
        QSKIP(qPrintable(server.whyNot()));
    }
    const QString channel = server.url() + QStringLiteral("/t/SECRET-TOKEN/chan");
    Session cli(runner, {token});
    for (const QString& format : {QString(), QStringLiteral("--json")}) {
        QStringList args = {QStringLiteral("create"),
                            QStringLiteral("-p"),
                            root.filePath(QStringLiteral("env")),
                            QStringLiteral("-c"),
                            channel,
                            QStringLiteral("--override-channels"),
                            QStringLiteral("-y"),
                            QStringLiteral("versioned=2.0")};
        if (!format.isEmpty()) {
            args << format;
        }
        const CliRun run = cli.run(args);
        QCOMPARE(run.exitCode, 1);
        const QByteArray text = run.out + run.err;
        QVERIFY2(
            text.contains(server.url().toUtf8() + "/t/<TOKEN>/chan/noarch/versioned-2.0-0.conda"),
            text.constData());
    }
    QVERIFY2(cli.leaks().isEmpty(), qPrintable(cli.leaks().join(QStringLiteral("\n\n"))));
    const QStringList holding = filesHolding(root.filePath(QStringLiteral("pkgs")), {token});
    QVERIFY2(holding.isEmpty(), qPrintable(holding.join(QLatin1Char('\n'))));
}

QTEST_GUILESS_MAIN(TestCliSecrets)
#include "tst_cli_secrets.moc"
