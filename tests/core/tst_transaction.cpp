// Transactions on real prefixes in temporary folders: all or nothing, also after a kill.

#include "core/env/prefix.h"
#include "core/env/transaction.h"
#include "core/util/file_lock.h"
#include "test_printers.h"

#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QScopeGuard>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <map>

using namespace envdesk;

namespace {

void writeFile(const QString& path, const QByteArray& content)
{
    QDir().mkpath(QFileInfo(path).path());
    QFile file(path);
    if (file.open(QIODevice::WriteOnly)) {
        file.write(content);
    }
}

// An extracted package in the cache folder: its files and info/paths.json.
env::PackageToLink makePackage(const QString& cache, const char* name, const char* version,
                               const std::map<QString, QByteArray>& files)
{
    env::PackageToLink package;
    package.record.name = name;
    package.record.version = version;
    package.record.build = "0";
    package.record.channel = "test";
    package.record.subdir = "linux-64";
    package.record.fn = package.record.distName() + ".conda";
    const QString dir =
        cache + QLatin1Char('/') + QString::fromStdString(package.record.distName());
    QByteArray paths = "{\"paths\": [";
    bool first = true;
    for (const auto& [path, content] : files) {
        writeFile(dir + QLatin1Char('/') + path, content);
        paths += (first ? "" : ",") + QByteArray("{\"_path\": \"") + path.toUtf8()
                 + "\", \"path_type\": \"hardlink\"}";
        first = false;
    }
    paths += "], \"paths_version\": 1}";
    writeFile(dir + QStringLiteral("/info/paths.json"), paths);
    package.extractedPackageDir = dir.toStdString();
    package.requestedSpec = name;
    return package;
}

// The whole prefix as path -> content, to compare states.
std::map<QString, QByteArray> snapshot(const QString& prefix)
{
    std::map<QString, QByteArray> out;
    QDirIterator it(prefix, QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot | QDir::System,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        if (path.endsWith(QLatin1String("conda-meta/history"))) {
            continue; // appended on success only; compared separately
        }
        QFile file(path);
        file.open(QIODevice::ReadOnly);
        out[QDir(prefix).relativeFilePath(path)] = file.readAll();
    }
    return out;
}

env::TransactionPlan plan(const QString& prefix, std::vector<specs::PackageRecord> unlink,
                          std::vector<env::PackageToLink> link)
{
    env::TransactionPlan p;
    p.prefix = prefix.toStdString();
    p.unlink = std::move(unlink);
    p.link = std::move(link);
    p.history.command = "envdesk-cli install test";
    for (const auto& package : p.link) {
        p.history.linked.push_back(package.record);
        p.history.specs.push_back(package.requestedSpec);
    }
    p.history.unlinked = p.unlink;
    return p;
}

} // namespace

class TestTransaction : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void installUpgradeRemove();
    void failureRestoresThePrefix();
    void stopRestoresThePrefix();
    void killedProcessIsRecoveredAtNextStart();
    void noarchPython();
    void linkScripts();
    void failingPostLinkRollsBack();
    void bytesToWriteCountsCopiesOnly();
    void clobberingIsReported();
    void anotherProcessesTransactionIsLeftAlone();
    void compilesPycWithTheEnvironmentsPython();
    void brokenPackageIsRefusedBeforeAnyChange();
    void fullDiskIsRefusedBeforeAnyChange();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_cache;
    QString m_prefix;
};

void TestTransaction::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_cache = m_dir->filePath(QStringLiteral("pkgs"));
    m_prefix = m_dir->filePath(QStringLiteral("env"));
}

void TestTransaction::installUpgradeRemove()
{
    const auto a1 =
        makePackage(m_cache, "a", "1.0",
                    {{QStringLiteral("lib/a.txt"), "a1"}, {QStringLiteral("share/a/doc"), "doc1"}});
    QVERIFY(env::executeTransaction(plan(m_prefix, {}, {a1}), {}, {}).ok());
    QCOMPARE(snapshot(m_prefix)[QStringLiteral("lib/a.txt")], QByteArray("a1"));
    auto installed = env::readPrefixRecords(m_prefix.toStdString());
    QVERIFY(installed.ok());
    QCOMPARE(installed->size(), std::size_t{1});
    QVERIFY(!QFileInfo::exists(m_prefix + QStringLiteral("/.envdesk-backup")));
    QVERIFY(!QFileInfo::exists(m_prefix + QStringLiteral("/conda-meta/.envdesk-transaction.json")));

    const auto a2 = makePackage(m_cache, "a", "2.0", {{QStringLiteral("lib/a.txt"), "a2"}});
    QVERIFY(env::executeTransaction(plan(m_prefix, {installed->front()}, {a2}), {}, {}).ok());
    const auto state = snapshot(m_prefix);
    QCOMPARE(state.at(QStringLiteral("lib/a.txt")), QByteArray("a2"));
    QVERIFY(state.count(QStringLiteral("share/a/doc")) == 0); // the old version's own file is gone
    QVERIFY(state.count(QStringLiteral("conda-meta/a-1.0-0.json")) == 0);
    QVERIFY(state.count(QStringLiteral("conda-meta/a-2.0-0.json")) == 1);

    installed = env::readPrefixRecords(m_prefix.toStdString());
    QVERIFY(env::executeTransaction(plan(m_prefix, {installed->front()}, {}), {}, {}).ok());
    QVERIFY(env::readPrefixRecords(m_prefix.toStdString())->empty());
    QVERIFY(!QFileInfo::exists(m_prefix + QStringLiteral("/lib")));
    QFile history(m_prefix + QStringLiteral("/conda-meta/history"));
    QVERIFY(history.open(QIODevice::ReadOnly));
    QCOMPARE(history.readAll().count("==> "), 3);
}

void TestTransaction::failureRestoresThePrefix()
{
    const auto a = makePackage(
        m_cache, "a", "1.0",
        {{QStringLiteral("lib/shared.txt"), "from a"}, {QStringLiteral("lib/a.txt"), "a"}});
    QVERIFY(env::executeTransaction(plan(m_prefix, {}, {a}), {}, {}).ok());
    const auto before = snapshot(m_prefix);
    const auto installed = *env::readPrefixRecords(m_prefix.toStdString());

    // b replaces a's shared file (clobbering); c is broken (a listed file is missing, which only
    // linking finds): the whole transaction must come back, a's files and records included.
    const auto b = makePackage(
        m_cache, "b", "1.0",
        {{QStringLiteral("lib/shared.txt"), "from b"}, {QStringLiteral("lib/b.txt"), "b"}});
    auto c = makePackage(m_cache, "c", "1.0", {{QStringLiteral("lib/c.txt"), "c"}});
    QVERIFY(QFile::remove(QString::fromStdString(c.extractedPackageDir)
                          + QStringLiteral("/lib/c.txt")));
    auto result = env::executeTransaction(plan(m_prefix, installed, {b, c}), {}, {});
    QVERIFY(!result.ok());
    QVERIFY2(result.error().message().find("c-1.0-0") != std::string::npos,
             result.error().message().c_str());
    QCOMPARE(snapshot(m_prefix), before);
}

void TestTransaction::stopRestoresThePrefix()
{
    const auto a = makePackage(m_cache, "a", "1.0", {{QStringLiteral("lib/a.txt"), "a"}});
    QVERIFY(env::executeTransaction(plan(m_prefix, {}, {a}), {}, {}).ok());
    const auto before = snapshot(m_prefix);
    const auto b = makePackage(m_cache, "b", "1.0", {{QStringLiteral("lib/b.txt"), "b"}});
    const auto c = makePackage(m_cache, "c", "1.0", {{QStringLiteral("lib/c.txt"), "c"}});
    std::stop_source stop;
    auto result = env::executeTransaction(
        plan(m_prefix, {}, {b, c}),
        [&](const env::TransactionProgress& p) {
            if (p.phase == env::TransactionProgress::Phase::Linking && p.current == "c-1.0-0") {
                stop.request_stop();
            }
        },
        stop.get_token());
    QVERIFY(!result.ok());
    QVERIFY(result.error().code == util::ErrorCode::Cancelled);
    QCOMPARE(snapshot(m_prefix), before);
}

void TestTransaction::killedProcessIsRecoveredAtNextStart()
{
    const auto a = makePackage(m_cache, "a", "1.0", {{QStringLiteral("lib/shared.txt"), "from a"}});
    QVERIFY(env::executeTransaction(plan(m_prefix, {}, {a}), {}, {}).ok());
    const auto before = snapshot(m_prefix);
    const auto installed = *env::readPrefixRecords(m_prefix.toStdString());
    const auto b = makePackage(m_cache, "b", "1.0", {{QStringLiteral("lib/shared.txt"), "from b"}});
    const auto c = makePackage(m_cache, "c", "1.0", {{QStringLiteral("lib/c.txt"), "c"}});

    // A real process, killed in the middle of linking (no destructors, no cleanup).
    const pid_t child = fork();
    QVERIFY(child >= 0);
    if (child == 0) {
        (void)env::executeTransaction(plan(m_prefix, installed, {b, c}),
                                      [](const env::TransactionProgress& p) {
                                          if (p.phase == env::TransactionProgress::Phase::Linking
                                              && p.current == "c-1.0-0") {
                                              _exit(9);
                                          }
                                      },
                                      {});
        _exit(0);
    }
    int status = 0;
    QCOMPARE(waitpid(child, &status, 0), child);
    QCOMPARE(WEXITSTATUS(status), 9);
    QVERIFY(QFileInfo::exists(m_prefix + QStringLiteral("/conda-meta/.envdesk-transaction.json")));
    QVERIFY(snapshot(m_prefix) != before);

    auto recovered = env::recoverPrefix(m_prefix.toStdString());
    QVERIFY2(recovered.ok(), recovered ? "" : recovered.error().message().c_str());
    QVERIFY(*recovered);
    QCOMPARE(snapshot(m_prefix), before);
    auto again = env::recoverPrefix(m_prefix.toStdString());
    QVERIFY(again.ok() && !*again); // nothing left to recover
}

void TestTransaction::noarchPython()
{
    auto tool =
        makePackage(m_cache, "foo", "1.0",
                    {{QStringLiteral("site-packages/foo/__init__.py"), "x = 1\n"},
                     {QStringLiteral("site-packages/foo/cli.py"), "def main():\n    return 0\n"},
                     {QStringLiteral("python-scripts/foo-helper"), "#!/usr/bin/env python\n"}});
    tool.record.noarch = "python";
    writeFile(
        QString::fromStdString(tool.extractedPackageDir) + QStringLiteral("/info/link.json"),
        R"({"noarch": {"type": "python", "entry_points": ["foo = foo.cli:main"]}, "package_metadata_version": 1})");

    // Without a python in the environment it cannot be placed.
    auto alone = env::executeTransaction(plan(m_prefix, {}, {tool}), {}, {});
    QVERIFY(!alone.ok());
    QVERIFY2(alone.error().message().find("python") != std::string::npos,
             alone.error().message().c_str());
    QVERIFY(!QFileInfo::exists(m_prefix + QStringLiteral("/lib")));

    const auto python =
        makePackage(m_cache, "python", "3.12.4", {{QStringLiteral("bin/python3.12"), "ELF"}});
    QVERIFY(env::executeTransaction(plan(m_prefix, {}, {python, tool}), {}, {}).ok());
    const auto state = snapshot(m_prefix);
    QCOMPARE(state.at(QStringLiteral("lib/python3.12/site-packages/foo/__init__.py")),
             QByteArray("x = 1\n"));
    QVERIFY(state.count(QStringLiteral("bin/foo-helper")) == 1);
    const QByteArray script = state.at(QStringLiteral("bin/foo"));
    QVERIFY2(script.startsWith("#!" + m_prefix.toUtf8() + "/bin/python\n"), script.constData());
    QVERIFY(script.contains("from foo.cli import main"));
    QVERIFY(QFileInfo(m_prefix + QStringLiteral("/bin/foo")).isExecutable());

    // conda-meta lists the files where they landed, so removing takes them all.
    auto installed = *env::readPrefixRecords(m_prefix.toStdString());
    std::vector<specs::PackageRecord> toRemove;
    for (const auto& record : installed) {
        if (record.name == "foo") {
            toRemove.push_back(record);
        }
    }
    QVERIFY(env::executeTransaction(plan(m_prefix, toRemove, {}), {}, {}).ok());
    const auto after = snapshot(m_prefix);
    QVERIFY(after.count(QStringLiteral("bin/foo")) == 0);
    QVERIFY(after.count(QStringLiteral("lib/python3.12/site-packages/foo/__init__.py")) == 0);
    QVERIFY(after.count(QStringLiteral("bin/python3.12")) == 1);
}

void TestTransaction::linkScripts()
{
    auto package =
        makePackage(m_cache, "greeter", "2.1", {{QStringLiteral("lib/greeter.txt"), "g"}});
    const QString dir = QString::fromStdString(package.extractedPackageDir);
    writeFile(dir + QStringLiteral("/bin/.greeter-pre-link.sh"),
              "echo \"pre $PKG_NAME\" > \"$PREFIX/pre-link-ran\"\n");
    writeFile(dir + QStringLiteral("/bin/.greeter-post-link.sh"),
              "echo \"hello from $PKG_NAME $PKG_VERSION build $PKG_BUILDNUM\" >> "
              "\"$PREFIX/.messages.txt\"\n"
              "test -f \"$PREFIX/lib/greeter.txt\"\n");
    // The scripts are package files too: paths.json lists them.
    writeFile(
        dir + QStringLiteral("/info/paths.json"),
        R"({"paths": [{"_path": "lib/greeter.txt"}, {"_path": "bin/.greeter-post-link.sh"}], "paths_version": 1})");
    auto result = env::executeTransaction(plan(m_prefix, {}, {package}), {}, {});
    QVERIFY2(result.ok(), result ? "" : result.error().message().c_str());
    QVERIFY2(result->messages.find("hello from greeter 2.1 build 0") != std::string::npos,
             result->messages.c_str());
    QVERIFY(
        !QFileInfo::exists(m_prefix + QStringLiteral("/.messages.txt"))); // shown once, then gone
    QVERIFY2(QFileInfo::exists(m_prefix + QStringLiteral("/pre-link-ran")),
             result->scriptOutputs.empty() ? "no output" : result->scriptOutputs.front().c_str());
    QCOMPARE(result->scriptOutputs.size(), std::size_t{2});
}

void TestTransaction::failingPostLinkRollsBack()
{
    const auto a = makePackage(m_cache, "a", "1.0", {{QStringLiteral("lib/a.txt"), "a"}});
    QVERIFY(env::executeTransaction(plan(m_prefix, {}, {a}), {}, {}).ok());
    const auto before = snapshot(m_prefix);
    auto bad = makePackage(
        m_cache, "bad", "1.0",
        {{QStringLiteral("bin/.bad-post-link.sh"), "echo 'cannot set up' >&2\nexit 3\n"}});
    auto result = env::executeTransaction(plan(m_prefix, {}, {bad}), {}, {});
    QVERIFY(!result.ok());
    const std::string message = result.error().message();
    QVERIFY2(message.find("bad-1.0-0") != std::string::npos, message.c_str());
    QVERIFY2(message.find("cannot set up") != std::string::npos, message.c_str());
    QVERIFY2(message.find("exit 3") != std::string::npos, message.c_str());
    QCOMPARE(snapshot(m_prefix), before);
}

void TestTransaction::compilesPycWithTheEnvironmentsPython()
{
    // A real interpreter as the environment's python: the machine's python3.
    QProcess probe;
    probe.start(QStringLiteral("python3"),
                {QStringLiteral("-c"),
                 QStringLiteral("import sys; print('%d.%d' % sys.version_info[:2])")});
    if (!probe.waitForFinished(30000) || probe.exitCode() != 0) {
        QSKIP("python3 is not available: no interpreter to compile with");
    }
    const QString version = QString::fromUtf8(probe.readAllStandardOutput()).trimmed();
    const QString tag = QStringLiteral("cpython-") + QString(version).remove(QLatin1Char('.'));
    const QString python3 = QStandardPaths::findExecutable(QStringLiteral("python3"));

    const auto python = makePackage(m_cache, "python", qPrintable(version + QStringLiteral(".0")),
                                    {{QStringLiteral("lib/placeholder.txt"), "python"}});
    QVERIFY(env::executeTransaction(plan(m_prefix, {}, {python}), {}, {}).ok());
    QVERIFY(QDir().mkpath(m_prefix + QStringLiteral("/bin")));
    QVERIFY(QFile::link(python3, m_prefix + QStringLiteral("/bin/python")));

    auto tool = makePackage(m_cache, "foo", "1.0",
                            {{QStringLiteral("site-packages/foo/__init__.py"), "x = 1\n"},
                             {QStringLiteral("site-packages/foo/broken.py"), "def (:\n"}});
    tool.record.noarch = "python";
    auto result = env::executeTransaction(plan(m_prefix, {}, {tool}), {}, {});
    QVERIFY2(result.ok(), result.ok() ? "" : result.error().message().c_str());
    const QString site =
        QStringLiteral("lib/python") + version + QStringLiteral("/site-packages/foo");
    const QString pyc =
        site + QStringLiteral("/__pycache__/__init__.") + tag + QStringLiteral(".pyc");
    QVERIFY2(QFileInfo::exists(m_prefix + QLatin1Char('/') + pyc), qPrintable(pyc));
    // A module that does not compile is left as source; the transaction still succeeds.
    QVERIFY(!QFileInfo::exists(m_prefix + QLatin1Char('/') + site
                               + QStringLiteral("/__pycache__/broken.") + tag
                               + QStringLiteral(".pyc")));
    QFile meta(m_prefix + QStringLiteral("/conda-meta/foo-1.0-0.json"));
    QVERIFY(meta.open(QIODevice::ReadOnly));
    const QByteArray record = meta.readAll();
    QVERIFY2(record.contains(pyc.toUtf8()) && record.contains("\"pyc_file\""), record.constData());

    // Removing the package removes its pyc and the __pycache__ folder.
    auto installed = *env::readPrefixRecords(m_prefix.toStdString());
    std::vector<specs::PackageRecord> toRemove;
    for (const auto& r : installed) {
        if (r.name == "foo") {
            toRemove.push_back(r);
        }
    }
    QVERIFY(env::executeTransaction(plan(m_prefix, toRemove, {}), {}, {}).ok());
    QVERIFY(!QFileInfo::exists(m_prefix + QLatin1Char('/') + site));

    // Switched off, nothing is compiled.
    auto off = plan(m_prefix, {}, {tool});
    off.compilePyc = false;
    QVERIFY(env::executeTransaction(off, {}, {}).ok());
    QVERIFY(QFileInfo::exists(m_prefix + QLatin1Char('/') + site + QStringLiteral("/__init__.py")));
    QVERIFY(
        !QFileInfo::exists(m_prefix + QLatin1Char('/') + site + QStringLiteral("/__pycache__")));
}

void TestTransaction::anotherProcessesTransactionIsLeftAlone()
{
    const auto a = makePackage(m_cache, "a", "1.0", {{QStringLiteral("lib/a.txt"), "a"}});
    QVERIFY(env::executeTransaction(plan(m_prefix, {}, {a}), {}, {}).ok());
    const auto before = snapshot(m_prefix);

    // Another transaction holds the prefix (a lock on another open file conflicts like one in
    // another process), and its journal is there, as in the middle of any transaction.
    auto held = util::FileLock::tryAcquire(
        (m_prefix + QStringLiteral("/conda-meta/.envdesk-lock")).toStdString());
    QVERIFY(held.ok());
    const QString journal = m_prefix + QStringLiteral("/conda-meta/.envdesk-transaction.json");
    writeFile(journal,
              R"({"backups": ".envdesk-backup", "linked": ["lib/a.txt"], "moved_aside": []})");
    const QByteArray journalText =
        snapshot(m_prefix)[QStringLiteral("conda-meta/.envdesk-transaction.json")];

    const auto b = makePackage(m_cache, "b", "1.0", {{QStringLiteral("lib/b.txt"), "b"}});
    const auto refused = env::executeTransaction(plan(m_prefix, {}, {b}), {}, {});
    QVERIFY(!refused.ok());
    QVERIFY2(refused.error().message().find("another process") != std::string::npos,
             refused.error().message().c_str());
    // Neither a transaction nor a recovery touches the live one's files or journal.
    const auto recovered = env::recoverPrefix(m_prefix.toStdString());
    QVERIFY(!recovered.ok());
    auto state = snapshot(m_prefix);
    QCOMPARE(state[QStringLiteral("conda-meta/.envdesk-transaction.json")], journalText);
    state.erase(QStringLiteral("conda-meta/.envdesk-transaction.json"));
    state.erase(QStringLiteral("conda-meta/.envdesk-lock"));
    auto expected = before;
    expected.erase(QStringLiteral("conda-meta/.envdesk-lock"));
    QCOMPARE(state, expected);
    QVERIFY(QFileInfo::exists(m_prefix + QStringLiteral("/lib/a.txt")));
}

void TestTransaction::clobberingIsReported()
{
    const auto a =
        makePackage(m_cache, "a", "1.0",
                    {{QStringLiteral("lib/shared.txt"), "a"}, {QStringLiteral("lib/a"), "a"}});
    QVERIFY(env::executeTransaction(plan(m_prefix, {}, {a}), {}, {}).ok());
    writeFile(m_prefix + QStringLiteral("/etc/user.conf"), "mine");
    const auto b = makePackage(m_cache, "b", "1.0",
                               {{QStringLiteral("lib/shared.txt"), "b"},
                                {QStringLiteral("etc/user.conf"), "b's"},
                                {QStringLiteral("lib/b"), "b"}});
    const auto result = env::executeTransaction(plan(m_prefix, {}, {b}), {}, {});
    QVERIFY(result.ok());
    std::vector<std::string> paths;
    for (const auto& clobber : result->clobbered) {
        QCOMPARE(clobber.package, std::string("b-1.0-0"));
        paths.push_back(clobber.path);
    }
    std::sort(paths.begin(), paths.end());
    QCOMPARE(paths, (std::vector<std::string>{"etc/user.conf", "lib/shared.txt"}));
    QCOMPARE(snapshot(m_prefix)[QStringLiteral("lib/shared.txt")], QByteArray("b"));

    // An upgrade replaces its own old files: no clobbering.
    const auto installed = *env::readPrefixRecords(m_prefix.toStdString());
    std::vector<specs::PackageRecord> oldB;
    for (const auto& record : installed) {
        if (record.name == "b") {
            oldB.push_back(record);
        }
    }
    const auto b2 = makePackage(m_cache, "b", "2.0", {{QStringLiteral("lib/b"), "b2"}});
    const auto upgrade = env::executeTransaction(plan(m_prefix, oldB, {b2}), {}, {});
    QVERIFY(upgrade.ok());
    QVERIFY(upgrade->clobbered.empty());
}

void TestTransaction::bytesToWriteCountsCopiesOnly()
{
    // Same filesystem: plain files are hard-linked (free); a file with a prefix placeholder and a
    // no_link file are copied.
    const QString dir = m_cache + QStringLiteral("/p-1.0-0");
    writeFile(dir + QStringLiteral("/lib/plain.so"), QByteArray(5000, 'x'));
    writeFile(dir + QStringLiteral("/bin/script"),
              "#!/opt/placeholder/bin/python\n" + QByteArray(700, 'y'));
    writeFile(dir + QStringLiteral("/etc/config"), QByteArray(300, 'z'));
    writeFile(dir + QStringLiteral("/info/paths.json"),
              "{\"paths\": ["
              "{\"_path\": \"lib/plain.so\", \"path_type\": \"hardlink\", \"size_in_bytes\": 5000},"
              "{\"_path\": \"bin/script\", \"path_type\": \"hardlink\", \"size_in_bytes\": 731,"
              " \"prefix_placeholder\": \"/opt/placeholder\", \"file_mode\": \"text\"},"
              "{\"_path\": \"etc/config\", \"path_type\": \"hardlink\", \"no_link\": true},"
              "{\"_path\": \"lib/link.so\", \"path_type\": \"softlink\", \"size_in_bytes\": 0}"
              "], \"paths_version\": 1}");
    env::PackageToLink package;
    package.record.name = "p";
    package.record.version = "1.0";
    package.record.build = "0";
    package.extractedPackageDir = dir.toStdString();
    const auto needed = env::bytesToWrite(plan(m_prefix, {}, {package}));
    QVERIFY2(needed.ok(), needed.ok() ? "" : needed.error().message().c_str());
    // no_link without a size in paths.json: the extracted file's size is used.
    QCOMPARE(*needed, std::uint64_t{731 + 300});
}

void TestTransaction::brokenPackageIsRefusedBeforeAnyChange()
{
    const auto a = makePackage(m_cache, "a", "1.0", {{QStringLiteral("lib/a.txt"), "a"}});
    QVERIFY(env::executeTransaction(plan(m_prefix, {}, {a}), {}, {}).ok());
    const auto before = snapshot(m_prefix);
    const auto installed = *env::readPrefixRecords(m_prefix.toStdString());
    auto broken = makePackage(m_cache, "broken", "1.0", {{QStringLiteral("lib/b.txt"), "b"}});
    QVERIFY(QFile::remove(QString::fromStdString(broken.extractedPackageDir)
                          + QStringLiteral("/info/paths.json")));
    const auto result = env::executeTransaction(plan(m_prefix, installed, {broken}), {}, {});
    QVERIFY(!result.ok());
    QVERIFY2(result.error().message().find("broken-1.0-0") != std::string::npos,
             result.error().message().c_str());
    QCOMPARE(snapshot(m_prefix), before);
}

void TestTransaction::fullDiskIsRefusedBeforeAnyChange()
{
    // A real small filesystem for the prefix: a 1 MiB tmpfs, which only root may mount. The
    // package cache is elsewhere, so every file is copied.
    const QString small = m_dir->filePath(QStringLiteral("small"));
    QVERIFY(QDir().mkpath(small));
    if (::mount("tmpfs", small.toLocal8Bit().constData(), "tmpfs", 0, "size=1m") != 0) {
        QSKIP("cannot mount a small tmpfs here (not root): no full disk to test with");
    }
    const auto unmount =
        qScopeGuard([&] { ::umount2(small.toLocal8Bit().constData(), MNT_DETACH); });
    const QString prefix = small + QStringLiteral("/env");
    const auto big = makePackage(
        m_cache, "big", "1.0", {{QStringLiteral("lib/big.bin"), QByteArray(3 * 1024 * 1024, 'b')}});
    const auto result = env::executeTransaction(plan(prefix, {}, {big}), {}, {});
    QVERIFY(!result.ok());
    QVERIFY(result.error().code == util::ErrorCode::IoError);
    QVERIFY2(result.error().message().find("not enough free space") != std::string::npos
                 && result.error().message().find(prefix.toStdString()) != std::string::npos,
             result.error().message().c_str());
    QVERIFY(!QFileInfo::exists(prefix)); // nothing was created
}

QTEST_APPLESS_MAIN(TestTransaction)
#include "tst_transaction.moc"
